# $(...) reads its pipe to EOF: until no process (a background job) has it open
x=$(echo hi &); echo "[$x]"
pid=$(sleep 100 >/dev/null & echo $!); kill "$pid" && echo killed
x=$( { sleep 0.3; echo a; } & echo b ); echo "$x"
x=$( { sleep 0.2 >/dev/null; } & echo b); echo "$x"
x=$( { { sleep 0.2; echo c; } & } >/dev/null; echo b); echo "$x"
x=$( { sleep 0.2 & } >/dev/null; echo b); echo "$x"
x=$( (exec >/dev/null; sleep 0.2; echo gone) & echo b); echo "$x"
x=$( (sleep 0.2; echo sub) & echo b); echo "$x"
x=$( (sleep 0.2; echo sub) >/dev/null & echo b); echo "$x"
f() { sleep 0.2; echo f; }
x=$(f >/dev/null & echo b); echo "$x"
x=$(f & echo b); echo "$x"
x=$( (f &); echo b); echo "$x"
# pipeline stages that leave a background writer
( { sleep 0.2; echo late; } & echo early ) | cat
( { sleep 0.2; echo late; } & echo early ) | tr a-z A-Z
{ sleep 0.2; echo two; } & echo one | cat; wait
# ( ) forked for a job is one process: $! is its $BASHPID
( echo $BASHPID > bp.txt ) & p=$!; wait; [ "$(cat bp.txt)" = "$p" ] && echo same-pid
