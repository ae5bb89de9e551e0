#!/bin/bash
# Written for memcgsim (session 20, docs/fidelity.md item 60): where a new bash's
# stack starts below the end of its [stack] mapping: the argument and environment
# strings, the auxiliary vector and argv/envp above the initial stack pointer, and
# fs/binfmt_elf.c create_elf_tables' arch_align_stack (a random 0..8191 bytes a exec,
# 16-aligned). 40 execs of the script's own bash (the guests': static bash 5.2.15),
# each run as `bash FILE` as the oracle runs a script, print (end of [stack]) - (/proc/self/stat startstack) in bytes, then the mean.
# Needs no cgroup; runs anywhere.
# Run: memcgsim oracle calibration/shell-stack-start.sh --kernel 6.1 --cgroup v2
M='while read -r range perm off dev ino name; do
  [ "$name" = "[stack]" ] && end=$((0x${range#*-}))
done < /proc/$$/maps
read -r stat < /proc/$$/stat; set -- $stat; shift 27
echo $(( end - $1 ))'
echo "$M" > /tmp/ss.sh
sum=0 n=0 all=
for i in $(seq 40); do
  v=$("$BASH" /tmp/ss.sh)
  all="$all $v"; sum=$((sum + v)); n=$((n + 1))
done
echo "start-below-top:$all"
echo "mean $((sum / n)) min $(printf '%s\n' $all | sort -n | head -1) max $(printf '%s\n' $all | sort -n | tail -1)"
