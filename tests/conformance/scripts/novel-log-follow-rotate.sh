#!/bin/bash
# Written for memcgsim's conformance suite (session 36, novel36; cgroup v1 or v2): a
# log shipper in its own cgroup follows an app's log with `tail -f` while the app, in
# another cgroup, appends to it; then the log is rotated the copytruncate way (cp,
# then truncate in place) and the app writes on. busybox tail -f (coreutils/tail.c)
# wakes once a second, seeks back to the start of a file that became shorter than its
# offset and copies what was appended. Printed: the lines the shipper has passed on
# at each step, and each cgroup's page cache (the shipped copy is the shipper's).
if [ -d /sys/fs/cgroup/memory ]; then C=/sys/fs/cgroup/memory; F=total_cache; else
  C=/sys/fs/cgroup; F=file; echo "+memory +pids" > $C/cgroup.subtree_control; fi
W=$PWD/follow.$$; mkdir -p $W
mkdir $C/app $C/shipper
fl() { awk -v f=$F '$1 == f {print int($2 / 4096)}' $C/$1/memory.stat; }
st() { echo "$1: shipped $(wc -l < $W/shipped.log) lines, app.log $(wc -l < $W/app.log) lines; pages app $(fl app) shipper $(fl shipper)"; }
echo "boot line" > $W/app.log
( echo $BASHPID > $C/shipper/cgroup.procs; exec tail -f $W/app.log > $W/shipped.log ) &
shipper=$!
sleep 0.5
( echo $BASHPID > $C/app/cgroup.procs
  for i in $(seq 1 6); do printf "req %03d %0200d\n" $i 0 >> $W/app.log; sleep 0.3; done )
sleep 2
st "app wrote 6"
cp $W/app.log $W/app.log.1; : > $W/app.log
st "rotated"
( echo $BASHPID > $C/app/cgroup.procs
  for i in 7 8 9; do printf "req %03d %0200d\n" $i 0 >> $W/app.log; done )
sleep 2
st "app wrote 3 more"
echo "last shipped: $(tail -n 1 $W/shipped.log | cut -c1-7)"
kill $shipper; wait $shipper 2>/dev/null
rm -r $W; rmdir $C/app $C/shipper; echo "cleanup: $?"
