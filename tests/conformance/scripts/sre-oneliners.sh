#!/bin/bash
# Written for memcgsim's conformance suite (session 17, conform17): the one-liners SREs
# paste to look at a cgroup tree (find / xargs / grep -r / ls / du / stat / head /
# sort over cgroupfs), run against a small tree: two services, one with two
# children, each holding a sleeping task and a tmpfs file. Works on cgroup v1 and v2.
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
  R=/sys/fs/cgroup; echo +memory > $R/cgroup.subtree_control; V=2; CUR=memory.current
else
  R=/sys/fs/cgroup/memory; V=1; CUR=memory.usage_in_bytes
  echo 1 > $R/memory.use_hierarchy 2>/dev/null
fi
mkdir -p $R/ops/web/a $R/ops/web/b $R/ops/db
[ $V = 2 ] && echo +memory > $R/ops/cgroup.subtree_control && echo +memory > $R/ops/web/cgroup.subtree_control
mkdir -p /tmp/sre
for g in web/a web/b db; do
  ( echo $BASHPID > $R/ops/$g/cgroup.procs; head -c 65536 /dev/zero > /tmp/sre/${g#*/}; exec sleep 3600 ) &
done
sleep 1
cd $R/ops
echo "--- find -type d"
find . -type d | sort
echo "--- find -name cgroup.procs | xargs wc -l"
find . -name cgroup.procs | sort | xargs wc -l
echo "--- populated cgroups (non-empty cgroup.procs)"
for d in $(find . -mindepth 1 -type d | sort); do [ -s $d/cgroup.procs ] && echo "$d"; done
echo "--- grep -c . */cgroup.procs"
grep -c . */cgroup.procs */*/cgroup.procs
echo "--- usage at least 64K"
for d in $(find . -mindepth 1 -type d | sort); do echo "$d $(( $(cat $d/$CUR) >= 65536 ))"; done
echo "--- ls"
ls
ls -d */ | sort
ls -l $CUR | awk '{print $1, $2, $3, $4, $5}'
ls -ld web | awk '{print $1, $3, $4}'
echo "--- stat"
stat -c '%n %s %a %F' cgroup.procs $CUR web
stat -f -c '%T' .
echo "--- du -s (cgroupfs files have size 0)"
du -s . | awk '{print $1}'
echo "--- head -n 2 of two files"
head -n 2 web/a/cgroup.procs db/cgroup.procs | sed 's/[0-9][0-9]*$/PID/'
echo "--- grep shmem of each"
grep -H '^shmem ' */memory.stat */*/memory.stat 2>/dev/null | sed 's/ .*//'
grep -l '^shmem ' */*/memory.stat | wc -l
echo "--- sort -n by usage"
for d in web/a web/b db; do echo "$(cat $d/$CUR) $d"; done | sort -n | awk '{print $2}' | head -3 | wc -l
echo "--- which cgroup is each sleep in"
for p in $(cat */cgroup.procs */*/cgroup.procs); do cut -d: -f3 /proc/$p/cgroup; done | sort
echo "--- tr / wc on cgroup.controllers or tasks"
if [ $V = 2 ]; then tr ' ' '\n' < cgroup.controllers; wc -w < web/cgroup.subtree_control; else wc -l < web/a/tasks; fi
echo "--- kill the tree's tasks, then rmdir depth-first"
cat $(find . -name cgroup.procs) | xargs kill
wait 2>/dev/null
sleep 1
find . -mindepth 1 -depth -type d -exec rmdir {} \;
echo "find -exec rmdir: $?"
ls -d */ 2>/dev/null | wc -l
cd /
rmdir $R/ops; echo "rmdir ops: $?"
rm -r /tmp/sre
