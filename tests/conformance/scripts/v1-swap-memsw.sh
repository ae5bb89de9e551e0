#!/bin/bash
# Written for memcgsim's conformance suite (session 16, cgroup v1): swap under the v1
# memory controller. memsw charges memory + swap: a page swapped out leaves
# memory.usage (mem_cgroup_swapout) and stays in memsw.usage, counted in memory.stat's
# swap; its swap entry records the memcg's ID and holds it, so a removed group whose
# pages sit in swap stays dying (num_cgroups in /proc/cgroups) until swapoff reads
# them back (charged to the root: the recorded memcg is offline). memory.swappiness 0
# keeps memcg reclaim off anon (get_scan_count: SCAN_FILE), so the same job is
# OOM-killed instead; at memory.memsw.limit_in_bytes reclaim may not swap (try_charge:
# may_swap false) and the job is OOM-killed there too.
C=/sys/fs/cgroup/memory
MB=$((1 << 20))
dd if=/dev/zero of=swapfile bs=1M count=64 2>/dev/null
chmod 600 swapfile
mkswap swapfile > /dev/null; echo "mkswap: $?"
swapon swapfile; echo "swapon: $?"
f() { cat $C/$1/memory.$2; }
st() { awk -v k=$2 '$1 == k {print $2}' $C/$1/memory.stat; }
ncg() { awk '$1 == "memory" {print $3}' /proc/cgroups; }
hold() {
  ( echo $BASHPID > $C/$1/cgroup.procs; printf -v x '%*s' $2 ''; : > ready; sleep 3600; : ) &
  holder=$!
  for i in $(seq 900); do [ -e ready ] && break; kill -0 $holder 2>/dev/null || break; sleep 0.2; done
  rm -f ready
}
echo "at start: cgroups $(ncg)"
mkdir $C/job
echo "swappiness $(f job swappiness), memsw limit $(f job memsw.limit_in_bytes)"
echo 8M > $C/job/memory.limit_in_bytes
hold job 16000000
u=$(f job usage_in_bytes); ms=$(f job memsw.usage_in_bytes); sw=$(st job swap)
echo "holding: usage <= 8M $((u <= 8 * MB)), memsw - usage >= 6M $((ms - u >= 6 * MB)), memsw >= 15M $((ms >= 15 * MB))"
echo "stat swap within 1M of memsw - usage: $(( sw - (ms - u) < MB && (ms - u) - sw < MB )), total_swap == swap $(( $(st job total_swap) == sw ))"
echo "failcnt > 0 $(( $(f job failcnt) > 0 )), memsw failcnt $(f job memsw.failcnt)"
grep -E '^(under_oom|oom_kill) ' $C/job/memory.oom_control | tr '\n' ' '; echo
for p in $(cat $C/job/cgroup.procs); do echo $p > $C/cgroup.procs; done
echo 0 2>/dev/null > $C/job/memory.limit_in_bytes; echo "limit 0: $?"
u=$(f job usage_in_bytes); ms2=$(f job memsw.usage_in_bytes)
echo "all out: usage < 1M $((u < MB)), rss $(st job rss), memsw grew less than 1M $((ms2 - ms < MB))"
echo "root memsw - usage >= 15M $(( $(f . memsw.usage_in_bytes) - $(f . usage_in_bytes) >= 15 * MB ))"
rmdir $C/job; echo "rmdir: $?"
sleep 1
echo "after rmdir: cgroups $(ncg)"
swapoff swapfile; echo "swapoff: $?"
sleep 1
echo "after swapoff: cgroups $(ncg)"
echo "root memsw == usage $(( $(f . memsw.usage_in_bytes) == $(f . usage_in_bytes) ))"
kill $holder; wait $holder 2>/dev/null
sleep 1
echo "after the kill: cgroups $(ncg)"
swapon swapfile; echo "swapon: $?"
mkdir $C/j0
echo 0 > $C/j0/memory.swappiness
echo 8M > $C/j0/memory.limit_in_bytes
hold j0 16000000
wait $holder; echo "swappiness 0: status $?"
echo "memsw - usage $(( $(f j0 memsw.usage_in_bytes) - $(f j0 usage_in_bytes) )), swap $(st j0 swap)"
grep -E '^oom_kill ' $C/j0/memory.oom_control
rmdir $C/j0
mkdir $C/jm
echo 8M > $C/jm/memory.limit_in_bytes
echo 12M > $C/jm/memory.memsw.limit_in_bytes
hold jm 16000000
wait $holder; echo "memsw limit 12M: status $?"
echo "memsw failcnt > 0 $(( $(f jm memsw.failcnt) > 0 )), memsw max_usage <= 12M $(( $(f jm memsw.max_usage_in_bytes) <= 12 * MB ))"
grep -E '^oom_kill ' $C/jm/memory.oom_control
rmdir $C/jm
swapoff swapfile; echo "swapoff: $?"
