#!/bin/bash
# v1-move-charge-full.sh (tests/conformance/scripts) up to "back", every step traced
# (docs/fidelity.md item 69): where the per-CPU memcg_stocks' pages come from and go.
# kprobes on try_charge (5.10) / try_charge_memcg (6.1) (memcg, nr_pages),
# page_counter_try_charge / page_counter_uncharge (counter, nr: a batch charged, a
# stock drained), refill_stock (memcg, nr), drain_stock (the stock's cached memcg and
# nr_pages: struct memcg_stock_pcp starts with them on both kernels), drain_local_stock,
# drain_all_stock, cancel_charge, uncharge_batch, try_to_free_mem_cgroup_pages, the
# move's mem_cgroup_can_attach / cancel_attach / move_task / __mem_cgroup_clear_mc and
# mem_cgroup_move_account (from, to), mem_cgroup_css_alloc's return (which memcg is
# which: src, dst, src/kid in turn); sched fork/exit/migrate of the shells. Events
# printed as `CPU MS EVENT TASK-PID ARGS`, memcgs by name (a counter as NAME.OFFSET:
# the counter's offset in struct mem_cgroup); 1-page charges and uncharges and the
# move's per-page events counted per step instead (`count STEP CPU TASK EVENT ARGS N`).
cd /sys/fs/cgroup/memory
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
bytes() { awk -v k=$2 '$1 == k {print $2}' $1/memory.stat; }
show() { echo "$1: src usage $(cat src/memory.usage_in_bytes) rss $(bytes src rss); dst usage $(cat dst/memory.usage_in_bytes) rss $(bytes dst rss) cache $(bytes dst cache) kmem $(cat dst/memory.kmem.usage_in_bytes); dst failed $(( $(cat dst/memory.failcnt) > 0 ))"
  echo "$1" > $T/trace_marker; }
