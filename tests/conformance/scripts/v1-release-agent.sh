#!/bin/bash
# Written for memcgsim's conformance suite (session 28, branch probe28): v1
# notify_on_release + release_agent (the pre-systemd way runtimes cleaned up): the agent
# is run by the kernel (a usermode helper) with the released cgroup's path when its last
# task leaves and when its last child is removed; clone_children, inheritance.
M=/sys/fs/cgroup/memory
W=$PWD
cat > $W/agent <<AGENT
#!/bin/sh
echo "\$1" >> $W/released
AGENT
chmod +x $W/agent
cat $M/release_agent; echo "read agent: $?"
echo $W/agent > $M/release_agent; echo "set agent: $?"
echo $W/agent > $M/release_agent 2>/dev/null; echo "set again: $?"
mkdir $M/a; echo "a agent file: $(ls $M/a | grep -c release_agent)"
echo 1 > $M/a/notify_on_release
mkdir $M/a/b $M/c
echo "b inherits: $(cat $M/a/b/notify_on_release) c: $(cat $M/c/notify_on_release)"
echo 1 > $M/a/b/notify_on_release
( echo $BASHPID > $M/a/b/cgroup.procs; exec sleep 1 ) &
wait
sleep 2
echo "after b emptied: $(sort $W/released 2>/dev/null | tr '\n' ' ')"
rmdir $M/a/b; echo "rmdir b: $?"
sleep 2
echo "after b removed: $(sort $W/released 2>/dev/null | tr '\n' ' ')"
( echo $BASHPID > $M/c/cgroup.procs; exec true ); sleep 1
echo "c (notify 0): $(grep -c c $W/released)"
echo 0 > $M/a/notify_on_release
mkdir $M/a/d; echo 1 > $M/a/d/notify_on_release
( echo $BASHPID > $M/a/d/tasks; exec true ); sleep 2
echo "via tasks: $(sort $W/released | tr '\n' ' ')"
rmdir $M/a/d $M/a $M/c; echo "rmdir all: $?"
echo > $M/release_agent; echo "clear agent: $? [$(cat $M/release_agent)]"
