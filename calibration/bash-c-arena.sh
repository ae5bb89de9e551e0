#!/bin/bash
# memcgsim calibration (session 37, branch heap37, docs/fidelity.md item 275): a
# `bash -c`'s glibc arena at its first command, as calibration/bash-heap-arena.sh
# reads the script bash's: the `bash -c` forks a busybox sh that reads its [heap]
# and main_arena page from /proc/PPID/mem (the command is followed by `:` so that
# bash forks it instead of exec'ing it in place). Two environments: the script's own
# exports alone ("plain"), and novel-exec-enter's (C and V exported and an exported
# function, `export -f st`: "exports"); each dump follows a "== NAME" line.
# calibration/bash-heap-arena.py walks each (split at the "==" lines). Reads /proc
# only:
#   memcgsim oracle calibration/bash-c-arena.sh --kernel K --cgroup v2
D='busybox sh -c '"'"'p=$PPID
h=$(grep "\[heap\]" /proc/$p/maps); h=${h%% *}
echo "heap $h"
echo "data $(grep -m1 "rw-p.*bash" /proc/$p/maps | cut -d" " -f1)"
s=$((0x${h%-*} / 4096)); n=$(( (0x${h#*-} - 0x${h%-*}) / 4096 ))
echo "heap-gz-b64 begin"
dd if=/proc/$p/mem bs=4096 skip=$s count=$n 2>/dev/null | gzip -c | base64
echo "heap-gz-b64 end"
echo "arena-gz-b64 begin"
dd if=/proc/$p/mem bs=4096 skip=$((0x63a000 / 4096)) count=1 2>/dev/null | gzip -c | base64
echo "arena-gz-b64 end"'"'"
echo "== plain"
bash -c "$D; :"
C=/sys/fs/cgroup; V=v2
export C V
st() {  # as novel-exec-enter.sh's
  local p comms=
  for p in $(cat $C/$1/cgroup.procs); do [ -r /proc/$p/comm ] && comms="$comms $(cat /proc/$p/comm 2>/dev/null)"; done
  echo "$1:$comms; $(grep -E '^(anon|kernel_stack|pagetables) ' $C/$1/memory.stat | tr '\n' ' ')"
}
export -f st
echo "== exports"
bash -c "$D; :"
