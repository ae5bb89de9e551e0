#!/bin/bash
# /proc as the oracle guests' scripts see it (docs/fidelity.md item 270; the model's
# tables: fs/proc_tree.py, written from these recordings by tools/proc_tree.py). Run in
# each guest, v1 and v2:
#   memcgsim oracle tools/sizes/proc-tree.sh --kernel K --cgroup V \
#     > tools/sizes/recordings/proc-tree--K-V.txt        (K 5.10, 6.1; V v1, v2)
# Sections start with "--- NAME". An entry: path|type|mode|links|size|link target
# (stat -c %F, %a, %h, %s; readlink), the script's pid written as PID.
row() { stat -c '%n|%F|%a|%h|%s' "$@" | while IFS= read -r l; do
  t=; [ -L "${l%%|*}" ] && t=$(readlink "${l%%|*}"); echo "$l|$t"; done |
  sed "s#/$$/#/PID/#g;s#/$$|#/PID|#;s#|$$\$#|PID#;s#|$$/#|PID/#"; }
echo "--- proc (top entries but the pids)"
row $(ls -d /proc/* | grep -v '^/proc/[0-9]')
echo "--- pid (the script bash's /proc/PID)"
row /proc/$$ /proc/$$/*
echo "--- task (its thread's /proc/PID/task/PID)"
row /proc/$$/task /proc/$$/task/$$ /proc/$$/task/$$/*
echo "--- ns"
row /proc/$$/ns/*
echo "--- self"
ls /proc/self | tr '\n' ' '; echo
ls /proc/thread-self | tr '\n' ' '; echo
for l in self thread-self; do readlink /proc/$l; done | sed 's/[0-9][0-9]*/N/g'
echo "--- nlink (the pids counted just before)"
n=$(ls -d /proc/[0-9]* | wc -l); stat -c '%n %h' /proc; echo "pids $n"
stat -c '%n %h %a' /sys /sys/fs /sys/fs/cgroup /proc/sys /proc/sys/vm /proc/sys/kernel \
  /proc/pressure /proc/fs /proc/tty /proc/sysvipc /proc/driver /proc/bus /proc/irq \
  /proc/acpi /proc/$$/net /proc/$$/attr /proc/$$/map_files /dev /tmp /sys/kernel \
  /sys/kernel/mm | sed "s#/$$/#/PID/#"
echo "--- cmdline"
tr '\0' ' ' </proc/$$/cmdline; echo
tr '\0' ' ' </proc/1/cmdline; echo
tr '\0' ' ' </proc/2/cmdline; echo "(kthreadd)"
cat /proc/self/cmdline | tr '\0' ' '; echo
bash -c 'tr "\0" " " </proc/$$/cmdline; echo'
sh -c 'tr "\0" " " </proc/$$/cmdline; echo'
sleep 3 & tr '\0' ' ' </proc/$!/cmdline; echo; kill $!; wait $! 2>/dev/null
echo "--- fd"
lsfd() { ls -l "$@" | awk '$1 != "total" {print $1, $2, $3, $4, $5, $(NF-2), $(NF-1), $NF}' |
  sed "s#/$$/#/PID/#g;s#pipe:\[[0-9]*\]#pipe:[N]#"; }
lsfd /proc/$$/fd
ls -l /proc/$$/fd | head -1
lsfd /proc/1/fd
lsfd /proc/2/fd 2>&1
lsfd /proc/self/fd
echo | lsfd /proc/self/fd
exec 3>/tmp/out 4</etc/passwd 5<>/tmp/rw 7>>/tmp/out
lsfd /proc/$$/fd
ls /proc/$$/fdinfo | tr '\n' ' '; echo
for f in 0 1 2 3 4 5 7 255; do echo "== $f"; cat /proc/$$/fdinfo/$f; done
echo hello >&3; echo "== 3 after 6 bytes"; cat /proc/$$/fdinfo/3
read -r line <&4; echo "== 4 after a read"; cat /proc/$$/fdinfo/4
for f in 3 4 0 255; do readlink /proc/$$/fd/$f; done
stat -c '%n|%F|%a|%h|%s' /proc/$$/fd /proc/$$/fd/3 /proc/$$/fdinfo /proc/$$/fdinfo/3 | sed "s#/$$/#/PID/#"
stat -L -c '%n|%F|%a|%h|%s' /proc/$$/fd/3 /proc/$$/fd/0 | sed "s#/$$/#/PID/#"
( lsfd /proc/$BASHPID/fd )
sleep 3 & lsfd /proc/$!/fd; kill $!; wait $! 2>/dev/null
exec 3>&- 4<&- 5<&- 7>&-
mkfifo /tmp/p; { sleep 1; echo x; } >/tmp/p & exec 6</tmp/p; lsfd /proc/$$/fd; read -r x <&6; exec 6<&-; wait
lsfd /proc/$$/fd
cat /proc/$$/fd/255 | head -2
ls -l /proc/self/fd/ 2>&1 | tail -1 | awk '{print $1, $(NF-2), $(NF-1), $NF}'