where() { local g; for g in src dst src/kid; do grep -qx $1 $g/cgroup.procs && echo $g; done; }
echo "symbols: $(grep -wE 'try_charge|try_charge_memcg|consume_stock|refill_stock|drain_stock|drain_local_stock|drain_all_stock|cancel_charge|uncharge_batch|mem_cgroup_move_account|mem_cgroup_can_attach|mem_cgroup_cancel_attach|mem_cgroup_move_task|__mem_cgroup_clear_mc|mem_cgroup_do_precharge|mem_cgroup_precharge_mc|mem_cgroup_move_charge' /proc/kallsyms | awk '{print $2, $3}' | sort -k2 | tr '\n' ';')"
echo 40000 > $T/buffer_size_kb
kp() { echo "$1" >> $T/kprobe_events 2>/dev/null || echo "no probe: $1"; }
kp 'r:alloc mem_cgroup_css_alloc ret=$retval'
if grep -qw try_charge_memcg /proc/kallsyms; then kp 'p:tc try_charge_memcg memcg=%di nr=%dx:u32'
else kp 'p:tc try_charge memcg=%di nr=%dx:u32'; fi
kp 'p:ptc page_counter_try_charge counter=%di nr=%si:u64'
kp 'p:pun page_counter_uncharge counter=%di nr=%si:u64'
kp 'p:rfs refill_stock memcg=%di nr=%si:u32'
kp 'p:ds drain_stock memcg=+0(%di):x64 nr=+8(%di):u32'
kp 'p:dls drain_local_stock'
kp 'p:das drain_all_stock memcg=%di'
kp 'p:cch cancel_charge memcg=%di nr=%si:u32'
kp 'p:ub uncharge_batch'
kp 'p:rcl try_to_free_mem_cgroup_pages memcg=%di nr=%si:u64'
kp 'p:catt mem_cgroup_can_attach'
kp 'p:cnatt mem_cgroup_cancel_attach'
kp 'p:mvt mem_cgroup_move_task'
kp 'p:clr __mem_cgroup_clear_mc'
kp 'p:mma mem_cgroup_move_account from=%dx to=%cx'
echo 0 > $T/tracing_on
echo 1 > $T/events/kprobes/enable
for e in sched_process_exit sched_process_fork sched_migrate_task; do echo 1 > $T/events/sched/$e/enable; done
echo 'comm == "bash" || comm == "cat" || comm == "sleep"' > $T/events/sched/sched_migrate_task/filter
echo 1 > $T/tracing_on
echo "mkdir" > $T/trace_marker
dd if=/dev/zero of=/mnt/disk/work/mf.dat bs=64k count=96 2>/dev/null   # 6 MiB
sync; echo 3 > /proc/sys/vm/drop_caches
mkdir src dst
echo 1 > src/memory.use_hierarchy
mkdir src/kid
echo 4M > dst/memory.limit_in_bytes
echo 1 > dst/memory.move_charge_at_immigrate
echo "job" > $T/trace_marker
(echo $BASHPID > src/cgroup.procs; printf -v x '%*s' 8000000 ''; : > /tmp/mf.ready; sleep 3600; :) &
job=$!
until [ -e /tmp/mf.ready ]; do sleep 0.1; done; rm /tmp/mf.ready; sleep 0.5
show "start"
echo $job 2>&1 > dst/cgroup.procs | sed "s|^.*: line [0-9]*: ||"; echo "move into 4M: ${PIPESTATUS[0]}, job in $(where $job)"
show "refused"
echo 0 > dst/memory.move_charge_at_immigrate
echo $job > dst/cgroup.procs; echo "move without bit 0: $?, job in $(where $job)"
show "moved alone"
echo $job > src/cgroup.procs; echo "back to src: $?"
echo 1 > dst/memory.move_charge_at_immigrate
echo 12M > dst/memory.limit_in_bytes
echo "subshell" > $T/trace_marker
(echo $BASHPID > dst/cgroup.procs; cat /mnt/disk/work/mf.dat > /dev/null)
show "dst with cache"
echo $job > dst/cgroup.procs; echo "move into 12M with 6M of cache: $?, job in $(where $job)"
show "moved into 12M"
echo $job > src/cgroup.procs; echo "back to src with bit 0 unset there: $?"
show "back"
sleep 0.5
show "0.5 s later"
echo 0 > $T/tracing_on
kill $job; wait 2>/dev/null; kill $(cat src/cgroup.procs) 2>/dev/null; sleep 0.5
echo "--- trace: CPU ms event task-pid args (ms from the first event)"
grep -av '^#' $T/trace | awk '
function nm(a,   k, o) { if (a !~ /^0x/) return a
  k = substr(a, 1, length(a) - 3); o = substr(a, length(a) - 2)
  if (!(k in name)) return a
  return (o == "000") ? name[k] : name[k] "." o }
function flush(   c) { for (c in cnt) print "count", step, c, cnt[c]; delete cnt }
{ if (!match($0, /\[[0-9]+\]/)) next
  cpu = substr($0, RSTART + 1, RLENGTH - 2) + 0
  task = substr($0, 1, RSTART - 1); gsub(/ /, "", task)
  rest = substr($0, RSTART + RLENGTH)
  n = split(rest, f, " "); ts = f[2]; sub(/:$/, "", ts)
  if (t0 == "") t0 = ts
  ev = f[3]; sub(/:$/, "", ev)
  if (ev == "tracing_mark_write") { flush(); step = f[4]; printf "%d %.3f mark %s %s\n", cpu, (ts - t0) * 1000, task, substr(rest, index(rest, f[4])); next }
  if (ev == "alloc") { split(f[n], r, "="); nalloc++; name[substr(r[2], 1, length(r[2]) - 3)] = (nalloc == 1 ? "src" : nalloc == 2 ? "dst" : nalloc == 3 ? "kid" : "m" nalloc) }
  args = ""; for (i = 4; i <= n; i++) if (f[i] !~ /^\(.*\+0x0\/0x[0-9a-f]+\)$/) { split(f[i], kv, "="); args = args " " kv[1] "=" nm(kv[2]) }
  if (ev == "mma" || (ev ~ /^(tc|ptc|pun|cch)$/ && args ~ /nr=1$/) || (ev == "rfs" && args ~ /nr=1$/)) { cnt[cpu " " task " " ev args]++; next }
  printf "%d %.3f %s %s%s\n", cpu, (ts - t0) * 1000, ev, task, args }
END { flush() }'
rmdir src/kid src dst
rm /mnt/disk/work/mf.dat
