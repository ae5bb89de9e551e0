#!/bin/bash
# Written for memcgsim's conformance suite (session 37, docs/fidelity.md items 270-272):
# /proc as a script sees it: its top-level names, a process's and a thread's entries
# (fs/proc/base.c tgid_base_stuff, tid_base_stuff), their types, modes and links, and
# the script bash's descriptors as /proc/PID/fd's links and fdinfo's pos and flags, as
# a log shipper reads them; the pids and pipes' numbers written as N.
row() { stat -c '%n|%F|%a|%h' "$@" | while IFS= read -r l; do
  t=; [ -L "${l%%|*}" ] && t=$(readlink "${l%%|*}"); echo "$l|$t"; done |
  sed "s#/$$\([/|]\)#/PID\1#g;s#|[0-9][0-9]*\(/task/[0-9]*\)*\$#|N#"; }
# (ls writes to a file: a pipe's ends would be the lister's own descriptors for a while)
lsfd() { ls -l "$1" >/tmp/ls.out
  awk '$1 != "total" {print $1, $2, $5, $(NF-2), $(NF-1), $NF}' /tmp/ls.out |
  sed 's#pipe:\[[0-9]*\]#pipe:[N]#'; }
ls /proc | grep -v '^[0-9]' | tr '\n' ' '; echo
ls /proc/$$ | tr '\n' ' '; echo
ls /proc/$$/task/$$ | tr '\n' ' '; echo
row $(ls -d /proc/* | grep -v '^/proc/[0-9]')
row /proc/$$ /proc/$$/* /proc/$$/task /proc/$$/task/$$
lsfd /proc/$$/fd
exec 3>/tmp/out 4</etc/passwd 5<>/tmp/rw 7>>/tmp/out
lsfd /proc/$$/fd
ls /proc/$$/fdinfo >/tmp/ls.out; tr '\n' ' ' </tmp/ls.out; echo
for f in 0 1 2 3 4 5 7; do echo "$f: $(grep -E '^(pos|flags)' /proc/$$/fdinfo/$f | tr '\n\t' '  ')"; done
echo hello >&3; read -r line <&4
for f in 3 4; do echo "$f: $(grep -E '^(pos|flags)' /proc/$$/fdinfo/$f | tr '\n\t' '  ')"; done
for f in 3 4 5 0 1; do readlink /proc/$$/fd/$f; done
readlink /proc/$$/fd/9; echo "rc=$?"; (cd /proc/$$ && cat fdinfo/9); echo "rc=$?"
stat -L -c '%n|%F|%a|%s' /proc/$$/fd/3 /proc/$$/fd/4 /proc/$$/fd/0 | sed "s#/$$/#/PID/#"
stat -c '%n|%F|%a|%h' /proc/$$/fd/3 /proc/$$/fdinfo/3 | sed "s#/$$/#/PID/#"
( lsfd /proc/$BASHPID/fd )
sleep 1 </tmp/rw 2>/tmp/err & sleep 0.3; lsfd /proc/$!/fd; wait
sleep 1 | sleep 1 & sleep 0.3; lsfd /proc/$!/fd; wait
exec 3>&- 4<&- 5<&- 7>&-
lsfd /proc/$$/fd
tr '\0' ' ' </proc/$$/cmdline; echo
bash -c 'tr "\0" " " </proc/$$/cmdline; echo'
