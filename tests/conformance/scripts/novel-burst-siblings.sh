#!/bin/bash
# Written for memcgsim's conformance suite (session 36, novel36; cgroup v1 or v2): a
# test harness makes a farm of sibling cgroups in a burst (mkdir in background jobs:
# concurrent cgroup_mkdir calls under cgroup_mutex), sets each a limit the same way,
# starts a worker in each, kills the workers, and removes the siblings in reverse
# order, half by an rmdir loop and half with xargs. Printed: the farm's child count
# (ls, cgroup.stat on v2), /proc/cgroups' num_cgroups, the farm's usage as it goes,
# the errors of the second removal and of a limit write into a removed sibling.
if [ -d /sys/fs/cgroup/memory ]; then
  C=/sys/fs/cgroup/memory; MAX=memory.limit_in_bytes; CUR=memory.usage_in_bytes
  echo 1 > $C/memory.use_hierarchy 2>/dev/null
else
  C=/sys/fs/cgroup; MAX=memory.max; CUR=memory.current
  echo "+memory +pids" > $C/cgroup.subtree_control
fi
N=16
ncg() { awk '$1 == "memory" {print $3}' /proc/cgroups; }
cnt() { echo "$1: $(ls -d $C/farm/w* 2>/dev/null | wc -l) siblings, num_cgroups $(ncg)$([ -e $C/farm/cgroup.stat ] && echo ", $(tr '\n' ' ' < $C/farm/cgroup.stat)")"; }
mkdir $C/farm
[ -e $C/farm/cgroup.subtree_control ] && echo "+memory" > $C/farm/cgroup.subtree_control
before=$(ncg)
for i in $(seq 1 $N); do mkdir $C/farm/w$i & done; wait
cnt "made"
for i in $(seq 1 $N); do echo $((4 + i))M > $C/farm/w$i/$MAX & done; wait
echo "limits: $(for i in 1 8 16; do echo -n "w$i $(cat $C/farm/w$i/$MAX) "; done)"
for i in $(seq 1 $N); do ( echo $BASHPID > $C/farm/w$i/cgroup.procs; exec sleep 60 ) & done
sleep 1
echo "workers: $(cat $C/farm/w*/cgroup.procs | wc -l)"
for p in $(cat $C/farm/w*/cgroup.procs); do kill $p; done; wait 2>/dev/null
sleep 0.5
echo "workers left: $(cat $C/farm/w*/cgroup.procs | wc -l)"
for i in $(seq $N -1 9); do rmdir $C/farm/w$i || echo "rmdir w$i failed"; done
cnt "half removed"
ls -d $C/farm/w* | sort -t w -k 2 -n -r | xargs rmdir; echo "xargs rmdir: $?"
cnt "all removed"
rmdir $C/farm/w3 2>&1 | sed "s#$C/##"; echo "rmdir w3 again: ${PIPESTATUS[0]}"
echo 1M 2>&1 > $C/farm/w3/$MAX | sed -e 's#^[^:]*: line [0-9]*: ##' -e "s#$C/##"
rmdir $C/farm; echo "rmdir farm: $?"
sleep 1
echo "num_cgroups against before the farm: $(( $(ncg) - before + 1 ))"
