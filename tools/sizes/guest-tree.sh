#!/bin/bash
# The oracle guests' file tree as a script sees it (docs/fidelity.md item 243; the
# model's `--init busybox --userland busybox`: fs/guest_tree.py, written from this
# recording by tools/guest_tree.py). Run in each guest, v1 and v2:
#   memcgsim oracle tools/sizes/guest-tree.sh --kernel K --cgroup V \
#     > tools/sizes/recordings/guest-tree--K-V.txt        (K 5.10, 6.1; V v1, v2)
# Sections start with "--- NAME". Each entry of a tree: path|type|mode|links|uid|gid|
# size|major:minor|target (stat -c: %F, %a, %h, %u, %g, %s, %t:%T; the link's target).
row() { stat -c '%n|%F|%a|%h|%u|%g|%s|%t:%T' "$@" | while IFS= read -r l; do
  t=; [ -L "${l%%|*}" ] && t=$(readlink "${l%%|*}"); echo "$l|$t"; done; }
echo "--- root (rootfs to depth 3, the mount points as their mounts show them)"
row $(find / -xdev -maxdepth 3 | sort)
echo "--- dev"
row $(find /dev | sort)
echo "--- proc (top entries, pids as N)"
ls /proc | sed 's/^[0-9][0-9]*$/N/' | uniq -c | sed 's/^ *//'
echo "--- proc-self"
ls -A /proc/self
echo "--- filesystems"
cat /proc/filesystems
echo "--- mounts"
cat /proc/mounts
echo "--- sys"
ls -A /sys
echo "--- etc"
for f in /etc/*; do echo "== $f"; cat "$f"; done
echo "--- lookups"
ls -l /bin/ls | sed 's/ [A-Z][a-z][a-z] [ 0-9][0-9] [ 0-9][0-9]:*[0-9][0-9] / DATE /'
readlink /bin/sh /bin/ls /sbin/init; echo "readlink rc=$?"
readlink -f /bin/sh; realpath /sbin/ifconfig
ls /usr; echo "ls rc=$?"
ls -d /usr/bin /sbin /bin 2>&1; echo "ls rc=$?"
which ls sh bash busybox head getconf env; echo "which rc=$?"
which nosuch; echo "which rc=$?"
command -v ls cat head bash busybox env getconf; echo "command rc=$?"
type ls bash head; type -P cat; type -a sh; hash -l
for f in /bin/ls /bin/busybox /bin/bash /bin/head /usr/bin/env /sbin/init; do
  [ -x "$f" ]; x=$?; [ -L "$f" ]; l=$?; [ -f "$f" ]; r=$?; [ -e "$f" ]; e=$?
  echo "$f x=$x L=$l f=$r e=$e"
done
stat -c '%n %F %s %h %a' /bin/ls /bin/busybox /bin/bash /bin /sbin /
stat -L -c '%n %F %s %h %a' /bin/ls /bin/sh
env | sort
ls /bin | wc -l; ls /sbin | wc -l; ls -A / | tr '\n' ' '; echo
echo "--- proc-self-links"
readlink /proc/self/exe /proc/$$/exe /proc/self/cwd /proc/self/root
cat /proc/self/comm /proc/$$/comm; tr '\0' ' ' </proc/$$/cmdline; echo
ls -l /proc/$$/fd | sed 's/.*[0-9] \([0-9]* ->\)/\1/;/^total/d'
/bin/sh -c 'echo $0; readlink /proc/$$/exe; cat /proc/$$/comm'
busybox sh -c 'echo $0; command -v ls; type cat'
echo "--- df"
df / /dev /tmp /mnt/disk
stat -f -c '%n %T' / /dev /tmp /proc /sys /sys/fs/cgroup /mnt/disk
