#!/bin/bash
# memcgsim calibration (session 32, branch heap32, docs/fidelity.md item 154): the
# script bash's own brk, mmap, munmap and mremap calls (syscall tracepoints, set_event_pid
# $$ only) through calibration/runtime-cycle-shell-anon.sh's three rounds (the loop of
# tests/conformance/scripts/novel-runtime-cycle.sh that moves the shell into ctr$i and
# stores a 128 KiB variable there), each step marked in the trace (trace_marker), and each
# ctr's anon pages after each round: where glibc's dynamic mmap and trim thresholds
# (malloc.c __libc_free, systrim) put the variable and give pages back.
# Guest: memcgsim oracle calibration/runtime-cycle-brk-trace.sh --kernel 6.1 --cgroup v2
C=/sys/fs/cgroup
T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs nodev $T
echo "+memory +pids" > $C/cgroup.subtree_control
st() { awk -v k="$2" '$1 == k {print $2 / 4096}' $1; }
show() { local j; for j in 0 1 2; do [ -d $C/ctr$j ] && echo "$1: ctr$j anon $(st $C/ctr$j/memory.stat anon)"; done; }
echo $$ > $T/set_event_pid
for e in brk mmap munmap mremap; do
  echo 1 > $T/events/syscalls/sys_enter_$e/enable
  echo 1 > $T/events/syscalls/sys_exit_$e/enable
done
M=$T/trace_marker
echo 1 > $T/tracing_on
sleep 1
for i in 0 1 2; do
  d=$C/ctr$i
  echo "round $i mkdir" > $M
  mkdir $d
  echo $$ > $d/cgroup.procs
  echo "round $i files" > $M
  head -c 262144 /dev/zero > /tmp/ctr$i.shm
  head -c 524288 /dev/zero > ctr$i.data
  dd if=/dev/zero of=/dev/null bs=1M count=1 2>/dev/null
  echo "round $i v=" > $M
  v=$(head -c 131072 /dev/zero | tr '\0' x)
  echo "round $i sleep" > $M
  sleep 30 &
  sl=$!
  echo "round $i in: anon $(st $d/memory.stat anon)"
  echo $$ > $C/cgroup.procs
  echo "round $i unset" > $M
  unset v
  echo "round $i kill" > $M
  kill $sl; wait $sl 2>/dev/null
  show "after round $i"
done
echo 0 > $T/tracing_on
echo "trace begin"
grep -v '^#' $T/trace | sed 's/^ *//' | awk '{$1 = ""; $2 = ""; $3 = ""; print}'
echo "trace end"
