#!/bin/bash
# Written for memcgsim (session 42, slab42; docs/fidelity.md item 392): each CPU's own
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
#    ``ext4_new_inode`` → ``new_inode`` → ``ext4_alloc_inode``);
#  - kmalloc-192: a sysfs file opened and kept open (``kernfs_fop_open``'s
#    ``kernfs_open_file``), its slabs read from /proc/slabinfo;
#  - pde_opener and kmalloc-32 (5.10) / kmalloc-cg-32 (6.1), in one loop: /proc/cgroups
#    opened and kept open (``proc_reg_open``'s ``pde_opener``, ``single_open``'s
#    ``seq_operations``); a CPU's descriptors are closed once its fills are over.
# A CPU's count is that of the step before the one that made the new slab (the
# "filled" lines); "at least" when the cap came first.
# Run: memcgsim oracle calibration/slub-start-fill.sh --kernel K --cgroup v2 --cpus N
caches=(proc_inode_cache shmem_inode_cache ext4_inode_cache)
# the caches filled through descriptors kept open (the kernfs open file; /proc/cgroups'
# pde_opener and `single_open`'s 32-byte seq_operations, GFP_KERNEL_ACCOUNT)
k32=kmalloc-32; [ -e /sys/kernel/slab/kmalloc-cg-32 ] && k32=kmalloc-cg-32
opened=(kmalloc-192 pde_opener $k32)
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
for c in "${caches[@]}" "${opened[@]}"; do first+=("$(line $c)"); done
si=()
while read -r n a o s p _ _ _ _ _ _ _ _ _ sl _; do
  for c in "${caches[@]}" "${opened[@]}"; do [ "$n" = "$c" ] && si+=("slabinfo $n active $a num $o objsize $s per $p slabs $sl"); done
done < /proc/slabinfo
N=$(grep -c ^processor /proc/cpuinfo)
echo "cpus $N kernel $(uname -r)"
printf 'first %s\n' "${first[@]}"
printf '%s\n' "${si[@]}"
pid=2; sub=5
subs=("" task fd fdinfo ns)
fds=()
SYSF=/sys/kernel/mm/transparent_hugepage/enabled
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
    # a sysfs file kept open: its kernfs_open_file (kmalloc-192; the open node and
    # the seq_file elsewhere)
    kmalloc-192) exec {fd}< $SYSF && fds+=($fd) ;;
    # /proc/cgroups kept open: a pde_opener (not a permanent entry) and single_open's
    # seq_operations (kmalloc-32 on 5.10, kmalloc-cg-32 on 6.1)
    pde_opener) exec {fd}< /proc/cgroups && fds+=($fd) ;;
  esac
}
slabs_of() {  # CACHE...: their slab counts into S[], from sysfs (a read of a sysfs
  # file takes and gives back a kmalloc-192 on this CPU: not for that cache) or, for
  # kmalloc-192, from /proc/slabinfo (which takes a pde_opener and gives it back)
  local c n a o _ sl
  for c; do
    if [ $c = kmalloc-192 ]; then
      while read -r n a o _ _ _ _ _ _ _ _ _ _ _ sl _; do
        [ "$n" = $c ] && { S[$c]=$sl; break; }
      done < /proc/slabinfo
    else
      read -r sl _ < /sys/kernel/slab/$c/slabs; S[$c]=$sl
    fi
  done
}
fill() {  # CPU TAKE CAP CACHE...: take objects (TAKE's way) until every CACHE has a new slab
  local cpu=$1 how=$2 cap=$3 c i=0 d p left
  shift 3
  declare -gA S S0 P0 DONE
  slabs_of "$@"
  for c; do
    S0[$c]=${S[$c]}; DONE[$c]=; read -r p _ < /sys/kernel/slab/$c/partial; P0[$c]=$p
    read -r cp < /sys/kernel/slab/$c/slabs_cpu_partial
    echo "fill cpu $cpu $c at 0 slabs ${S[$c]} partial $p cpu_partial \"$cp\""
  done
  left=$#
  while ((i < cap && left > 0)); do
    take $how $((step++)) || { echo "fill cpu $cpu $how ran out"; break; }
    ((i++))
    slabs_of "$@"
    for c; do
      [ -n "${DONE[$c]}" ] && continue
      if ((S[$c] > S0[$c])); then
        read -r p _ < /sys/kernel/slab/$c/partial
        echo "fill cpu $cpu $c at $i slabs ${S[$c]} partial $p"
        DONE[$c]=$i; ((left--))
      fi
    done
  done
  for c; do
    read -r p _ < /sys/kernel/slab/$c/partial
    # the node's partial slabs taken meanwhile show as `partial` below its start
    ((p < P0[$c])) && echo "fill cpu $cpu $c at ${DONE[$c]:-$i} slabs ${S[$c]} partial $p"
    if [ -n "${DONE[$c]}" ]; then
      echo "filled cpu $cpu $c $((DONE[$c] - 1)) before a new slab"
    else
      echo "filled cpu $cpu $c at least $i (no new slab in $cap)"
    fi
  done
}
step=0
for ((cpu = 0; cpu < N; cpu++)); do
  taskset -p $((1 << cpu)) $$ > /dev/null
  for c in "${caches[@]}"; do
    fill $cpu $c 200 $c
  done
  fill $cpu kmalloc-192 100 kmalloc-192
  fill $cpu pde_opener 300 pde_opener $k32
  # the descriptors closed on this CPU: their objects back to its lists, after the count
  for fd in "${fds[@]}"; do exec {fd}<&-; done
  fds=()
  # where the shell ran (field 39 of its stat, read with no fork once the fills are
  # over: the lookup of /proc/$$ takes its inodes after the count)
  read -r -a st < /proc/$$/stat
  echo "the shell on CPU ${st[38]}"
done
rm -f /tmp/fill.* fill.*
