#!/bin/bash
# churn_cachegrind.sh REV DIR [N]: cachegrind's "I refs" of bench/churn_bench.py (design
# 5.13, 64G, --window 500) at N lifecycles (default 2000) and at 0, and a lifecycle's
# instructions ((N less 0) / N), for git revision REV of this repository archived (src/
# and bench/) to DIR and byte-compiled, run as seed_cachegrind.sh runs the seed: this
# tree's .venv python, PYTHONPATH=DIR/src, PYTHONHASHSEED=0, a private XDG_CACHE_HOME
# (DIR.cache) warmed by a run of 3 lifecycles first. REV "-" takes the worktree's files
# as they are. Give the trees to compare paths of the same length (bench/README.md,
# session 33).
set -e
rev=$1; dir=$2; n=${3:-2000}
repo=$(cd "$(dirname "$0")/.." && pwd)
py=$repo/.venv/bin/python
rm -rf "$dir"; mkdir -p "$dir"
if [ "$rev" = - ]; then
    tar -C "$repo" -c src bench | tar -x -C "$dir"
else
    git -C "$repo" archive "$rev" src bench | tar -x -C "$dir"
fi
"$py" -m compileall -q "$dir/src" >/dev/null
export XDG_CACHE_HOME=$dir.cache PYTHONHASHSEED=0 PYTHONPATH=$dir/src
cd "$repo"
"$py" "$dir/bench/churn_bench.py" --lifecycles 3 --window 500 > /dev/null
refs() {
    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
        "$py" "$dir/bench/churn_bench.py" --lifecycles "$1" --window 500 \
        2>&1 >/dev/null | grep "I *refs" | awk '{print $NF}' | tr -d ,
}
a=$(refs "$n"); b=$(refs 0)
echo "churn $n $a; 0 $b; a lifecycle $(( (a - b) / n ))"
