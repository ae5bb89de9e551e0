#!/bin/bash
# Written for memcgsim (session 42, slab42; docs/fidelity.md item 471): each CPU's own
# free objects in SLUB's lists where a script starts, which /sys/kernel/slab cannot
# show (``objects`` counts a CPU slab full, ``shrink`` gives back all CPUs' room at
# once: tools/sizes/slub_boot.py spreads it evenly over the CPU slabs).
# At the script's first line (no fork before), for each probed cache, its sysfs lists
# and /proc/slabinfo line (tools/sizes/slub-boot-start.sh's format). Then, CPU by CPU,
# the script's bash moved there (`taskset -p`, busybox's applet, forked from it) takes
# one object of the cache at a time, with no fork, and reads the cache's `slabs` and
# `partial` after each, until `slabs` grows: the objects taken before are that CPU's
# free objects (its CPU slab's freelist, then its per-CPU partial slabs: mm/slub.c
# ``___slab_alloc``), then what the node's partial list held (``get_partial``, taken by
# the first CPU to run out: `partial` drops), the new slab's first object last.
# The caches, one object a step (nothing else of the cache allocated between):
#  - proc_inode_cache: `[ -e /proc/N ]` of a live PID not looked up before
#    (``proc_pid_lookup`` → ``proc_pid_make_inode``: one inode; a missing PID none),
#    then `[ -e /proc/N/E ]` of its task, fd, fdinfo and ns entries (``proc_pident_lookup``
#    → ``proc_pident_instantiate``: one inode each);
#  - shmem_inode_cache: `: > /tmp/F` (/tmp a tmpfs in the guests: ``shmem_get_inode``);
#  - ext4_inode_cache: `: > F` in the working directory (the oracle's scratch ext4 disk:
#    ``ext4_new_inode`` → ``new_inode`` → ``ext4_alloc_inode``).
# Run: memcgsim oracle calibration/slub-start-fill.sh --kernel K --cgroup v2 --cpus N
caches=(proc_inode_cache shmem_inode_cache ext4_inode_cache)
line() {  # CACHE: its lists, one line
  local d=/sys/kernel/slab/$1 f v out="$1"
  for f in order objs_per_slab slabs objects partial objects_partial; do
    read -r v < $d/$f; out="$out $f $v"
  done
  read -r v < $d/cpu_slabs; out="$out cpu_slabs \"$v\""
  read -r v < $d/slabs_cpu_partial; out="$out cpu_partial \"$v\""
  echo "$out"
}
first=()
for c in "${caches[@]}"; do first+=("$(line $c)"); done
si=()
while read -r n a o s p _ _ _ _ _ _ _ _ _ sl _; do
  for c in "${caches[@]}"; do [ "$n" = "$c" ] && si+=("slabinfo $n active $a num $o objsize $s per $p slabs $sl"); done
done < /proc/slabinfo
N=$(grep -c ^processor /proc/cpuinfo)
echo "cpus $N kernel $(uname -r)"
printf 'first %s\n' "${first[@]}"
printf '%s\n' "${si[@]}"
pid=2; sub=5
subs=("" task fd fdinfo ns)
take() {  # CACHE STEP: one object of CACHE (status 1: none was left to take)
  case $1 in
    proc_inode_cache)
      # a live PID's directory, then four of its entries, one lookup each
      if ((sub < 5)); then [ -e /proc/$pid/${subs[sub++]} ]; return 0; fi
      while ((pid < 4000)); do
        ((pid++))
        [ -e /proc/$pid ] && { sub=1; return 0; }
      done
      return 1 ;;
    shmem_inode_cache) : > /tmp/fill.$2 ;;
    ext4_inode_cache) : > fill.$2 ;;
  esac
}
step=0
for ((cpu = 0; cpu < N; cpu++)); do
  taskset -p $((1 << cpu)) $$ > /dev/null
  for c in "${caches[@]}"; do
    d=/sys/kernel/slab/$c
    read -r s0 _ < $d/slabs; read -r p0 _ < $d/partial; read -r cp0 < $d/slabs_cpu_partial
    echo "fill cpu $cpu $c at 0 slabs $s0 partial $p0 cpu_partial \"$cp0\""
    i=0; ps=$s0; pp=$p0
    while ((i < 200)); do
      take $c $((step++)) || { echo "fill cpu $cpu $c ran out of pids"; break; }
      ((i++))
      read -r s _ < $d/slabs; read -r p _ < $d/partial
      if [ "$s" != "$ps" ] || [ "$p" != "$pp" ]; then
        read -r cp < $d/slabs_cpu_partial
        echo "fill cpu $cpu $c at $i slabs $s partial $p cpu_partial \"$cp\""
        ps=$s; pp=$p
      fi
      ((s > s0)) && break
    done
    # where the shell ran (field 39 of its stat, read with no fork once the fill is
    # over: the lookup of /proc/$$ takes its inodes after the count)
    read -r -a st < /proc/$$/stat
    echo "filled cpu $cpu $c $((i - 1)) before a new slab (the shell on CPU ${st[38]})"
  done
done
rm -f /tmp/fill.* fill.*
