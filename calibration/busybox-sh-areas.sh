#!/bin/bash
# memcgsim calibration (session 24, docs/fidelity.md item 80): where busybox sh's
# anonymous pages are (calibration/busybox-sh-image.sh counts them): /proc/PID/smaps
# area by area (its Anonymous: present anonymous pages, a page-table walk) of
#   sleep:  busybox sleep 3600;
#   shc:    busybox sh -c 'read x < FIFO; :' blocked in the read builtin;
#   sub:    the subshell busybox sh forks for '( read x < FIFO; : ) &' (its parent
#           waits; the child's COW copies are the pages it wrote since the fork);
#   noexec: the child busybox sh forks to run the NOEXEC head applet (no execve);
#   shell:  the script's own bash, for scale.
# Guest only: memcgsim oracle calibration/busybox-sh-areas.sh --kernel K --cgroup v2
F=/tmp/bsa.fifo
mkfifo $F
exec 3<>$F
sleep 3600 & p1=$!
sh -c "read x < $F; :" & p2=$!
sh -c "( read x < $F; : ) & wait" & p3=$!
sh -c "head -n 1 $F; :" & p4=$!
sleep 2
kids() { for t in /proc/$1/task/*/children; do cat $t; done; }
show() {
  echo "== $1 pid $2 comm $(cat /proc/$2/comm)"
  awk '/^[0-9a-f]+-[0-9a-f]+ / {a=$1; n=$6} /^Anonymous:/ {if ($2 > 0) printf "  %s %s %s kB\n", a, n, $2}' /proc/$2/smaps
}
show sleep $p1
show shc $p2
show sub-parent $p3
for c in $(kids $p3); do show sub-child $c; done
show noexec-parent $p4
for c in $(kids $p4); do show noexec-child $c; done
show shell $$
kill $p1
for i in 1 2 3 4 5 6; do echo x >&3; done
wait 2>/dev/null
rm -f $F
