#!/bin/bash
# Written for memcgsim (session 18, docs/fidelity.md item 52): which of the looping
# shell's pages each iteration of tests/conformance/scripts/v2-nested-scope.sh
# writes in its scope. The case's loop, 200 times, each scope s$i/b/c kept online
# (/proc/kpagecgroup reads a dying memcg's page as its nearest online ancestor's)
# and the rmdir removing an empty t$i the same `mkdir -p` made. A busybox sh started
# before the loop (a watcher, not this bash's child while it runs) walks this bash's
# [heap], .data/.bss and [stack] (/proc/PID/pagemap -> /proc/kpagecgroup) each time
# the bash, back in the root after `echo $$ > cgroup.procs`, writes the iteration's
# number into a FIFO (a builtin: no fork), and prints the pages charged to s$i/b/c
# then; the bash waits for its answer (`read` from a second FIFO) before the rmdir.
cd /sys/fs/cgroup
echo +memory > cgroup.subtree_control
F1=/tmp/ns-go F2=/tmp/ns-done
mkfifo $F1 $F2
WATCH='
P=$1
while read i < '$F1'; do
  C=$(stat -c %i /sys/fs/cgroup/s$i/b/c)
  out="$i:"
  while read range perm off dev ino name; do
    case "$perm" in rw?p) ;; *) continue ;; esac
    s=$((0x${range%-*})); e=$((0x${range#*-})); np=$(( (e - s) / 4096 ))
    words=$(dd if=/proc/$P/pagemap bs=8 skip=$((s / 4096)) count=$np 2>/dev/null | od -An -v -tx8)
    at=""; j=0; n=0
    for w in $words; do
      if [ $(( (0x$w >> 63) & 1 )) = 1 ]; then
        n=$((n+1))
        pfn=$(( 0x$w & 0x7fffffffffffff ))
        c=$(dd if=/proc/kpagecgroup bs=8 skip=$pfn count=1 2>/dev/null | od -An -tu8 | tr -d " ")
        [ "$c" = "$C" ] && at="$at,$j"
      fi
      j=$((j+1))
    done
    out="$out ${name:-anon}($np/$n)[${at#,}]"
  done < /proc/$P/maps
  echo "$out"
  echo done > '$F2'
done
'
/bin/busybox sh -c "$WATCH" sh $$ &
W=$!
mkdir live
P=
for i in {1..200}
do
mkdir -p s$i/b/c t$i
echo +memory > s$i/cgroup.subtree_control
echo +memory > s$i/b/cgroup.subtree_control
echo $$ > s$i/b/c/cgroup.procs
sleep 3600 &
echo $! > live/cgroup.procs
P="$P $!"
echo $$ > cgroup.procs
echo $i > $F1; read x < $F2
rmdir t$i
done
kill $W
echo "c inodes:"; for i in {1..200}; do echo -n " $i:$(stat -c %i s$i/b/c)"; done; echo
kill $P
