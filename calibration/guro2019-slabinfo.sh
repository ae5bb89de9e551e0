#!/bin/bash
# Which slab caches grow over Roman Gushchin's 2019 dying-memcg loop
# (tests/conformance/scripts/guro2019_dying_memcg_footprint.sh) in the oracle's
# guest: /proc/slabinfo's caches, active objects x object size, before and after.
# Run: memcgsim oracle calibration/guro2019-slabinfo.sh --kernel 6.1 --cgroup v2
CG=/sys/fs/cgroup/percpu_test/
snap() { awk 'NR > 2 { print $1, $2, $3, $4, $6 }' /proc/slabinfo; }
mkdir ${CG}
echo "+memory" > ${CG}/cgroup.subtree_control
snap > /tmp/before
grep -e Percpu -e Slab /proc/meminfo
for i in `seq 1 1000`; do
    mkdir ${CG}/${i}
    echo $$ > ${CG}/${i}/cgroup.procs
    dd if=/dev/urandom of=/tmp/test-${i} count=1 2> /dev/null
    echo $$ > /sys/fs/cgroup/cgroup.procs
    rmdir ${CG}/${i}
done
grep -e Percpu -e Slab /proc/meminfo
snap > /tmp/after
# name, objects before and after, object size, pages per slab: the caches that moved
awk 'NR == FNR { b[$1] = $2; bt[$1] = $3; next }
     { d = $2 - b[$1]; dt = $3 - bt[$1]; if (d || dt) printf "%s active %+d total %+d objsize %d pagesperslab %d\n", $1, d, dt, $4, $5 }' /tmp/before /tmp/after
df /tmp | tail -1
