#!/bin/bash
# memcgsim calibration (session 24, docs/fidelity.md item 80): the image of busybox sh
# (the guests' /bin/sh, a link to /bin/busybox, and the `#!/bin/busybox sh` scripts'
# interpreter) beside a busybox sleep. Each process is exec'd inside its own fresh
# cgroup from a bash subshell and blocked in a read of a FIFO; after 3 s (the 2 s
# periodic rstat flush) the cgroup's memory.stat and, per process, smaps_rollup's
# Anonymous (a page-table walk: exact, unlike RssAnon's per-task cached counters),
# VmPTE (mm_pgtables_bytes) and min_flt (/proc/PID/stat field 10). Processes:
#   sleep:  busybox sleep 3600 (the applets' image, kernel/fork.py GUEST_SLEEP);
#   shc:    sh -c 'read x < FIFO; :' (busybox sh -c, the read builtin);
#   script: an executable `#!/bin/busybox sh` file doing the same (binfmt_script,
#           as the guests' /bin/head and /bin/getconf run);
#   sub:    sh -c '( read x < FIFO; : ) & wait': busybox sh and its forked subshell;
#   noexec: sh -c 'head -n 1 FIFO; :': busybox sh and its fork running the NOEXEC
#           head applet without an execve;
#   last:   sh -c 'head -n 1 FIFO': the last command of -c (ash's EV_EXIT: no fork).
# Guest only (it writes under /sys/fs/cgroup):
#   memcgsim oracle calibration/busybox-sh-image.sh --kernel K --cgroup v2
F=/tmp/bsi.fifo
cd /sys/fs/cgroup
echo +memory > cgroup.subtree_control
mkfifo $F
exec 3<>$F
printf '#!/bin/busybox sh\nread x < /tmp/bsi.fifo\n:\n' > /tmp/bsi-script
chmod +x /tmp/bsi-script
C="sleep shc script sub noexec last"
for c in $C; do mkdir bsi-$c; done
( echo $BASHPID > bsi-sleep/cgroup.procs; exec sleep 3600 ) &
( echo $BASHPID > bsi-shc/cgroup.procs; exec sh -c "read x < $F; :" ) &
( echo $BASHPID > bsi-script/cgroup.procs; exec /tmp/bsi-script ) &
( echo $BASHPID > bsi-sub/cgroup.procs; exec sh -c "( read x < $F; : ) & wait" ) &
( echo $BASHPID > bsi-noexec/cgroup.procs; exec sh -c "head -n 1 $F; :" ) &
( echo $BASHPID > bsi-last/cgroup.procs; exec sh -c "head -n 1 $F" ) &
sleep 3
for c in $C; do
  s=$(grep -E '^(anon|kernel|kernel_stack|pagetables|slab|pgfault) ' bsi-$c/memory.stat | tr '\n' ' ')
  echo "$c: current $(cat bsi-$c/memory.current) $s"
  for p in $(cat bsi-$c/cgroup.procs); do
    a=$(awk '/^Anonymous:/ {print $2}' /proc/$p/smaps_rollup)
    t=$(awk '/^VmPTE:/ {print $2}' /proc/$p/status)
    read -r st < /proc/$p/stat
    set -- $st
    m=$(wc -l < /proc/$p/maps)
    echo "  $(cat /proc/$p/comm) anon_kB $a VmPTE_kB $t minflt ${10} vmas $m"
  done
done
for c in $C; do for p in $(cat bsi-$c/cgroup.procs); do kill $p; done; done
for i in 1 2 3 4 5 6 7 8; do echo x >&3; done
wait 2>/dev/null
sleep 1
for c in $C; do rmdir bsi-$c; done
rm -f $F /tmp/bsi-script
