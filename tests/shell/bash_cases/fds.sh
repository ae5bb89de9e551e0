exec 9>&1
exec 3>/tmp/fd3.txt
echo to3 >&3
echo again 1>&3
exec 3>&-
echo closed >&3
echo "rc=$?"
printf 'l1 a b\nl2 c\n' > /tmp/in.txt
exec 4</tmp/in.txt
read -u 4 x y; echo "[$x] [$y]"
read -u 4 -a arr; echo "${#arr[@]} ${arr[1]}"
read -u 4 z; echo "eof rc=$? [$z]"
read -u 7 w; echo "rc=$?"
cat /tmp/fd3.txt
{ echo err >&2; echo out; } 3>&1 1>&2 2>&3 | sed 's/^/piped:/'
f() { exec 5>/tmp/fd5.txt; echo in5 >&5; }; f; echo more >&5; cat /tmp/fd5.txt
exec >/tmp/allout.txt 2>&1
echo hidden
ls /nonexistent
exec >&- 2>&-
exec 1>>/tmp/fd3.txt; echo appended
exec 2>/tmp/err.txt
cat /tmp/allout.txt /tmp/fd3.txt >/tmp/final.txt
cat /tmp/final.txt /tmp/err.txt >&9
