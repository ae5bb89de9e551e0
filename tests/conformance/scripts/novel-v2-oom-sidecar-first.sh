#!/bin/bash
# Written for memcgsim's conformance suite (session 39, novel39; cgroup v2): an SRE
# makes a pod's sidecar the OOM killer's preferred victim (oom_score_adj 500 on its
# shell, inherited by every process it starts) so that the main process survives a
# memory spike. The pod (memory.max 12M, no swap) holds the sidecar's 4 MiB buffer;
# the main process then grows to 16 MiB. oom_badness adds oom_score_adj thousandths of
# the memcg's limit (mem_cgroup_get_max, in whole thousandths: 3072 / 1000 = 3 pages
# each) to each task's pages: at the first OOM the sidecar's buffer (1024 + 1500)
# outscores the main process (about 1900), and goes; at the next the main process
# (about 2850) outscores the sidecar's shells (1500 and their few pages): the
# preference holds only while the main process is smaller than half the limit.
C=/sys/fs/cgroup
P=$C/pod
echo +memory > $C/cgroup.subtree_control
mkdir $P; echo 12M > $P/memory.max; echo 0 > $P/memory.swap.max 2>/dev/null
ev() { awk -v k=$1 '$1 == k {print $2}' $P/memory.events; }
mkfifo go
( echo $BASHPID > $P/cgroup.procs; echo 500 > /proc/self/oom_score_adj
  { head -c 4M /dev/zero; : > held; read < go; } | tail > /dev/null; echo "sidecar: ${PIPESTATUS[*]}" ) &
sc=$!
until [ -e held ]; do sleep 0.1; done; sleep 0.5; rm held
echo "sidecar holds >= 4M: $(( $(cat $P/memory.current) >= 4 << 20 )), oom_kill $(ev oom_kill)"
( echo $BASHPID > $P/cgroup.procs; head -c 16M /dev/zero | tail > /dev/null; echo "main: ${PIPESTATUS[*]}" )
echo "oom_kill $(ev oom_kill), oom >= oom_kill: $(( $(ev oom) >= $(ev oom_kill) ))"
echo "procs $(wc -l < $P/cgroup.procs)"
echo > go; wait $sc; echo "sidecar shell: $?"
echo "procs left $(wc -l < $P/cgroup.procs), current < 1M $(( $(cat $P/memory.current) < 1 << 20 ))"
rm go; rmdir $P; echo "rmdir: $?"
