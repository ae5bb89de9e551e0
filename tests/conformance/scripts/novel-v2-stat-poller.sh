#!/bin/bash
# Written for memcgsim's conformance suite (session 35, novel35; cgroup v2): a
# monitoring agent samples a job's memory.current and memory.stat while the job
# charges from another CPU. The job (its own shell in job/) writes 16 MiB to a file on
# the scratch disk in 1 MiB steps, holds 8 MiB of anonymous memory for a second (tail
# buffering a newline-free line), then removes the file and exits. The agent, in the
# root, reads every 0.1 s until the job is gone and keeps the largest current, anon
# and file it saw and how often file read above the current read just before it
# (charges move between the two reads; memory.current is the page_counter, charged in
# batches of MEMCG_CHARGE_BATCH pages, memory.stat's counters per-CPU, flushed in 6.1
# by rstat only past a threshold or every 2 s: mm/memcontrol.c
# mem_cgroup_flush_stats), then memory.peak (v5.19: 6.1 only) and the figures right
# after the job's end and 3 s later.
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir $C/job
( echo $BASHPID > $C/job/cgroup.procs
  for i in $(seq 0 15); do
    dd if=/dev/zero of=job.data bs=1M count=1 seek=$i conv=notrunc 2>/dev/null; sleep 0.05
  done
  { head -c 8M /dev/zero; sleep 1; } | tail > /dev/null
  rm job.data ) & j=$!
st() { awk -v k=$1 '$1 == k {print $2}' $C/job/memory.stat; }
n=0 above=0 mcur=0 manon=0 mfile=0
while kill -0 $j 2>/dev/null; do
  read -r cur < $C/job/memory.current
  anon=$(st anon) file=$(st file)
  n=$((n+1))
  [ $file -gt $cur ] && above=$((above+1))
  [ $cur -gt $mcur ] && mcur=$cur
  [ $anon -gt $manon ] && manon=$anon
  [ $file -gt $mfile ] && mfile=$file
  sleep 0.1
done
wait $j; echo "job: $?"
echo "samples: $n, file above current in $above"
echo "largest: current $mcur"
echo "largest: anon $manon file $mfile"
if [ -e $C/job/memory.peak ]; then echo "memory.peak $(cat $C/job/memory.peak)"; else echo "memory.peak: none"; fi
show() {
  echo "$1: memory.current $(cat $C/job/memory.current)"
  echo "$1: anon $(st anon) file $(st file) kernel_stack $(st kernel_stack) populated $(grep -c 'populated 1' $C/job/cgroup.events)"; }
show "job ended"
sleep 3
show "3 s later"
rmdir $C/job; echo "rmdir: $?"
