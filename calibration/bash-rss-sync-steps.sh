#!/bin/bash
# memcgsim calibration (session 40, branch heap40, docs/fidelity.md item 346): what counts
# the events that sync bash's split RSS cache (mm/memory.c check_sync_rss_stat), beside
# calibration/bash-rss-sync.sh: 40 reads of minflt, RssAnon and smaps_rollup's Anonymous
# (builtins, no fork) each after four more 4000-byte array elements (about four new
# heap pages), then 40 reads alone, then 40 elements with no read between and one read
# at the end. Reads /proc only:
#   memcgsim oracle calibration/bash-rss-sync-steps.sh --kernel K --cgroup v2
mf() { read -r s < /proc/$$/stat; s=${s#*) }; set -- $s; m=$8; j=${10}; }
ra() { while read -r k v r; do [ "$k" = RssAnon: ] && a=$v; done < /proc/$$/status
  while read -r k v r; do [ "$k" = Anonymous: ] && b=$v; done < /proc/$$/smaps_rollup; }
printf -v z "%4000s" ""
mf; ra; echo "k4 first $m $a $b"
for ((i = 1; i <= 40; i++)); do y+=("$z"); y+=("$z"); y+=("$z"); y+=("$z"); mf; ra; echo "k4 step $i $m $a $b $j"; done
for ((i = 1; i <= 40; i++)); do mf; ra; echo "k0 step $i $m $a $b $j"; done
for ((i = 1; i <= 40; i++)); do y+=("$z"); echo "k1 step $i"; done
mf; ra; echo "k1 end $m $a $b $j"
