#!/bin/bash
# Written for memcgsim's conformance suite (issue 15 item 5). The cover letter's
# loop ("[PATCH 0/5] Use obj_cgroup APIs to change kmem pages", Muchun Song, 2021;
# cgroup v1, move_charge_at_immigrate=1, 500 iterations), then three phases: settle
# (sleep 5), drop_caches (echo 3, sleep 2), kill every `sleep 3600` (sleep 2). After
# each, /proc/cgroups' memory line and the root's v1 counters. Under busybox init the
# root's memory.use_hierarchy stays 0, so on 5.10 every kmem_test is non-hierarchical:
# its page counters link to the root's (8de15e920dc8), which the root's
# memory.kmem.usage_in_bytes shows (named by its phase, so that a declaration can
# single out one phase's reading).
phase() {
echo "$1: $(grep memory /proc/cgroups)"
echo "  use_hierarchy $(cat memory.use_hierarchy)"
echo "  kmem.usage_in_bytes $(cat memory.kmem.usage_in_bytes) after $1"
}
cd /sys/fs/cgroup/memory
echo 1 > memory.move_charge_at_immigrate
phase start
P=
for i in range{1..500}
do
mkdir kmem_test
echo $$ > kmem_test/cgroup.procs
sleep 3600 &
P="$P $!"
echo $$ > cgroup.procs
echo `cat kmem_test/cgroup.procs` > cgroup.procs
rmdir kmem_test
done
phase loop
sleep 5
phase settle
echo 3 > /proc/sys/vm/drop_caches
sleep 2
phase drop_caches
kill $P
wait 2>/dev/null
sleep 2
phase kill
