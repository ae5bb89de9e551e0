#!/bin/bash
# Written for memcgsim (issue 15): the cover letter's loop and phases (as
# tests/conformance/scripts/seed-kmem_test-phases.sh) printing the root's kmem usage at
# each phase, then a "flush": the shell in a new memcg allocates and frees on each CPU,
# so every CPU's obj stock lets go of the reparented objcg it held. What the root's
# kmem counter loses then was in the stocks (calibration/README.md).
phase() {
echo "$1: $(grep memory /proc/cgroups) kmem $(cat memory.kmem.usage_in_bytes) usage $(cat memory.usage_in_bytes) VmPTE $(awk '/VmPTE/ {print $2}' /proc/$$/status) shellcpu $(awk '{print $39}' /proc/$$/stat) PageTables $(awk '/PageTables/ {print $2}' /proc/meminfo) KernelStack $(awk '/KernelStack/ {print $2}' /proc/meminfo)"
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
case $i in range100) phase $i;; esac
done
phase loop
echo "sleeps per cpu: $(for p in $P; do awk '{print $39}' /proc/$p/stat; done | sort | uniq -c | tr '\n' ' ')"
sleep 5
phase settle
echo 3 > /proc/sys/vm/drop_caches
sleep 2
phase drop_caches
kill $P
wait 2>/dev/null
sleep 2
phase kill
sleep 10
phase kill+10s
mkdir flush
echo $$ > flush/cgroup.procs
for c in 0 1; do taskset -p $((1 << c)) $$ > /dev/null; cat /proc/self/status > /dev/null; ls / > /dev/null; done
echo $$ > cgroup.procs
phase flushed-stocks
echo "flush kmem $(cat flush/memory.kmem.usage_in_bytes)"
rmdir flush
sleep 3
phase end
