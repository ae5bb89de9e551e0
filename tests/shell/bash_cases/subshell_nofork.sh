# bash 5.2 runs the last simple command of ( LIST ), $( ) and <( ) without a fork
# (evalstring.c optimize_subshell_command): which children this shell has, by name
f=/tmp/subshell_nofork.$$
kids() { awk -v p=$$ '$1 == p { print $2 }' "$f" | sort | tr '\n' ' '; echo; }
( true; ps -o ppid=,comm= ) > $f; kids
( true && ps -o ppid=,comm= ) > $f; kids
( false || ps -o ppid=,comm= ) > $f; kids
( true; false || ps -o ppid=,comm= ) > $f; kids
( true; ps -o ppid=,comm= 2>/dev/null ) > $f; kids
( true; X=1 ps -o ppid=,comm= ) > $f; kids
( trap 'echo t' EXIT; true; ps -o ppid=,comm= ) > $f; kids
( trap '' USR1; true; ps -o ppid=,comm= ) > $f; kids
( true; ! ps -o ppid=,comm= ) > $f; kids
( true; time ps -o ppid=,comm= ) > $f 2>/dev/null; kids
{ true; ps -o ppid=,comm=; } > $f; kids
x=$(true; ps -o ppid=,comm=); echo "$x" > $f; kids
( true; ( true; ps -o ppid=,comm= ) ) > $f; kids
( true; ps -o ppid=,comm= ) > $f & wait; kids
rm -f $f
