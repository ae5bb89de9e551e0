#!/bin/bash
# v1-move-charge-full.sh (tests/conformance/scripts) up to "dst with cache", the
# subshell that reads 6 MiB into dst traced (docs/fidelity.md item 63): where dst's
# usage beyond its pages comes from. kprobes on page_counter_try_charge and
# page_counter_uncharge (counter, pages: each batch charged and each stock drained),
# refill_stock (memcg, pages), obj_cgroup_charge (objcg, bytes), refill_obj_stock
# (objcg, bytes) and release_task, the sched process fork/exit/free tracepoints; the
# events printed as `CPU MS EVENT TASK-PID ARGS`, page-cache charges (page_counter
# calls of 1 page from cat) counted instead of printed. cgroup v1.
cd /sys/fs/cgroup/memory
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
bytes() { awk -v k=$2 '$1 == k {print $2}' $1/memory.stat; }
show() { echo "$1: dst usage $(cat dst/memory.usage_in_bytes) rss $(bytes dst rss) cache $(bytes dst cache) kmem $(cat dst/memory.kmem.usage_in_bytes)"; }
dd if=/dev/zero of=/mnt/disk/work/mf.dat bs=64k count=96 2>/dev/null
sync; echo 3 > /proc/sys/vm/drop_caches
mkdir src dst
echo 1 > src/memory.use_hierarchy
echo 12M > dst/memory.limit_in_bytes
echo 20000 > $T/buffer_size_kb
kp() { echo "$1" >> $T/kprobe_events 2>/dev/null || echo "no probe: $1"; }
kp 'p:ptc page_counter_try_charge counter=%di nr=%si:u64'
kp 'p:pun page_counter_uncharge counter=%di nr=%si:u64'
kp 'p:rfs refill_stock memcg=%di nr=%si:u32'
kp 'p:och obj_cgroup_charge objcg=%di size=%dx:u64'
kp 'p:ros refill_obj_stock objcg=%di nr=%si:u32'
kp 'p:rel release_task'
echo 0 > $T/tracing_on
echo 1 > $T/events/kprobes/enable
for e in sched_process_exit sched_process_free sched_process_fork; do echo 1 > $T/events/sched/$e/enable; done
show "before"
echo 1 > $T/tracing_on
echo "before the subshell" > $T/trace_marker
(echo $BASHPID > dst/cgroup.procs; cat /mnt/disk/work/mf.dat > /dev/null)
echo "subshell reaped: $(cat dst/memory.usage_in_bytes)" > $T/trace_marker
show "dst with cache"
echo "after show: $(cat dst/memory.usage_in_bytes)" > $T/trace_marker
sleep 0.5
echo 0 > $T/tracing_on
show "0.5 s later"
echo "--- trace: CPU ms event task-pid args (ms from the first event); cat's 1-page charges counted"
grep -av '^#' $T/trace | awk '
{ if (!match($0, /\[[0-9]+\]/)) next
  cpu = substr($0, RSTART + 1, RLENGTH - 2) + 0
  task = substr($0, 1, RSTART - 1); gsub(/ /, "", task)
  rest = substr($0, RSTART + RLENGTH)
  n = split(rest, f, " "); ts = f[2]; sub(/:$/, "", ts)
  if (t0 == "") t0 = ts
  ev = f[3]; sub(/:$/, "", ev)
  args = ""; for (i = 4; i <= n; i++) if (f[i] !~ /^\(.*\+0x0\/0x[0-9a-f]+\)$/) args = args " " f[i]
  if (task ~ /^cat-/ && (ev == "ptc" || ev == "och" || ev == "ros") && args ~ /nr=1$|size=/) { cnt[cpu " " task " " ev]++; next }
  printf "%d %.3f %s %s%s\n", cpu, (ts - t0) * 1000, ev, task, args }
END { for (k in cnt) print "count", k, cnt[k] }'
rmdir src dst
rm /mnt/disk/work/mf.dat
