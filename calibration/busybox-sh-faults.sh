#!/bin/bash
# memcgsim calibration (session 41, branch userland41; docs/fidelity.md item 378): the
# faults (wait4's ru_minflt, busybox time's %R) and peak RSS (%M, kB x4) of busybox sh
# by what it runs: `sh -c ':'`, a loop with case and arithmetic, the guests' /bin/head
# (a `#!/bin/busybox sh` wrapper that execs busybox head: the sh's faults and head's in
# one task) against busybox head alone, /bin/getconf; then busybox xargs and find
# -exec of a program that is nowhere against one that is (/bin/true).
# Reads only; writes /tmp:
#   memcgsim oracle calibration/busybox-sh-faults.sh --kernel K --cgroup v2
t() { label=$1; shift
  busybox time -o /tmp/bsf.t -f '%R %M %x' "$@" > /dev/null 2>/tmp/bsf.e
  echo "$label: $(tr '\n' ' ' < /tmp/bsf.t)| $(head -c 70 /tmp/bsf.e | tr '\n' '|')"; }
for i in 1 2; do
  t sh-c sh -c ':'
  t sh-loop sh -c 'for a in 1 2 3; do case $a in 1) b=$((a + 1)) ;; *) set -- "$@" "$a" ;; esac; done'
  t head-applet busybox head -c 100 /dev/zero
  t head-wrapper /bin/head -c 100 /dev/zero
  t head-wrapper-K /bin/head -c 1K /dev/zero
  t getconf /bin/getconf PAGESIZE
  t xargs-true sh -c 'echo x | xargs true'
  t xargs-missing sh -c 'echo x | xargs no-such-program'
  t find-true find /proc/self/status -exec true {} ';'
  t find-missing find /proc/self/status -exec no-such-program {} ';'
  t sh-pipe sh -c 'echo x | :'
done
