#!/bin/bash
# Written for memcgsim (session 37, slab37; docs/fidelity.md items 263 ff.): who takes
# the jbd2_journal_head and mbcache slabs that the guests' /proc/slabinfo shows
# appearing a few seconds into a script that never touches ext4 (the step dumps
# tools/sizes/recordings/step-slabinfo-*.txt.gz). Set up first thing (no kallsyms
# scan: new_slab on 6.1, allocate_slab on 5.10, whichever the kprobe takes): a kprobe
# on SLUB's slab allocation of those two caches with a stacktrace trigger, kprobes on
# ext4_init_inode_table (the group) and ext4_run_li_request, kmem_cache_alloc /
# kmem_cache_free of 56- and 120-byte objects by ext4lazyinit and jbd2 (pid filter
# off: the threads are the kernel's); the two caches' slabinfo lines and the uptime
# every half second for 20 s.
# Run: memcgsim oracle tools/sizes/lazyinit-slabs-trace.sh --kernel K --cgroup v2 --cpus 2
TR=/sys/kernel/tracing; [ -d $TR/events ] || mount -t tracefs nodev $TR 2>&1
NM='name=+0(+96(%di)):string'
echo "p:nslab new_slab $NM" >> $TR/kprobe_events 2>/dev/null || echo "p:nslab allocate_slab $NM" >> $TR/kprobe_events
echo 'name == "mbcache" || name == "jbd2_journal_head"' > $TR/events/kprobes/nslab/filter
echo stacktrace > $TR/events/kprobes/nslab/trigger
echo 'p:itab ext4_init_inode_table group=%si:u32' >> $TR/kprobe_events || echo "no probe ext4_init_inode_table"
echo 'p:lireq ext4_run_li_request' >> $TR/kprobe_events || echo "no probe ext4_run_li_request"
echo 1 > $TR/events/kprobes/enable
echo 'bytes_alloc == 56 || bytes_alloc == 120' > $TR/events/kmem/kmem_cache_alloc/filter
echo 1 > $TR/events/kmem/kmem_cache_alloc/enable
echo 1 > $TR/tracing_on
show() {
  local u _ nm a o s
  read -r u _ < /proc/uptime
  { read -r _; read -r _; while read -r nm a o s _; do
      case $nm in mbcache|jbd2_journal_head) echo "at $u $nm active $a objects $o";; esac; done; } < /proc/slabinfo
}
for ((i = 0; i < 40; i++)); do show; sleep 0.5; done
echo 0 > $TR/tracing_on
echo "=== trace (kprobes with their chains; the allocations' call sites)"
grep -av '^#' $TR/trace | grep -aE 'nslab|itab|lireq|=>|kmem_cache_alloc' | grep -avE 'kprobe_(trace_func|dispatcher|ftrace_handler)|ftrace_ops_assist_func|=> 0x' | head -300
