# bash forks every stage of a pipeline before any runs (execute_pipeline): the
# first stage's read of cgroup.procs or pids.current sees the later stages too
# (in a command substitution: its child, the stages' parent, counts as well)
cd /sys/fs/cgroup
echo +memory +pids > cgroup.subtree_control
mkdir stages
echo $$ > stages/cgroup.procs
echo "procs, a pipeline of 2: $(cat stages/cgroup.procs | wc -l)"
echo "procs, a pipeline of 3: $(cat stages/cgroup.procs | cat | wc -l)"
echo "pids.current, a pipeline of 3: $(cat stages/pids.current | cat | cat)"
cat stages/pids.current | cat | cat > /tmp/stages.out
echo "pids.current, a pipeline of 3 outside a command substitution: $(< /tmp/stages.out)"
