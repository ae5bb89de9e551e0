#!/bin/bash
# The pid a script's bash gets on the oracle's guests, and the tasks the boot left
# (session 27, lead; kernel/sizes/bootpids.py):
#   for n in 1 2 4 8 16; do for r in 1 2; do echo "== cpus $n run $r"
#     memcgsim oracle tools/sizes/boot-pids.sh --kernel K --cgroup C --cpus $n | grep -v '^\['
#   done; done > tools/sizes/recordings/boot-pids--K-C.txt
# then `python3 tools/sizes/boot_pids.py` prints the table.
echo "pid $$"
sleep 0 & echo "bg $!"
wait
ps -o pid,comm
cat /proc/loadavg
