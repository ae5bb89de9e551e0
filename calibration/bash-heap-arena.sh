#!/bin/bash
# memcgsim calibration (session 32, branch heap32, docs/fidelity.md item 153): the
# script bash's glibc arena as its first line runs: a forked busybox sh reads the
# parent's [heap] (34 pages) and the page of bash-static's .data that holds
# main_arena (0x63a000: the binary is not PIE) from /proc/PPID/mem, gzip'd and
# base64'd; calibration/bash-heap-arena.py walks them (chunks, tcache, fastbins,
# bins, top). Runs unchanged on the guests and on the host (the same Debian
# bash-static 5.2.15):
#   memcgsim oracle calibration/bash-heap-arena.sh --kernel K --cgroup v2
#   (host) cd /tmp/x && env -i PATH=/bin:/sbin HOME=/root TERM=linux PWD=/tmp/x \
#          ORACLE_WORKDIR=/tmp/x bash-static bash-heap-arena.sh </dev/null
busybox sh -c 'p=$PPID
h=$(grep "\[heap\]" /proc/$p/maps); h=${h%% *}
echo "heap $h"
echo "data $(grep -m1 "rw-p.*bash" /proc/$p/maps | cut -d" " -f1)"
s=$((0x${h%-*} / 4096)); n=$(( (0x${h#*-} - 0x${h%-*}) / 4096 ))
echo "heap-gz-b64 begin"
dd if=/proc/$p/mem bs=4096 skip=$s count=$n 2>/dev/null | gzip -c | base64
echo "heap-gz-b64 end"
echo "arena-gz-b64 begin"
dd if=/proc/$p/mem bs=4096 skip=$((0x63a000 / 4096)) count=1 2>/dev/null | gzip -c | base64
echo "arena-gz-b64 end"'
