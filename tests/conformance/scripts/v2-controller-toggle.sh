#!/bin/bash
# Written for memcgsim's conformance suite (session 13, cgroup v2): switching the
# memory controller off and on again below a running service, as a unit manager does
# when a unit's MemoryAccounting changes. cgroup_subtree_control_write
# (kernel/cgroup/cgroup.c): each token "+name"/"-name" (else EINVAL), a controller the
# parent does not offer (ENOENT), disabling one that a child still enables below
# (EBUSY). Disabling kills the children's memory csses (cgroup_apply_control_disable):
# their memory.* files go, their charges stay with the dying memcg under the parent
# (the parent's memory.current and memory.stat keep them), new charges of their tasks
# go to the parent; enabling again makes a fresh memcg (limits at max, current 0).
C=/sys/fs/cgroup
MB=$((1 << 20))
err() { sed "s|^.*: line [0-9]*: ||"; }
w() { echo "$2" 2>&1 > $C/$1 | err; echo "write '$2' to $1: ${PIPESTATUS[0]} -> '$(cat $C/$1)'"; }
mf() { ls $C/$1 | grep -c '^memory\.'; }
st() { awk -v k=$2 '$1 == k {print $2}' $C/$1/memory.stat; }
cur() { cat $C/$1/memory.current; }
echo +memory > $C/cgroup.subtree_control
mkdir $C/svc $C/svc/app $C/svc/aux
w svc/cgroup.subtree_control bogus
w svc/cgroup.subtree_control +bogus
w svc/cgroup.subtree_control memory
w svc/cgroup.subtree_control "+memory -memory"
w svc/cgroup.subtree_control "+memory  +pids"
w svc/cgroup.subtree_control +memory
w svc/app/cgroup.subtree_control +pids
echo "app: $(mf svc/app) memory files, controllers '$(cat $C/svc/app/cgroup.controllers)'"
echo 48M > $C/svc/app/memory.max; echo 32M > $C/svc/app/memory.high; echo 1 > $C/svc/app/memory.oom.group
( (echo $BASHPID > $C/svc/app/cgroup.procs; head -c 4M /dev/zero > /tmp/tg.shm
   printf -v x '%*s' 6000000 ''; : > /tmp/tg.ready; sleep 3600; :) & echo $! > /tmp/tg.pid )
until [ -e /tmp/tg.ready ]; do sleep 0.1; done; rm /tmp/tg.ready; sleep 0.5
job=$(cat /tmp/tg.pid)
echo "before: app current $(cur svc/app) anon $(st svc/app anon) shmem $(st svc/app shmem); svc current $(cur svc) anon $(st svc anon) shmem $(st svc shmem)"
w svc/aux/cgroup.subtree_control +memory
mkdir $C/svc/aux/x
echo "aux/x: $(mf svc/aux/x) memory files"
w svc/cgroup.subtree_control -memory
w cgroup.subtree_control -memory
w svc/aux/cgroup.subtree_control -memory
echo "aux/x: $(mf svc/aux/x) memory files"
w svc/cgroup.subtree_control -memory
echo "app: $(mf svc/app) memory files, controllers '$(cat $C/svc/app/cgroup.controllers)', job in app $(grep -cx $job $C/svc/app/cgroup.procs)"
echo 16M 2>&1 > $C/svc/app/memory.max | err; echo "write memory.max: ${PIPESTATUS[0]}"
echo "off: svc current $(cur svc) anon $(st svc anon) shmem $(st svc shmem)"
(echo $BASHPID > $C/svc/app/cgroup.procs; head -c 2M /dev/zero > /tmp/tg.shm2)
echo "2M more from app: svc shmem $(st svc shmem)"
w svc/cgroup.subtree_control +memory
echo "app: $(mf svc/app) memory files, max $(cat $C/svc/app/memory.max) high $(cat $C/svc/app/memory.high) oom.group $(cat $C/svc/app/memory.oom.group) current $(cat $C/svc/app/memory.current)"
(echo $BASHPID > $C/svc/app/cgroup.procs; head -c 3M /dev/zero > /tmp/tg.shm3)
echo "3M more from app: app shmem $(st svc/app shmem), svc shmem $(st svc shmem)"
rm /tmp/tg.shm
echo "the first 4M removed: app shmem $(st svc/app shmem), svc shmem $(st svc shmem)"
kill $(cat $C/svc/app/cgroup.procs); sleep 0.5
echo "job gone: svc anon < 2M $(( $(st svc anon) < 2 * MB )), app procs $(wc -l < $C/svc/app/cgroup.procs)"
rm /tmp/tg.shm2 /tmp/tg.shm3 /tmp/tg.pid
echo "all removed: svc shmem $(st svc shmem)"
rmdir $C/svc/aux/x $C/svc/aux $C/svc/app $C/svc; echo "rmdir: $?"
