#!/bin/bash
# Written for memcgsim's conformance suite (session 28, branch probe28): /proc/meminfo
# Percpu and Slab around 100 memory cgroups made at the root, removed, and 100 made
# again, at several CPU counts (tenths of kB per child; kB kept). On 5.10 from 8 CPUs
# (256 KiB units) the areas fill the boot's wholly free root chunk and spill into a
# new one; once all are freed the chunk emptied first is destroyed and the last kept
# (pcpu_balance_free spares the free list's head), so 11 pages a unit stay populated
# and the next 100 populate again; 6.1's fit in one chunk, which stays.
C=/sys/fs/cgroup
[ -e $C/cgroup.controllers ] && echo +memory > $C/cgroup.subtree_control || C=$C/memory
mi() { awk -v k="$1:" '$1 == k {print $2}' /proc/meminfo; }
cnt() { awk '$1 == "memory" {print $3}' /proc/cgroups; }
p0=$(mi Percpu); s0=$(mi Slab); n0=$(cnt)
for i in $(seq 100); do mkdir $C/g$i; done
p1=$(mi Percpu); s1=$(mi Slab)
echo "made: cgroups +$(( $(cnt) - n0 ))"
echo "percpu made per child: $(( (p1 - p0) * 10 / 100 ))"
echo "slab made per child: $(( (s1 - s0) * 10 / 100 ))"
for i in $(seq 100); do rmdir $C/g$i; done
sleep 3
p2=$(mi Percpu); s2=$(mi Slab)
echo "removed: cgroups +$(( $(cnt) - n0 ))"
echo "percpu kept: $(( p2 - p0 ))"
echo "slab kept: $(( (s2 - s0) / 10 * 10 ))"
for i in $(seq 100); do mkdir $C/h$i; done
p3=$(mi Percpu); s3=$(mi Slab)
echo "percpu again per child: $(( (p3 - p2) * 10 / 100 ))"
echo "slab again per child: $(( (s3 - s2) * 10 / 100 ))"
for i in $(seq 100); do rmdir $C/h$i; done
