#!/bin/bash
# memcgsim calibration (issue 12): how bash's own memory grows with what it holds.
# The shell sits alone in cgroup "cal"; after each step it prints its VmRSS and
# RssAnon (/proc/$$/status) and cal's memory.stat anon and pgfault. Steps: N
# background jobs kept in the job table, then killed and reaped; N variables; an
# array of N elements; a function; N loop iterations; N command substitutions.
# A sleeping `sleep`'s own VmRSS/RssAnon too.
cd /sys/fs/cgroup
echo +memory > cgroup.subtree_control
mkdir cal
echo $$ > cal/cgroup.procs
st() {
  local s a
  s=$(grep -E '^(VmRSS|RssAnon|VmData|VmStk|VmPTE)' /proc/$$/status | tr -s ' \t\n' '  ')
  a=$(grep -E '^(anon|pgfault) ' cal/memory.stat | tr '\n' ' ')
  echo "$1: $s$a"
}
st start
st again
sleep 3600 &
S=$!
sleep 1
echo "sleep: $(grep -E '^(VmRSS|RssAnon|VmPTE)' /proc/$S/status | tr -s ' \t\n' '  ')"
kill $S; wait $S 2>/dev/null
st after-one-job
for n in 100 100 200; do
  for ((i = 0; i < n; i++)); do sleep 3600 & done
  st "+$n jobs"
done
kill $(jobs -p); wait 2>/dev/null
st "killed+reaped"
for ((i = 0; i < 1000; i++)); do eval "var$i=value$i"; done
st "+1000 vars"
for ((i = 0; i < 1000; i++)); do eval "var$i=value${i}x"; done
st "1000 vars reassigned"
for ((i = 0; i < 1000; i++)); do arr[i]=element$i; done
st "+array 1000"
for ((i = 0; i < 1000; i++)); do :; done
st "1000 iterations"
for ((i = 0; i < 10000; i++)); do :; done
st "10000 iterations"
for i in {1..10000}; do :; done
st "brace list 10000"
for ((i = 0; i < 100; i++)); do x=$(echo $i); done
st "100 cmdsubs"
for ((i = 0; i < 100; i++)); do cat /dev/null; done
st "100 forks"
echo $$ > cgroup.procs
rmdir cal
