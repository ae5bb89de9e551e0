#!/bin/bash
# Written for memcgsim's conformance suite (session 29, lead): a cgroup turned threaded
# loses its memory css (cgroup_enable_threaded → cgroup_apply_control_disable: a dying
# memcg while its tmpfs pages stay), its tasks then charge the domain's memcg;
# domain-invalid children refuse processes (kernel/cgroup/cgroup.c).
R=/sys/fs/cgroup
cd $R || exit 1
echo +memory +pids > cgroup.subtree_control
st() { echo "$1: $(cat $R/cgroup.stat | tr '\n' ' ')"; }
mkdir t d d/e
echo +memory > d/cgroup.subtree_control
mkdir -p /tmp/tf && mount -t tmpfs none /tmp/tf
(echo 0 > t/cgroup.procs; head -c 409600 /dev/zero > /tmp/tf/f)
echo "t current $(cat t/memory.current) controllers [$(cat t/cgroup.controllers)] type $(cat t/cgroup.type)"
echo threaded > d/e/cgroup.type; echo "d/e threaded: $?"
echo threaded > t/cgroup.type; echo "t threaded: $?"
echo "t type $(cat t/cgroup.type) controllers [$(cat t/cgroup.controllers)] subtree [$(cat t/cgroup.subtree_control)]"
ls t | grep -c '^memory\.'
ls t | grep '^pids\.' | tr '\n' ' '; echo
cat $R/cgroup.type 2>&1 | sed 's/.*: //'
echo +memory > t/cgroup.subtree_control; echo "t +memory: $?"
echo +pids > t/cgroup.subtree_control; echo "t +pids: $?"
mkdir t/x t/y
echo "x type $(cat t/x/cgroup.type) controllers [$(cat t/x/cgroup.controllers)]"
sh -c 'echo 0 > /sys/fs/cgroup/t/x/cgroup.procs' 2>&1 | sed 's/.*: //'
echo threaded > t/y/cgroup.type; echo "y threaded: $?"
sh -c 'echo 0 > /sys/fs/cgroup/t/y/cgroup.procs; echo "in y: $(cat /proc/self/cgroup)"'
sh -c 'echo 0 > /sys/fs/cgroup/t/y/cgroup.threads; echo "thread in y: $(cat /proc/self/cgroup)"' 2>&1 | sed 's/.*: //'
echo "t/y pids.current $(cat t/y/pids.current) t/cgroup.threads $(wc -l < t/cgroup.threads)"
st before
rm /tmp/tf/f
sleep 1
st "file gone"
echo threaded > d/cgroup.type 2>&1; echo "d threaded: $?"
rmdir d/e d t/x t/y t
sleep 1
st end
grep memory /proc/cgroups | awk '{print $1, $3}'
