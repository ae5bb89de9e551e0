#!/bin/bash
# Written for memcgsim's conformance suite (session 33, novel33; cgroup v1 or v2): the
# managing shell's own pages across many containers. The script's bash moves itself
# into a "mgr" cgroup, then, as a small runtime would, for each of twelve containers
# writes its config with a here-document, applies it with a `while read` loop
# redirected from the file, logs through an fd opened with `exec 3>>`, starts the
# container's process in a subshell that enters and execs it (its input a
# here-string), and later tears everything down. After every fourth container and at
# the end: mgr's charged bytes and anon pages (v1: usage and rss), i.e. the pages the
# shell faulted while it ran there.
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
  C=/sys/fs/cgroup; V=2; echo +memory > $C/cgroup.subtree_control; A=anon; U=memory.current
else C=/sys/fs/cgroup/memory; V=1; A=rss; U=memory.usage_in_bytes; fi
mkdir $C/mgr
echo $$ > $C/mgr/cgroup.procs
mgr() { echo "$1: mgr usage pages $(( $(cat $C/mgr/$U) / 4096 )) $A pages $(awk -v k=$A '$1 == k {print $2 / 4096}' $C/mgr/memory.stat)"; }
mgr start
exec 3>>/tmp/runtime.log
for i in $(seq 1 12); do
  mkdir $C/ctr$i
  cat > /tmp/ctr$i.conf <<CONF
memory.$([ $V = 2 ] && echo max || echo limit_in_bytes) $((16 + i))M
memory.$([ $V = 2 ] && echo high || echo soft_limit_in_bytes) $((12 + i))M
CONF
  while read -r knob val; do echo "$val" > $C/ctr$i/$knob; done < /tmp/ctr$i.conf
  ( echo $BASHPID > $C/ctr$i/cgroup.procs; exec sleep 300 <<< "ctr$i" ) &
  eval "pid$i=$!"
  echo "ctr$i started $(cat $C/ctr$i/memory.$([ $V = 2 ] && echo max || echo limit_in_bytes))" >&3
  [ $((i % 4)) = 0 ] && mgr "after ctr$i"
done
exec 3>&-
echo "log lines $(wc -l < /tmp/runtime.log)"
for i in $(seq 1 12); do eval "kill \$pid$i"; done
wait 2>/dev/null
for i in $(seq 1 12); do rmdir $C/ctr$i; rm /tmp/ctr$i.conf; done
rm /tmp/runtime.log
mgr "torn down"
echo $$ > $C/cgroup.procs
rmdir $C/mgr; echo "rmdir mgr $?"
