#!/bin/bash
# Written for memcgsim's conformance suite (session 44, novel44; cgroup v2): an SRE
# looking for which process of a container is swapping (memory.swap.current grows):
# VmSwap and RssAnon of each of its tasks in /proc/PID/status (MM_SWAPENTS and
# MM_ANONPAGES of its mm: task_mem), the container's own counters beside them, then
# more room given (memory.max raised: nothing comes back until touched) and swap
# turned off (try_to_unuse reads every entry back, charged to the container, the
# ptes' counts moved at once: unuse_pte's dec/inc_mm_counter). The container
# (memory.max 4M) runs a tool buffering 8 MiB (tail of a stream without newlines)
# and its shells. A shell that read some of its own pages back (do_swap_page) still
# shows their entries in VmSwap until its split RSS cache is synced
# (dec_mm_counter_fast: SPLIT_RSS_COUNTING, 5.10 and 6.1), so after swapoff it can
# top the list with a few KiB.
# Sizes in MiB but the last reading's (kB and bytes).
C=/sys/fs/cgroup
MB=$((1 << 20))
dd if=/dev/zero of=swapfile bs=1M count=32 2>/dev/null
chmod 600 swapfile; mkswap swapfile > /dev/null; swapon swapfile; echo "swapon: $?"
echo +memory > $C/cgroup.subtree_control
mkdir $C/ctr; echo 4M > $C/ctr/memory.max
mib() { echo $(( ($(cat $C/ctr/memory.$1) + MB / 2) / MB )); }
kb() { awk -v k=$2: '$1 == k {print $2}' /proc/$1/status 2>/dev/null; }
mkfifo go; exec 4<> go     # held open here: the write below never blocks
( echo $BASHPID > $C/ctr/cgroup.procs
  { head -c 8M /dev/zero; read x < go; } | tail > /dev/null ) &
w=$!
held() { echo $(( $(awk '$1 == "anon" {print $2}' $C/ctr/memory.stat) + $(cat $C/ctr/memory.swap.current) )); }
n=0; while [ $(held) -lt $((8 * MB)) ] && [ $n -lt 120 ]; do sleep 0.5; n=$((n + 1)); done
sleep 0.5
look() {     # the task of the most swap (then of the most anon), and the sum
    top= topswap=0 best=-1 sum=0
    for p in $(cat $C/ctr/cgroup.procs); do
        s=$(kb $p VmSwap); [ -n "$s" ] || continue
        sum=$((sum + s))
        key=$((s * 1048576 + $(kb $p RssAnon)))
        [ $key -gt $best ] && { best=$key; topswap=$s; top=$p; }
        [ "$(cat /proc/$p/comm)" = tail ] && tool=$p
    done
    echo "$1: top $(cat /proc/$top/comm) VmSwap $(( (topswap + 512) / 1024 )) RssAnon $(( ($(kb $top RssAnon) + 512) / 1024 )) tasks' VmSwap $(( (sum + 512) / 1024 )) swap.current $(mib swap.current) current $(mib current)"
}
look filled
echo 64M > $C/ctr/memory.max
sleep 0.5
look raised
swapoff swapfile; echo "swapoff: $?"
look swapoff
echo "back: tail RssAnon kB $(kb $tool RssAnon) VmSwap kB $(kb $tool VmSwap) tasks' VmSwap kB $sum current $(cat $C/ctr/memory.current)"
echo "events: oom_kill $(awk '$1 == "oom_kill" {print $2}' $C/ctr/memory.events)"
echo >&4
wait $w
echo "after: current < 1M: $(( $(cat $C/ctr/memory.current) < MB )) procs $(wc -l < $C/ctr/cgroup.procs)"
rmdir $C/ctr; echo "rmdir: $?"
exec 4>&-; rm -f swapfile go
