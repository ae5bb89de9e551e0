#!/bin/bash
# Written for memcgsim's conformance suite (session 31, blkg31; docs/fidelity.md item
# 142): what a cgroup doing I/O costs beside its csses, its block group (struct
# blkcg_gq, block/blk-cgroup.c) on the disk. A parent enables io; N children a phase:
# e none (the csses alone), r a buffered read of a cold file of its own, w a write of
# a file of its own with fsync (cgroup writeback), m a write of io.max and of a
# device's io.weight. /proc/meminfo Slab and Percpu per child, then what the removal
# of the children, of the files and of the parent keep, and the dying count.
N=40
R=/sys/fs/cgroup
P=$R/blkg
mi() { awk -v k="$1:" '$1 == k {print $2 * 1024}' /proc/meminfo; }
dying() { awk '$1 == "nr_dying_descendants" {print $2}' $R/cgroup.stat; }
rd() { cat cold$1 > /dev/null; }
wr() { dd if=/dev/zero of=hot$1 bs=4096 count=4 conv=fsync 2>/dev/null; }
echo "$(getconf _NPROCESSORS_ONLN) CPUs, $N children a phase"
grep -qw io $R/cgroup.subtree_control || echo +io > $R/cgroup.subtree_control
grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
mkdir $P
echo +io > $P/cgroup.subtree_control
for ((i = 0; i < N; i++)); do dd if=/dev/zero of=cold$i bs=4096 count=4 2>/dev/null; done
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
base_slab=$(mi Slab) base_pcpu=$(mi Percpu)
for ph in e r w m; do
  s0=$(mi Slab) p0=$(mi Percpu)
  for ((i = 0; i < N; i++)); do
    mkdir $P/$ph$i
    case $ph in
      r) (echo $BASHPID > $P/r$i/cgroup.procs; rd $i) ;;
      w) (echo $BASHPID > $P/w$i/cgroup.procs; wr $i) ;;
      m) echo "254:0 rbps=1048576" > $P/m$i/io.max ;;
    esac
  done
  sleep 1
  echo "$ph Slab per child: $(( ($(mi Slab) - s0) / N ))"
  echo "$ph Percpu per child: $(( ($(mi Percpu) - p0) / N ))"
done
echo "io.max of m0: $(cat $P/m0/io.max)"
echo "254:0 200" > $P/m0/io.weight || echo "io.weight of a device refused"
echo "dying before rmdir: $(dying)"
for ph in e r w m; do for ((i = 0; i < N; i++)); do rmdir $P/$ph$i; done; done
sleep 3
echo "after rmdir: Slab kept per child $(( ($(mi Slab) - base_slab) / (4 * N) )), Percpu kept per child $(( ($(mi Percpu) - base_pcpu) / (4 * N) )), dying $(dying)"
rm -f cold* hot*
sleep 3
echo "after rm: Slab kept per child $(( ($(mi Slab) - base_slab) / (4 * N) )), dying $(dying)"
rmdir $P
sleep 3
echo "after the parent's rmdir: dying $(dying)"
