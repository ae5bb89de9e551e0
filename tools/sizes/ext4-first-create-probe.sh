#!/bin/bash
# Which ext4 metadata pages a first create in /work charges, step by step in fresh v2
# cgroups (docs/fidelity.md item 477: novel-runtime-scratch-leftover on 6.1): the model
# agrees on every line. memcgsim oracle tools/sizes/ext4-first-create-probe.sh --kernel 6.1
# --cgroup v2 --cpus 4 > tools/sizes/recordings/ext4-first-create-probe--6.1-v2-4cpu.txt
C=/sys/fs/cgroup; echo +memory > $C/cgroup.subtree_control
st() { awk '$1=="file"||$1=="active_file"||$1=="inactive_file"{printf "%s %s ", $1, $2}' $C/$1/memory.stat; }
sleep 2
mkdir $C/a; ( echo $BASHPID > $C/a/cgroup.procs; : > f1 ); echo "create f1: $(st a)"
mkdir $C/b; ( echo $BASHPID > $C/b/cgroup.procs; : > f2 ); echo "create f2: $(st b)"
mkdir $C/c; ( echo $BASHPID > $C/c/cgroup.procs; dd if=/dev/zero of=f3 bs=64k count=8 2>/dev/null ); echo "dd f3: $(st c)"
mkdir $C/d; ( echo $BASHPID > $C/d/cgroup.procs; mkdir dd1 ); echo "mkdir dd1: $(st d)"
mkdir $C/e; ( echo $BASHPID > $C/e/cgroup.procs; : > dd1/g ); echo "create dd1/g: $(st e)"
stat -c '%n %i' f1 f2 f3 dd1 dd1/g
rm -rf f1 f2 f3 dd1
