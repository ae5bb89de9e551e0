# A foreground command stopped under set -m (shell/jobcontrol.py drive_foreground):
# bash 5.2 goes on with 128 + the signal and keeps a stopped job; SIGTSTP breaks
# the loops running (not in a function's body), SIGSTOP does not
set -m
echo start
( kill -STOP $BASHPID; echo resumed1 )
echo "status $?"
jobs
sh -c 'kill -TSTP $$; echo resumed2'
echo "status $?"
jobs
kill -CONT %1
wait %1
echo "wait1 $?"
fg %2
echo "fg $?"
for i in 1 2; do
  echo "stop $i"
  sh -c 'kill -STOP $$'
  echo "after stop $i: $?"
done
echo "status $?"
i=0
while [ $i -lt 2 ]; do
  i=$((i + 1))
  echo "tstp $i"
  sh -c 'kill -TSTP $$'
  echo "after tstp $i: $?"
done
echo "status $? i=$i"
for a in x; do for b in y; do ( kill -TSTP $BASHPID ); echo inner; done; echo outer; done
echo "nested $?"
{ sh -c 'kill -TSTP $$'; echo "group after"; }
echo "status $?"
f() { sh -c 'kill -TSTP $$'; echo "in f"; }
for j in 1 2; do f; echo "after f $j"; done
echo "j=$j"
jobs
echo "last bg: [$!]"
for n in 1 2 3 4 5 6 7; do kill -CONT %$n; done
wait
echo "waited $?"
jobs
echo end
