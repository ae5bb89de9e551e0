#!/bin/bash
# Written for memcgsim (session 18, docs/fidelity.md item 52): which of the looping
# shell's own pages pin which iteration's cgroup in tests/conformance/scripts/
# v2-nested-scope.sh. The case's loop, 200 times, but each iteration's scope is
# s$i/b/c (kept online: /proc/kpagecgroup gives a dying memcg's page as its nearest
# online ancestor's inode) and the `rmdir a/b/c a/b a` removes an empty t$i made by the
# same `mkdir -p` (the same forks and execs in the same cgroups). A busybox sh (one
# fork of this bash, in the root) walks this bash's writable private mappings
# (/proc/PID/maps -> /proc/PID/pagemap -> /proc/kpagecgroup, /proc/kpagecount) at the
# start and after the loop, and prints for every present page its offset in the
# mapping, its memcg's inode number and its map count; then each iteration's c inode.
cd /sys/fs/cgroup
echo +memory > cgroup.subtree_control
WALK='
P=$1
echo "walk $2: bash $P root $(stat -c %i /sys/fs/cgroup) live $(stat -c %i /sys/fs/cgroup/live)"
grep -E "^(RssAnon|RssFile|VmRSS)" /proc/$P/status | tr -s " \t" " " | tr "\n" " "; echo
while read range perm off dev ino name; do
  case "$perm" in rw?p) ;; *) continue ;; esac
  s=$((0x${range%-*})); e=$((0x${range#*-})); np=$(( (e - s) / 4096 ))
  words=$(dd if=/proc/$P/pagemap bs=8 skip=$((s / 4096)) count=$np 2>/dev/null | od -An -v -tx8)
  out=""; i=0; n=0
  for w in $words; do
    if [ $(( (0x$w >> 63) & 1 )) = 1 ]; then
      n=$((n+1))
      pfn=$(( 0x$w & 0x7fffffffffffff ))
      c=$(dd if=/proc/kpagecgroup bs=8 skip=$pfn count=1 2>/dev/null | od -An -tu8 | tr -d " ")
      k=$(dd if=/proc/kpagecount bs=8 skip=$pfn count=1 2>/dev/null | od -An -tu8 | tr -d " ")
      out="$out $i:$c:$k"
    fi
    i=$((i+1))
  done
  echo "${name:-anon} $range ($np pages, $n present):$out"
done < /proc/$P/maps
'
walk() { /bin/busybox sh -c "$WALK" sh $$ "$1"; }
mkdir live
walk start
P=
for i in {1..200}
do
mkdir -p s$i/b/c t$i
echo +memory > s$i/cgroup.subtree_control
echo +memory > s$i/b/cgroup.subtree_control
echo $$ > s$i/b/c/cgroup.procs
sleep 3600 &
echo $! > live/cgroup.procs
P="$P $!"
echo $$ > cgroup.procs
rmdir t$i
done
walk after-the-loop
echo "c inodes:"; for i in {1..200}; do echo -n " $i:$(stat -c %i s$i/b/c)"; done; echo
echo "b inodes:"; for i in {1..200}; do echo -n " $i:$(stat -c %i s$i/b)"; done; echo
kill $P
wait 2>/dev/null
sleep 2
walk after-kill
