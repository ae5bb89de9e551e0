#!/bin/bash
# Written for memcgsim's conformance suite (session 45, novel45; cgroup v2): a batch job
# under memory.swap.high (systemd's MemorySwapMax='s soft sibling, as an SRE sets it to
# slow a job down before it fills swap). The job (memory.max 8M) buffers a 12 MiB
# stream (tail of data without newlines): reclaim at memory.max swaps its buffer out;
# once memory.swap.current is past swap.high every refill of the per-CPU charge stock
# (try_charge: swap_high) queues mem_cgroup_handle_over_high, which reclaims nothing
# (memory is under memory.high), counts MEMCG_SWAP_HIGH at each look at the overage
# (swap_find_max_overage) and sleeps the penalty (calculate_high_delay, at most 2 s).
# Then swap.high is raised to max and a second job of the same size runs: no more
# events. Sizes in MiB (read once the stream is in), elapsed whole seconds of each
# job.
C=/sys/fs/cgroup
MB=$((1 << 20))
dd if=/dev/zero of=swapfile bs=1M count=40 2>/dev/null
chmod 600 swapfile; mkswap swapfile > /dev/null; swapon swapfile; echo "swapon: $?"
echo +memory > $C/cgroup.subtree_control
exec 3>&1
mkdir $C/batch; echo 8M > $C/batch/memory.max; echo 3M > $C/batch/memory.swap.high
echo "swap.high: $(cat $C/batch/memory.swap.high) swap.max: $(cat $C/batch/memory.swap.max)"
sev() { awk -v k=$1 '$1 == k {print $2}' $C/batch/memory.swap.events; }
mev() { awk -v k=$1 '$1 == k {print $2}' $C/batch/memory.events; }
job() {
  local t0=$SECONDS
  ( echo $BASHPID > $C/batch/cgroup.procs
    { head -c 12M /dev/zero; sleep 1
      echo "$1 filled: swap $(( $(cat $C/batch/memory.swap.current) / MB ))" \
           "current $(( $(cat $C/batch/memory.current) / MB ))" >&3; } | tail > /dev/null
    echo "pipeline: ${PIPESTATUS[*]}" )
  echo "$1: took $((SECONDS - t0)) s" \
       "swap high events $(sev high) max $(sev max) fail $(sev fail)" \
       "events high $(mev high) max $(mev max) oom $(mev oom)"
}
job first
echo max > $C/batch/memory.swap.high; echo "swap.high max: $?"
job second
echo "current < 1M: $(( $(cat $C/batch/memory.current) < MB ))"
rmdir $C/batch; echo "rmdir: $?"
swapoff swapfile; echo "swapoff: $?"
rm -f swapfile
