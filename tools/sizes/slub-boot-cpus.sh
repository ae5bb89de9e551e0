#!/bin/bash
# Written for memcgsim (session 16, conform16a, docs/fidelity.md item 41): what SLUB's
# lists hold once the guest has booted, per cache, at this CPU count (kernel/sizes
# slub_boot): after the conformance scripts' prelude (sync, drop_caches, sleep 1),
# for every cache of /sys/kernel/slab (aliases under each name they have):
#   NAME order O per P slabs S objects A partial NP objects_partial NPO
#        cpu_slabs "T N0=..." cpu_partial "T(P) C0=o(p) ..."
# (objects: in-use objects, CPU-held slabs counted full; cpu_slabs: CPU slabs plus
# per-CPU partial slabs; cpu_partial: per CPU the partial list's objects(slabs)).
# Then every cache is shrunk (/sys/kernel/slab/NAME/shrink: flush_all, so every CPU
# slab and per-CPU partial list goes back to the node, empty slabs freed) and its
# slabs and in-use objects printed again: "shrunk NAME slabs S objects A"; objects
# before less objects after is what the CPUs held free. bash builtins only (read),
# so no fork disturbs the lists between the reads.
# Run: memcgsim oracle tools/sizes/slub-boot-cpus.sh --kernel K --cgroup v2 --cpus N
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
names=()
for d in /sys/kernel/slab/*; do
  n=${d##*/}
  [[ $n == :* ]] && continue
  names+=("$n")
done
out=()
for n in "${names[@]}"; do
  d=/sys/kernel/slab/$n
  line="$n"
  for f in order objs_per_slab slabs objects partial objects_partial; do
    read -r v < $d/$f; line="$line $f $v"
  done
  read -r v < $d/cpu_slabs; line="$line cpu_slabs \"$v\""
  read -r v < $d/slabs_cpu_partial; line="$line cpu_partial \"$v\""
  out+=("$line")
done
printf '%s\n' "${out[@]}"
for n in "${names[@]}"; do echo 1 > /sys/kernel/slab/$n/shrink 2>/dev/null; done
out=()
for n in "${names[@]}"; do
  read -r s < /sys/kernel/slab/$n/slabs; read -r a < /sys/kernel/slab/$n/objects
  out+=("shrunk $n slabs ${s%% *} objects ${a%% *}")
done
printf '%s\n' "${out[@]}"
