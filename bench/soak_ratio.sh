#!/bin/sh
# debug=True against plain on the soak driver: the same seeded runs, each design x
# mode both ways (figures in bench/README.md). Run from the repository's root;
# BEFORE=path/to/old/src adds a debug run of another tree's checker.
PY=${PY:-.venv/bin/python}
OPS=${OPS:-20000}
for dm in "5.13 v1" "5.12 v2" "6.1 v1" "lru-reparent v2" "3.10-rhel7 v1"; do
    set -- $dm
    $PY bench/soak.py --design $1 --mode $2 --ops $OPS --plain
    $PY bench/soak.py --design $1 --mode $2 --ops $OPS
done
if [ -n "$BEFORE" ]; then
    PYTHONPATH=$BEFORE $PY bench/soak.py --design 5.13 --mode v1 --ops 2000 --shrink-seconds 0
fi
