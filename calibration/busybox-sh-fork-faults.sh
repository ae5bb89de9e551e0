#!/bin/bash
# memcgsim calibration (session 28, branch sched28, docs/fidelity.md item 109): the
# page faults of a busybox sh per fork (its own min_flt, /proc/PID/stat field 10) and
# of its children (cmin_flt, field 11), for N forks of: a NOEXEC applet (head, run
# in the forked child without an execve: ash's tryexec → run_noexec_applet_and_exit),
# the same with a redirection, an applet exec'd (cat: execve of /proc/self/exe), and a
# subshell. Read with ash's `read` builtin, no fork. Job1-v1.sh's `sh -c` (traced
# with tools/sizes/job-tasks-trace.sh) forks one head and execs its last command.
#   memcgsim oracle calibration/busybox-sh-fork-faults.sh --kernel 5.10|6.1 [--cpus N]
#   memcgsim run calibration/busybox-sh-fork-faults.sh --kernel 5.10|6.1 --cgroup v1 \
#       --init busybox --userland busybox
N=40
for kind in noexec noexec-redir exec subshell; do
  case $kind in
    noexec) body='head -n 0 /dev/null' ;;
    noexec-redir) body='head -n 0 /dev/null > /dev/null' ;;
    exec) body='cat /dev/null' ;;
    subshell) body='( : )' ;;
  esac
  sh -c "st() { read -r l < /proc/\$\$/stat; set -- \${l#*) }; echo \$8 \$9; }
    set -- \$(st); m0=\$1 c0=\$2
    i=0; while [ \$i -lt $N ]; do $body; i=\$((i + 1)); done
    set -- \$(st); echo \"$kind: $N forks, per fork: own \$(( (\$1 - m0) * 10 / $N )) children \$(( (\$2 - c0) * 10 / $N )) (tenths)\""
done
