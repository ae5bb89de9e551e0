#!/bin/bash
# memcgsim calibration (session 41, branch heap41, docs/fidelity.md item 371): what
# counts the events that sync bash's split RSS cache between the faults minflt counts
# (item 346: the guests sync every 31-33 faults where one event a fault gives 66).
# The script's bash keeps 40 more 4000-byte array elements (one new heap page each, no
# fork, no read between), its own minflt read before and after, with the script bash's
# user page faults (exceptions:page_fault_user) and kprobes on handle_mm_fault
# (address, flags), sync_mm_rss and, where kallsyms has them, check_sync_rss_stat and
# add_mm_counter_fast, traced for the shell's pid only. Prints the kallsyms names
# around the split RSS counters, then each traced event: `rt EVENT ARGS`. Reads
# /proc; writes only the guest's tracefs:
#   memcgsim oracle calibration/bash-rss-sync-trace.sh --kernel K --cgroup v2
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
echo "rt: $(uname -r) shell pid $$"
grep -E ' (sync_mm_rss|check_sync_rss_stat|add_mm_counter_fast|handle_mm_fault|__handle_mm_fault|do_user_addr_fault|mm_account_fault|do_anonymous_page)' /proc/kallsyms | sed 's/^[0-9a-f]* /rt: sym /'
kp() { echo "$1" >> $T/kprobe_events 2>/dev/null && echo "rt: probe $1" || echo "rt: no probe: $1"; }
kp 'p:hmf handle_mm_fault addr=%si flags=%dx'
kp 'r:hmfr handle_mm_fault ret=$retval'
kp 'p:smr sync_mm_rss'
kp 'p:csr check_sync_rss_stat'
kp 'p:amc add_mm_counter_fast member=%si val=%dx'
kp 'p:dap do_anonymous_page'
echo 20000 > $T/buffer_size_kb
echo 0 > $T/tracing_on
echo > $T/trace
for e in $T/events/kprobes/*/ $T/events/exceptions/page_fault_user/ $T/events/raw_syscalls/sys_enter/; do
  [ -f "$e/filter" ] || continue
  echo "common_pid == $$" > "$e/filter"; echo 1 > "$e/enable"
done
echo stacktrace > $T/events/kprobes/smr/trigger
mf() { read -r s < /proc/$$/stat; s=${s#*) }; set -- $s; m=$8; }
printf -v z "%4000s" ""
for ((i = 1; i <= 8; i++)); do y+=("$z"); done
mf; echo "rt: minflt before $m"
echo 1 > $T/tracing_on
for ((i = 1; i <= 80; i++)); do y+=("$z"); done
echo 0 > $T/tracing_on
mf; echo "rt: minflt after $m"
grep -a 'entries-in-buffer\|lost' $T/trace | head -2 | sed 's/^/rt: /'
grep -av '^#' $T/trace | sed -E 's/^.* [0-9]+\.[0-9]+: /rt /; s/ \(([a-z_]+)\+0x[0-9a-f]+\/0x[0-9a-f]+\)/ \1/; s/ <-[a-z_.0-9+/x]+//'
