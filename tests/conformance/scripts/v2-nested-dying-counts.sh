#!/bin/bash
# Written for memcgsim's conformance suite (session 11, cgroup v2): dying cgroups in a
# pod/container layout. 3 pods with 3 containers each; every container's job leaves
# one 8 KiB tmpfs file charged to it. Containers are removed, then pods, then a pod
# of the same name is made again while the old one is dying: cgroup.stat
# nr_descendants / nr_dying_descendants at the root of the layout and in a pod, and
# /proc/cgroups' num_cgroups, after each step and once the files go.
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir $C/k8s
echo +memory > $C/k8s/cgroup.subtree_control
mkdir -p /tmp/nd
ncg() { awk '$1 == "memory" {print $3}' /proc/cgroups; }
cs() { echo "$1: k8s $(tr '\n' ' ' < $C/k8s/cgroup.stat)| pod0 $( [ -d $C/k8s/pod0 ] && tr '\n' ' ' < $C/k8s/pod0/cgroup.stat)| num_cgroups $(ncg)"; }
for p in 0 1 2; do
  mkdir $C/k8s/pod$p
  echo +memory > $C/k8s/pod$p/cgroup.subtree_control
  for c in 0 1 2; do
    mkdir $C/k8s/pod$p/ctr$c
    ( echo $BASHPID > $C/k8s/pod$p/ctr$c/cgroup.procs; head -c 8192 /dev/zero > /tmp/nd/p$p-c$c )
  done
done
cs "made"
for p in 0 1 2; do rmdir $C/k8s/pod$p/ctr*; done
sleep 1
cs "containers removed"
echo "pod0 shmem KiB $(( $(awk '$1 == "shmem" {print $2}' $C/k8s/pod0/memory.stat) / 1024 )) k8s shmem KiB $(( $(awk '$1 == "shmem" {print $2}' $C/k8s/memory.stat) / 1024 ))"
rmdir $C/k8s/pod1 $C/k8s/pod2
sleep 1
cs "pods 1 2 removed"
rmdir $C/k8s/pod0
mkdir $C/k8s/pod0; echo "pod0 made again: $?"
sleep 1
cs "pod0 again"
rm /tmp/nd/p1-*
sleep 2
cs "pod1 files removed"
rm -r /tmp/nd
sleep 2
cs "all files removed"
rmdir $C/k8s/pod0 $C/k8s; echo "rmdir: $?"
