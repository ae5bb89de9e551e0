#!/bin/bash
# Written for memcgsim's conformance suite (session 36, place36: docs/fidelity.md item
# 252): which CPU each of a shell's short commands runs on, one after the other (each
# `cut` reads its own /proc/self/stat, field 39: the CPU it runs on). Prints how many
# took the CPU the command before ran on, how many the one before that, how many
# another, and how many distinct CPUs the loop used: find_idlest_group's walk after
# each exit (a dead task's utilization leaving its CPU). Works on cgroup v1 and v2.
prev=-1 prev2=-1 same=0 before=0 other=0 seen=""
for i in $(seq 40); do
  c=$(cut -d' ' -f39 /proc/self/stat)
  case $prev in
    -1) ;;
    $c) same=$((same + 1)) ;;
    *) if [ "$c" = "$prev2" ]; then before=$((before + 1)); else other=$((other + 1)); fi ;;
  esac
  case " $seen " in *" $c "*) ;; *) seen="$seen $c" ;; esac
  prev2=$prev prev=$c
done
set -- $seen
echo "after an exit: the last command's CPU $same, the one before $before, another $other"
echo "CPUs used: $#"
