#!/bin/bash
# Written for memcgsim (session 36, slab36; docs/fidelity.md item 254): which slabs a
# file read takes on a CPU of the booted guest that has not read that kind of file
# yet, cache by cache: the slabs SLUB's boot lists leave room for, read by what they
# do rather than by their counts (slub-boot-cpus.sh's counts after its shrinks are read
# through sysfs files, whose own open and read re-freeze a CPU slab of seq_file,
# kmalloc-192, the open node's cache and the seq buffer's, counted full).
# The script's bash stays on CPU 0 (taskset -p) and reads /proc/slabinfo there; for
# each other CPU a subshell moved there (taskset -p on its own pid, FIFOs opened
# before) waits on a FIFO, then, between two slabinfo reads on CPU 0, does one step
# with bash's `read` (no fork, no exec): /proc/cgroups (a /proc single_open file,
# not permanent), /proc/cgroups again, /proc/vmstat (seq_open), /proc/meminfo (a
# permanent entry on 6.1), a cgroup file (cgroup.controllers: kernfs and
# cgroup_file_ctx), a sysfs file (/sys/kernel/mm/transparent_hugepage/enabled).
# Per CPU and step: each cache whose slab count moved (+slabs, active objects).
# Run: memcgsim oracle tools/sizes/read-cpu-slabs.sh --kernel K --cgroup v2 --cpus N
N=$(grep -c ^processor /proc/cpuinfo)
echo "$N CPUs"
taskset -p 1 $$ > /dev/null
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
snap() { local n a o _; declare -gA SL AC; { read -r _; read -r _
  while read -r n a o _ _ _ _ _ _ _ _ _ _ _ s _; do SL[$n]=$s; AC[$n]=$a; done; } < /proc/slabinfo; }
steps=(/proc/cgroups /proc/cgroups /proc/vmstat /proc/meminfo /sys/fs/cgroup/cgroup.controllers
       /sys/kernel/mm/transparent_hugepage/enabled)
mkfifo /tmp/go /tmp/done
for ((k = 1; k < N; k++)); do
  (
    exec 3< /tmp/go 4> /tmp/done
    taskset -p $((1 << k)) $BASHPID > /dev/null
    for f in "${steps[@]}"; do
      read -r _ <&3
      read -r _ < $f
      echo ok >&4
    done
  ) &
  exec 5> /tmp/go 6< /tmp/done
  sleep 0.5
  for f in "${steps[@]}"; do
    snap; declare -A S0 A0; for n in "${!SL[@]}"; do S0[$n]=${SL[$n]}; A0[$n]=${AC[$n]}; done
    echo go >&5
    read -r _ <&6
    snap
    line="cpu $k $f:"
    for n in "${!SL[@]}"; do
      [ "${SL[$n]}" != "${S0[$n]}" ] && line="$line $n +$(( SL[$n] - S0[$n] ))s/$(( AC[$n] - A0[$n] ))a"
    done
    echo "$line"
  done
  wait
  exec 5>&- 6<&-
done
echo done
