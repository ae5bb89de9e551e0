#!/bin/bash
# max_threads: with kernel.threads-max a few above the threads there are, the
# shell's background sleeps fork until copy_process's nr_threads >= max_threads
#   python -m memcgsim oracle tools/sizes/threads-max-fork.sh --kernel 5.10
# (recording threads-max-fork--5.10.txt: the guest's 5th sleep forked after a
# retry, a thread having exited meanwhile; the model's 5th fails)
read -r _ _ _ rt _ < /proc/loadavg; n=${rt#*/}
echo "threads-max $(cat /proc/sys/kernel/threads-max)"
echo $((n + 4)) > /proc/sys/kernel/threads-max
for i in 1 2 3 4 5 6; do sleep 100 & echo "started $i"; done
echo never
