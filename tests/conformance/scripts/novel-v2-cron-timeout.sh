#!/bin/bash
# Written for memcgsim's conformance suite (session 36, novel36; cgroup v2): a cron-like
# runner starts each job in a fresh cgroup under `timeout` and removes the cgroup when
# the job returns. busybox timeout (coreutils/timeout.c) execs the job in its own
# process and leaves a watcher grandchild in the cgroup, which polls the job with
# kill(pid, 0) once a second, signals it at the deadline (SIGTERM, or -s), then
# SIGKILL a second later: the cgroup stays populated up to a second after the job
# returns, so an rmdir right away fails (EBUSY). Printed: each job's status, the
# cgroup's pids.current and populated right after and a second later, the rmdir's
# error and status.
C=/sys/fs/cgroup
echo "+memory +pids" > $C/cgroup.subtree_control
job() {  # job NAME TIMEOUT-ARGS... : run under timeout in cgroup NAME, then report
  local n=$1; shift
  mkdir $C/$n
  ( echo $BASHPID > $C/$n/cgroup.procs; exec timeout "$@" )
  echo "$n: status $?, pids $(cat $C/$n/pids.current), $(grep populated $C/$n/cgroup.events)"
  rmdir $C/$n 2>&1 | sed "s#$C/##"; echo "$n: rmdir at once ${PIPESTATUS[0]}"
  sleep 1.5
  echo "$n: 1.5 s later pids $(cat $C/$n/pids.current 2>/dev/null || echo gone), $(grep populated $C/$n/cgroup.events 2>/dev/null)"
  rmdir $C/$n 2>/dev/null; echo "$n: rmdir later $?"
}
job in-time 3 sleep 0.2
job term 1 sleep 5
job kill -s KILL 1 sleep 5
job trapped 1 bash -c 'trap "echo job ignores TERM" TERM; sleep 4; echo not reached'
job nonexist 2 /no/such/job
echo "num_cgroups: $(awk '$1 == "memory" {print $3}' /proc/cgroups)"
