#!/bin/sh
# memcgsim (session 34, strings34, docs/fidelity.md item 198): v1-stat-side-by-side up
# to `side work`, its opening dd's and drop_caches moved before the probes (their page
# cache in the root would flood the trace), traced by stock_trace.py --mm with the
# memcgs named ops, a, b; the guest's charges in `a` by task and site then come from
# charge_sites.py's site_of, the model's from model_charge_sites.py:
#   sh tools/sizes/v1-stat-side-by-side-tasks.sh > /tmp/t.sh
#   memcgsim oracle /tmp/t.sh --kernel 5.10 --cgroup v1 2> REC   (the trace is on stderr)
#   sh tools/sizes/v1-stat-side-by-side-tasks.sh --plain > /tmp/p.sh
#   PYTHONPATH=src python3 tools/sizes/model_charge_sites.py /tmp/p.sh --kernel 5.10 --cgroup v1
here=$(dirname "$0")
s=$here/../../tests/conformance/scripts/v1-stat-side-by-side.sh
pre='^dd if=/dev/zero of=file[59]m|^sync; echo 1 > /proc/sys/vm/drop_caches'
tmp=$(mktemp); trap 'rm -f "$tmp"' EXIT
grep -vE "$pre" "$s" | awk '{print} /^side work/ {exit}' > "$tmp"
echo '#!/bin/bash'
echo 'KB=1024'
grep -E "$pre" "$s"
if [ "$1" = --plain ]; then grep -v '^#!' "$tmp"
else python3 "$here/stock_trace.py" --mm "$tmp" ops a b | grep -v '^#!'; fi
