#!/bin/bash
# What the script's own bash does with its heap (session 30, branch heap30,
# docs/fidelity.md item 133): a prefix put before a conformance script, which then
# runs as is; at its exit (trap) it prints the bash's maps and smaps and the raw
# trace, one event a line: `ht CPU USECS EVENT TASK-PID ARGS`. Events:
# exceptions:page_fault_user (every user fault: address, ip, error_code), the LRU
# page charge (5.10 mem_cgroup_charge, 6.1 __mem_cgroup_charge: page/folio) and
# uncharge (5.10 mem_cgroup_uncharge/_list, 6.1 __mem_cgroup_uncharge/_list),
# wp_page_copy and do_anonymous_page (kprobes: the page copied after a fork, a new
# anon page), raw_syscalls sys_enter/sys_exit of brk, mmap, munmap and mremap
# (their arguments and results), cgroup:cgroup_attach_task (who moves where), the
# sched fork/exec/exit events. Reads nothing but tracefs and /proc/$$; writes only
# the guest's tracefs.
#   cat tools/sizes/shell-heap-trace.sh SCRIPT | memcgsim oracle - --kernel K --cgroup V --cpus 2
# tools/sizes/shell_heap.py summarizes the output (the bash's pages by area, who
# they were charged to, its brk/mmap calls).
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
echo "ht: $(getconf _NPROCESSORS_ONLN) CPUs, $(uname -r), shell pid $$"
echo 30000 > $T/buffer_size_kb
ht_kp() { echo "$1" >> $T/kprobe_events 2>/dev/null || echo "ht: no probe: $1"; }
if grep -qw __mem_cgroup_charge /proc/kallsyms; then
  ht_kp 'p:chg __mem_cgroup_charge page=%di'
  ht_kp 'p:unc __mem_cgroup_uncharge page=%di'
  ht_kp 'p:uncl __mem_cgroup_uncharge_list'
else
  ht_kp 'p:chg mem_cgroup_charge page=%di'
  ht_kp 'p:unc mem_cgroup_uncharge page=%di'
  ht_kp 'p:uncl mem_cgroup_uncharge_list'
fi
ht_kp 'p:wpc wp_page_copy'
ht_kp 'p:dap do_anonymous_page'
echo 0 > $T/tracing_on
echo 1 > $T/events/kprobes/enable
echo 1 > $T/events/exceptions/page_fault_user/enable
echo 'id == 9 || id == 11 || id == 12 || id == 25' > $T/events/raw_syscalls/sys_enter/filter
echo 'id == 9 || id == 11 || id == 12 || id == 25' > $T/events/raw_syscalls/sys_exit/filter
echo 1 > $T/events/raw_syscalls/sys_enter/enable
echo 1 > $T/events/raw_syscalls/sys_exit/enable
echo 1 > $T/events/cgroup/cgroup_attach_task/enable
for e in sched_process_fork sched_process_exec sched_process_exit; do
  echo 1 > $T/events/sched/$e/enable
done
ht_maps() {
  local l
  echo "ht: --- $1: /proc/$$/maps"
  while read -r l; do echo "ht: map $l"; done < /proc/$$/maps
}
ht_smaps() {
  local k v r a
  echo "ht: --- $1: /proc/$$/smaps (area Rss Anonymous)"
  while read -r k v r; do
    case "$k" in
      *-*) a="$k ${r##* }" ;;
      Rss:) echo -n "ht: smaps $a Rss $v" ;;
      Anonymous:) echo " Anonymous $v" ;;
    esac
  done < /proc/$$/smaps
}
ht_dump() {
  echo 0 > $T/tracing_on
  ht_maps end
  ht_smaps end
  grep -a 'entries-in-buffer\|lost' $T/trace | head -3 | sed 's/^/ht: /'
  echo "ht: --- trace: CPU usecs event task-pid args"
  grep -av '^#' $T/trace | awk 'function dec(s) { sub(/^0+/, "", s); return s + 0 }  # busybox awk: "010" + 0 is octal 8

  { cpu = dec(substr($2, 2, length($2) - 2)); for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) break
    t = substr($i, 1, length($i) - 1) * 1e6; if (t0 == "") t0 = t; ev = $(i + 1); sub(/:$/, "", ev)
    args = ""; for (j = i + 2; j <= NF; j++) if ($j !~ /^\(.*\)$/) args = args " " $j
    printf "ht %d %.0f %s %s%s\n", cpu, t - t0, ev, $1, args }'
}
trap ht_dump EXIT
ht_maps start
echo 1 > $T/tracing_on
# --- the script follows
