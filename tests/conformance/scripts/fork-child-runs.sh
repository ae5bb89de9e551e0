#!/bin/bash
# Written for memcgsim's conformance suite (who runs first after fork). A background
# child's name, /proc/PID/comm, is "bash" until its execve and "sleep" after: the
# parent reads it right after the fork, each way 20 or 10 times, and counts the
# children that had exec'ed.
# 1. The parent does not block (builtins only): a child that shares its CPU waits
#    for the parent's slice to end (sched_child_runs_first is 0).
# 2. The parent blocks at once, reading a command substitution's pipe: a child that
#    shares its CPU runs then.
# 3. Three children forked back to back, then the parent waits for a foreground
#    /bin/true.
# It signals only its own children.
P=
n=0
for i in {1..20}
do
sleep 100 &
P="$P $!"
read c < /proc/$!/comm
[ "$c" = sleep ] && n=$((n+1))
done
echo "not blocking: $n of 20 exec'ed"
n=0
for i in {1..20}
do
sleep 100 &
P="$P $!"
c=$(cat /proc/$!/comm)
[ "$c" = sleep ] && n=$((n+1))
done
echo "blocked in a command substitution: $n of 20 exec'ed"
n=0
for i in {1..10}
do
sleep 100 &
a=$!
sleep 100 &
b=$!
sleep 100 &
c=$!
P="$P $a $b $c"
/bin/true
for p in $a $b $c
do
read x < /proc/$p/comm
[ "$x" = sleep ] && n=$((n+1))
done
done
echo "three forked, then a foreground /bin/true: $n of 30 exec'ed"
kill $P
wait
