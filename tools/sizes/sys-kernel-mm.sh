#!/bin/bash
# /sys/kernel/mm as the oracle guests' scripts see it (docs/fidelity.md, session 40
# branch userland40; the model's table: fs/sys_mm_tree.py, written from these
# recordings by tools/sys_mm_tree.py). Run in each guest (the cgroup version changes
# nothing here):
#   memcgsim oracle tools/sizes/sys-kernel-mm.sh --kernel K --cgroup v2 \
#     > tools/sizes/recordings/sys-kernel-mm--K-v2.txt        (K 5.10, 6.1)
# Every entry below /sys/kernel/mm in sorted order: "d|path|mode" for a directory,
# "f|path|mode|value" for an attribute file, its value with each newline written \n
# and each tab \t (none for a file root may not read, or page_idle/bitmap's binary
# words). Read once, at the script's start.
cd /sys/kernel || exit 1
find mm | LC_ALL=C sort | while IFS= read -r p; do
  m=$(stat -c %a "$p")
  if [ -d "$p" ]; then echo "d|$p|$m"; continue; fi
  case $p:$m in
    mm/page_idle/bitmap:*) echo "f|$p|$m|"; continue ;;
    *:[4-7]??) v=$(cat "$p" 2>&1; echo x); v=${v%x} ;;
    *) echo "f|$p|$m|"; continue ;;
  esac
  v=${v//$'\\'/\\\\}; v=${v//$'\t'/\\t}; v=${v//$'\n'/\\n}
  echo "f|$p|$m|$v"
done
