#!/bin/bash
# Written for memcgsim's conformance suite (session 35, novel35; cgroup v1 and v2): a
# tmpfs file shared by two containers of a pod, one of which is then removed. "app"
# writes 4 MiB of it, "sidecar" appends 2 MiB and reads it all: each shmem page is
# charged to the memcg that first allocated it (mm/shmem.c shmem_get_folio_gfp →
# mem_cgroup_charge), a later reader or writer of the page is not charged. app is then
# removed while its pages are on tmpfs: they stay charged to the dying memcg (counted
# in the pod's hierarchical figures, not in the sidecar's) until the sidecar truncates
# the file (1 MiB of app's pages freed, then all) and removes it, which lets the dying
# memcg go. Printed after each step: shmem of app, sidecar and the pod, the pod's
# dying descendants (v2 cgroup.stat) and /proc/cgroups' memory num_cgroups.
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  C=/sys/fs/cgroup; echo +memory > $C/cgroup.subtree_control
  mkdir -p $C/pod/app $C/pod/sidecar; echo +memory > $C/pod/cgroup.subtree_control
  procs=cgroup.procs
  dying() { awk '$1 == "nr_dying_descendants" {print $2}' $C/pod/cgroup.stat; }
  shmem() { awk '$1 == "shmem" {print $2}' $C/pod/$1/memory.stat; }
else
  C=/sys/fs/cgroup/memory
  mkdir -p $C/pod/app $C/pod/sidecar
  procs=tasks
  dying() { echo "-"; }
  shmem() { awk -v k=${2:-shmem} '$1 == k {print $2}' $C/pod/$1/memory.stat; }
fi
T=/tmp/podshm
mkdir -p $T && mount -t tmpfs -o size=32m podshm $T || echo "mount failed"
show() {
  local pod
  if [ -f $C/pod/cgroup.stat ]; then pod=$(awk '$1 == "shmem" {print $2}' $C/pod/memory.stat)
  else pod=$(awk '$1 == "total_shmem" {print $2}' $C/pod/memory.stat); fi
  echo "$1: app $([ -d $C/pod/app ] && shmem app || echo gone) sidecar $(shmem sidecar) pod $pod dying $(dying) num_cgroups $(awk '$1 == "memory" {print $3}' /proc/cgroups)"
}
run_in() { local cg=$1; shift; ( echo $BASHPID > $C/pod/$cg/$procs; "$@" ); }
run_in app dd if=/dev/zero of=$T/shared bs=1M count=4 2>/dev/null
show "app wrote 4M"
run_in sidecar dd if=/dev/zero of=$T/shared bs=1M count=2 seek=4 conv=notrunc 2>/dev/null
run_in sidecar cat $T/shared > /dev/null
show "sidecar appended 2M, read 6M"
run_in sidecar dd if=/dev/zero of=$T/shared bs=1M count=1 conv=notrunc 2>/dev/null
show "sidecar rewrote app's first 1M"
rmdir $C/pod/app; echo "rmdir app: $?"
show "app removed"
run_in sidecar truncate -s 3M $T/shared
show "truncated to 3M"
run_in sidecar rm $T/shared
sleep 1
show "file removed"
umount $T; rmdir $C/pod/sidecar $C/pod; echo "rmdir: $?"
