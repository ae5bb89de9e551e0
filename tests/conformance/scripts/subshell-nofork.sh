# bash 5.2 runs the last simple command of ( LIST ) in the subshell's own process
# (optimize_subshell_command): the subshell that moved itself into nf becomes the
# sleep, so nf holds one task, not a bash and its sleep.
echo "bash $BASH_VERSION"
cd /sys/fs/cgroup
echo +memory +pids > cgroup.subtree_control
mkdir nf
( echo $BASHPID > nf/cgroup.procs; true; sleep 100 ) &
sleep 1
echo "procs in nf: $(wc -l < nf/cgroup.procs)"
echo "pids.current: $(cat nf/pids.current)"
echo "comm: $(cat /proc/$!/comm)"
kill -9 $!; wait
