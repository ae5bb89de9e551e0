#!/bin/bash
# Written for memcgsim's conformance suite (issue 15, 5.10's batched memory.stat):
# cgroup-cost.sh's 1000 empty children of one parent P, with the shell pinned to one
# CPU (taskset), so every mkdir and rmdir - and the css teardown work they queue - runs
# on that CPU. 5.10's __mod_memcg_state keeps up to MEMCG_CHARGE_BATCH pages of each
# CPU's updates of P's MEMCG_PERCPU_B unflushed, and memory.stat reads only the flushed
# atomic: with one CPU doing them all, what P's "percpu" lacks is that one CPU's
# remainder, set by the sizes and the count alone. Printed every 250 children and 3 s
# after the rmdirs (the css teardown done), in bytes. Between the rmdirs the reading
# depends on how many css_free_rwork_fn still wait behind RCU grace periods, so it is
# not printed; 3 s later it depends on the order __mem_cgroup_free frees the areas.
R=/sys/fs/cgroup
grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
P=$R/pinned_parent
mkdir $P
echo +memory > $P/cgroup.subtree_control
echo "$(getconf _NPROCESSORS_ONLN) CPUs, shell pinned to CPU 1"
taskset -p 2 $$ > /dev/null
pc() { awk '$1 == "percpu" {print $2}' $P/memory.stat; }
echo "percpu before: $(pc)"
for ((i = 0; i < 1000; i++)); do
  mkdir $P/child_$i
  (( (i + 1) % 250 == 0 )) && echo "percpu after $((i + 1)) mkdirs: $(pc)"
done
for ((i = 0; i < 1000; i++)); do rmdir $P/child_$i; done
sleep 3
echo "percpu 3 s after the rmdirs: $(pc)"
rmdir $P
