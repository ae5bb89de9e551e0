#!/bin/sh
# Prints cgroup-cost.sh (tests/conformance/scripts) with, before the mkdirs, after them
# and 3 s after the rmdirs, where SLUB holds the slabs of the caches whose kept slabs
# the model misses at 16-64 CPUs (session 33, branch place33; docs/fidelity.md item
# 173): /sys/kernel/slab/CACHE/{slabs,cpu_slabs,partial,slabs_cpu_partial} (the CPU
# slabs, the node's partial list, the CPUs' partial lists: "N(pages) C0=n(p) ...") and
# how many tasks and kworkers live (a pool's new workers are task_structs that stay).
#   sh tools/sizes/cost-kept-where.sh > /tmp/w.sh
#   memcgsim oracle /tmp/w.sh --kernel 5.10|6.1 --cgroup v2 --cpus 16
S="$(dirname "$0")/../../tests/conformance/scripts/cgroup-cost.sh"
cat <<'PRE'
#!/bin/bash
where() {
  local c f n
  n=0; for f in /proc/[0-9]*/comm; do read -r c < $f 2>/dev/null && case $c in kworker*) n=$((n + 1));; esac; done
  echo "kw $1 tasks $(ls -d /proc/[0-9]* | wc -l) kworkers $n"
  for c in task_struct names_cache inode_cache mm_struct signal_cache sighand_cache files_cache proc_inode_cache kernfs_node_cache pid; do
    [ -d /sys/kernel/slab/$c ] || continue
    echo "kw $1 $c slabs $(cut -d' ' -f1 /sys/kernel/slab/$c/slabs) cpu_slabs $(cut -d' ' -f1 /sys/kernel/slab/$c/cpu_slabs) partial $(cut -d' ' -f1 /sys/kernel/slab/$c/partial) cpu_partial $(cat /sys/kernel/slab/$c/slabs_cpu_partial)"
  done
}
PRE
grep -v '^#' "$S" | sed -e 's/^for ((i = 0; i < N; i++)); do mkdir/where A; &/' \
  -e 's/^s1=/where B; &/' -e 's/^s2=/where C; &/'
