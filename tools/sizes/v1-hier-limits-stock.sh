#!/bin/sh
# Prints v1-hier-limits (tests/conformance/scripts) up to its second job, then job2's
# usage, the script tools/sizes/stock_trace.py traced for docs/fidelity.md item 141
# (recording: recordings/v1-hier-limits-stock--6.1-1cpu.txt):
#   sh tools/sizes/v1-hier-limits-stock.sh > /tmp/s.sh
#   python3 tools/sizes/stock_trace.py /tmp/s.sh svc job1 job2 > /tmp/t.sh
#   memcgsim oracle /tmp/t.sh --kernel 6.1 --cgroup v1 --cpus 1
#   python3 tools/sizes/stock_replay.py TRACE --batch 64
grep -v '^#' "$(dirname "$0")/../../tests/conformance/scripts/v1-hier-limits.sh" | sed -n '1,/done2/p'
echo 'echo "job2 $(cat $M/svc/job2/memory.usage_in_bytes)"'
