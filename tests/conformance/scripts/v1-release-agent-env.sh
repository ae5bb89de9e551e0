#!/bin/bash
# Written for memcgsim's conformance suite (session 28, branch probe28): what a v1
# release agent runs with (the kernel's call_usermodehelper): its argument, environment
# and cgroup; releases by a move out, by the last child's rmdir, none while a child
# lives; an agent without "#!", a missing agent, one release queued per move.
M=/sys/fs/cgroup/memory
W=$PWD
cat > $W/agent <<AGENT
#!/bin/sh
echo "\$# [\$1] HOME=\$HOME PATH=\$PATH cg=\$(grep memory /proc/self/cgroup | cut -d: -f3)" >> $W/log
echo "to stdout"
AGENT
printf 'echo "noshebang $1" >> %s/log\n' $W > $W/agent2
chmod +x $W/agent $W/agent2
echo $W/agent > $M/release_agent
mkdir -p $M/p/q; echo 1 > $M/p/notify_on_release; echo 1 > $M/p/q/notify_on_release
sleep 1000 & s=$!
echo $s > $M/p/q/cgroup.procs
echo $s > $M/cgroup.procs; echo "moved out: $?"
sleep 1
echo "after move: $(cat $W/log)"
echo $s > $M/p/cgroup.procs; mkdir $M/p/r
echo $s > $M/cgroup.procs; sleep 1
echo "p with child r: $(wc -l < $W/log)"
rmdir $M/p/r; sleep 1
echo "after rmdir r: $(wc -l < $W/log) $(tail -1 $W/log | cut -d' ' -f2)"
echo $W/agent2 > $M/release_agent
echo $s > $M/p/q/cgroup.procs; echo $s > $M/cgroup.procs; sleep 1
echo "no shebang: $(wc -l < $W/log)"
echo $W/missing > $M/release_agent
echo $s > $M/p/q/cgroup.procs; echo $s > $M/cgroup.procs; sleep 1
echo "missing: $(wc -l < $W/log)"
echo $W/agent > $M/release_agent
for i in 1 2 3; do echo $s > $M/p/q/cgroup.procs; echo $s > $M/cgroup.procs; done; sleep 1
echo "three moves: $(wc -l < $W/log)"
kill $s; wait $s 2>/dev/null
rmdir $M/p/q $M/p; echo "rmdir: $?"
sleep 1
echo "end: $(wc -l < $W/log)"
