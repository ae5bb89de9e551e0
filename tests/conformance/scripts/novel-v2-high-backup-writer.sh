#!/bin/bash
# Written for memcgsim's conformance suite (session 43, novel43; cgroup v2): a nightly
# backup job run in a transient unit with MemoryHigh= (systemd-run -p MemoryHigh=4M):
# it writes a 16 MiB archive to the disk through the page cache. Over memory.high each
# charge's return to user space reclaims (mem_cgroup_handle_over_high →
# reclaim_high): clean page cache goes, dirty pages wait for the flusher
# (balance_dirty_pages and the memcg's own dirty limits: mem_cgroup_wb_stats), so the
# job's file pages stay near its high and memory.events counts high; nothing is
# OOM-killed (memory.high never kills). After the job: sync, the file's pages left
# charged to the unit, then its removal frees them and the unit is removed.
C=/sys/fs/cgroup
MB=$((1 << 20))
echo +memory > $C/cgroup.subtree_control
mkdir $C/backup.scope; echo 4M > $C/backup.scope/memory.high
st() { awk -v k=$1 '$1 == k {print int($2 / 1048576)}' $C/backup.scope/memory.stat; }
ev() { awk -v k=$1 '$1 == k {print $2}' $C/backup.scope/memory.events; }
( echo $BASHPID > $C/backup.scope/cgroup.procs
  dd if=/dev/zero of=archive bs=64k count=256 2>/dev/null; echo "dd: $?" )
echo "written: current <= 6M $(( $(cat $C/backup.scope/memory.current) <= 6 * MB )) file <= 5 $(( $(st file) <= 5 )) high > 0 $(( $(ev high) > 0 )) max $(ev max) oom $(ev oom)"
sync
echo "synced: dirty $(st file_dirty) writeback $(st file_writeback) file <= 5 $(( $(st file) <= 5 ))"
echo "archive MiB $(( $(wc -c < archive) / MB ))"
rm archive
echo "removed: file $(st file) current < 1M $(( $(cat $C/backup.scope/memory.current) < MB ))"
rmdir $C/backup.scope; echo "rmdir: $?"
