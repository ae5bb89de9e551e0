#!/bin/bash
# Written for memcgsim's conformance suite (session 9, cgroup v2): what an SRE does to
# squeeze a job's page cache (cf. test_memcontrol.c test_memcg_high and
# test_memcg_reclaim). A 24 MiB file on the scratch disk, written from the root cgroup
# and dropped from the cache, is read by a task in "job" whose memory.high is 8 MiB:
# return-to-user reclaim (mem_cgroup_handle_over_high) keeps the job near its high and
# counts "high" events; memory.peak (v5.19) and memory.reclaim (v5.19) exist on 6.1
# only: on 5.10 the peak is absent and the write to memory.reclaim fails (kernfs has
# no create: EACCES). Then memory.high lowered to 2 MiB reclaims at the write.
C=/sys/fs/cgroup
MB=$((1 << 20))
echo +memory > $C/cgroup.subtree_control
mkdir $C/job
head -c 24M /dev/zero > data
sync
echo 3 > /proc/sys/vm/drop_caches
echo 8M > $C/job/memory.high
echo "high: $(cat $C/job/memory.high)"
( echo $BASHPID > $C/job/cgroup.procs; cat data > /dev/null )
cur=$(cat $C/job/memory.current)
high=$(awk '$1 == "high" {print $2}' $C/job/memory.events)
echo "after read: current <= high + 1M: $((cur <= 9 * MB)); current >= 6M: $((cur >= 6 * MB))"
echo "after read: high events > 0: $((high > 0)); max events: $(awk '$1 == "max" {print $2}' $C/job/memory.events)"
echo "after read: file in MiB: $(( $(awk '$1 == "file" {print $2}' $C/job/memory.stat) / MB ))"
if [ -e $C/job/memory.peak ]; then
  peak=$(cat $C/job/memory.peak)
  echo "peak >= current: $((peak >= cur)); peak <= high + 2M: $((peak <= 10 * MB))"
else
  echo "no memory.peak"
fi
before=$(cat $C/job/memory.current)
echo 4M 2>&1 > $C/job/memory.reclaim | sed "s|^.*: line [0-9]*: |reclaim: |"
echo "reclaim: status ${PIPESTATUS[0]}"
after=$(cat $C/job/memory.current)
echo "reclaim: freed >= 4M: $((before - after >= 4 * MB)); freed > 0: $((before > after))"
echo 2M > $C/job/memory.high
cur=$(cat $C/job/memory.current)
echo "high 2M: current <= 2M: $((cur <= 2 * MB)); high events still > 0: $(( $(awk '$1 == "high" {print $2}' $C/job/memory.events) > 0 ))"
echo max > $C/job/memory.high
echo "high: $(cat $C/job/memory.high)"
rmdir $C/job
echo "rmdir: $?"
