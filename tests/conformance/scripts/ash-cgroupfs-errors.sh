#!/bin/bash
# Written for memcgsim's conformance suite (session 36): busybox sh, the guests'
# /bin/sh, meeting cgroupfs's errors in `sh -c` strings as runtimes and admins write
# them: its messages (ash.c ash_vmsg, errmsg; the echo applet's "sh: write error:",
# printf's silence), statuses (2 for a builtin's error, the shell ended by an
# expansion error), and the death it reports of the job it waits for (Killed).
if [ -d /sys/fs/cgroup/memory ]; then
  C=/sys/fs/cgroup/memory; LIM=memory.limit_in_bytes
else
  C=/sys/fs/cgroup; LIM=memory.max
  echo +memory > $C/cgroup.subtree_control
fi
mkdir $C/ash
sh -c "echo bogus > $C/ash/$LIM"; echo "bogus limit rc=$?"
sh -c "printf 'bogus\n' > $C/ash/$LIM"; echo "printf bogus rc=$?"
sh -c "echo 1 > $C/gone/$LIM"; echo "gone rc=$?"
sh -c "echo 1 > $C/ash/no.such.file"; echo "no such file rc=$?"
sh -c "cat < $C/ash/no.such.file"; echo "read rc=$?"
sh -c "echo 99999 > $C/ash/cgroup.procs"; echo "no such pid rc=$?"
sh -c "echo abc > $C/ash/cgroup.procs"; echo "not a pid rc=$?"
sh -c "cd $C/gone; echo after"; echo "cd rc=$?"
sh -c 'x=${CG:?no cgroup given}; echo $x'; echo "unset rc=$?"
sh -c "[ \$(cat $C/ash/cgroup.procs | wc -l) -eq ]"; echo "test rc=$?"
sh -c "rmdir $C/ash/gone"; echo "rmdir rc=$?"
mkdir $C/ash/busy
sh -c "echo \$\$ > $C/ash/busy/cgroup.procs; rmdir $C/ash/busy; echo rc=\$?"
echo "busy rc=$?"
echo 8M > $C/ash/$LIM
sh -c "echo \$\$ > $C/ash/cgroup.procs; sh -c 'x=\$(head -c 64m /dev/zero | tr \"\\\\0\" a); echo survived'; echo inner rc=\$?"
echo "oom rc=$?"
sleep 1
rmdir $C/ash/busy $C/ash 2>&1; echo "removed rc=$?"
