#!/bin/bash
# /proc/sys as the oracle guests' scripts see it (docs/fidelity.md, session 40 branch
# userland40; the model's table: fs/proc_sys_tree.py, written from these recordings by
# tools/proc_sys_tree.py). Run in each guest (the cgroup version changes nothing here):
#   memcgsim oracle tools/sizes/proc-sys.sh --kernel K --cgroup v2 \
#     > tools/sizes/recordings/proc-sys--K-v2.txt        (K 5.10, 6.1)
# The sysctl directories a memory script reads (vm, kernel, fs, user; net and dev are
# left out), every entry below them in `find` order: "d|path|mode" for a directory,
# "f|path|mode|value" for a file, its value with each newline written \n and each tab
# \t (a file no one may read, mode 0200, has none). Read once, at the script's start.
cd /proc/sys || exit 1
find vm kernel fs user | LC_ALL=C sort | while IFS= read -r p; do
  m=$(stat -c %a "$p")
  if [ -d "$p" ]; then echo "d|$p|$m"; continue; fi
  case $m in
    *[4-7]??) v=$(cat "$p" 2>&1; echo x); v=${v%x} ;;
    *) echo "f|$p|$m|"; continue ;;
  esac
  v=${v//$'\\'/\\\\}; v=${v//$'\t'/\\t}; v=${v//$'\n'/\\n}
  echo "f|$p|$m|$v"
done
