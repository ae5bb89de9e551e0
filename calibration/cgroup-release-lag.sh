#!/bin/bash
# How long a removed cgroup stays counted in its parent's nr_dying_descendants
# (cgroup v2, no controller enabled below the root): rmdir kills cgrp->self's
# percpu_ref; the last reference goes when it is free and css_release_work_fn then
# decrements the ancestors' nr_dying_descendants. Without a task it is at once;
# after a task ran in it, the exited task's css_set holds the cgroup until the
# task_struct is freed (cgroup_free from __put_task_struct, after
# delayed_put_task_struct's RCU grace period). Read with bash builtins (no fork)
# right after rmdir and after sleeps of growing length.
# Run: memcgsim oracle calibration/cgroup-release-lag.sh --kernel 6.1 --cgroup v2
R=/sys/fs/cgroup
dying() { local k v; while read -r k v; do [ "$k" = nr_dying_descendants ] && echo "$v"; done < $R/cgroup.stat; }
for task in no yes; do
  for s in 0 0.001 0.004 0.01 0.02 0.05 0.1 0.2 0.5; do
    mkdir $R/lag
    if [ $task = yes ]; then echo $$ > $R/lag/cgroup.procs; /bin/true; echo $$ > $R/cgroup.procs; fi
    rmdir $R/lag
    [ "$s" = 0 ] || sleep $s
    a=$(dying)
    echo "task $task, sleep $s: dying $a"
    sleep 1
  done
done
# the guro2019 shape: rmdir, then a cat | grep pipeline
mkdir $R/lag; echo $$ > $R/lag/cgroup.procs; /bin/true; echo $$ > $R/cgroup.procs; rmdir $R/lag
cat $R/cgroup.stat | grep nr_dying_descendants
