# util-linux column: columns filled down or across to the width, and -t tables
printf 'a bb ccc\ndddd e f\n\nx\ty z\n' | column -t
printf 'a,bb,ccc\ndddd,,f\n' | column -t -s, -o '|'
printf 'name size\nx 1\nlong 22\n' | column -t -R size -N n,size
printf 'a b c d\n' | column -t -l 2
printf '%s\n' one two three four five six seven eight nine ten eleven twelve thirteen | column
printf '%s\n' one two three four five six seven eight nine ten eleven twelve thirteen | column -x
printf '%s\n' a bb ccc dddd eeeee ffffff ggggggg hhhhhhhh iiiiiiiii | COLUMNS=30 column
column -t /nonexistent; echo "rc=$?"
