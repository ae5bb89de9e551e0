#!/bin/sh
# memcgsim calibration (session 17, docs/fidelity.md item 46): every malloc, free,
# realloc and calloc of bash 5.2.15 (Debian bookworm's /bin/bash: the same source and
# glibc 2.36 as the guests' bash-static, whose heap grows the same: 34 -> 67 pages in
# the string append, on the host and on both guests) running a script, through an
# LD_PRELOAD shim (malloc-trace/mtr.c) that logs "PID op args" to fd 9. Runs on the
# host, as an unprivileged user space program: it writes nothing under /sys or /proc.
#   sh calibration/bash-malloc-trace.sh SCRIPT > trace.txt
# The recording keeps the script's own bash (the first pid), addresses as offsets
# from the heap's start ([heap] + 0x10: glibc's mem pointer), one op a line:
#   m SIZE OFF | c SIZE OFF | f OFF | r OLD SIZE NEW  (OLD -: NULL; a chunk glibc
# mmap'd lies far beyond the heap)
# tests/shell/test_malloc.py replays it through shell/malloc.py's arena and checks
# every address.
set -e
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
gcc -O2 -shared -fPIC -o "$tmp/mtr.so" "$here/malloc-trace/mtr.c"
env -i MTR_FD=9 LD_PRELOAD="$tmp/mtr.so" /bin/bash "$1" 9>"$tmp/raw" >/dev/null 2>"$tmp/err" || true
echo "# bash-malloc-trace.sh $1: $(/bin/bash --version | head -1)"
sed "s/^/# /" "$tmp/err"
python3 - "$tmp/raw" <<'PY'
import sys
base = None
def off(p):
    if p == "(nil)":
        return "-"
    return int(p, 16) - base
pid = None
for line in open(sys.argv[1]):
    t = line.split()
    if pid is None:
        pid = t[0]
    if t[0] != pid:
        continue                # a forked child's or an exec'd program's
    t = t[1:]
    if base is None:
        base = int(t[2], 16) - 0x2a0    # the tcache's chunk, then the first one's mem
    if t[0] in "mc":
        print(t[0], t[1], off(t[2]))
    elif t[0] == "f":
        print("f", off(t[1]))
    else:
        print("r", off(t[1]), t[2], off(t[3]))
PY
