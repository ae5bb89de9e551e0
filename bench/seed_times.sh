#!/bin/bash
# seed_times.sh N DIR1 DIR2: issue 14's two seed timings, N runs of each tree alternated,
# for trees seed_cachegrind.sh made (DIR: the archived src/, byte-compiled, its cache
# DIR.cache warm; bench/README.md, session 43): the seed's whole process ("seed": `memcgsim
# run ../shared/seed/kmem_test.sh --kernel 5.13`, user+sys and wall by /usr/bin/time) and
# the seed loop through the API ("api": `seed_loop(Kernel("5.13", v1, 2 CPUs), 500)`,
# the loop's process time). With NOPYC=1 each run starts from a copy of the tree without
# its __pycache__ (PYTHONDONTWRITEBYTECODE=1: every module compiled at every run).
n=$1; shift
repo=$(cd "$(dirname "$0")/.." && pwd)
py=$repo/.venv/bin/python
cd "$repo"
api='import sys, time, gc
from memcgsim import Kernel
from memcgsim.workload.seed import seed_loop
k = Kernel(design="5.13", cgroup="v1", nr_cpus=2)
gc.collect()
t = time.process_time()
seed_loop(k, 500)
print(f"{time.process_time() - t:.3f}")'
for i in $(seq "$n"); do
    for d in "$@"; do
        src=$d/src
        if [ -n "$NOPYC" ]; then
            src=$(mktemp -d)/src; cp -r "$d/src" "$src"
            find "$src" -name __pycache__ -prune -exec rm -rf {} +
        fi
        s=$(PYTHONDONTWRITEBYTECODE=1 XDG_CACHE_HOME=$d.cache PYTHONHASHSEED=0 PYTHONPATH=$src \
            /usr/bin/time -f '%U %S %e' "$py" -m memcgsim run ../shared/seed/kmem_test.sh \
            --kernel 5.13 2>&1 >/dev/null | tail -1)
        a=$(PYTHONDONTWRITEBYTECODE=1 XDG_CACHE_HOME=$d.cache PYTHONHASHSEED=0 PYTHONPATH=$src \
            "$py" -c "$api")
        echo "$(basename "$d") seed $s api $a"
        [ -n "$NOPYC" ] && rm -rf "$(dirname "$src")"
    done
done
