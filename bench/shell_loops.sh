#!/bin/bash
# The shell's loops at several sizes (bench/README.md, session 13): user CPU of
# `memcgsim run` on each workload.  Usage: bench/shell_loops.sh TREE OUT WORKLOAD...
# (TREE: a checkout whose src/ is imported; SIZES, TMO: sizes, timeout in s).
w() { case $1 in
 append) echo 'a=(); for i in $(seq '$2'); do a+=($i); done; echo ${#a[@]}';;
 elem) echo 'a=(); for i in $(seq '$2'); do a[$i]=x; done; echo ${#a[@]}';;
 strcat) echo 'seq '$2' > /tmp/big; x=; for i in $(seq '$2'); do x+=$i; done; echo ${#x}';;
 lenloop) echo 'a=($(seq '$2')); n=0; for i in $(seq '$2'); do n=${#a[@]}; done; echo $n';;
 last) echo 'a=($(seq '$2')); for i in $(seq '$2'); do v=${a[-1]}; done; echo $v';;
 unset) echo 'a=($(seq '$2')); for i in $(seq '$2'); do unset "a[$((i-1))]"; done; echo ${#a[@]}';;
 pop) echo 'a=($(seq '$2')); for ((i='$2'-1;i>=0;i--)); do unset "a[-1]"; done; echo ${#a[@]}';;
 read) echo 'seq '$2' > /tmp/big; n=0; while read l; do n=$((n+1)); done < /tmp/big; echo $n';;
 cat) echo 'seq '$2' > /tmp/big; x=$(cat /tmp/big); echo ${#x}';;
 mapfile) echo 'seq '$2' > /tmp/big; mapfile -t a < /tmp/big; echo ${#a[@]}';;
 forseq) echo 'n=0; for i in $(seq '$2'); do :; done; echo $i';;
 arith) echo 'e=0; for i in $(seq '$2'); do e+=+1; done; echo $((e))';;
 esac; }
tree=$1; out=$2; shift 2
TIMEFORMAT=%U
dir=$(mktemp -d)
for wl in "$@"; do for n in ${SIZES:-1000 10000 100000}; do
  f=$dir/${wl}_$n.sh; w $wl $n > $f
  u=$( { time PYTHONPATH=$tree/src timeout ${TMO:-100} python -m memcgsim run $f --kernel 5.13 >$f.out 2>&1; } 2>&1 )
  echo "$wl $n user=$u out=$(head -c 80 $f.out | tr '\n' ' ')" >> $out
done; done
rm -rf "$dir"
