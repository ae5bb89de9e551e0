#!/bin/bash
# The cgroup2 root's files with their kernfs inode numbers, every one (session 25,
# branch kernfs25; fs/cftypes ROOT_FILE_ORDER):
#   memcgsim oracle tools/sizes/cgroup-root-inos.sh --kernel 5.10|6.1 --cgroup v2
cd /sys/fs/cgroup || exit 1
echo "root $(stat -c %i .)"
for f in *; do echo "$(stat -c %i "$f") $f"; done | sort -n
mkdir /sys/fs/cgroup/a
echo "first child $(stat -c %i /sys/fs/cgroup/a)"
rmdir /sys/fs/cgroup/a
