#!/bin/bash
# Written for memcgsim's conformance suite (session 37, novel37): a batch runner fans
# jobs out with `xargs -P` (the guests' /bin/xargs: busybox's, -P runs up to N
# commands at once and waits for any, exit status 123 when one fails 1..125), each
# job a bash that makes its own cgroup under batch/, enters it and writes a few pages
# on the scratch disk; while a second burst of sleepers runs, how many of them are in
# their cgroups at once; then the cgroups are removed by another `xargs -P` and a
# rerun of a job whose cgroup exists fails. Works on cgroup v1 and v2.
if [ -d /sys/fs/cgroup/memory ]; then
  C=/sys/fs/cgroup/memory; FILE=total_cache
  echo 1 > $C/memory.use_hierarchy 2>/dev/null
else
  C=/sys/fs/cgroup; FILE=file
  echo +memory > $C/cgroup.subtree_control
fi
B=$C/batch
mkdir $B
[ -e $B/cgroup.subtree_control ] && echo +memory > $B/cgroup.subtree_control
cat > job.sh <<'JOB'
mkdir $1/j$2 || exit 3
echo $$ > $1/j$2/cgroup.procs
dd if=/dev/zero of=out.$2 bs=4k count=$2 2>/dev/null
echo "job $2 done"
JOB
file() { awk -v k=$FILE '$1 == k {print $2 / 1024}' $1/memory.stat; }
seq 1 8 | xargs -P 4 -n 1 bash job.sh $B | sort -k 2 -n
echo "first burst: xargs ${PIPESTATUS[1]}, $(ls -d $B/j* | wc -l) cgroups"
for i in 1 4 8; do echo "j$i file KiB: $(file $B/j$i)"; done
echo "batch file KiB: $(file $B)"
echo "procs left: $(cat $B/j*/cgroup.procs | wc -l)"
seq 3 6 | xargs -P 2 -n 1 bash job.sh $B 2>&1 | sed 's/^mkdir: .*: /mkdir: /' | sort
echo "rerun: xargs ${PIPESTATUS[1]}"
for i in 1 2 3 4 5 6; do mkdir $B/s$i; done
s=$EPOCHREALTIME
printf '%s\n' $B/s1 $B/s2 $B/s3 $B/s4 $B/s5 $B/s6 |
  xargs -P 3 -I D sh -c 'echo $$ > D/cgroup.procs; sleep 1' &
x=$!
sleep 0.5
echo "sleepers in their cgroups at 0.5 s: $(cat $B/s*/cgroup.procs | wc -l)"
wait $x; echo "sleep burst: xargs $?"
e=$EPOCHREALTIME
echo "sleep burst seconds: $(( (${e/./} - ${s/./} + 500000) / 1000000 ))"
ls -d $B/j* $B/s* | xargs -P 4 -n 2 rmdir; echo "xargs rmdir: $?"
ls $B | grep -c '^[js][0-9]'
rm -f out.*; rmdir $B; echo "rmdir batch: $?"
