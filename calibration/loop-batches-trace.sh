#!/bin/bash
# Written for memcgsim (session 19, docs/fidelity.md item 56): tests/conformance/
# scripts/loop-exec-pipe-wait.sh's four batches, each under its own online parent
# (E, P, W, S), so that cgroup.stat's nr_dying_descendants names the batch a dying
# memcg came from and /proc/kpagecgroup names the batch of a page charged to a dying
# one (its nearest online ancestor). After the files' removal and after drop_caches a
# busybox sh (one fork of the script's bash) walks the bash's writable private
# mappings (/proc/PID/maps, /proc/PID/pagemap, /proc/kpagecgroup) and prints the pages
# charged to each batch, as page offsets in their mapping. cgroup v2.
# Run: memcgsim oracle calibration/loop-batches-trace.sh --kernel 6.1 --cgroup v2 --cpus 4
R=/sys/fs/cgroup; echo +memory > $R/cgroup.subtree_control
mkdir $R/E $R/P $R/W $R/S
for d in E P W S; do echo +memory > $R/$d/cgroup.subtree_control; done
WALK='
P=$1
for d in E P W S; do eval "I$d=$(stat -c %i /sys/fs/cgroup/$d)"; done
while read range perm off dev ino name; do
  case "$perm" in rw?p) ;; *) continue ;; esac
  s=$((0x${range%-*})); e=$((0x${range#*-})); np=$(( (e - s) / 4096 ))
  words=$(dd if=/proc/$P/pagemap bs=8 skip=$((s / 4096)) count=$np 2>/dev/null | od -An -v -tx8)
  i=0; at=""
  for w in $words; do
    if [ $(( (0x$w >> 63) & 1 )) = 1 ]; then
      pfn=$(( 0x$w & 0x7fffffffffffff ))
      c=$(dd if=/proc/kpagecgroup bs=8 skip=$pfn count=1 2>/dev/null | od -An -tu8 | tr -d " ")
      case $c in $IE) at="$at E+$i";; $IP) at="$at P+$i";; $IW) at="$at W+$i";; $IS) at="$at S+$i";; esac
    fi
    i=$((i+1))
  done
  [ -n "$at" ] && echo "  $2 ${name:-anon} ($np pages):$at"
done < /proc/$P/maps
'
st() { local d k v out=; for d in E P W S; do while read -r k v; do [ $k = nr_dying_descendants ] && out="$out $d=$v"; done < $R/$d/cgroup.stat; done; echo "$1:$out num_cgroups $(awk '$1 == "memory" {print $3}' /proc/cgroups)"; }
mkdir -p /tmp/lp
st start
for i in $(seq 30); do
  mkdir $R/E/e$i
  ( echo $BASHPID > $R/E/e$i/cgroup.procs; exec cat /proc/self/cgroup > /tmp/lp/e$i )
  rmdir $R/E/e$i
done
st "exec batch"
for i in $(seq 30); do
  mkdir $R/P/p$i
  ( echo $BASHPID > $R/P/p$i/cgroup.procs; seq 200 | grep 7 | wc -l > /tmp/lp/p$i )
  rmdir $R/P/p$i
done
st "pipeline batch"
for i in $(seq 30); do
  mkdir $R/W/w$i
  ( echo $BASHPID > $R/W/w$i/cgroup.procs; exec sleep 0.1 ) &
  wait $!
  rmdir $R/W/w$i
done
st "wait batch"
for i in $(seq 30); do
  mkdir $R/S/s$i
  echo $$ > $R/S/s$i/cgroup.procs
  n=$(wc -l < /tmp/lp/e1)
  echo $$ > $R/cgroup.procs
  rmdir $R/S/s$i
done
st "shell batch"
echo "lines $(cat /tmp/lp/e* | wc -l) sevens $(cat /tmp/lp/p1)"
rm -r /tmp/lp
sleep 2
st "files removed"
/bin/busybox sh -c "$WALK" sh $$ files-removed
st "after the walk"
sync; echo 3 > /proc/sys/vm/drop_caches
sleep 2
st "drop_caches"
/bin/busybox sh -c "$WALK" sh $$ end
