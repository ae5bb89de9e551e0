#!/bin/bash
# Written for memcgsim's conformance suite (session 34, novel34; v1 or v2): entering a
# cgroup by exec, as runtimes' shims do. ex1: `bash -c 'echo $$ > procs; exec sleep'`;
# ex2: a subshell that moves itself and execs busybox sh, which runs sleep in a fork;
# ex3: a subshell that moves itself, faults 1 MiB of strings in bash, then execs sleep
# (the old image's pages go at the exec); ex4: the script itself at its end, moved,
# then `exec bash -c` that reads its own cgroup. Each is read (its processes' comm, anon
# or rss, kernel_stack or kmem usage, page tables) while it runs; then the cgroups go.
if [ -d /sys/fs/cgroup/memory ]; then C=/sys/fs/cgroup/memory; V=v1
else C=/sys/fs/cgroup; V=v2; echo +memory > $C/cgroup.subtree_control; fi
export C V
st() {  # st CGROUP: its tasks' comms and what memory.stat says of them
  local p comms=
  for p in $(cat $C/$1/cgroup.procs); do [ -r /proc/$p/comm ] && comms="$comms $(cat /proc/$p/comm 2>/dev/null)"; done
  if [ $V = v2 ]; then
    echo "$1:$comms; $(grep -E '^(anon|kernel_stack|pagetables) ' $C/$1/memory.stat | tr '\n' ' ')"
  else
    echo "$1:$comms; $(grep -E '^(rss|mapped_file) ' $C/$1/memory.stat | tr '\n' ' ')kmem $(cat $C/$1/memory.kmem.usage_in_bytes)"
  fi
}
export -f st
for i in 1 2 3 4; do mkdir $C/ex$i; done
bash -c "echo \$\$ > $C/ex1/cgroup.procs; exec sleep 30" &
( echo $BASHPID > $C/ex2/cgroup.procs; exec busybox sh -c 'sleep 30; :' ) &
( echo $BASHPID > $C/ex3/cgroup.procs; s=$(head -c 1048576 /dev/zero | tr '\0' x); t=$s$s; exec sleep 30 ) &
sleep 2
for i in 1 2 3; do st ex$i; done
kill $(cat $C/ex1/cgroup.procs $C/ex2/cgroup.procs $C/ex3/cgroup.procs)
wait 2>/dev/null
sleep 0.5
for i in 1 2 3; do st ex$i; done
rmdir $C/ex1 $C/ex2 $C/ex3; echo "rmdir ex1 ex2 ex3: $?"
echo $$ > $C/ex4/cgroup.procs
exec bash -c 'st ex4; echo "comm $(cat /proc/$$/comm), pid same as the script: $([ $$ = '$$' ] && echo yes || echo no)"; echo $$ > $C/cgroup.procs; sleep 0.5; rmdir $C/ex4; echo "rmdir ex4: $?"'
