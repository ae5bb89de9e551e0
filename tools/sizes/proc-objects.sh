#!/bin/bash
# Run in the oracle's guest (memcgsim oracle tools/sizes/proc-objects.sh --kernel K
# --cgroup v2 > tools/sizes/recordings/proc-objects--K-v2.txt): the kernel objects a
# process of the guests' userland keeps, per kind of process, and what its cgroup is
# charged for them. Four kinds, N of each started from a subshell that entered a
# fresh memory cgroup, all blocked until killed:
#   sleep      `sleep 3600 &`        fork + exec of busybox sleep, stdin /dev/null
#                                    (bash's async command without job control)
#   sleep-fd   `sleep 3600 <&3 &`    the same, stdin a dup of the FIFO on fd 3
#   bash-c     `bash -c 'read x' <&3 &`  fork + exec of the static bash
#   subshell   `( read x ) <&3 &`    fork only: the script's bash
# Per kind, per process: /proc/slabinfo active objects of every cache that moved by
# N/4 or more, the cgroup's memory.stat slab items, kernel_stack, pagetables and
# memory.current, /proc/PID/maps lines and FDSize of one of them; then after the
# kill and reap what the caches keep.
N=${N:-100}
R=/sys/fs/cgroup
grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
echo "cmdline: $(cat /proc/cmdline)"
echo "N=$N cpus=$(grep -c ^processor /proc/cpuinfo)"
echo "script bash: FDSize $(awk '$1 == "FDSize:" {print $2}' /proc/$$/status) maps $(wc -l < /proc/$$/maps) fds $(ls /proc/$$/fd | tr '\n' ' ')"
mkfifo /tmp/fifo
exec 3<>/tmp/fifo
snap() { awk 'NR > 2 { print $1, $2, $4 }' /proc/slabinfo; }
stat() { awk '$1 ~ /^(slab|slab_reclaimable|slab_unreclaimable|kernel_stack|pagetables|kernel|sock|file|anon|percpu)$/ {print $1, $2}' $1/memory.stat; echo current $(cat $1/memory.current); }
delta() {   # before after: per-process deltas of the caches that moved
    awk -v n=$N 'NR == FNR { b[$1] = $2; next }
        { d = $2 - b[$1]; if (d >= n / 4 || -d >= n / 4) printf "  %s objsize %d %+.2f\n", $1, $3, d / n }' $1 $2
}
sdelta() {
    awk -v n=$N 'NR == FNR { b[$1] = $2; next } { printf "  %s %+.1f\n", $1, ($2 - b[$1]) / n }' $1 $2
}
start() {   # kind cgroup
    case $1 in
    sleep) ( echo $BASHPID > $2/cgroup.procs; i=0; while [ $i -lt $N ]; do sleep 3600 & i=$((i + 1)); done ) ;;
    sleep-fd) ( echo $BASHPID > $2/cgroup.procs; i=0; while [ $i -lt $N ]; do sleep 3600 <&3 & i=$((i + 1)); done ) ;;
    bash-c) ( echo $BASHPID > $2/cgroup.procs; i=0; while [ $i -lt $N ]; do bash -c 'read x' <&3 & i=$((i + 1)); done ) ;;
    subshell) ( echo $BASHPID > $2/cgroup.procs; i=0; while [ $i -lt $N ]; do ( read x ) <&3 & i=$((i + 1)); done ) ;;
    esac
}
for kind in sleep sleep-fd bash-c subshell; do
    cg=$R/po-$kind
    mkdir $cg
    sync; echo 2 > /proc/sys/vm/drop_caches; sleep 1
    snap > /tmp/before; stat $cg > /tmp/sbefore
    start $kind $cg
    sleep 2
    snap > /tmp/after; stat $cg > /tmp/safter
    echo "=== $kind: per process, alive ($(wc -l < $cg/cgroup.procs) in the cgroup)"
    delta /tmp/before /tmp/after
    echo "  -- memory.stat per process"
    sdelta /tmp/sbefore /tmp/safter
    p=$(head -n 1 $cg/cgroup.procs)
    echo "  -- one: comm $(cat /proc/$p/comm) maps $(wc -l < /proc/$p/maps) FDSize $(awk '$1 == "FDSize:" {print $2}' /proc/$p/status) fds $(ls /proc/$p/fd | tr '\n' ' ')"
    [ $kind = sleep ] || [ $kind = bash-c ] && cat /proc/$p/maps | awk '{print "    " $0}'
    kill $(cat $cg/cgroup.procs)
    sleep 2
    snap > /tmp/gone
    echo "=== $kind: per process, after the kill and reap"
    delta /tmp/before /tmp/gone
    rmdir $cg
done
