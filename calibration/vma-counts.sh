#!/bin/bash
# How many VMAs (vm_area_structs) the guest's programs have (kernel/fork.py's
# program images): the script's bash (/proc/$$/maps, counted with the read builtin),
# a forked subshell before exec, and busybox applets after exec (cat /proc/self/maps).
# Run: memcgsim oracle calibration/vma-counts.sh --kernel K --cgroup v2
n=0; while read -r l; do n=$((n + 1)); done < /proc/$$/maps; echo "bash $n"
( n=0; while read -r l; do n=$((n + 1)); done < /proc/self/maps; echo "subshell $n" )
echo "cat $(cat /proc/self/maps | wc -l)"
echo "sleep-like (sh -c) $(sh -c 'cat /proc/$$/maps' | wc -l)"
cat /proc/$$/maps
cat /proc/self/maps
