#!/bin/bash
# Written for memcgsim's conformance suite (session 23, docs/fidelity.md item 75): the
# writeback sysctls in /proc/sys/vm, their ranges and errors as their handlers give
# them, the ratio/bytes pairs clearing each other, /proc/vmstat's thresholds following
# them, and background writeback at a dirty_background_bytes of 4 MiB.
V=/proc/sys/vm
show() { for f in dirty_background_ratio dirty_background_bytes dirty_ratio dirty_bytes dirty_writeback_centisecs dirty_expire_centisecs; do printf '%s ' "$f=$(cat $V/$f)"; done; echo; }
w() { msg=$( { echo "$2" > $V/$1; } 2>&1 ); echo "$1 <- $2: $? ${msg##*: } now $(cat $V/$1)"; }
th() { awk '$1 ~ /^nr_dirty/ {printf "%s %s ", $1, $2} END {print ""}' /proc/vmstat; }
show
w dirty_background_ratio 101; w dirty_background_ratio -1; w dirty_background_ratio x; w dirty_background_ratio 5
w dirty_background_bytes 0; w dirty_background_bytes -5; show
w dirty_bytes 8191; w dirty_bytes 8192; show
w dirty_ratio 20; show
w dirty_expire_centisecs -1; w dirty_expire_centisecs 100; w dirty_writeback_centisecs -1; w dirty_writeback_centisecs 500
w dirty_background_bytes 18446744073709551615; th
w dirty_background_bytes 17592186044416; w dirty_background_bytes 17592186040320
w dirty_ratio 5; w dirty_background_ratio 10; th
w dirty_expire_centisecs 3000; w dirty_ratio 20; w dirty_background_bytes 4194304; th
head -c 12M /dev/zero > f
awk '$1 == "nr_dirty" {print "after 12 MiB: nr_dirty " $2 " at_or_below_1024 " ($2 <= 1024)}' /proc/vmstat
rm f
