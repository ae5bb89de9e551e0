#!/bin/bash
# v1-hier-limits (tests/conformance/scripts) up to its second job, for tools/sizes/stock_trace.py:
#   python3 tools/sizes/stock_trace.py tools/sizes/v1-hier-limits-stock.sh svc job1 job2 > /tmp/t.sh
#   memcgsim oracle /tmp/t.sh --kernel 6.1 --cgroup v1 --cpus 1
#   python3 tools/sizes/stock_replay.py TRACE --batch 64
M=/sys/fs/cgroup/memory
cat $M/memory.use_hierarchy
mkdir -p $M/svc/job1 $M/svc/job2
echo 8M > $M/svc/memory.limit_in_bytes
cat $M/svc/memory.limit_in_bytes
echo 4M > $M/svc/job1/memory.limit_in_bytes
echo 16M > $M/svc/job2/memory.limit_in_bytes; cat $M/svc/job2/memory.limit_in_bytes
echo 0 > $M/svc/memory.use_hierarchy || echo "use_hierarchy: err $?"
sh -c 'echo $$ > '$M'/svc/job1/cgroup.procs; dd if=/dev/zero of=/tmp/f1 bs=64k count=16 2>/dev/null; echo done1'
sh -c 'echo $$ > '$M'/svc/job2/cgroup.procs; dd if=/dev/zero of=/tmp/f2 bs=64k count=32 2>/dev/null; echo done2'
echo "job2 $(cat $M/svc/job2/memory.usage_in_bytes)"
