#!/bin/bash
# Written for memcgsim's conformance suite (session 36, novel36; cgroup v2): an app
# writes its log on ext4 from its cgroup, and a log shipper in another cgroup follows
# the file (tail -f) and keeps it open. When the app is stopped and its cgroup
# removed, the log's page cache stays charged to the removed memcg (no reparenting of
# LRU pages before v6.x), which stays dying; rotating the log (rm) frees nothing while
# the shipper holds the inode (iput on the last reference: evict, truncate_inode_pages);
# stopping the shipper does, and the dying memcg goes. A second log the shipper never
# opened is removed beside it. Printed at each step: the app's file usage, the root's
# cgroup.stat, /proc/cgroups' num_cgroups.
C=/sys/fs/cgroup
echo "+memory +pids" > $C/cgroup.subtree_control
W=$PWD/logs.$$; mkdir -p $W
mkdir $C/app $C/shipper
st() { echo "$1: app file $(awk '$1 == "file" {print $2}' $C/app/memory.stat 2>/dev/null || echo gone), $(tr '\n' ' ' < $C/cgroup.stat)num_cgroups $(awk '$1 == "memory" {print $3}' /proc/cgroups)"; }
( echo $BASHPID > $C/app/cgroup.procs
  for i in $(seq 1 400); do printf "%06d %0250d\n" $i 0; done > $W/app.log
  for i in $(seq 1 100); do printf "%06d %0250d\n" $i 0; done > $W/audit.log
  exec sleep 60 ) &
app=$!
sleep 1
( echo $BASHPID > $C/shipper/cgroup.procs; exec tail -f $W/app.log > /dev/null ) &
shipper=$!
sleep 1
echo "app.log $(wc -c < $W/app.log) bytes, audit.log $(wc -c < $W/audit.log) bytes"
st "app running"
kill $app; wait $app 2>/dev/null
rmdir $C/app; echo "rmdir app: $?"
sleep 1
st "app removed"
rm $W/audit.log; sleep 0.5
st "audit.log removed"
rm $W/app.log; sleep 0.5
st "app.log removed, shipper holds it"
kill $shipper; wait $shipper 2>/dev/null
sleep 1
st "shipper stopped"
rmdir $C/shipper $W; echo "rmdir shipper logs: $?"
