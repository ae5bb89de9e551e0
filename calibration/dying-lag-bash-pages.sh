#!/bin/bash
# Written for memcgsim (session 13, docs/fidelity.md item 32): whose pages keep the
# last job of v1-runtime-loop-sleeps counted. The case's script unchanged but for the
# last job, job310, made beforehand with a child (`keep`), so that the loop's
# `mkdir job310` and `rmdir job310` fail (EEXIST, EBUSY: the same fork and exec) and
# it stays online: /proc/kpagecgroup gives a page's memcg as the nearest online
# ancestor's inode number, so a dying job's pages would read as the root's. At the
# end a busybox sh (one fork of the script's bash) walks the bash's writable private
# mappings (/proc/PID/maps), each present page's PFN (/proc/PID/pagemap) and its
# memcg (/proc/kpagecgroup), and prints per mapping the pages charged to job310, to
# the root, and to others, with the page offsets (from the mapping's end for the
# stack) of job310's, and those pages' strings and words (/proc/PID/mem).
cd /sys/fs/cgroup/memory
W=/mnt/disk/work
mkdir -p job310/keep
WALK='
P=$1; J=$(stat -c %i job310); R=$(stat -c %i .)
echo "$2: bash $P: job310 ino $J, root ino $R"
while read range perm off dev ino name; do
  case "$perm" in rw?p) ;; *) continue ;; esac
  s=$((0x${range%-*})); e=$((0x${range#*-})); np=$(( (e - s) / 4096 ))
  words=$(dd if=/proc/$P/pagemap bs=8 skip=$((s / 4096)) count=$np 2>/dev/null | od -An -v -tx8)
  i=0; dump=""; nj=0; nr=0; no=0; nn=0; at=""
  for w in $words; do
    if [ $(( (0x$w >> 63) & 1 )) = 1 ]; then
      pfn=$(( 0x$w & 0x7fffffffffffff ))
      c=$(dd if=/proc/kpagecgroup bs=8 skip=$pfn count=1 2>/dev/null | od -An -tu8 | tr -d " ")
      if [ "$c" = "$J" ]; then nj=$((nj+1)); if [ "$name" = "[stack]" ]; then at="$at -$((np - i))"; else at="$at +$i"; fi
        dump="$dump $((s / 4096 + i))"
      elif [ "$c" = "$R" ]; then nr=$((nr+1)); elif [ "$c" = 0 ]; then nn=$((nn+1)); else no=$((no+1)); fi
    fi
    i=$((i+1))
  done
  echo "${name:-anon} $range ($np pages): job310 $nj [$at ], root $nr, none $nn, other $no"
  for v in $dump; do
    echo "  page $(printf %x $((v * 4096))): its strings (offset, text), then its words"
    dd if=/proc/$P/mem bs=4096 skip=$v count=1 2>/dev/null | strings -n 3 -t x | head -60
    dd if=/proc/$P/mem bs=4096 skip=$v count=1 2>/dev/null | od -Ax -tx8 | head -80
  done
done < /proc/$P/maps
'
head -c 262144 /dev/zero > $W/input
sync; echo 3 > /proc/sys/vm/drop_caches
n() { awk '$1 == "memory" {print $3}' /proc/cgroups; }
echo "start: $(n)"
for r in 1 2 3; do
  for j in 1 2 3 4 5 6 7 8 9 10; do
    mkdir job$r$j
    echo $$ > job$r$j/cgroup.procs
    cat $W/input > /dev/null
    head -c 8192 /dev/zero > /tmp/job$r$j
    true | cat > /dev/null
    echo $$ > cgroup.procs
    rmdir job$r$j
  done
  sleep 1
  echo "round $r: $(n)"
done
/bin/busybox sh -c "$WALK" sh $$ after-the-rounds
rm -f /tmp/job*
sleep 1
echo "tmpfs files removed: $(n)"
rm -f $W/input
sleep 1
echo "input removed: $(n)"
echo "job310 memory.usage_in_bytes $(cat job310/memory.usage_in_bytes) rss $(awk '$1 == "rss" {print $2}' job310/memory.stat) cache $(awk '$1 == "cache" {print $2}' job310/memory.stat)"
/bin/busybox sh -c "$WALK" sh $$ end
