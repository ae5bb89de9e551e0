#!/bin/bash
# Written for memcgsim's conformance suite (session 41, novel41; cgroup v1 or v2): an
# SRE frees the removed cgroups a batch slice keeps. Three nested levels (slice/job,
# job/a, job/a/b) each wrote 2 MiB of ext4 files from inside (clean page cache,
# charged to the level that read it in) and were removed bottom-up: each memcg stays
# dying while its pages hold it (nr_dying_descendants, /proc/cgroups). The slice's
# limit is then lowered to 2M: memcg reclaim walks the dying memcgs too
# (mem_cgroup_iter; get_scan_count scans an offline memcg's at least
# SWAP_CLUSTER_MAX a pass, "scrape out the remaining cache"), the emptied ones are
# freed. The files read again from the root are charged to the root, not the slice.
# Usage in 64K units.
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
  R=/sys/fs/cgroup; V=2; U=current; L=max; F=file
  echo +memory > $R/cgroup.subtree_control
else
  R=/sys/fs/cgroup/memory; V=1; U=usage_in_bytes; L=limit_in_bytes; F=total_cache
fi
S=$R/slice
ncg() { awk '$1 == "memory" {print $3}' /proc/cgroups; }
u64() { echo $(( $(cat $1) >> 16 )); }
fl() { awk -v k=$F '$1 == k {print int($2 / 65536)}' $S/memory.stat; }
dying() { [ $V = 2 ] && awk '$1 == "nr_dying_descendants" {print $2}' $S/cgroup.stat || echo -; }
show() { echo "$1: usage $(u64 $S/memory.$U) file $(fl) dying $(dying) num_cgroups $(ncg)"; }
mkdir $S
if [ $V = 1 ]; then echo 1 > $S/memory.use_hierarchy; else echo +memory > $S/cgroup.subtree_control; fi
g=slice
for d in job a b; do
  g=$g/$d; mkdir $R/$g
  ( echo $BASHPID > $R/$g/cgroup.procs; head -c 2M /dev/zero > lv_$d )
  [ $V = 2 ] && [ $d != b ] && echo +memory > $R/$g/cgroup.subtree_control
done
sync
show "written"
for p in job/a/b job/a job; do rmdir $S/$p; echo "rmdir $p: $?"; done
show "removed"
echo 2M > $S/memory.$L; echo "limit 2M: $?"
show "squeezed"
echo "usage within 2M: $(( $(cat $S/memory.$U) <= 2 << 20 ))"
cat lv_job lv_a lv_b > /dev/null
show "read from the root"
[ $V = 2 ] && echo max > $S/memory.$L || echo -1 > $S/memory.$L
rmdir $S; echo "rmdir slice: $? num_cgroups $(ncg)"
rm -f lv_job lv_a lv_b
