#!/bin/bash
# Written for memcgsim's conformance suite (session 40, novel40; cgroup v2): an SRE
# sizing a batch slice reads memory.peak (v5.19: 6.1 only; ENOENT on 5.10) after its
# jobs. A job buffers 12 MiB (tail) and its cgroup is removed: the slice's peak is its
# page_counter's watermark (page_counter_charge raises it in every ancestor), kept
# after the child's rmdir while memory.current falls back; a new job of the same name
# starts with a new memcg and its own peak (a read of an 8 MiB file under
# memory.max 3M: its page cache reclaimed, max events); the file has no write handler
# (cgroup_file_write: EINVAL even for root on 6.1; 5.10's bash cannot create it,
# EACCES). memory.events.local of the slice stays 0 while memory.events counts the
# child's max events (memcg_memory_event in each ancestor).
C=/sys/fs/cgroup
S=$C/slice
echo +memory > $C/cgroup.subtree_control
mkdir $S; echo +memory > $S/cgroup.subtree_control; mkdir $S/job
mib() { local v; v=$(cat $1 2>&1) || { echo "${v##*: }"; return; }; echo $(( v >> 20 )); }
echo "slice peak before MiB: $(mib $S/memory.peak)"
( echo $BASHPID > $S/job/cgroup.procs; head -c 12M /dev/zero | tail > /dev/null; echo "job: ${PIPESTATUS[*]}" )
echo "job peak MiB: $(mib $S/job/memory.peak) current MiB: $(mib $S/job/memory.current)"
echo "slice peak MiB: $(mib $S/memory.peak) current MiB: $(mib $S/memory.current)"
rmdir $S/job; echo "rmdir job: $?"
echo "slice peak after rmdir MiB: $(mib $S/memory.peak) current MiB: $(mib $S/memory.current)"
mkdir $S/job; echo 3M > $S/job/memory.max
head -c 8M /dev/zero > peak8; sync; echo 3 > /proc/sys/vm/drop_caches
echo "new job peak MiB: $(mib $S/job/memory.peak)"
( echo $BASHPID > $S/job/cgroup.procs; cat peak8 > /dev/null; echo "job2: $?" )
echo "new job peak MiB: $(mib $S/job/memory.peak) max events: $(awk '$1 == "max" {print ($2 > 0)}' $S/job/memory.events)"
echo "slice peak MiB: $(mib $S/memory.peak)"
echo "slice max events: $(awk '$1 == "max" {print ($2 > 0)}' $S/memory.events) local: $(awk '$1 == "max" {print $2}' $S/memory.events.local)"
m=$( { echo 0 > $S/memory.peak; } 2>&1 ); echo "write peak: $? ${m##*: }"
rmdir $S/job $S; echo "rmdir: $?"
rm -f peak8
