# kernel.pid_max: its bounds (EINVAL), the wrap past it to RESERVED_PIDS (300) with
# a busy pid skipped, and EAGAIN (bash's 4 fork retries, 15 s) while the one pid left
# is busy, in a subshell forked before
f=/proc/sys/kernel/pid_max
echo "pid_max $(cat $f)"
for v in 300 4194305 abc; do
  { echo "$v" > $f; } 2>&1
  echo "write $v rc=$? now $(cat $f)"
done
p=0
while [ $p -le 300 ]; do : & p=$!; wait $p; done
sleep 60 & h=$!
echo "first past 300: $p, holder $h"
echo $((p + 10)) > $f
out=
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do : & out="$out $!"; wait $!; done
echo "pids$out"
( echo 301 > $f; sleep 60 & echo "last $!"; : & echo "after $!" ) 2>&1
echo "subshell rc=$?"
echo 32768 > $f
: & echo "next $!"
wait $!
kill $h
echo "pid_max $(cat $f)"
