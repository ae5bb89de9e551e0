#!/bin/bash
# memcgsim calibration (session 29, branch procs29): the anonymous pages a NOEXEC
# busybox applet run in busybox sh's fork charges (ash's forkchild, tryexec →
# run_noexec_applet_and_exit: no execve, the applet runs in the child's copy of
# sh's mm), per applet. In a v1 memory cgroup a busybox sh forks N of each kind in
# a loop of builtins (no other fork) and reads memory.stat's pgpgin and pgpgout (v1:
# one event per LRU page charged or uncharged; kmem pages count none) with `read`:
# per fork, the pages the parent's and the child's COW copies and new pages charged.
# A subshell `( : )` is the forks' baseline (forkchild's writes and the parent's).
# 5.10 folds a CPU's event delta past MEMCG_CHARGE_BATCH (32): N large.
#   memcgsim oracle calibration/busybox-noexec-pages.sh --kernel 5.10|6.1 --cgroup v1
#   memcgsim run calibration/busybox-noexec-pages.sh --kernel 5.10|6.1 --cgroup v1 \
#       --init busybox --userland busybox
M=/sys/fs/cgroup/memory
mkdir $M/nx
N=60
printf 'x\n' > /tmp/nx.in
for kind in sub head0 headc headn cut sort md5sum stat ls dd seq; do
  case $kind in
    sub) body='( : )' ;;
    head0) body='head -n 0 /dev/null' ;;
    headc) body='head -c 4 /dev/zero > /dev/null' ;;
    headn) body='head -n 1 /tmp/nx.in > /dev/null' ;;
    cut) body='cut -c1 /tmp/nx.in > /dev/null' ;;
    sort) body='sort /tmp/nx.in > /dev/null' ;;
    md5sum) body='md5sum /tmp/nx.in > /dev/null' ;;
    stat) body='stat /tmp/nx.in > /dev/null' ;;
    ls) body='ls /tmp/nx.in > /dev/null' ;;
    dd) body='dd if=/tmp/nx.in of=/dev/null 2> /dev/null' ;;
    seq) body='seq 1 > /dev/null' ;;
  esac
  sh -c "echo \$\$ > $M/nx/cgroup.procs
    st() { while read -r k v; do case \$k in pgpgin) i=\$v ;; pgpgout) o=\$v ;; esac; done < $M/nx/memory.stat; }
    $body; st; i0=\$i o0=\$o
    n=0; while [ \$n -lt $N ]; do $body; n=\$((n + 1)); done
    st; echo \"$kind: $N forks, per fork (tenths): pgpgin \$(( (i - i0) * 10 / $N )) pgpgout \$(( (o - o0) * 10 / $N ))\""
done
rm -f /tmp/nx.in
