#!/bin/bash
# Written for memcgsim (session 19, docs/fidelity.md item 56): how fast the removed
# levels of a chain of 8 stop being counted in /proc/cgroups (num_cgroups) after a
# bottom-up rmdir, as proc-cgroup-depth removes them. Each level is freed in turn: the
# leaf's kill (percpu_ref_kill_and_confirm: a grace period, css_killed_work_fn), its
# release (css_release_work_fn) and free (queue_rcu_work: a grace period,
# css_free_rwork_fn: nr_cgrps--, cgroup_put of its parent), then its parent's release
# and free. num_cgroups read with bash builtins (no fork), the time from $EPOCHREALTIME
# in a command substitution (a fork; microseconds after the rmdir began): a busy loop
# of reads; one read right after; awk in a command substitution (the case's read); one
# read after sleeps of growing length.
# Run: memcgsim oracle calibration/cgroup-chain-release-lag.sh --kernel 6.1 --cgroup v2 --cpus 1
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
  R=/sys/fs/cgroup; echo +memory > $R/cgroup.subtree_control
else
  R=/sys/fs/cgroup/memory
fi
ncgv() { local n h c e; while read -r n h c e; do [ "$n" = memory ] && N=$c; done < /proc/cgroups; }
us() { local t=${EPOCHREALTIME/./}; echo $(( t - T0 )); }
for mode in busy sleep0 awk; do
 for rep in 1 2; do
  mkdir -p $R/l1/l2/l3/l4/l5/l6/l7/l8
  p=$R/l1/l2/l3/l4
  T0=${EPOCHREALTIME/./}
  rmdir $p/l5/l6/l7/l8 $p/l5/l6/l7 $p/l5/l6 $p/l5 $p $R/l1/l2/l3 $R/l1/l2 $R/l1
  T1=$(us)
  if [ $mode = busy ]; then
    last=; out=
    while :; do ncgv; t=$(us); if [ "$N" != "$last" ]; then out="$out $t:$N"; last=$N; fi; [ $N = 1 ] && break; [ $t -gt 3000000 ] && break; done
    echo "$mode $rep: rmdir took $T1 us; changes$out"
  elif [ $mode = sleep0 ]; then
    ncgv; a=$N; t=$(us); echo "$mode $rep: rmdir took $T1 us; read at $t: $a"
  else
    x=$(awk '$1 == "memory" {print $3}' /proc/cgroups); t=$(us); echo "$mode $rep: rmdir took $T1 us; awk read at $t: $x"
  fi
  sleep 1
 done
done
for s in 0.004 0.01 0.02 0.04 0.08; do
  mkdir -p $R/l1/l2/l3/l4/l5/l6/l7/l8; p=$R/l1/l2/l3/l4
  T0=${EPOCHREALTIME/./}
  rmdir $p/l5/l6/l7/l8 $p/l5/l6/l7 $p/l5/l6 $p/l5 $p $R/l1/l2/l3 $R/l1/l2 $R/l1
  sleep $s; ncgv; t=$(us); echo "sleep $s: read at $t: $N"
  sleep 1
done
