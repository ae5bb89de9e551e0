#!/bin/bash
# Written for memcgsim's conformance suite (session 32, novel32; cgroup v2): an SRE
# squeezes a whole slice, not one service: a parent with three children, c1 holding a
# 4 MiB tmpfs file (unreclaimable: no swap), c2 8 MiB of ext4 page cache (clean,
# reclaimable), c3 a bash holding 6 MiB of anon (a string) with a sleep. memory.high on
# the parent below its usage (memory_high_write: one reclaim pass, no OOM), then
# memory.max (memory_max_write: reclaim, then the OOM killer in the parent's subtree
# until the usage fits or nothing is left to kill), each level's memory.events and
# memory.events.local, the children's current (within 64 KiB) after each write.
C=/sys/fs/cgroup
MB=$((1 << 20))
echo +memory > $C/cgroup.subtree_control
ev() { echo "$1 events: $(tr '\n' ' ' < $C/$1/memory.events)"; echo "$1 local: $(tr '\n' ' ' < $C/$1/memory.events.local)"; }
cur() { local c; for c in "$@"; do echo "$c memory.current $(cat $C/$c/memory.current)"; done; }
mkdir -p $C/slice/c1 $C/slice/c2 $C/slice/c3
echo +memory > $C/slice/cgroup.subtree_control
mkdir -p /tmp/sq
( echo $BASHPID > $C/slice/c1/cgroup.procs; dd if=/dev/zero of=/tmp/sq/f bs=64k count=64 2>/dev/null )
( echo $BASHPID > $C/slice/c2/cgroup.procs; dd if=/dev/zero of=sq.img bs=64k count=128 2>/dev/null; sync )
( echo $BASHPID > $C/slice/c3/cgroup.procs; x=$(head -c 6000000 /dev/zero | tr '\0' a); : > sq.ok; sleep 300; echo "c3 done" ) &
job=$!
while [ ! -e sq.ok ]; do sleep 0.2; done
sleep 0.5
cur slice slice/c1 slice/c2 slice/c3
u=$(cat $C/slice/memory.current)
echo $(( u - 4 * MB )) > $C/slice/memory.high; echo "high 4M below usage: $?"
echo "high reads back below usage: $(( $(cat $C/slice/memory.high) < u ))"
cur slice slice/c1 slice/c2 slice/c3
ev slice; ev slice/c2
echo max > $C/slice/memory.high
echo $(( 8 * MB )) > $C/slice/memory.max; echo "max 8M: $?"
wait $job; echo "c3's job: $?"
sleep 0.5
cur slice slice/c1 slice/c2 slice/c3
ev slice; ev slice/c1; ev slice/c3
echo "c3 procs: $(wc -l < $C/slice/c3/cgroup.procs)"
kill $(cat $C/slice/c3/cgroup.procs) 2>/dev/null; sleep 0.2
echo $(( 2 * MB )) > $C/slice/memory.max; echo "max 2M with nothing to kill: $?"
cur slice slice/c1
ev slice
echo max > $C/slice/memory.max
rm -r /tmp/sq sq.img sq.ok
rmdir $C/slice/c1 $C/slice/c2 $C/slice/c3 $C/slice; echo "rmdir: $?"
