#!/bin/bash
# Written for memcgsim's conformance suite (session 40, docs/fidelity.md item 341): the
# sysctls a script reads and writes under /proc/sys (vm, kernel, fs, user): their
# names and modes, their values at the start (those that change with the boot or
# the run left out: the random IDs, the dentry, inode and file counts, the last pid,
# the scheduler's measured costs), writes of numbers, vectors and strings read back,
# the errors of a bad number, a read-only and a write-only sysctl, and utsname; then
# /sys/kernel/mm's attributes the same way (hugepages, ksm, swap, THP's khugepaged; its
# scan counters left out: khugepaged runs on through the script).
cd /proc/sys || exit 1
ls; for d in vm kernel fs user; do echo "$d: $(ls $d | wc -l)"; done
skip='^(fs/(dentry-state|inode-nr|inode-state|file-nr|file-max)|kernel/(ns_last_pid|random/(boot_id|uuid|entropy_avail)|perf_event_max_sample_rate)|vm/(user_reserve_kbytes|min_free_kbytes))$'
find vm kernel fs user -path kernel/sched_domain -prune -o -print | LC_ALL=C sort |
  while read -r p; do
    m=$(stat -c %a "$p")
    if [ -f "$p" ] && [ "${m#[4-7]}" != "$m" ] && ! echo "$p" | grep -Eq "$skip"; then
      echo "$m $p = $(tr '\t\n' '  ' < "$p")"
    else
      echo "$m $p"
    fi
  done
echo 100000 > vm/max_map_count; echo "max_map_count $(cat vm/max_map_count)"
echo "5 4" > kernel/printk; echo "printk $(tr '\t' ' ' < kernel/printk)"
echo 0x10 > vm/page-cluster; echo "page-cluster $(cat vm/page-cluster)"
echo x > vm/page-cluster; echo "bad number rc=$? $(cat vm/page-cluster)"
echo 1 > vm/compact_memory; echo "compact_memory rc=$?"
cat vm/compact_memory; echo "read write-only rc=$?"
echo 2 > kernel/osrelease; echo "write read-only rc=$?"
echo "|/bin/false %p" > kernel/core_pattern; echo "core_pattern $(cat kernel/core_pattern)"
echo guest40 > kernel/hostname; echo "hostname $(hostname) $(uname -n)"
uname -a; uname -v
cd /sys/kernel
find mm | LC_ALL=C sort | while read -r p; do
  m=$(stat -c %a "$p")
  if [ -f "$p" ] && [ "${m#[4-7]}" != "$m" ] && [ "${p%/full_scans}" = "${p%/pages_collapsed}" ]; then
    echo "$m $p = $(tr '\t\n' '  ' < "$p")"
  else
    echo "$m $(stat -c %h "$p") $p"
  fi
done
echo 1 > mm/ksm/run; echo "ksm run $(cat mm/ksm/run)"
echo x > mm/ksm/pages_to_scan; echo "bad number rc=$? $(cat mm/ksm/pages_to_scan)"
echo 0 > mm/ksm/run
echo false > mm/swap/vma_ra_enabled; echo "vma_ra_enabled $(cat mm/swap/vma_ra_enabled)"
echo 1 > mm/ksm/pages_shared; echo "write read-only rc=$?"
