#!/bin/bash
# memcgsim calibration (issue 12): page faults per program and where new pages go
# on the LRU. The shell sits alone in cgroup "cal"; each step runs N times and
# prints the step's memory.stat pgfault delta per run, read with bash builtins
# only (no fork), and cal's anon/active_anon/inactive_anon/file/shmem after it.
# Then the minflt (/proc/PID/stat field 10) of a sleeping `sleep`, of a fresh
# bash-static, and of this shell; whether MGLRU is built in.
cd /sys/fs/cgroup
echo +memory > cgroup.subtree_control
mkdir cal
echo $$ > cal/cgroup.procs
cd /mnt/disk/work
declare -A S
rd() {
  local k v
  while read -r k v; do S[$k]=$v; done < /sys/fs/cgroup/cal/memory.stat
}
step() {   # step NAME N CMD...: run CMD N times, print the pgfault delta per run
  local name=$1 n=$2 i p0
  shift 2
  rd; p0=${S[pgfault]}
  for ((i = 0; i < n; i++)); do "$@"; done
  rd
  echo "$name: pgfault/run $(( (${S[pgfault]} - p0) / n )) (total $(( ${S[pgfault]} - p0 )) over $n)" \
       "anon ${S[anon]} active_anon ${S[active_anon]} inactive_anon ${S[inactive_anon]}" \
       "file ${S[file]} active_file ${S[active_file]} inactive_file ${S[inactive_file]} shmem ${S[shmem]}"
}
noop() { :; }
sub() { ( : ); }
st() { stat missing 2>/dev/null; }
sl() { sleep 0; }
bashc() { bash -c :; }
tst() { [ -e missing ]; }
ech() { echo x > f; }
ddt() { dd if=/dev/zero of=/tmp/blob$RANDOM bs=64k count=16 2>/dev/null; }
grp() { grep -c pgfault /sys/fs/cgroup/cal/memory.stat >/dev/null; }
step warmup 20 noop
step builtin-noop 200 noop
step builtin-test 200 tst
step builtin-echo-redirect 200 ech
step subshell-fork 50 sub
step exec-stat-missing 50 st
step exec-sleep0 50 sl
step exec-grep 50 grp
step exec-dd-1MiB-tmpfs 4 ddt
step exec-bash-c 20 bashc
# the same without a function call in between, split by /proc/$$/stat: the shell's
# own minflt (field 10: the parent's faults) and cminflt (field 11: its waited-for
# children's, from fork to exit) per run
pf() { rd; read -r -a F < /proc/$$/stat; P0=${S[pgfault]} M0=${F[9]} C0=${F[10]}; }
pr() {
  rd; read -r -a F < /proc/$$/stat
  echo "$1: pgfault/run $(( (${S[pgfault]} - P0) / $2 )) shell-minflt/run $(( (${F[9]} - M0) / $2 ))" \
       "children-minflt/run $(( (${F[10]} - C0) / $2 ))"
}
pf; for ((i = 0; i < 50; i++)); do stat missing/$i 2>/dev/null; done; pr direct-stat-missing 50
pf; for ((i = 0; i < 50; i++)); do sleep 0; done; pr direct-sleep0 50
pf; for ((i = 0; i < 50; i++)); do grep -c pgfault /sys/fs/cgroup/cal/memory.stat >/dev/null; done; pr direct-grep 50
pf; for ((i = 0; i < 50; i++)); do cat /sys/fs/cgroup/cal/memory.current >/dev/null; done; pr direct-cat 50
pf; for ((i = 0; i < 4; i++)); do dd if=/dev/zero of=/tmp/b$i bs=64k count=16 2>/dev/null; done; pr direct-dd-1MiB 4
pf; for ((i = 0; i < 20; i++)); do bash -c :; done; pr direct-bash-c 20
pf; for ((i = 0; i < 50; i++)); do ( : ); done; pr direct-subshell 50
pf; for ((i = 0; i < 50; i++)); do echo "file $i" > f$i; done; pr direct-echo-files 50
sleep 3600 &
SP=$!
sleep 1
read -r -a F < /proc/$SP/stat
echo "sleep 3600 minflt ${F[9]} majflt ${F[11]}"
bash -c 'read -r -a F < /proc/$$/stat; echo "bash-static -c minflt ${F[9]} majflt ${F[11]}"'
read -r -a F < /proc/$$/stat
echo "this shell minflt ${F[9]} majflt ${F[11]}"
echo "lru_gen: $(cat /sys/kernel/mm/lru_gen/enabled 2>&1)"
ls -l $(type -P sleep stat grep dd bash) 2>&1
echo "keys: $(cut -d' ' -f1 /sys/fs/cgroup/cal/memory.stat | tr '\n' ' ')"
