#!/bin/bash
# Written for memcgsim's conformance suite (session 32, novel32; cgroup v1): a v1
# runtime shell that enters each container with memory.move_charge_at_immigrate set,
# as an old-style manager (lxc's cgroupfs driver with move_charge) does.
# mem_cgroup_can_attach (mm/memcontrol.c) moves the pages charged to the source
# memcg that the moving task maps (bit 0 anon, bit 1 file and shmem): entering ctr1
# from the root takes the shell's anon with it; leaving for the root (whose own
# move_charge is 0) moves nothing back; entering ctr2 from the root moves nothing
# (the pages are charged to ctr1, not to the source); entering ctr3 directly from
# ctr2 moves what ctr2 holds of the shell. Per step: each container's rss, cache,
# shmem and mapped_file, and the root's num_cgroups.
M=/sys/fs/cgroup/memory
st() { awk -v k=$2 '$1 == k {print $2}' $M/$1/memory.stat; }
show() { local c; for c in "$@"; do echo "$c: rss $(st $c rss) shmem $(st $c shmem) mapped_file $(st $c mapped_file) tasks $(wc -l < $M/$c/tasks)"; done; }
for c in ctr1 ctr2 ctr3; do mkdir $M/$c; echo 3 > $M/$c/memory.move_charge_at_immigrate; done
echo $$ > $M/ctr1/cgroup.procs; echo "enter ctr1: $?"
show ctr1
printf '%s' "$(printf '%04096d' 0)" > /tmp/ctr1.cfg
echo $$ > $M/cgroup.procs; echo "leave ctr1: $?"
show ctr1
echo $$ > $M/ctr2/cgroup.procs; echo "enter ctr2: $?"
show ctr1 ctr2
sleep 300 & s2=$!
echo $$ > $M/ctr3/cgroup.procs; echo "ctr2 to ctr3: $?"
show ctr1 ctr2 ctr3
echo $s2 > $M/ctr3/cgroup.procs; echo "sleep to ctr3: $?"
show ctr2 ctr3
echo $$ > $M/cgroup.procs
for i in 1 2 3 4 5; do /bin/true; done
echo "after five forks from the root:"
show ctr1 ctr2 ctr3
kill $s2; wait $s2 2>/dev/null
rm /tmp/ctr1.cfg
for c in ctr1 ctr2 ctr3; do echo 0 > $M/$c/memory.force_empty; done
show ctr1 ctr2 ctr3
rmdir $M/ctr1 $M/ctr2 $M/ctr3; echo "rmdir: $? num_cgroups $(awk '$1 == "memory" {print $3}' /proc/cgroups)"
