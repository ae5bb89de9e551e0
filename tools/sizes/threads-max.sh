#!/bin/bash
# max_threads (kernel/fork.c set_max_threads: the RAM at fork_init over 8 kernel
# stacks), RLIMIT_NPROC (init_task's: max_threads / 2), pid_max, the guest's threads.
#   python -m memcgsim oracle tools/sizes/threads-max.sh --kernel 5.10|6.1
# Recordings: tools/sizes/recordings/threads-max--5.10.txt, --6.1.txt (2 CPUs, 1 GiB)
echo "threads-max $(cat /proc/sys/kernel/threads-max)"
echo "pid_max $(cat /proc/sys/kernel/pid_max)"
echo "nproc $(ulimit -u)"
echo "memtotal $(grep MemTotal /proc/meminfo)"
echo "threads $(ls /proc | grep -c '^[0-9]')"
