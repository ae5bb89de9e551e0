#!/bin/bash
# When a removed memcg's offline comes against a swapoff right after its rmdir, and
# whom the swap-ins are charged (docs/fidelity.md item 353, session 40, stock40):
# kprobes on cgroup_rmdir, mem_cgroup_css_offline (the memcg's offline, a grace
# period and a work after the rmdir), try_to_unuse (swapoff's swap-ins: not
# probeable on the 6.1 guest, "no probe") and mem_cgroup_swapin_charge_folio with its
# return (0: charged), then the script given after this
# head, then tools/sizes/rcu-sources-tail.sh (the trace). Made and run as
#   cat tools/sizes/swapoff-offline-head.sh tests/conformance/scripts/swap-dying-pin.sh \
#       tools/sizes/rcu-sources-tail.sh > /tmp/t.sh
#   memcgsim oracle /tmp/t.sh --kernel 6.1 --cgroup v2 > REC
# Read: the last `rmdir` (rmd), the swap-ins (sic/sicr) after it, the last offline
# (off): tools/sizes/recordings/swapoff-offline--6.1-v2-2cpu.txt.gz.
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
echo 20000 > $T/buffer_size_kb
kp() { echo "$1" >> $T/kprobe_events 2>/dev/null || echo "no probe: $1"; }
kp 'p:rmd cgroup_rmdir'
kp 'p:off mem_cgroup_css_offline css=%di:x64'
kp 'p:unuse try_to_unuse type=%di:u32'
kp 'p:sic mem_cgroup_swapin_charge_folio'
kp 'r:sicr mem_cgroup_swapin_charge_folio ret=$retval:s32'
echo 1 > $T/events/kprobes/enable
echo 1 > $T/tracing_on
# ---- the script
