#!/bin/bash
# memcgsim calibration (session 37, branch novel37; cgroup v2): does khugepaged move a
# removed cgroup's anon to the cgroup its tasks were moved to? novel-stopped-trash's
# setup (two bash subshells in ctr holding 3 MiB strings, SIGSTOP'd, moved to trash,
# ctr removed; the first continued to make a 6 MiB string in trash), then every 12 s:
# rt's and trash's anon, trash's anon_thp and thp_collapse_alloc, /proc/vmstat's
# thp_collapse_alloc. A collapse charges the new huge page to the mm owner's memcg
# (mm/khugepaged.c collapse_huge_page → mem_cgroup_charge(..., mm, ...)).
# Guest only: memcgsim oracle calibration/stopped-trash-thp.sh --kernel K --cgroup v2
C=/sys/fs/cgroup; R=$C/rt
echo +memory > $C/cgroup.subtree_control
mkdir -p $R/ctr $R/trash; echo +memory > $R/cgroup.subtree_control
st() { awk -v k=$2 '$1 == k {print $2}' $R/$1/memory.stat; }
vm() { awk -v k=$1 '$1 == k {print $2}' /proc/vmstat; }
show() {
  echo "$1: rt anon $(st . anon) trash anon $(st trash anon) anon_thp $(st trash anon_thp)" \
       "collapse $(st trash thp_collapse_alloc); vmstat collapse $(vm thp_collapse_alloc)"
}
echo "THP: $(cat /sys/kernel/mm/transparent_hugepage/enabled); khugepaged scan" \
     "$(cat /sys/kernel/mm/transparent_hugepage/khugepaged/scan_sleep_millisecs) ms" \
     "$(cat /sys/kernel/mm/transparent_hugepage/khugepaged/pages_to_scan) pages"
mkfifo tick; exec 3<>tick
for i in 1 2; do
  ( echo $BASHPID > $R/ctr/cgroup.procs
    x=$(head -c 3M /dev/zero | tr '\0' x); : > ready.$BASHPID
    while :; do read -t 0.2 -u 3; [ -e more.$BASHPID ] && { y=$x$x; rm more.$BASHPID; }; done ) &
  p[$i]=$!
done
until [ -e ready.${p[1]} ] && [ -e ready.${p[2]} ]; do sleep 0.1; done
show start
kill -STOP ${p[1]} ${p[2]}; sleep 0.5
for t in $(cat $R/ctr/cgroup.procs); do echo $t > $R/trash/cgroup.procs; done
rmdir $R/ctr; echo "rmdir ctr: $?"
show moved
touch more.${p[1]}; kill -CONT ${p[1]}
while [ -e more.${p[1]} ]; do sleep 0.1; done; sleep 0.3
show continued
for t in 12 24 36; do sleep 12; show "+$t s"; done
kill -KILL ${p[1]} ${p[2]}; wait
rm -f ready.* tick
