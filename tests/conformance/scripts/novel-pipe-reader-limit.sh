#!/bin/bash
# Written for memcgsim's conformance suite (session 38, novel38): a backup job
# streams a file three times its memory limit through a pipe (cat | wc) in its own
# cgroup. The page cache its reads bring in is charged to it and reclaimed inside
# its limit as it goes (the limit's reclaim hits: memory.events max / failcnt),
# the pipe's buffer pages too; the writer's cgroup, whose pages were dropped, holds
# none. Then the job's cgroup is removed while its cache stays: it is dying (v2)
# until the file is removed. Works on cgroup v1 and v2.
MB=$((1 << 20))
if [ -d /sys/fs/cgroup/memory ]; then
  C=/sys/fs/cgroup/memory; CUR=memory.usage_in_bytes; FILE=total_cache
  echo 1 > $C/memory.use_hierarchy 2>/dev/null
  setmax() { echo $2 > $C/$1/memory.limit_in_bytes; }
  hits() { cat $C/$1/memory.failcnt; }
else
  C=/sys/fs/cgroup; CUR=memory.current; FILE=file
  echo +memory > $C/cgroup.subtree_control
  setmax() { echo $2 > $C/$1/memory.max; }
  hits() { awk '$1 == "max" {print $2}' $C/$1/memory.events; }
fi
file_mib() { awk -v k=$FILE '$1 == k {print int($2 / 1048576)}' $C/$1/memory.stat; }
mkdir $C/writer $C/backup
( echo $BASHPID > $C/writer/cgroup.procs; dd if=/dev/zero of=data bs=1M count=24 2>/dev/null; sync )
echo "writer file MiB $(file_mib writer)"
echo 1 > /proc/sys/vm/drop_caches
echo "after drop_caches: writer file MiB $(file_mib writer)"
setmax backup 8M
( echo $BASHPID > $C/backup/cgroup.procs; cat data | wc -c )
echo "backup: usage <= 8M $(( $(cat $C/backup/$CUR) <= 8 * MB )), file MiB >= 6 $(( $(file_mib backup) >= 6 )), limit hits > 0 $(( $(hits backup) > 0 ))"
echo "writer file MiB $(file_mib writer)"
( echo $BASHPID > $C/backup/cgroup.procs; md5sum < data )
echo "backup again: usage <= 8M $(( $(cat $C/backup/$CUR) <= 8 * MB ))"
rmdir $C/backup; echo "rmdir backup: $?"
[ -e $C/cgroup.stat ] && grep dying $C/cgroup.stat
rm data; sleep 1
[ -e $C/cgroup.stat ] && grep dying $C/cgroup.stat
rmdir $C/writer; echo "rmdir writer: $?"
