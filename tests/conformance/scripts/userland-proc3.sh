#!/bin/bash
# Written for memcgsim's conformance suite (session 39, docs/fidelity.md items 304 on):
# what /proc shows of bash's own memory as it runs: the pages of its binary a
# `bash -c` maps by its first block (smaps, area by area) against what its
# counters hold then (RssShmem: the split RSS cache not yet synced), the script
# bash's own as its faults sync them (RssAnon against the page table's Anonymous), and VmPeak/VmHWM kept above VmSize/VmRSS once
# a big string's chunk is freed (the peaks the kernel keeps at an unmap).
st() { grep -E '^(VmPeak|VmSize|VmHWM|VmRSS|RssAnon|RssShmem):' "$1/status" | tr -s '\n\t ' '   '
  awk '/^Anonymous:/ {print "smaps_rollup Anonymous", $2}' "$1/smaps_rollup"; }
mkfifo /tmp/u3.fifo
bash -c 'read x < /tmp/u3.fifo' & p=$!
sleep 0.5
echo "bash-c: $(st /proc/$p)"
awk '/^[0-9a-f]+-[0-9a-f]+ / {a = $1; n = $6} /^Rss:/ {if (n ~ /bash/) print "bash-c area", a, $2}' /proc/$p/smaps
echo x > /tmp/u3.fifo; wait
echo "start: $(st /proc/$$)"
x=$(head -c 300000 /dev/zero | tr '\0' a)
echo "string ${#x}: $(st /proc/$$)"
unset x
echo "unset: $(st /proc/$$)"
for i in 1 2 3 4 5 6 7 8; do /bin/true; done
echo "forks: $(st /proc/$$)"
echo "statm: $(cat /proc/$$/statm)"
rm -f /tmp/u3.fifo
