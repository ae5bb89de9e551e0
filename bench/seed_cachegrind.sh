#!/bin/bash
# seed_cachegrind.sh REV DIR: cachegrind's "I refs" of the seed under 5.13 for git
# revision REV of this repository, archived (src/ only) to DIR and byte-compiled, run
# by this tree's .venv python with PYTHONPATH=DIR/src, PYTHONHASHSEED=0 and a private
# XDG_CACHE_HOME (DIR.cache) warmed by one run first. Give the trees to compare
# paths of the same length (bench/README.md, session 28).
set -e
rev=$1; dir=$2
repo=$(cd "$(dirname "$0")/.." && pwd)
py=$repo/.venv/bin/python
rm -rf "$dir"; mkdir -p "$dir"
git -C "$repo" archive "$rev" src | tar -x -C "$dir"
"$py" -m compileall -q "$dir/src" >/dev/null
export XDG_CACHE_HOME=$dir.cache PYTHONHASHSEED=0 PYTHONPATH=$dir/src
cd "$repo"
"$py" -m memcgsim run ../shared/seed/kmem_test.sh --kernel 5.13 > /dev/null
valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file="$dir.cg" \
    "$py" -m memcgsim run ../shared/seed/kmem_test.sh --kernel 5.13 2>&1 >/dev/null | grep "I *refs"
