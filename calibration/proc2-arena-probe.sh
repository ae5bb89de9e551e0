#!/bin/sh
# memcgsim calibration (session 40, branch userland40, docs/fidelity.md item 339): the
# script bash's glibc arena just before userland-proc2's first `wait` (where the first
# job's deletion allocates bash's bgpids table, 64 KiB, and the heap grows): the job of
# line 20 also dumps its parent's [heap] and main_arena's page (as bash-heap-arena.sh)
# while the parent waits; calibration/bash-heap-arena.py walks the dump (the top's offset).
#   sh calibration/proc2-arena-probe.sh < tests/conformance/scripts/userland-proc2.sh \
#     | memcgsim oracle - --kernel 6.1 --cgroup v2
# (recording calibration/recordings/proc2-arena-probe--6.1-v2.txt)
D='busybox sh -c '\''p=$1; h=$(grep "\\[heap\\]" /proc/$p/maps); h=${h%% *}; echo "heap $h"; s=$((0x${h%-*} / 4096)); n=$(( (0x${h#*-} - 0x${h%-*}) / 4096 )); echo "heap-gz-b64 begin"; dd if=/proc/$p/mem bs=4096 skip=$s count=$n 2>/dev/null | gzip -c | base64; echo "heap-gz-b64 end"; echo "arena-gz-b64 begin"; dd if=/proc/$p/mem bs=4096 skip=$((0x63a000 / 4096)) count=1 2>/dev/null | gzip -c | base64; echo "arena-gz-b64 end"'\'' x $$'
awk -v d="$D" '$0 == "(sleep 0.3; grep pos /proc/$$/fdinfo/255) &" { print "(sleep 0.3; grep pos /proc/$$/fdinfo/255; " d ") &"; next } { print }'
