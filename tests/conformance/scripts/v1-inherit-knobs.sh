#!/bin/bash
# Written for memcgsim's conformance suite (session 12, cgroup v1): which memory
# knobs a new v1 group takes from its parent, as v1 container managers rely on.
# mem_cgroup_css_alloc (mm/memcontrol.c) copies swappiness and oom_kill_disable from
# the parent (use_hierarchy too on 5.10); limits, soft limit and
# move_charge_at_immigrate start afresh. The root's memory.swappiness is vm.swappiness
# itself (mem_cgroup_swappiness, mem_cgroup_swappiness_write); swappiness takes 0..200
# (c843966c556d, v5.8); oom_control takes 0 or 1, and not on the root.
M=/sys/fs/cgroup/memory
cd $M
err() { sed "s|^.*: line [0-9]*: ||"; }
knobs() {
  echo "$1: swappiness $(cat $1/memory.swappiness)" \
       "$(grep oom_kill_disable $1/memory.oom_control)" \
       "soft $(cat $1/memory.soft_limit_in_bytes) limit $(cat $1/memory.limit_in_bytes)" \
       "move $(cat $1/memory.move_charge_at_immigrate) hierarchy $(cat $1/memory.use_hierarchy)"
}
w() { local r; r=$(echo "$2" 2>&1 > $1 | err); echo "write '$2' > $1: ${r:-ok} -> $(cat $1 | head -1)"; }
echo "root swappiness $(cat memory.swappiness), vm.swappiness $(cat /proc/sys/vm/swappiness)"
mkdir p
echo 30 > p/memory.swappiness
echo 1 > p/memory.oom_control
echo 16M > p/memory.soft_limit_in_bytes
echo 64M > p/memory.limit_in_bytes
echo 3 > p/memory.move_charge_at_immigrate
knobs p
mkdir p/c
knobs p/c
echo 50 > p/memory.swappiness
echo "after the parent's swappiness 50: p/c $(cat p/c/memory.swappiness)"
mkdir p/c/g
knobs p/c/g
for v in 0 100 200 201 -1 abc 1k " 70" 60; do w p/c/memory.swappiness "$v"; done
for v in 2 -1 0 1; do w p/c/memory.oom_control "$v"; done
w memory.oom_control 1
w memory.oom_control 0
w memory.swappiness 40
echo "vm.swappiness after the root's write: $(cat /proc/sys/vm/swappiness)"
mkdir q
echo 70 > /proc/sys/vm/swappiness
echo "after vm.swappiness 70: root $(cat memory.swappiness), q $(cat q/memory.swappiness), p $(cat p/memory.swappiness)"
mkdir q/r
echo "q/r: $(cat q/r/memory.swappiness)"
echo 60 > /proc/sys/vm/swappiness
rmdir p/c/g p/c p q/r q
echo "rmdir: $?"
