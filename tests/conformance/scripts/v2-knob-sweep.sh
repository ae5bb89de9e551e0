#!/bin/bash
# Written for memcgsim's conformance suite (session 29, lead): a runtime author's sweep of
# cgroup v2 writes (memory, pids, core files), each write's status and message and what
# the file reads after it; the shell then enters a threaded cgroup (its memory.* gone:
# cgroup_control's threaded mask, kernel/cgroup/cgroup.c), renames (-EPERM on cgroup2).
cd /sys/fs/cgroup || exit 1
echo +memory +pids > cgroup.subtree_control
mkdir -p sw/a
w() { # file value
  if printf '%s' "$2" > "$1" 2>/tmp/err; then r=ok; else r="fail $(sed 's/.*: //' /tmp/err)"; fi
  printf '%-28s %-16s %s -> %s\n' "$1" "[$2]" "$r" "$(head -c 60 "$1" 2>/dev/null | tr '\n' ' ')"
}
w sw/memory.max 100M
w sw/memory.max ' 100M'
w sw/memory.max '100M '
w sw/memory.max 1.5G
w sw/memory.max -1
w sw/memory.max 0x1000
w sw/memory.max 'max '
w sw/memory.max MAX
w sw/memory.max 4097
w sw/memory.high 10k
w sw/memory.high 10K
w sw/memory.low 1t
w sw/memory.min 18446744073709551615
w sw/memory.min 18446744073709551616
w sw/memory.swap.max 0
w sw/memory.swap.high 1M
w sw/memory.oom.group 2
w sw/memory.oom.group ' 1'
w sw/memory.oom.group 1
w sw/memory.oom.group ''
w sw/pids.max 0
w sw/pids.max -5
w sw/pids.max max
w sw/cgroup.max.depth 1
w sw/cgroup.max.descendants 0
w sw/cgroup.freeze 2
w sw/cgroup.freeze 1
w sw/cgroup.freeze 0
w sw/cgroup.type threaded
w sw/cgroup.type domain
w sw/cgroup.subtree_control +nonesuch
w sw/cgroup.subtree_control memory
w sw/cgroup.subtree_control '+memory -memory'
w sw/cgroup.subtree_control '-memory +memory'
w sw/cgroup.subtree_control '+pids'
w sw/cgroup.procs 0
w sw/cgroup.procs 2
w sw/cgroup.procs abc
w sw/cgroup.procs 999999
w sw/memory.current 5
w sw/memory.stat 1
w sw/memory.events 0
w sw/a/memory.max 1M
mkdir sw/a/b 2>&1 | sed 's/.*: //'; echo "mkdir a/b $?"
mkdir sw/b 2>&1 | sed 's/.*: //'; echo "mkdir b ${PIPESTATUS[0]}"
w sw/cgroup.max.depth max
w sw/cgroup.max.descendants max
mkdir sw/a/b 2>&1; echo "mkdir a/b again $?"
rmdir sw 2>&1 | sed 's/.*: //'
mv sw/a sw/c 2>&1 | sed 's/.*: //'; ls sw | grep -c '^[ac]$'
ls -d sw/* | grep -v '\.' ; cat sw/cgroup.stat
rmdir sw/c/b sw/c sw/a/b sw/a sw 2>&1 | sed 's/.*: //'
ls -d sw 2>&1 | sed 's/.*: //'
sleep 1
grep memory /proc/cgroups | awk '{print $1, $3}'
