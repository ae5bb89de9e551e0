#!/bin/bash
# memcgsim calibration (session 25, branch progs25): the guest's bash-static exec'd
# as `bash -c 'read x < FIFO; :'` in a fresh cgroup (memory.stat anon after the 2 s
# rstat flush), and where its anonymous pages are (/proc/PID/smaps area by area:
# Anonymous, a page-table walk), with RssAnon (the split counters) and min_flt;
# then a subshell forked in a fresh cgroup from a subshell of the script, and the
# script's own bash, for scale.
# Guest only: memcgsim oracle calibration/bash-c-anon.sh --kernel K --cgroup v2
F=/tmp/bca.fifo
cd /sys/fs/cgroup
echo +memory > cgroup.subtree_control
mkfifo $F
exec 3<>$F
mkdir bca-exec bca-fork
( echo $BASHPID > bca-exec/cgroup.procs; exec bash -c "read x < $F; :" ) &
( echo $BASHPID > bca-fork/cgroup.procs; ( read x < $F; : ) & wait ) &
sleep 3
show() {
  local l
  read -r l < /proc/$2/stat; set -- $1 $2 $l
  echo "== $1 pid $2 comm $(cat /proc/$2/comm) minflt ${12} $(awk '/^RssAnon:/ {print "RssAnon", $2}' /proc/$2/status) smaps_anon $(awk '/^Anonymous:/ {print $2}' /proc/$2/smaps_rollup)"
  awk '/^[0-9a-f]+-[0-9a-f]+ / {a=$1; n=$6} /^Anonymous:/ {if ($2 > 0) printf "  %s %s %s kB\n", a, n, $2}' /proc/$2/smaps
}
for c in exec fork; do
  echo "$c: current $(cat bca-$c/memory.current) $(grep -E '^(anon|pgfault) ' bca-$c/memory.stat | tr '\n' ' ')"
  for p in $(cat bca-$c/cgroup.procs); do show $c $p; done
done
show shell $$
for c in exec fork; do for p in $(cat bca-$c/cgroup.procs); do kill $p; done; done
for i in 1 2 3 4; do echo x >&3; done
wait 2>/dev/null
sleep 1
rmdir bca-exec bca-fork
rm -f $F
