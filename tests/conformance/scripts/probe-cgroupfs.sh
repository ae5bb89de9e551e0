#!/bin/bash
# Probe (memcgsim conformance suite): the memory controller's cgroupfs file list (root
# and a fresh child) and the memory.stat keys, on cgroup v1 or v2 (auto-detected).
if [ -d /sys/fs/cgroup/memory ]; then C=/sys/fs/cgroup/memory; V=v1
else C=/sys/fs/cgroup; V=v2; echo +memory > $C/cgroup.subtree_control; fi
cd $C
echo "== $V root files"; ls -1
mkdir probe
echo "== $V child files"; ls -1 probe
echo "== $V child memory.stat keys"; while read -r k v; do echo "$k"; done < probe/memory.stat
echo "== $V root memory.stat keys"; while read -r k v; do echo "$k"; done < memory.stat
rmdir probe
echo "== done"
