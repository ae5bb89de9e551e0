#!/bin/bash
# Written for memcgsim's conformance suite (session 36, docs/fidelity.md item 243):
# the guests' file tree as a script sees it (tools/sizes/guest-tree.sh, the probe the
# model's tree is written from, less what one run leaves: /oracle, the dates): the
# rootfs to depth 2 with /bin's links to busybox, devtmpfs' nodes, /etc, no /usr, and
# how bash, busybox sh, which, readlink, stat and test see a program through its link.
row() { stat -c '%n|%F|%a|%h|%s|%t:%T' "$@" | while IFS= read -r l; do
  t=; [ -L "${l%%|*}" ] && t=$(readlink "${l%%|*}"); echo "$l|$t"; done; }
row $(find / -xdev -maxdepth 2 ! -path '/oracle*' ! -path /proc ! -path /sys | sort)
row $(find /dev | sort)
cat /etc/passwd /etc/group; head -2 /init; wc -c /init /bin/head /bin/getconf
ls -A / | tr '\n' ' '; echo; ls /bin | wc -l; ls /sbin | wc -l
ls -l /bin/ls /bin/sh /bin/busybox | awk '{print $1, $2, $5, ($1 ~ /^l/ ? $(NF-2) " " $(NF-1) " " : "") $NF}'
readlink /bin/sh; readlink -f /bin/ls; realpath /bin/cat; readlink /bin/bash; echo "rc=$?"
ls /usr; echo "rc=$?"; ls -d /usr/bin; echo "rc=$?"
which ls sh bash busybox head getconf env; echo "rc=$?"; which nosuch; echo "rc=$?"
command -v ls cat head bash busybox env getconf; echo "rc=$?"
type ls bash head; type -P cat; type -a sh; hash -l
for f in /bin/ls /bin/busybox /bin/bash /bin/head /usr/bin/env /sbin/init; do
  [ -x "$f" ]; x=$?; [ -L "$f" ]; l=$?; [ -f "$f" ]; r=$?; [ -e "$f" ]; e=$?
  echo "$f x=$x L=$l f=$r e=$e"
done
stat -c '%n %F %s %h %a' /bin/ls /bin/busybox /bin/bash /bin /sbin / /etc/passwd /init
stat -L -c '%n %F %s %h %a' /bin/ls /bin/sh
/bin/ls -d /bin /sbin; /bin/busybox echo "busybox echo"; /bin/sh -c 'echo "$0"'
busybox sh -c 'command -v ls; type cat'
cat /proc/filesystems /proc/mounts
echo "root:x:0:0:root:/root:/bin/sh" > /tmp/passwd; cat /tmp/passwd
