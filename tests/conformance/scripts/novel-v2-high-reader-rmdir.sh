#!/bin/bash
# Written for memcgsim's conformance suite (session 37, novel37; cgroup v2): a
# service under memory.high 8M that streams a 32 MiB file twice (page cache past
# its high: reclaimed on the way back to user space, mem_cgroup_handle_over_high;
# clean file pages go without throttling) while its runtime, asked to stop it,
# retries rmdir on EBUSY, sends SIGTERM, and retries until the cgroup goes. The file
# was written from a cgroup of its own under memory.max 8M (the writer reclaims its
# own page cache as it goes). Printed: the writer's and the reader's usage against
# their limits, high events (whether any), what the rmdir loop saw, the removed
# cgroup's dying count while its page cache stays and after the file's removal.
C=/sys/fs/cgroup
MB=$((1 << 20))
echo +memory > $C/cgroup.subtree_control
mkdir $C/prep $C/svc
echo 8M > $C/prep/memory.max
echo 8M > $C/svc/memory.high
( echo $BASHPID > $C/prep/cgroup.procs; dd if=/dev/zero of=data bs=64k count=512 2>/dev/null; sync )
echo "prep: current within max $(( $(cat $C/prep/memory.current) <= 8 * MB )), max events $(awk '$1 == "max" {print ($2 > 0)}' $C/prep/memory.events), oom $(awk '$1 == "oom" {print $2}' $C/prep/memory.events)"
echo "data: $(( $(stat -c %s data) / MB )) MiB"
( echo $BASHPID > $C/svc/cgroup.procs; trap 'echo "svc: TERM"; exit 3' TERM
  n=0; while :; do cat data > /dev/null; n=$((n+1)); [ $n = 2 ] && : > svc.twice; done ) & s=$!
until [ -e svc.twice ]; do sleep 0.1; done
echo "svc after two reads: current at most high + 1 MiB $(( $(cat $C/svc/memory.current) <= 9 * MB )), high events $(awk '$1 == "high" {print ($2 > 0)}' $C/svc/memory.events), max $(awk '$1 == "max" {print $2}' $C/svc/memory.events)"
echo "svc file MiB at most 8: $(awk '$1 == "file" {print ($2 <= 8 * 1048576)}' $C/svc/memory.stat)"
busy=0; rmdir $C/svc 2>/dev/null || busy=1
echo "rmdir while running fails: $busy"
kill -TERM $s
tries=0
until rmdir $C/svc 2>/dev/null; do tries=$((tries+1)); [ $tries = 100 ] && break; sleep 0.05; done
echo "rmdir after TERM: $([ -d $C/svc ] && echo failed || echo done)"
wait $s; echo "svc status: $?"
echo "root's cgroup.stat: $(tr '\n' ' ' < $C/cgroup.stat)"
rm -f data svc.twice; sleep 1
echo "after rm: $(tr '\n' ' ' < $C/cgroup.stat)"
rmdir $C/prep; echo "rmdir prep: $?"
