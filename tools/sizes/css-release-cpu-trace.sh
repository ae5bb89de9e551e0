#!/bin/bash
# Which CPU drops a removed memory cgroup's last css reference, and who drops it
# (session 32, slab32: docs/fidelity.md items 165): a prefix put before a conformance
# case's script, which it then runs as is; at the script's exit (trap) it prints the
# trace. kprobes on mem_cgroup_css_offline, mem_cgroup_css_released and
# mem_cgroup_css_free (the css), on css_release (the percpu_ref's release: the last
# css_put; its stack by the stacktrace trigger), on drain_local_stock and
# drain_all_stock, and the cgroup tracepoints mkdir/rmdir/release. Lines:
# `CPU USECS EVENT TASK-PID ARGS` (µs from the first event), a stack's frames
# after its event as `  <= FUNCTION`.
#   cat tools/sizes/css-release-cpu-trace.sh tests/conformance/scripts/CASE.sh |
#     memcgsim oracle - --kernel 5.10|6.1 --cgroup v2 --cpus 2
#   python3 tools/sizes/css_release_cpu.py REC.txt
CT=/sys/kernel/tracing; [ -d $CT/events ] || mount -t tracefs nodev $CT 2>&1
echo "ct: $(getconf _NPROCESSORS_ONLN) CPUs, $(uname -r), shell pid $$"
echo 20000 > $CT/buffer_size_kb
ct_kp() { echo "$1" >> $CT/kprobe_events 2>/dev/null || echo "ct: no probe: $1"; }
for f in mem_cgroup_css_offline mem_cgroup_css_released mem_cgroup_css_free; do
  ct_kp "p:${f#mem_cgroup_css_} $f css=%di:x64"
done
ct_kp "p:release css_release ref=%di:x64"
ct_kp "p:dls drain_local_stock"
ct_kp "p:das drain_all_stock root=%di:x64"
echo 0 > $CT/tracing_on
echo 1 > $CT/events/kprobes/enable
[ -e $CT/events/kprobes/release ] && echo stacktrace > $CT/events/kprobes/release/trigger
for e in cgroup/cgroup_mkdir cgroup/cgroup_rmdir cgroup/cgroup_release; do
  [ -e $CT/events/$e/enable ] && echo 1 > $CT/events/$e/enable || echo "ct: no event $e"
done
ct_dump() {
  echo 0 > $CT/tracing_on
  grep -a 'entries-in-buffer\|lost' $CT/trace | head -3 | sed 's/^/ct: /'
  echo "ct: --- trace"
  grep -av '^#' $CT/trace | awk 'function dec(s) { sub(/^0+/, "", s); return s + 0 }  # busybox awk: "010" is octal
  /^ *=> / { sub(/^ *=> /, ""); sub(/\+0x.*/, ""); print "ct   <=", $0; next }
  { cpu = dec(substr($2, 2, length($2) - 2)); for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) break
    t = substr($i, 1, length($i) - 1) * 1e6; if (t0 == "") t0 = t; ev = $(i + 1); sub(/:$/, "", ev)
    args = ""; for (j = i + 2; j <= NF; j++) args = args " " $j
    printf "ct %d %.0f %s %s%s\n", cpu, t - t0, ev, $1, args }'
  echo "ct: --- end"
}
trap ct_dump EXIT
echo 1 > $CT/tracing_on
