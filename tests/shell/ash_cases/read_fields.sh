# how read splits a line among its variables (bash read.def, dash and busybox the
# same): escaped separators, the last variable's rest, its lone field's trailing
# delimiter dropped, IFS white space and not, IFS empty or unset, -r, read -a
r() { printf '%s\n' "$1" | { IFS=$2 read $3 a b c; echo "<$a><$b><$c>"; }; }
r 'a\ b c d' ' '
r 'a\ b c d' ' ' -r
r 'a b c d e' ' '
r '  a  b  c  d  ' ' '
r 'a:b:c:' ':'
r 'a:b:c:d:' ':'
r 'a:b::' ':'
r 'a:b:' ':'
r 'a::b' ':'
r ':a:b' ':'
r 'X:Y:Z:' ': '
r 'X:Y:' ': '
r 'X:Y  : ' ': '
r 'a : : b' ' :'
r 'a  :  b' ' :'
r 'a\:b:c' ':'
r 'a b\ ' ' '
r 'a b c\ ' ' '
r 'a\\b c' ' '
r 'a,b,,c,,' ','
r 'x y z' ''
r '	a	b	' '	'
printf 'a b c\n' | { unset IFS; read a b; echo "<$a><$b>"; }
printf 'a\\ b c\n' | { read; echo "<$REPLY>"; }
printf '  a b  \n' | { read; echo "<$REPLY>"; }
printf 'a\\' | { read x; echo "$? <$x>"; }
printf 'a b\\\nc d\n' | { read x y; echo "<$x><$y>"; }
# each shell's options and names: an option it lacks, a name that is none
echo abc | { read -n 2 x; echo "$? [$x]"; }
echo abc | { read -a x; echo "$?"; }
echo abc | { read -z x; echo "$?"; }
echo abc | { read 1x; echo $?; }
echo abc | { read a 1x; echo "$? $a"; }
