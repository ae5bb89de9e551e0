#!/bin/bash
# Written for memcgsim's conformance suite (session 22, docs/fidelity.md item 70): a
# small host runs out of memory. On a 256 MiB guest a removed cgroup's 32 MiB of page
# cache waits (dying); then a job in p/job fills anon memory (tail holding its input)
# past what RAM holds. Global reclaim takes the page cache first; when nothing is left
# to reclaim the allocator's slow path invokes the global OOM killer, which picks the
# task with the most pages (tail) and kills it: the shell sees 137 and says Killed.
# Printed: MemFree in MiB, /proc/vmstat oom_kill, the memcgs' oom/oom_kill events, the
# page cache left to p and the kernel's report.
W=$PWD
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir $C/p
echo +memory > $C/p/cgroup.subtree_control
free_mb() { echo $(( $(awk '/^MemFree/ {print $2}' /proc/meminfo) / 1024 )); }
ooms() { awk '$1 == "oom_kill" {print $2}' /proc/vmstat; }
ev() { echo "$1 $(grep -E '^oom(_kill)? ' $C/$1/memory.events | tr '\n' ' ')"; }
file_mb() { echo $(( $(awk '$1 == "file" {print $2}' $C/$1/memory.stat) >> 20 )); }
mkdir $C/p/old
echo $$ > $C/p/old/cgroup.procs
truncate -s 32M $W/f
cat $W/f > /dev/null
echo $$ > $C/cgroup.procs
rmdir $C/p/old
echo "start: free_mb $(free_mb) oom_kill $(ooms) $(grep dying $C/p/cgroup.stat) file_mb $(file_mb p)"
mkdir $C/p/job
( echo $BASHPID > $C/p/job/cgroup.procs; head -c 400M /dev/zero | tail > /dev/null )
echo "job status: $?"
sleep 1
echo "after: free_mb $(free_mb) oom_kill $(ooms) $(grep dying $C/p/cgroup.stat) file_mb $(file_mb p)"
ev p/job; ev p
# which task's allocation trips the OOM killer is a race (head's pipe page, tail's
# fault): the invoker's name and gfp mask are cut; the victim's rss in MiB
dmesg | grep -E 'invoked oom-killer|^\[[ 0-9.]*\] oom-kill:|Out of memory' | sed -e 's/^\[[ 0-9.]*\] //' \
  -e 's/^.* invoked oom-killer: gfp_mask=[^ ]* /invoked oom-killer: /' -e 's/,pid=[0-9]*,/,/' \
  -e 's/Killed process [0-9]* (\([^)]*\)) .* anon-rss:\([0-9]*\)kB.* oom_score_adj:\(.*\)/Killed process (\1) anon-rss-mb \2 oom_score_adj \3/' |
  awk '/anon-rss-mb/ {$(NF-2) = int($(NF-2) / 1024)} {print}'
rmdir $C/p/job
rm $W/f
