#!/bin/bash
# memcgsim calibration (session 34, branch strings34, docs/fidelity.md items 195):
# what a bash worker's big strings cost, step by step. The worker (a subshell of the
# script's bash, as in tests/conformance/scripts/novel-move-while-growing.sh) moves
# itself into c1, then runs one step each time it is told through a FIFO: the case's
# `printf -v s '%*s' 1048576 ''; a+=("$s")` four times one command at a time, then a
# copy `y="$s"`, `${#s}`, `${s:0:10}`, `unset s`, `s="$y"`, `unset y s`, a 1 MB
# `$(...)` and its unset, the array's unset, and the case's pair again. After each
# step the script's bash (in the root) prints the worker's [heap] extent and its
# other anonymous rw-p mappings (glibc's mmap'd chunks), smaps_rollup's Rss and
# Anonymous, and c1's memory.stat anon; the guest traces the worker's brk, mmap,
# munmap and mremap calls (syscall tracepoints, set_event_pid), each step marked in
# the trace (trace_marker), printed at the end. After each of the first eight steps
# it also dumps the worker's [heap] and the page of bash-static's .data that holds
# main_arena (0x63a000: the binary is not PIE) from /proc/W/mem, gzip'd and base64'd
# as calibration/bash-heap-arena.sh does; calibration/bash-big-strings-arena.py walks
# them (the chunks of 64 KiB or more, used or free, and the top).
# Guest: memcgsim oracle calibration/bash-big-strings.sh --kernel K --cgroup v2 \
#          > calibration/recordings/bash-big-strings--K-v2.txt
# Model: memcgsim run calibration/bash-big-strings.sh --kernel K --cgroup v2 --init busybox --userland busybox
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir $C/c1
T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs nodev $T 2>/dev/null
mkfifo /tmp/go /tmp/done
( echo $BASHPID > $C/c1/cgroup.procs
  declare -a a
  while read -r cmd < /tmp/go; do
    case $cmd in
      p) printf -v s '%*s' 1048576 '' ;;
      a) a+=("$s") ;;
      cp) y="$s" ;;
      len) n=${#s} ;;
      sub) z=${s:0:10} ;;
      us) unset s ;;
      back) s="$y" ;;
      uys) unset y s ;;
      cs) v=$(head -c 1000000 /dev/zero | tr '\0' x) ;;
      uv) unset v ;;
      ua) unset a ;;
      quit) break ;;
    esac
    echo "$cmd" > /tmp/done
  done ) &
w=$!
tr=0
if [ -w $T/set_event_pid ]; then
  echo $w > $T/set_event_pid
  for e in brk mmap munmap mremap; do
    echo 1 > $T/events/syscalls/sys_enter_$e/enable
    echo 1 > $T/events/syscalls/sys_exit_$e/enable
  done
  echo 1 > $T/tracing_on
  tr=1
fi
show() {
  local r lo hi perm x y z name h= m=
  while read -r r perm x y z name; do
    lo=$((16#${r%-*})); hi=$((16#${r#*-}))
    if [ "$name" = "[heap]" ]; then h="$h${h:++}$(( (hi - lo) / 4096 ))"
    elif [ "$perm" = rw-p ] && [ -z "$name" ]; then m="$m $(( (hi - lo) / 4096 ))"; fi
  done < /proc/$w/maps
  printf '%s: heap %s pages; anon maps (pages)%s' "$1" "$h" "$m"
  awk '$1 == "Rss:" || $1 == "Anonymous:" { printf "; %s %s", $1, $2 }' /proc/$w/smaps_rollup
  awk '$1 == "anon" { printf "; c1 anon %d KiB\n", $2 / 1024 }' $C/c1/memory.stat
}
dump() {
  local h s n
  h=$(awk '/\[heap\]/ { split($1, r, "-"); if (lo == "") lo = r[1]; hi = r[2] } END { print lo, hi }' /proc/$w/maps)
  set -- "$1" $h
  s=$((16#$2 / 4096)); n=$(( (16#$3 - 16#$2) / 4096 ))
  echo "dump $1"
  echo "heap $2-$3"
  echo "heap-gz-b64 begin"
  dd if=/proc/$w/mem bs=4096 skip=$s count=$n 2>/dev/null | gzip -c | base64
  echo "heap-gz-b64 end"
  echo "arena-gz-b64 begin"
  dd if=/proc/$w/mem bs=4096 skip=$((0x63a000 / 4096)) count=1 2>/dev/null | gzip -c | base64
  echo "arena-gz-b64 end"
}
k=0
step() {
  [ $tr = 1 ] && echo "step $1" > $T/trace_marker
  echo "$1" > /tmp/go; read -r ok < /tmp/done; show "$1"
  k=$((k + 1)); [ $k -le 8 ] && [ -r /proc/$w/mem ] && dump "$k $1"; }
sleep 1
show start
for c in p a p a p a p a cp len sub us back uys cs uv ua p a; do step $c; done
echo quit > /tmp/go; wait $w
echo "worker status $?"
if [ $tr = 1 ]; then
  echo 0 > $T/tracing_on
  echo "trace begin"
  grep -v '^#' $T/trace | sed 's/^ *//' | awk '{$1 = ""; $2 = ""; $3 = ""; print}'
  echo "trace end"
fi
rm /tmp/go /tmp/done
rmdir $C/c1
