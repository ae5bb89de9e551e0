#!/bin/bash
# Written for memcgsim's conformance suite (session 42, novel42; cgroup v1 or v2):
# logrotate without copytruncate (or an operator's `rm`) deleting a service's log
# while the service still holds it open, then the container squeezed and the service
# restarted. unlink drops the name only: the inode stays (i_nlink 0, on ext4's orphan
# list) while an fd holds it, and so do its page cache pages, charged to the
# service's memcg. Written back by sync, they are clean cache reclaim can take when
# the limit is lowered (the limit's write reclaims until usage fits); the rest go
# when the last fd is closed (iput → evict → truncate_inode_pages_final: uncharged).
# Sizes in MiB.
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
  C=/sys/fs/cgroup; LIM=memory.max; USE=memory.current
  echo +memory > $C/cgroup.subtree_control
else
  C=/sys/fs/cgroup/memory; LIM=memory.limit_in_bytes; USE=memory.usage_in_bytes
fi
G=$C/svc; mkdir $G; echo 16M > $G/$LIM
MB=$((1 << 20))
cache() { awk '$1 == "file" || $1 == "cache" {print int($2 / 1048576)}' $G/memory.stat; }
mkfifo ready go
( echo $BASHPID > $G/cgroup.procs; exec 3> app.log
  head -c 6M /dev/zero >&3; echo written > ready
  read x < go; exec 3>&-; echo "svc: closed" ) &
svc=$!
read r < ready
echo "$r: cache $(cache) usage>=6M $(( $(cat $G/$USE) >= 6 * MB ))"
rm app.log; echo "rm: $? ls: $(ls app.log 2>/dev/null | wc -l)"
case $(readlink /proc/$svc/fd/3) in *" (deleted)") echo "fd 3: deleted";; *) echo "fd 3: other";; esac
echo "after rm: cache $(cache)"
sync
echo 3M > $G/$LIM; echo "limit 3M: $?"
echo "squeezed: cache<=3 $(( $(cache) <= 3 )) usage<=3M $(( $(cat $G/$USE) <= 3 * MB ))"
echo > go
wait $svc; echo "svc: $?"
echo "closed: cache $(cache) usage<1M $(( $(cat $G/$USE) < MB ))"
rmdir $G; echo "rmdir: $?"
rm -f ready go
