#!/bin/bash
# Written for memcgsim's conformance suite (session 10): cgroup v2 threaded mode
# (Documentation/admin-guide/cgroup-v2.rst "Threads"; 8cfd8147df67, v4.14) next to
# the memory controller, which is a domain controller: cgroup.type transitions,
# "domain invalid", memory enabled below a thread root, what the thread root's
# memory.current holds for the threads' cgroups.
ROOT=/sys/fs/cgroup
cd $ROOT
grep -qw memory cgroup.subtree_control || echo +memory > cgroup.subtree_control
mkdir tr tr/a tr/b
echo "types: tr $(cat tr/cgroup.type) a $(cat tr/a/cgroup.type)"
echo threaded > tr/a/cgroup.type
echo "a threaded: tr $(cat tr/cgroup.type) a $(cat tr/a/cgroup.type) b $(cat tr/b/cgroup.type)"
echo $$ > tr/b/cgroup.procs 2>/dev/null || echo "procs into the invalid domain b: refused"
echo +memory 2>/dev/null > tr/a/cgroup.subtree_control || echo "+memory in threaded a: refused"
echo +memory 2>/dev/null > tr/cgroup.subtree_control || echo "+memory in thread root tr: refused"
echo "tr subtree_control: [$(cat tr/cgroup.subtree_control)] controllers of a: [$(cat tr/a/cgroup.controllers)]"
ls tr/a | grep -c '^memory\.' | sed 's/^/memory files in a: /'
echo domain 2>/dev/null > tr/a/cgroup.type || echo "threaded back to domain: refused"
echo threaded > tr/b/cgroup.type
echo "b threaded: b $(cat tr/b/cgroup.type)"
( echo $BASHPID > tr/a/cgroup.procs; dd if=/dev/zero of=/tmp/thr bs=64k count=16 2>/dev/null
  echo "in a: $(cat /proc/self/cgroup)" )
echo "tr current>=1M $(( $(cat tr/memory.current) >= 1048576 )) shmem $(awk '$1 == "shmem" {print $2}' tr/memory.stat)"
echo "tr cgroup.stat: $(tr '\n' ' ' < tr/cgroup.stat)"
mkdir tr/a/deep 2>/dev/null && echo "deep: $(cat tr/a/deep/cgroup.type)"
rm /tmp/thr
rmdir tr/a/deep tr/a tr/b tr
echo "gone: $?"
