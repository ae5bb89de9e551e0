#!/bin/bash
# memcgsim calibration (session 40, branch heap40, docs/fidelity.md item 346): where the
# script bash's split RSS cache is synced (mm/memory.c check_sync_rss_stat: the fault
# that finds rss_stat.events > TASK_RSS_EVENTS_THRESH, 64, syncs; every fault is an
# event, so minflt counts them). userland-proc3's lines up to its "start" read, with
# the script bash's minflt (/proc/$$/stat, field 10) read by builtins (no fork) after
# each; then 80 steps that each keep one more 4000-byte array element (about one new
# heap page each) and read minflt, RssAnon, smaps_rollup Anonymous and majflt again: the step whose RssAnon jumps holds
# the sync, so the events at "start" are 66 less the faults from there to it. Then
# the same steps in a `bash -c` (its minflt and the sync's step from its first
# command: the events an exec'd bash starts its commands with).
# Reads /proc; writes /tmp:
#   memcgsim oracle calibration/bash-rss-sync.sh --kernel K --cgroup v2
mf() { read -r s < /proc/$$/stat; s=${s#*) }; set -- $s; m=$8; j=${10}; }
ra() { while read -r k v r; do [ "$k" = RssAnon: ] && a=$v; done < /proc/$$/status
  while read -r k v r; do [ "$k" = Anonymous: ] && b=$v; done < /proc/$$/smaps_rollup; }
mf; echo "minflt first $m"
st() { grep -E '^(VmPeak|VmSize|VmHWM|VmRSS|RssAnon|RssShmem):' "$1/status" | tr -s '\n\t ' '   '
  awk '/^Anonymous:/ {print "smaps_rollup Anonymous", $2}' "$1/smaps_rollup"; }
mkfifo /tmp/u3.fifo
bash -c 'read x < /tmp/u3.fifo' & p=$!
mf; echo "minflt bg $m"
sleep 0.5
mf; echo "minflt sleep $m"
echo "bash-c: $(st /proc/$p)"
mf; echo "minflt bash-c $m"
awk '/^[0-9a-f]+-[0-9a-f]+ / {a = $1; n = $6} /^Rss:/ {if (n ~ /bash/) print "bash-c area", a, $2}' /proc/$p/smaps >/dev/null
mf; echo "minflt awk $m"
echo x > /tmp/u3.fifo; wait
mf; echo "minflt wait $m"
echo "start: $(st /proc/$$)"
mf; ra; echo "minflt start $m $a"
printf -v z "%4000s" ""
mf; ra; echo "minflt z $m $a"
for ((i = 1; i <= 80; i++)); do y+=("$z"); mf; ra; echo "step $i $m $a $b $j"; done
rm -f /tmp/u3.fifo
bash -c 'mf() { read -r s < /proc/$$/stat; s=${s#*) }; set -- $s; m=$8; j=${10}; }
ra() { while read -r k v r; do [ "$k" = RssAnon: ] && a=$v; done < /proc/$$/status
  while read -r k v r; do [ "$k" = Anonymous: ] && b=$v; done < /proc/$$/smaps_rollup; }
mf; ra; echo "c first $m $a"
printf -v z "%4000s" ""
for ((i = 1; i <= 80; i++)); do y+=("$z"); mf; ra; echo "c step $i $m $a $b $j"; done'
