#!/bin/bash
# Written for memcgsim (session 20, docs/fidelity.md item 60): which iterations stay
# dying in tests/conformance/scripts/shell-stack-depth-pin.sh and what of the bash
# holds them. The same script, each iteration's cgroup p$i/d under its own online
# parent p$i: p$i's cgroup.stat nr_dying_descendants names the dying iterations, and
# /proc/kpagecgroup names a page charged to the dying p$i/d as p$i (its nearest online
# ancestor). At each of the three reads: "i=dying" per iteration, then a walk (a
# busybox sh, one fork of the bash in home) of the bash's pages charged to each p$i.
# Run: memcgsim oracle calibration/shell-stack-depth-pin-which.sh --kernel 6.1 --cgroup v2
R=/sys/fs/cgroup
echo +memory > $R/cgroup.subtree_control
mkdir $R/home
echo $$ > $R/home/cgroup.procs
WALK='
P=$1; shift
for i in 1 2 3 4 5 6; do eval "I$i=$(stat -c %i /sys/fs/cgroup/p$i)"; done
out=""
while read range perm off dev ino name; do
  case "$perm" in rw?p) ;; *) continue ;; esac
  s=$((0x${range%-*})); e=$((0x${range#*-})); np=$(( (e - s) / 4096 ))
  words=$(dd if=/proc/$P/pagemap bs=8 skip=$((s / 4096)) count=$np 2>/dev/null | od -An -v -tx8)
  j=0
  for w in $words; do
    if [ $(( (0x$w >> 63) & 1 )) = 1 ]; then
      pfn=$(( 0x$w & 0x7fffffffffffff ))
      c=$(dd if=/proc/kpagecgroup bs=8 skip=$pfn count=1 2>/dev/null | od -An -tu8 | tr -d " ")
      for i in 1 2 3 4 5 6; do eval "[ \"\$c\" = \"\$I$i\" ] && out=\"\$out p$i:${name:-anon}+$j\""; done
    fi
    j=$((j+1))
  done
done < /proc/$P/maps
echo "  bash pages:$out"
'
st() { local i k v out=; for i in 1 2 3 4 5 6; do while read -r k v; do [ $k = nr_dying_descendants ] && out="$out $i=$v"; done < $R/p$i/cgroup.stat; done; echo "$1:$out"; /bin/busybox sh -c "$WALK" sh $$; }
for i in 1 2 3 4 5 6; do mkdir $R/p$i; echo +memory > $R/p$i/cgroup.subtree_control; done
for i in 1 2 3 4 5 6; do
  mkdir $R/p$i/d
  echo $$ > $R/p$i/d/cgroup.procs
  x=$(cat /proc/self/cgroup); :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :;
  echo $$ > $R/home/cgroup.procs
  rmdir $R/p$i/d
done
sleep 1
st "after the loop"
cat /proc/self/cgroup > /dev/null
x=$(cat /proc/self/cgroup)
sleep 1
st "after top-level forks"
for i in 1 2 3; do
  mkdir /tmp/q$i
  echo $i > /dev/null
  x=$(cat /proc/self/cgroup); :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :; :;
  echo $i > /dev/null
  rmdir /tmp/q$i
done
sleep 1
st "after the loop's shape in home"
