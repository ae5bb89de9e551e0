#!/bin/bash
# issue14_figures.sh REV DIR: issue 14's instruction counts (cachegrind "I refs") for git
# revision REV, archived to DIR by seed_cachegrind.sh (which prints the seed under 5.13
# first): the seed under 5.12, the start-up alone (`true`), the API seed loop
# (workload/seed.py, 500 iterations and 0, per design: their difference is the loop)
# and bench/churn_bench.py at 300 lifecycles and 0 (bench/README.md, session 30).
# Give the trees to compare paths of the same length.
set -e
rev=$1; dir=$2
here=$(cd "$(dirname "$0")" && pwd)
echo "seed 5.13 $("$here/seed_cachegrind.sh" "$rev" "$dir" | awk '{print $NF}')"
repo=$(cd "$here/.." && pwd)
py=$repo/.venv/bin/python
export XDG_CACHE_HOME=$dir.cache PYTHONHASHSEED=0 PYTHONPATH=$dir/src
cd "$repo"
refs() {
    valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$@" \
        2>&1 >/dev/null | grep "I *refs" | awk '{print $NF}'
}
echo "seed 5.12 $(refs "$py" -m memcgsim run ../shared/seed/kmem_test.sh --kernel 5.12)"
echo true > "$dir.true.sh"
# its parse cached first, as the seed's is (a first run of a new script imports and
# runs bashlex: ~40 M more; bench/README.md, session 31)
"$py" -m memcgsim run "$dir.true.sh" --kernel 5.13 > /dev/null
echo "true 5.13 $(refs "$py" -m memcgsim run "$dir.true.sh" --kernel 5.13)"
for d in 5.12 5.13; do
    for n in 500 0; do
        echo "api $d $n $(refs "$py" -c "
import gc
from memcgsim.api import Kernel
from memcgsim.workload.seed import seed_loop
gc.collect()
k = Kernel(design='$d', cgroup='v1', nr_cpus=2)
if $n:
    seed_loop(k, $n)
")"
    done
done
for n in 300 0; do
    echo "churn $n $(refs "$py" bench/churn_bench.py --lifecycles $n --window 300)"
done
