#!/bin/bash
# The fork rule checked at a slow pace (session 30, branch fork30; docs/fidelity.md item
# 131): the guest's CPU masks and the shell's affinity, then 30 mkdirs, each after a
# read of every CPU's root cfs_rq util_avg / util_est_enqueued / removed.util_avg from
# the sched debug file (bash builtins: no fork; the read takes seconds on the guest, so
# every command's utilization is gone by the next fork), with sched_wakeup_new's
# target_cpu: each command goes to the first CPU after the shell's (all read 0: the
# tie find_idlest_group's walk from the parent's CPU breaks).
#   memcgsim oracle tools/sizes/fork-place-probe.sh --kernel 6.1 --cgroup v2 --cpus 16
NC=$(getconf _NPROCESSORS_ONLN)
for f in possible online isolated nohz_full; do echo "pr: $f $(cat /sys/devices/system/cpu/$f 2>&1)"; done
grep Cpus_allowed_list /proc/1/status /proc/$$/status | sed 's/^/pr: /'
echo "pr: cmdline $(cat /proc/cmdline)"
SD=/proc/sched_debug; [ -r $SD ] || { mount -t debugfs nodev /sys/kernel/debug 2>/dev/null; SD=/sys/kernel/debug/sched/debug; }
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T
echo 1 > $T/events/sched/sched_wakeup_new/enable
su() { local l c= u= e= out="pr: $1"
  while read -r l; do
    case $l in
      cfs_rq\[*\]:/) c=${l#cfs_rq[}; c=${c%%]*} ;;
      cfs_rq*) c= ;;
      .util_avg*) [ -n "$c" ] && u=${l##* } ;;
      .util_est_enqueued*) [ -n "$c" ] && e=${l##* } ;;
      .removed.util_avg*) [ -n "$c" ] && out="$out $c:$u/$e/${l##* }" && c= ;;
    esac
  done < $SD
  echo "$out"; }
R=/sys/fs/cgroup; grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
P=$R/pr; mkdir $P
read -r -a st < /proc/self/stat; echo "pr: shell on ${st[38]}"
echo 1 > $T/tracing_on
for ((i = 0; i < 30; i++)); do su "i$i"; mkdir $P/c$i; done
echo 0 > $T/tracing_on
grep -a sched_wakeup_new $T/trace | awk '{print "pr: new", $0}' | sed 's/  */ /g'
for ((i = 0; i < 30; i++)); do rmdir $P/c$i; done; rmdir $P
