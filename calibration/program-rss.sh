#!/bin/bash
# The resident pages of the guests' programs by kind (/proc/PID/status RssAnon,
# RssFile, RssShmem: MM_ANONPAGES, MM_FILEPAGES, MM_SHMEMPAGES, what get_mm_rss sums
# for oom_badness and the OOM killer's "anon-rss, file-rss, shmem-rss" line), each
# program started in the background and read once it waits: busybox applets and
# bash-static live in the initramfs (shmem), the working directory on ext4.
st() { awk '/^(RssAnon|RssFile|RssShmem):/ {printf "%s %s ", $1, $2} END {print ""}' /proc/$1/status; }
mkfifo fa fb fc
sleep 100 & p=$!
tail -f /dev/null & q=$!
cat fa > /dev/null & r=$!
( read x < fb ) & s=$!
bash -c 'read x < fc' & u=$!
{ head -c 16M /dev/zero; sleep 6; } | tail > /dev/null & v=$!
sleep 3
echo "sleep: $(st $p)"
echo "tail-f: $(st $q)"
echo "cat: $(st $r)"
echo "subshell: $(st $s)"
echo "bash-c: $(st $u)"
echo "tail-16M: $(st $v)"
echo "shell: $(st $$)"
kill $p $q 2>/dev/null
echo > fa; echo > fb; echo > fc
wait
rm -f fa fb fc
