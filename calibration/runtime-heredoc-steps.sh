#!/bin/bash
# Written for memcgsim (session 33, novel33; docs/fidelity.md item 181): which step of
# tests/conformance/scripts/novel-runtime-heredoc.sh's loop faults the managing bash's
# anonymous pages. The script's bash moves into "mgr" and runs the first two containers'
# steps one at a time, printing mgr's anon pages (memory.stat, cgroup v2) after each.
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir $C/mgr
echo $$ > $C/mgr/cgroup.procs
an() { echo "$1: anon $(awk '$1 == "anon" {print $2 / 4096}' $C/mgr/memory.stat)"; }
an start
exec 3>>/tmp/runtime.log
an "exec 3>>"
for i in 1 2 3; do
  mkdir $C/ctr$i
  an "ctr$i mkdir"
  cat > /tmp/ctr$i.conf <<CONF
memory.max $((16 + i))M
memory.high $((12 + i))M
CONF
  an "ctr$i here-document"
  while read -r knob val; do echo "$val" > $C/ctr$i/$knob; done < /tmp/ctr$i.conf
  an "ctr$i while read"
  ( echo $BASHPID > $C/ctr$i/cgroup.procs; exec sleep 300 <<< "ctr$i" ) &
  an "ctr$i subshell &"
  eval "pid$i=$!"
  an "ctr$i eval"
  echo "ctr$i started $(cat $C/ctr$i/memory.max)" >&3
  an "ctr$i echo \$(cat) >&3"
done
kill $pid1 $pid2 $pid3; wait 2>/dev/null
an killed
for i in 1 2 3; do rmdir $C/ctr$i; rm /tmp/ctr$i.conf; done
echo $$ > $C/cgroup.procs; rmdir $C/mgr
