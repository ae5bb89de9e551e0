# set -m in a script (bash 5.2's job control without a terminal): process groups,
# stops seen by waitpid(WUNTRACED), jobs/wait/bg/fg/kill of stopped jobs
g() { cut -d' ' -f5 /proc/$1/stat; }
sleep 5 & old=$!
set -m
echo "flags $-; sub $(echo $-)"
sleep 30 & p=$!
[ "$(g $p)" = "$p" ] && echo "job leads its group"
[ "$(g $$)" = "$(g $PPID)" ] && echo "shell stays in its parent's group"
[ "$(cut -d' ' -f5 /proc/self/stat)" = "$(g $$)" ] && echo "command substitution in the shell's group"
read a < <(cut -d' ' -f5 /proc/self/stat); [ "$a" = "$(g $$)" ] && echo "process substitution too"
( x=$(g $BASHPID); [ "$x" = "$BASHPID" ] && echo "subshell leads its group"; cut -d' ' -f5 /proc/self/stat > pg; [ "$(cat pg)" = "$x" ] && echo "its child in it" )
sleep 2 | { cut -d' ' -f5 /proc/self/stat > pg2; cat; }
[ "$(cat pg2)" != "$(g $$)" ] && echo "pipeline stage in the first stage's group"
fg %1; echo "fg old $?"
kill -STOP $p; sleep 0.2
jobs -l | sed -E "s/ +$p / P /; s/ +$old / O /"
jobs -s; jobs -r
wait $p; echo "wait pid $?"
wait %2; echo "wait %2 $?"
bg %2; echo "bg $?"; bg %2; echo "bg again $?"; echo "bang $(( $! == p ))"
jobs
kill -TSTP %2; sleep 0.2
jobs; jobs -l | sed -E "s/ +$p / P /; s/ +$old / O /"
{ wait; echo "wait all $?"; } 2> err; sed "s/$p/P/" err
kill -CONT %2; echo "cont $?"; jobs
kill -TTOU -- -$p; echo "ttou $?"; sleep 0.2; jobs -l | sed -E "s/ +$p / P /"
kill -0 -- -999999; echo "no group $?"
kill -9 %2; echo "kill $?"; sleep 0.2
jobs; echo "jobs after kill"
kill %2; echo "kill gone $?"
fg; echo "fg none $?"
bg %5; echo "bg none $?"
sleep 0.3 & sleep 0.1
fg %sleep; echo "fg $?"
sleep 1 &
kill %1; echo "killed old $?"; sleep 0.1
sleep 7 & q=$!
kill -STOP $q; sleep 0.1
set +m; echo "flags $-"
jobs -l | sed -E "s/ +$q / Q /"
fg; echo "fg after +m $?"
kill %3; echo "kill after +m $?"
kill -CONT $q; sleep 0.1
jobs | sed "s/$q/Q/"
{ disown %1; echo "disown $?"; } 2> err; sed "s/$q/Q/" err
jobs; kill $q
