#!/bin/bash
# Written for memcgsim's conformance suite (session 31, novel31; cgroup v1): the v1
# knobs a runtime of the cgroup-v1 era sets, and what they answer in bad states. The root's
# memory.use_hierarchy (0 then 1: 5.10 still lets the root go flat while it has no
# children, 6.1 refuses 0, bef8620cd8e0), a child's; memory.limit_in_bytes (junk, -1,
# unaligned, below usage), memory.kmem.limit_in_bytes (5.10 takes it with a warning,
# 6.1 refuses it), memory.memsw.limit_in_bytes below limit_in_bytes, memory.swappiness,
# memory.move_charge_at_immigrate (a task with a tmpfs file moved in, with and without
# it), memory.force_empty (root, populated, tmpfs-charged, empty), memory.oom_control,
# max_usage_in_bytes and failcnt resets; then the task leaves, the cgroup goes, and
# /proc/cgroups' memory line is read after each step.
R=/sys/fs/cgroup/memory
cut_path() { sed -e 's#^[^:]*: line [0-9]*: ##' -e 's#^[^:]*: /sys/fs/cgroup/memory/#bash: #' -e "s#^\(mkdir\|rmdir\): .*': #\1: #"; }
w() {  # w FILE VALUE [LABEL]: write VALUE, print the message, the status and what FILE reads back
  echo "$2" 2>&1 > $R/$1 | cut_path; local s=${PIPESTATUS[0]}
  case $1 in
    *tasks|*procs|*force_empty) echo "write '${3:-$2}' to $1: $s";;
    *) echo "write '${3:-$2}' to $1: $s, reads $(head -n 1 $R/$1)";;
  esac; }
ncg() { echo "$1: num_cgroups $(awk '$1 == "memory" {print $3}' /proc/cgroups)"; }
stat1() { awk -v k="$2" '$1 == k {print $2}' $R/$1/memory.stat; }
echo "cgroup v1, $(getconf _NPROCESSORS_ONLN) CPUs"
echo "root use_hierarchy: $(cat $R/memory.use_hierarchy)"
w memory.use_hierarchy 0
w memory.use_hierarchy 1
w memory.force_empty 1
mkdir $R/rt $R/rt/ctr
ncg "mkdir rt/ctr"
w rt/memory.use_hierarchy 0
w rt/ctr/memory.use_hierarchy 1
for v in junk -1 1000000 16M; do w rt/ctr/memory.limit_in_bytes "$v"; done
w rt/ctr/memory.kmem.limit_in_bytes 8M
[ -e $R/rt/ctr/memory.memsw.limit_in_bytes ] && { w rt/ctr/memory.memsw.limit_in_bytes 8M; w rt/ctr/memory.memsw.limit_in_bytes 32M; }
for v in 101 -1 30; do w rt/ctr/memory.swappiness "$v"; done
for v in 4 1 0; do w rt/ctr/memory.move_charge_at_immigrate "$v"; done
w rt/ctr/memory.oom_control 2
mkdir -p /tmp/v1rt
# a job in the root with a 512 KiB tmpfs file and a 256 KiB ext4 file, moved into ctr with
# and without move_charge_at_immigrate
( head -c 524288 /dev/zero > /tmp/v1rt/j1; head -c 262144 /dev/zero > v1rt-j1.data; exec sleep 30 ) &
j1=$!
( head -c 524288 /dev/zero > /tmp/v1rt/j2; exec sleep 30 ) &
j2=$!
sleep 1
w rt/ctr/tasks $j1 "job 1 (no move_charge)"
echo "ctr usage after job 1: $(cat $R/rt/ctr/memory.usage_in_bytes) shmem $(stat1 rt/ctr shmem)"
w rt/ctr/memory.move_charge_at_immigrate 3
w rt/ctr/cgroup.procs $j2 "job 2 (move_charge 3)"
echo "ctr usage after job 2: $(cat $R/rt/ctr/memory.usage_in_bytes) shmem $(stat1 rt/ctr shmem)"
echo "rt total_shmem $(stat1 rt total_shmem) rt usage >= ctr usage: $(( $(cat $R/rt/memory.usage_in_bytes) >= $(cat $R/rt/ctr/memory.usage_in_bytes) ))"
( echo $BASHPID > $R/rt/ctr/tasks; head -c 262144 /dev/zero > /tmp/v1rt/j3; exec sleep 30 ) &
j3=$!
sleep 1
echo "ctr shmem after job 3 wrote in it: $(stat1 rt/ctr shmem)"
w rt/ctr/memory.limit_in_bytes 256K
echo "ctr failcnt $(cat $R/rt/ctr/memory.failcnt) usage <= 16M: $(( $(cat $R/rt/ctr/memory.usage_in_bytes) <= 16777216 ))"
w rt/ctr/memory.force_empty 1
echo "after force_empty with tasks: shmem $(stat1 rt/ctr shmem)"
w rt/ctr/memory.max_usage_in_bytes 7
echo "max_usage after reset >= usage: $(( $(cat $R/rt/ctr/memory.max_usage_in_bytes) >= $(cat $R/rt/ctr/memory.usage_in_bytes) ))"
w rt/ctr/memory.failcnt 5
kill $j1 $j2 $j3; wait $j1 $j2 $j3 2>/dev/null
ncg "jobs gone"
echo "tasks left in ctr: $(wc -l < $R/rt/ctr/tasks)"
w rt/ctr/memory.force_empty 1
echo "after force_empty: shmem $(stat1 rt/ctr shmem) cache $(stat1 rt/ctr cache) rt total_shmem $(stat1 rt total_shmem)"
rm -rf /tmp/v1rt v1rt-j1.data
w rt/ctr/memory.force_empty 1
echo "after rm and force_empty: usage $(cat $R/rt/ctr/memory.usage_in_bytes) cache $(stat1 rt/ctr cache)"
rmdir $R/rt 2>&1 | cut_path; echo "rmdir rt with a child: ${PIPESTATUS[0]}"
rmdir $R/rt/ctr; echo "rmdir ctr: $?"
ncg "rmdir ctr"
rmdir $R/rt; echo "rmdir rt: $?"
sleep 1
ncg "rmdir rt"
