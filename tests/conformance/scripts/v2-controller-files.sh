#!/bin/bash
# Written for memcgsim's conformance suite (session 30, docs/fidelity.md item 129):
# the cgroup2 controllers other than memory and pids, as a container runtime sets
# them up: each one's files in a child, their modes and defaults, and what writes
# each takes (errno as bash prints it), read back. What the kernel accounts (CPU
# time, I/O, pressure) is printed by name only.
cd /sys/fs/cgroup
cat cgroup.controllers
ALL="+cpuset +cpu +io +memory +hugetlb +pids +rdma +misc"
en() { for c in $ALL; do echo $c 2>/dev/null > $1/cgroup.subtree_control || echo "no $c"; done; cat $1/cgroup.subtree_control; }
en .
mkdir -p pod/ctr
en pod
for d in . pod pod/ctr; do
  echo "== $d"
  for f in $d/*; do
    n=${f##*/}
    case $n in cgroup.*|memory.*|pids.*) continue;; esac
    [ -d $f ] && continue
    m=$(stat -c %a $f)
    printf '%s %s ' $n $m
    case $n in *.pressure|cpu.stat|io.stat) ;; *) [ $m != 200 ] && head -3 $f 2>&1 | tr '\n' '|';; esac
    echo
  done
done
cd pod/ctr
w() { local f=$1; shift; for v in "$@"; do printf '%s <%s> ' "$f" "$v"; if printf '%s\n' "$v" 2>/tmp/err > $f; then echo "ok: $(head -1 $f | tr '\n' '|')"; else sed 's/.*: //' /tmp/err; fi; done; }
w cpu.max "50000 100000" "max 100000" "max" "0 100000" "999 100000" "1000 100000" "x" "1000 500" "100000" "max 2000000" "max 1000000" "  max   100000  " "50000 100000 3" "-1 100000" "max 1000"
w cpu.max.burst 0 1000 100000 200000 x -1
w cpu.weight 100 1 10000 0 10001 x " 50 " -1
w cpu.weight.nice 0 -20 19 20 -21 x
w cpu.idle 0 1 2 -1 x
w io.weight "default 100" 100 "default 0" "default 10001" x "254:0 200" "254:0 default" "8:0 100" "254:0 0"
cat io.weight
w io.max "254:0 rbps=1048576" "254:0 wiops=100 riops=max" "8:0 rbps=1" x "254:0 bogus=1" "254:0 rbps=max wbps=max riops=max wiops=max"
cat io.max
w io.latency "254:0 target=1000" "254:0 target=max" x
w io.bfq.weight 100 "default 200"
w cpuset.cpus 0 0-1 1 5 "" x 0,1 1-0
w cpuset.mems 0 1 "" x
cat cpuset.cpus cpuset.mems
w cpuset.cpus.partition root member isolated x
w hugetlb.2MB.max 0 2M 4M 3M max 1M x -1
w hugetlb.2MB.rsvd.max 0 2M max x
w hugetlb.1GB.max 0 1G max
w rdma.max "mlx5_0 hca_handle=2" x
w misc.max "sev 1" "sev max" x
cat hugetlb.2MB.events hugetlb.2MB.current misc.current 2>&1
cut -d' ' -f1 cpu.stat | tr '\n' ' '; echo
echo 0x10 > cpu.weight; cat cpu.weight; echo 010 > cpu.weight; cat cpu.weight
echo "+1" > cpu.weight; echo "rc=$?"; echo 1k > cpu.weight; echo "rc=$?"
echo "max 100000" > cpu.max; echo 100 > cpu.max.burst; echo "rc=$?"; cat cpu.max.burst
echo "1000 100000" > cpu.max; echo 2000 > cpu.max.burst; echo "rc=$?"; echo 1000 > cpu.max.burst; echo "rc=$?"; cat cpu.max.burst
echo "2000 100000" > cpu.max; echo "rc=$?"; echo 500 > cpu.max.burst; echo "500 100000" > cpu.max; echo "rc=$?"; cat cpu.max
echo "0 100000" > ../cpu.max; echo "rc=$?"; echo 0-1 > ../cpuset.cpus; echo 1 > cpuset.cpus; echo 0 > ../cpuset.cpus; echo "rc=$?"; cat ../cpuset.cpus cpuset.cpus cpuset.cpus.effective
echo 0 > ../cpuset.mems; echo "rc=$?"; cat cpuset.mems.effective
cd /sys/fs/cgroup
rmdir pod/ctr pod
