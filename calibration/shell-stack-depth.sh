#!/bin/bash
# Written for memcgsim (session 20, docs/fidelity.md item 60): which pages of the script
# bash's [stack], [heap] and .data/.bss each shape of command writes in the cgroup the
# bash is in when it forks there, by the call depth it runs at. Each shape runs with the
# bash in its own cgroup x$k (kept online: /proc/kpagecgroup names it), then the bash
# goes back to the root and, by builtins only (no fork), has a watcher started before
# (a busybox sh, which walks /proc/PID/maps -> /proc/PID/pagemap -> /proc/kpagecgroup)
# print the pages charged to x$k: "label [stack](pages/present)[offsets]"; an offset
# counts from the mapping's start (the stack's top page is pages-1). cgroup v2.
# Run: memcgsim oracle calibration/shell-stack-depth.sh --kernel 6.1 --cgroup v2
cd /sys/fs/cgroup
echo +memory > cgroup.subtree_control
F1=/tmp/sd-go F2=/tmp/sd-done
mkfifo $F1 $F2
WATCH='
P=$1
while read k label < '$F1'; do
  C=$(stat -c %i /sys/fs/cgroup/x$k)
  out="$label:"
  while read range perm off dev ino name; do
    case "$perm" in rw?p) ;; *) continue ;; esac
    s=$((0x${range%-*})); e=$((0x${range#*-})); np=$(( (e - s) / 4096 ))
    words=$(dd if=/proc/$P/pagemap bs=8 skip=$((s / 4096)) count=$np 2>/dev/null | od -An -v -tx8)
    at=""; j=0; n=0
    for w in $words; do
      if [ $(( (0x$w >> 63) & 1 )) = 1 ]; then
        n=$((n+1))
        pfn=$(( 0x$w & 0x7fffffffffffff ))
        c=$(dd if=/proc/kpagecgroup bs=8 skip=$pfn count=1 2>/dev/null | od -An -tu8 | tr -d " ")
        [ "$c" = "$C" ] && at="$at,$j"
      fi
      j=$((j+1))
    done
    out="$out ${name:-anon}($np/$n)[${at#,}]"
  done < /proc/$P/maps
  echo "$out"
  echo done > '$F2'
done
'
/bin/busybox sh -c "$WATCH" sh $$ &
W=$!
f1() { /bin/true; }
f2() { f1; }
f3() { f2; }
g1() { n=$(/bin/true); }
g3() { f2x; }
f2x() { g1; }
k=0
# top level, no loop
k=$((k+1)); mkdir x$k; echo $$ > x$k/cgroup.procs
/bin/true
echo $$ > cgroup.procs; echo "$k top-ext" > $F1; read x < $F2
k=$((k+1)); mkdir x$k; echo $$ > x$k/cgroup.procs
n=$(/bin/true)
echo $$ > cgroup.procs; echo "$k top-comsub" > $F1; read x < $F2
k=$((k+1)); mkdir x$k; echo $$ > x$k/cgroup.procs
n=$(wc -l < /etc/passwd)
echo $$ > cgroup.procs; echo "$k top-comsub-redir" > $F1; read x < $F2
k=$((k+1)); mkdir x$k; echo $$ > x$k/cgroup.procs
f3
echo $$ > cgroup.procs; echo "$k top-func3-ext" > $F1; read x < $F2
for r in 1 2 3; do
  k=$((k+1)); mkdir x$k; echo $$ > x$k/cgroup.procs
  /bin/true
  echo $$ > cgroup.procs; echo "$k for-ext" > $F1; read x < $F2
  k=$((k+1)); mkdir x$k; echo $$ > x$k/cgroup.procs
  sleep 1 &
  echo $$ > cgroup.procs; echo "$k for-bg" > $F1; read x < $F2
  k=$((k+1)); mkdir x$k; echo $$ > x$k/cgroup.procs
  n=$(/bin/true)
  echo $$ > cgroup.procs; echo "$k for-comsub" > $F1; read x < $F2
  k=$((k+1)); mkdir x$k; echo $$ > x$k/cgroup.procs
  n=$(wc -l < /etc/passwd)
  echo $$ > cgroup.procs; echo "$k for-comsub-redir" > $F1; read x < $F2
  k=$((k+1)); mkdir x$k; echo $$ > x$k/cgroup.procs
  ( : )
  echo $$ > cgroup.procs; echo "$k for-subshell" > $F1; read x < $F2
  k=$((k+1)); mkdir x$k; echo $$ > x$k/cgroup.procs
  /bin/true | /bin/true
  echo $$ > cgroup.procs; echo "$k for-pipeline" > $F1; read x < $F2
  k=$((k+1)); mkdir x$k; echo $$ > x$k/cgroup.procs
  f1
  echo $$ > cgroup.procs; echo "$k for-func1-ext" > $F1; read x < $F2
  k=$((k+1)); mkdir x$k; echo $$ > x$k/cgroup.procs
  f3
  echo $$ > cgroup.procs; echo "$k for-func3-ext" > $F1; read x < $F2
  k=$((k+1)); mkdir x$k; echo $$ > x$k/cgroup.procs
  while :; do /bin/true; break; done
  echo $$ > cgroup.procs; echo "$k for-while-ext" > $F1; read x < $F2
  k=$((k+1)); mkdir x$k; echo $$ > x$k/cgroup.procs
  if :; then /bin/true; fi
  echo $$ > cgroup.procs; echo "$k for-if-ext" > $F1; read x < $F2
  k=$((k+1)); mkdir x$k; echo $$ > x$k/cgroup.procs
  g3
  echo $$ > cgroup.procs; echo "$k for-func3-comsub" > $F1; read x < $F2
done
kill $W
