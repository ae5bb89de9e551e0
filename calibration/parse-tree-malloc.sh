#!/bin/sh
# memcgsim calibration (session 34, branch heap34, docs/fidelity.md items 211 and
# 212): what bash 5.2.15 allocates as it reads a loop and four function
# definitions, and as the loop's body starts. The host's Debian bookworm /bin/bash
# (the same source and glibc 2.36 as the guests' bash-static) runs a copy of
# calibration/runtime-cycle-arena.sh made safe for the host: its cgroup directory a
# scratch directory of regular files (the knobs' writes land in files, the rmdirs
# fail), the busybox probe replaced by `:` with the same words, no /sys written;
# every malloc, free, realloc and calloc of its bash through the LD_PRELOAD shim of
# calibration/bash-malloc-trace.sh (malloc-trace/mtr.c), the first line of each
# child's pid marking a fork. Runs on the host, unprivileged:
#   sh calibration/parse-tree-malloc.sh | gzip -9 > calibration/recordings/parse-tree-malloc.txt.gz
#   python3 calibration/parse-tree-malloc.py calibration/recordings/parse-tree-malloc.txt.gz
# With MTR=mtrbt (session 35, branch heap35, item 221) each request carries its
# callers in bash (malloc-trace/mtrbt.c), named by calibration/bash-malloc-callers.py:
#   MTR=mtrbt sh calibration/parse-tree-malloc.sh | gzip -9 > calibration/recordings/bash-malloc-callers.txt.gz
set -e
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -O2 -shared -fPIC -o "$tmp/mtr.so" "$here/malloc-trace/${MTR:-mtr}.c"
python3 - "$here/runtime-cycle-arena.sh" "$tmp/script.sh" <<'PY'
import sys
src = open(sys.argv[1]).read()
body = src[src.index("C=/sys/fs/cgroup"):]
body = body.replace("C=/sys/fs/cgroup", "C=$(mktemp -d); cd $C", 1)
body = body.replace("  busybox sh -c 'p=$PPID", "  : sh -c 'p=$PPID", 1)
body = body.replace("rm -f /tmp/ctr?.shm ctr?.data", 'rm -f /tmp/ctr?.shm ctr?.data; cd /; rm -rf "$C"', 1)
open(sys.argv[2], "w").write("#!/bin/bash\n" + body)
PY
echo "# parse-tree-malloc.sh: $(/bin/bash --version | head -1)"
echo "# pid op args (m SIZE PTR | c SIZE PTR | f PTR | r OLD SIZE NEW), the script's bash first"
env -i PATH=/bin:/usr/bin HOME=/root TERM=linux MTR_FD=9 LD_PRELOAD="$tmp/mtr.so" \
    /bin/bash "$tmp/script.sh" 9>"$tmp/raw" >/dev/null 2>&1 || true
cat "$tmp/raw"
