#!/bin/bash
# tools/sizes/shell-heap-trace.sh with the tracing set up outside the script's bash
# (session 38, heap38; docs/fidelity.md item 301): the prefix's functions, defined in
# the traced bash, move its arena ten pages; here a wrapper bash defines them, enables
# the trace and runs the script as `bash FILE`, whose first line prints its pid and
# start maps (a read loop, no fork), so the traced bash's arena is the script's own
# but for that line. Prints the script to run on its stdout:
#   bash tools/sizes/shell-heap-trace-child.sh SCRIPT | memcgsim oracle - --kernel K --cgroup V --cpus 2
# then tools/sizes/shell_heap.py over the output as for shell-heap-trace.sh.
set -e
d=$(dirname "$0")
sed -e 's/^ht_maps start$/ht_maps wrapper/' -e 's/shell pid \$\$/wrapper pid $$/' "$d/shell-heap-trace.sh"
echo "cat > /tmp/ht-case.sh <<'HT_CASE_EOF'"
echo 'echo "ht: shell pid $$"; echo "ht: --- start: /proc/$$/maps"; while read -r l; do echo "ht: map $l"; done < /proc/$$/maps'
cat "$1"
echo "HT_CASE_EOF"
echo "bash /tmp/ht-case.sh"
