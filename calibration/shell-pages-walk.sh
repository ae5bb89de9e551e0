#!/bin/bash
# Written for memcgsim (session 14, docs/fidelity.md item 34): which of the managing
# shell's own pages end up charged to the cgroup it entered. The steps of
# tests/conformance/scripts/proc-shell-pages.sh (cgroup v2); after each a busybox sh
# (one fork of this bash) walks this bash's writable private mappings
# (/proc/PID/maps → /proc/PID/pagemap → /proc/kpagecgroup) and prints per mapping the
# present pages charged to mgr (their page offsets in the mapping), to the root, and
# in all.
R=/sys/fs/cgroup
grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
WALK='
P=$1; M=$(stat -c %i '$R'/mgr); RT=$(stat -c %i '$R')
out="$2:"
while read range perm off dev ino name; do
  case "$perm" in rw?p) ;; *) continue ;; esac
  s=$((0x${range%-*})); e=$((0x${range#*-})); np=$(( (e - s) / 4096 ))
  words=$(dd if=/proc/$P/pagemap bs=8 skip=$((s / 4096)) count=$np 2>/dev/null | od -An -v -tx8)
  nm=0; nr=0; n=0; i=0; at=
  for w in $words; do
    if [ $(( (0x$w >> 63) & 1 )) = 1 ]; then
      n=$((n+1))
      pfn=$(( 0x$w & 0x7fffffffffffff ))
      c=$(dd if=/proc/kpagecgroup bs=8 skip=$pfn count=1 2>/dev/null | od -An -tu8 | tr -d " ")
      if [ "$c" = "$M" ]; then nm=$((nm+1)); at="$at,$i"; elif [ "$c" = "$RT" ]; then nr=$((nr+1)); fi
    fi
    i=$((i+1))
  done
  out="$out ${name:-anon}($np) mgr $nm [${at#,}] root $nr of $n;"
done < /proc/$P/maps
echo "$out"
'
walk() { /bin/busybox sh -c "$WALK" sh $$ "$1"; }
mkdir $R/mgr
walk "before"
echo $$ > $R/mgr/cgroup.procs
walk "entered"
v=
for i in $(seq 1 200); do v="$v$i-abcdefghijklmnopqrstuvwxyz-"; done
walk "variable grown"
for i in 1 2 3 4 5 6 7 8 9 10; do n=$(echo $i); done
walk "10 builtin comsubs"
for i in 1 2 3 4 5 6 7 8 9 10; do n=$(cat /proc/self/stat); done
walk "10 cat comsubs"
for i in 1 2 3 4 5 6 7 8 9 10; do /bin/true; done
walk "10 /bin/true"
( : ); ( true; true )
walk "2 subshells"
for i in 1 2 3 4 5; do true | cat; done
walk "5 pipelines"
sleep 0.2 & sleep 0.3 &
walk "2 background jobs"
wait
walk "after wait"
echo $$ > $R/cgroup.procs
walk "moved out"
echo "mgr memory.current $(cat $R/mgr/memory.current) anon $(awk '$1 == "anon" {print $2}' $R/mgr/memory.stat)"
rmdir $R/mgr
