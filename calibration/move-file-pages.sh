#!/bin/bash
# memcgsim calibration (session 31, novel31; cgroup v1): what memory.move_charge_at_immigrate
# bit 1 (MOVE_FILE) moves when a process leaves the root. The guests' binaries live in the
# initramfs (tmpfs: shmem pages, charged to the root at boot); a task moved with bit 1
# takes the charge of every page-cache page its file-backed VMAs cover and its PTEs do
# not map to an anon COW copy (mm/memcontrol.c get_mctgt_type: mc_handle_present_pte
# for a mapped page, mc_handle_file_pte for a pte_none slot, v5.10 and v6.1).
# Per process (a busybox sleep, a bash -c waiting for its child, a subshell of this
# script): smaps of its file-backed areas (pages, Anonymous pages), then memory.stat
# shmem and mapped_file of a fresh group after the process moves in with bit 1, then
# with bit 1 into a second group (nothing of the root's left to move).
# Guest only (it writes under /sys/fs/cgroup):
#   memcgsim oracle calibration/move-file-pages.sh --kernel K --cgroup v1
R=/sys/fs/cgroup/memory
areas() { awk '/^[0-9a-f]+-[0-9a-f]+ / {f = ($6 ~ /^\//); if (f) {r = $1 " " $2 " " $6}; next}
  f && $1 == "Size:" {s = $2 / 4} f && $1 == "Anonymous:" {printf "  %s size %d anon %d pages\n", r, s, $2 / 4; t += s; a += $2 / 4}
  END {printf "  file-backed: %d pages, %d of them anon (COW), %d in the page cache mapped\n", t, a, t - a}' /proc/$1/smaps; }
st() { awk -v k=$2 '$1 == k {print $2 / 4096}' $R/$1/memory.stat; }
echo "busybox $(stat -c %s /bin/busybox) bytes, bash $(stat -c %s /bin/bash) bytes"
sleep 30 & p1=$!
bash -c 'sleep 30; :' & p2=$!
( sleep 30; : ) & p3=$!
sleep 1
n=0
for p in $p1 $p2 $p3; do
  n=$((n + 1))
  echo "== $n: $(cat /proc/$p/comm) (pid in the root: $(grep -c "^$p\$" $R/cgroup.procs))"
  areas $p
  mkdir $R/m$n $R/m$n-b
  echo 3 > $R/m$n/memory.move_charge_at_immigrate
  echo 3 > $R/m$n-b/memory.move_charge_at_immigrate
  echo $p > $R/m$n/cgroup.procs
  echo "  moved with bit 1 from the root: shmem $(st m$n shmem) mapped_file $(st m$n mapped_file) cache $(st m$n cache) rss $(st m$n rss) pages"
  echo $p > $R/m$n-b/cgroup.procs
  echo "  moved on: left $(st m$n shmem), second group shmem $(st m$n-b shmem) rss $(st m$n-b rss) pages"
done
kill $p1 $p2 $p3; wait 2>/dev/null
