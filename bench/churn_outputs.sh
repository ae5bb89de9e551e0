#!/bin/bash
# churn_outputs.sh TREE OUT: what `memcgsim churn` prints and stores, for comparing two
# trees byte for byte (bench/README.md, session 34): the runs' --json (wall figures
# dropped) and every stored sample row, of lifecycle-bench (5.13 and 6.1 at 2 CPUs, 5.10
# and 5.12 at 4), k8s-node (5.13, 5.10, 4 CPUs), v1-helpers (5.12), ci-runner (6.1, 5.10),
# seed-loop sampled every 0.5 s (5.12: up to 500 dying; 5.13), systemd-timers (6.1, 4
# CPUs) and k8s-node on a 320M host (5.10, 3 CPUs: reclaim). TREE's src/ by PYTHONPATH
# (a `git archive` of a revision, byte-compiled), this tree's .venv python; the stores
# are OUT.db and OUT.2.db. Takes some 3 CPU minutes.
set -e
tree=$1; out=$2
repo=$(cd "$(dirname "$0")/.." && pwd)
py=$repo/.venv/bin/python
export PYTHONPATH=$tree/src PYTHONHASHSEED=0 XDG_CACHE_HOME=$tree.cache
churn() { "$py" -m memcgsim churn --json --no-progress "$@"; }
rows() {
    "$py" - "$1" <<'PY'
import sqlite3, sys
for row in sqlite3.connect(sys.argv[1]).execute("select * from samples"):
    print(row)
PY
}
rm -f "$out.db" "$out.2.db"
{ churn --preset lifecycle-bench --hours 0.3 --sample-interval 20 --kernel 5.13 --kernel 6.1 --db "$out.db"
  churn --preset lifecycle-bench --hours 0.3 --sample-interval 30 --kernel 5.10 --kernel 5.12 --cpus 4 --db "$out.db"
  churn --preset k8s-node --hours 0.5 --kernel 5.13 --kernel 5.10 --cpus 4 --db "$out.db"
  churn --preset v1-helpers --hours 0.5 --kernel 5.12 --db "$out.db"
  churn --preset ci-runner --hours 1 --sample-interval 60 --kernel 6.1 --kernel 5.10 --cpus 2 --db "$out.db"
  rows "$out.db"
  churn --preset seed-loop --sample-interval 0.5 --kernel 5.12 --kernel 5.13 --db "$out.2.db"
  churn --preset systemd-timers --hours 2 --sample-interval 60 --kernel 6.1 --cpus 4 --db "$out.2.db"
  churn --preset k8s-node --hours 1 --mem 320M --sample-interval 60 --kernel 5.10 --cpus 3 --db "$out.2.db"
  rows "$out.2.db"
} 2>&1 | grep -v wall > "$out"
