#!/bin/bash
# tmpfs-holders-cycles.sh (tests/conformance/scripts) traced cache by cache
# (docs/fidelity.md item 74): the script as it is, and after each of its `show`s
# ("held": the cgroups made, entered, removed, 1 s later; "freed": the files deleted,
# 3 s later) its Slab per cgroup since the last show and every slab cache whose active
# objects, objects or slab pages the phase moved ("round PHASE: Slab N bytes per
# cgroup", "R PHASE CACHE objsize active +N objs +N pages +N": tools/sizes/slab_moved.py
# reads them); where /proc/sys/vm/stat_refresh exists (the guests) Slab read again
# after folding the CPUs' vmstat differentials; where /sys/kernel/slab exists (the
# guests) SLUB's lists of five caches ("R PHASE lists CACHE | slabs ... | partial ...":
# node partial slabs, CPU slabs and per-CPU partial slabs, per CPU objects(slabs)).
N=50
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  R=/sys/fs/cgroup; V=2
  grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
else
  R=/sys/fs/cgroup/memory; V=1
fi
P=$R/holders
mkdir $P
[ $V = 2 ] && echo +memory > $P/cgroup.subtree_control
mkdir -p /tmp/holders
mount -t tmpfs -o size=16m holders /tmp/holders || echo "mount failed"
echo "cgroup v$V, $(getconf _NPROCESSORS_ONLN) CPUs, $N cgroups a cycle"
val() { awk -v k="$2" '$1 == k {print $2}' $1; }
kb() { echo $(( $(val /proc/meminfo $1:) * 1024 )); }
ncg() { awk '$1 == "memory" {print $3}' /proc/cgroups; }
show() {
  if [ $V = 2 ]; then
    echo "$1: parent shmem $(val $P/memory.stat shmem) file $(val $P/memory.stat file) slab $(val $P/memory.stat slab) percpu $(val $P/memory.stat percpu)"
    echo "$1: dying $(val $P/cgroup.stat nr_dying_descendants) num_cgroups +$(( $(ncg) - n0 ))"
  else
    echo "$1: parent shmem $(val $P/memory.stat total_shmem) cache $(val $P/memory.stat total_cache)"
    echo "$1: num_cgroups +$(( $(ncg) - n0 ))"
  fi
  echo "$1: per cgroup Shmem $(( ($(kb Shmem) - sh0) / N )) Slab $(( ($(kb Slab) - sl0) / N )) Percpu $(( ($(kb Percpu) - pc0) / N ))"
}
echo "v$V cpus=$(grep -c ^processor /proc/cpuinfo) cgroups=$N"
slabs() { awk 'NR > 2 {print $1, $4, $2, $3, $15 * $6}' /proc/slabinfo; }
moved() {
  slabs > /tmp/s1
  awk -v t="$1" 'NR == FNR {a[$1] = $3; o[$1] = $4; p[$1] = $5; next}
       ($1 in a) && ($3 != a[$1] || $4 != o[$1] || $5 != p[$1]) {print t, $1, $2, "active", $3 - a[$1], "objs", $4 - o[$1], "pages", $5 - p[$1]}
       !($1 in a) {print t, $1, $2, "active", $3, "objs", $4, "pages", $5}' /tmp/s0 /tmp/s1
  mv /tmp/s1 /tmp/s0
}
refresh() {
  [ -f /proc/sys/vm/stat_refresh ] || return 0
  a="$(kb Slab) $(kb SUnreclaim)"
  echo 1 > /proc/sys/vm/stat_refresh
  echo "$1 again: Slab SUnreclaim bytes $a refreshed: $(kb Slab) $(kb SUnreclaim)"
}
lists() {
  local c f v line
  for c in kmalloc-4k kmalloc-1k task_struct radix_tree_node kernfs_node_cache; do
    [ -d /sys/kernel/slab/$c ] || continue
    line="$1 lists $c"
    for f in slabs partial cpu_slabs objects objects_partial slabs_cpu_partial; do
      read -r v < /sys/kernel/slab/$c/$f; line="$line | $f $v"
    done
    echo "$line"
  done
}
phase() {
  echo "round $1: Slab $(( ($(kb Slab) - s1) / N )) bytes per cgroup"
  refresh "$1"
  moved "$1"
  lists "$1"
  s1=$(kb Slab)
}
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
slabs > /tmp/s0
lists "0 start"
n0=$(ncg); sh0=$(kb Shmem); sl0=$(kb Slab); pc0=$(kb Percpu); s1=$sl0
for cycle in 1 2; do
  for ((i = 0; i < N; i++)); do
    mkdir $P/h$i
    (echo $BASHPID > $P/h$i/cgroup.procs; head -c 12288 /dev/zero > /tmp/holders/f$i)
    rmdir $P/h$i || echo "rmdir h$i failed"
  done
  sleep 1
  show "cycle $cycle held"
  phase "$cycle held"
  echo "cycle $cycle: $(ls /tmp/holders | wc -l) files, $(du -sk /tmp/holders | awk '{print $1}') KiB"
  rm /tmp/holders/f*
  sleep 3
  show "cycle $cycle freed"
  phase "$cycle freed"
done
umount /tmp/holders
rmdir $P && echo "parent removed"
