#!/bin/bash
# Written for memcgsim's conformance suite (session 16, cgroup v1 or v2): a worker bash
# in `job` builds big strings step by step and the script reads the cgroup between the
# steps (the worker waits on a FIFO for each go): a 300000-byte value from a command
# substitution, unset, the same again (glibc's mmap threshold has risen to the freed
# chunk's size: this one is a heap chunk), unset, a 3 MB printf -v string, unset; then
# a 2 MiB tmpfs file the worker writes and reads twice (shmem on the anon LRU).
if grep -q cgroup2 /proc/mounts && [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  R=/sys/fs/cgroup; V=2
  grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
  CUR=memory.current; A=anon; H=anon_thp
else
  R=/sys/fs/cgroup/memory; V=1
  CUR=memory.usage_in_bytes; A=rss; H=rss_huge
fi
D=/tmp/fss.$$
mkdir -p $D $R/job
mount -t tmpfs -o size=8m none $D
mkfifo $D/go
val() { awk -v k=$1 '$1 == k { print $2 }' $R/job/memory.stat; }
bash -c '
  echo $$ > '$R/job'/cgroup.procs
  D='$D'
  step() { echo "$1" > $D/done; read -r _ < $D/go; }
  step started
  v=$(head -c 300000 /dev/zero | tr "\0" a); step "v ${#v}"
  unset v; step "unset v"
  v=$(head -c 300000 /dev/zero | tr "\0" b); step "v again ${#v}"
  unset v; step "unset v again"
  printf -v w "%3000000s" x; step "w ${#w}"
  unset w; step "unset w"
  head -c 2097152 /dev/zero > $D/shm; step "shm written"
  cat $D/shm > /dev/null; step "shm read once"
  cat $D/shm > /dev/null; step "shm read twice"
  rm $D/shm; step "shm removed"
' &
pid=$!
for i in 1 2 3 4 5 6 7 8 9 10 11; do
  while [ ! -s $D/done ]; do sleep 0.1; done
  what=$(cat $D/done); rm $D/done
  rss=$(awk '$1 == "RssAnon:" { print $2 }' /proc/$pid/status)
  echo "$what: $CUR $(cat $R/job/$CUR) anon $(val $A) thp $(val $H) shmem $(val shmem) RssAnon ${rss} kB"
  echo "$what: inactive_anon $(val inactive_anon) active_anon $(val active_anon)"
  echo go > $D/go
done
wait $pid
echo "worker: status $?"
sleep 0.5
echo "after: $CUR $(cat $R/job/$CUR) anon $(val $A) shmem $(val shmem)"
umount $D; rmdir $D
rmdir $R/job && echo "rmdir job: ok"
