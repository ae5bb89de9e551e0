#!/bin/bash
# Written for memcgsim's conformance suite (session 36, novel36; cgroup v1 or v2): a CI
# runner's build sandbox. The runner makes a cgroup per job with a memory limit, moves
# a job shell into it, and the job runs a compile-like loop of short execs (sed, tr,
# cat, head) each writing a file on ext4 (page cache and dentries/inodes charged to
# the job), links them, lists and checksums them; the runner reads the job's usage
# (memory.current or usage_in_bytes, the file and anon lines of memory.stat, the
# limit's events), removes the sandbox (rm -rf: the page cache uncharged as the inodes
# are evicted) and the cgroup, and counts what is left (num_cgroups, dying memcgs).
if [ -d /sys/fs/cgroup/memory ]; then
  C=/sys/fs/cgroup/memory; CUR=memory.usage_in_bytes; MAX=memory.limit_in_bytes
  FILE=total_cache; ANON=total_rss
else
  C=/sys/fs/cgroup; CUR=memory.current; MAX=memory.max; FILE=file; ANON=anon
  echo "+memory +pids" > $C/cgroup.subtree_control
fi
W=$PWD/sandbox.$$
mkdir -p $C/ci $W
echo 32M > $C/ci/$MAX
st() { awk -v f=$FILE -v a=$ANON '$1 == f {x=$2} $1 == a {y=$2} END {printf "file %d KiB anon %d KiB", x/1024, y/1024}' $C/ci/memory.stat; }
echo "limit $(cat $C/ci/$MAX), before: $(cat $C/ci/$CUR) $(st)"
bash -c 'echo $$ > '$C'/ci/cgroup.procs; cd '$W'
  for i in $(seq 1 30); do
    printf "int f%d(int x) { return x * %d; }\n" $i $i > m$i.c
    sed "s/int/long/g" m$i.c > m$i.i
    tr a-z A-Z < m$i.i > m$i.o
    head -c 65536 /dev/zero >> m$i.o
  done
  cat m*.o > app.bin
  echo "objects: $(ls *.o | wc -l), app.bin: $(wc -c < app.bin) bytes"
  md5sum m1.c m30.i | cut -c1-8'
echo "job status $?"
echo "after the build: $(st)"
u=$(cat $C/ci/$CUR)
echo "usage at least 4 MiB: $([ $u -ge 4194304 ] && echo yes || echo no)"
if [ -e $C/ci/memory.events ]; then
  echo "events: $(tr '\n' ' ' < $C/ci/memory.events)"
else
  echo "failcnt: $(cat $C/ci/memory.failcnt)"
fi
sync
rm -rf $W; echo "rm -rf: $?"
echo "after rm: $(st)"
rmdir $C/ci; echo "rmdir ci: $?"
sleep 1
echo "num_cgroups: $(awk '$1 == "memory" {print $3}' /proc/cgroups)"
[ -e $C/cgroup.stat ] && grep dying $C/cgroup.stat
exit 0
