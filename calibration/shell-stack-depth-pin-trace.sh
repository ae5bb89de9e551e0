#!/bin/bash
# Written for memcgsim (session 20, docs/fidelity.md item 60): which of the script
# bash's pages hold which d$i in tests/conformance/scripts/shell-stack-depth-pin.sh.
# The same script, but each d$i is kept online (/proc/kpagecgroup names it) and the
# rmdir removes an empty t$i made by the same mkdir (the same forks, in the same
# cgroups); at each of its three reads a busybox sh (one fork of the bash, in home)
# walks the bash's writable private mappings (/proc/PID/maps, pagemap, kpagecgroup)
# and prints the pages charged to each d$i as "d$i:area+offset" (offsets from the
# mapping's start; [stack] has its top page last). cgroup v2.
# Run: memcgsim oracle calibration/shell-stack-depth-pin-trace.sh --kernel 6.1 --cgroup v2
R=/sys/fs/cgroup
echo +memory > $R/cgroup.subtree_control
mkdir $R/home
echo $$ > $R/home/cgroup.procs
WALK='
P=$1; shift
for i in 1 2 3 4 5 6; do eval "I$i=$(stat -c %i /sys/fs/cgroup/d$i)"; done
out=""
while read range perm off dev ino name; do
  case "$perm" in rw?p) ;; *) continue ;; esac
  s=$((0x${range%-*})); e=$((0x${range#*-})); np=$(( (e - s) / 4096 ))
  words=$(dd if=/proc/$P/pagemap bs=8 skip=$((s / 4096)) count=$np 2>/dev/null | od -An -v -tx8)
  j=0; n=0
  for w in $words; do
    if [ $(( (0x$w >> 63) & 1 )) = 1 ]; then
      n=$((n+1))
      pfn=$(( 0x$w & 0x7fffffffffffff ))
      c=$(dd if=/proc/kpagecgroup bs=8 skip=$pfn count=1 2>/dev/null | od -An -tu8 | tr -d " ")
      for i in 1 2 3 4 5 6; do eval "[ \"\$c\" = \"\$I$i\" ] && out=\"\$out d$i:${name:-anon}+$j\""; done
    fi
    j=$((j+1))
  done
  [ "$name" = "[stack]" ] && out="$out ([stack] $np pages, $n present)"
done < /proc/$P/maps
echo "  walk $*:$out"
'
walk() { /bin/busybox sh -c "$WALK" sh $$ "$@"; }
for i in 1 2 3 4 5 6; do mkdir $R/d$i; done
for i in 1 2 3 4 5 6; do
  mkdir $R/t$i
  echo $$ > $R/d$i/cgroup.procs
  x=$(cat /proc/self/cgroup); :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :;
  echo $$ > $R/home/cgroup.procs
  rmdir $R/t$i
done
sleep 1
walk after the loop
cat /proc/self/cgroup > /dev/null
x=$(cat /proc/self/cgroup)
sleep 1
walk after top-level forks
for i in 1 2 3; do
  mkdir /tmp/q$i
  echo $i > /dev/null
  x=$(cat /proc/self/cgroup); :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :;
  echo $i > /dev/null
  rmdir /tmp/q$i
done
sleep 1
walk after the loop\'s shape in home
