#!/bin/sh
# debug=True against plain on the soak driver: the same seeded runs, each design x
# mode both ways (figures in bench/README.md). Run from the repository's root;
# BEFORE=path/to/old/tree runs that tree's driver and model too, interleaved (the
# machine is shared: compare CPU seconds taken in the same minutes).
PY=${PY:-.venv/bin/python}
OPS=${OPS:-20000}
COMBOS=${COMBOS:-"5.13:v1 5.13:v2 6.1:v1 6.1:v2 lru-reparent:v1 lru-reparent:v2"}
for dm in $COMBOS; do
    d=${dm%:*}; m=${dm#*:}
    for flag in "" --plain; do
        if [ -n "$BEFORE" ]; then
            printf 'before '
            (cd "$BEFORE" && PYTHONPATH=$BEFORE/src nice -n 10 $PY bench/soak.py --design $d \
                --mode $m --ops $OPS --shrink-seconds 0 $flag)
            printf 'after  '
        fi
        PYTHONPATH=$PWD/src nice -n 10 $PY bench/soak.py --design $d --mode $m --ops $OPS \
            --shrink-seconds 0 $flag
    done
done
