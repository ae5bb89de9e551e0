#!/bin/bash
# Written for memcgsim's conformance suite (session 16, cgroup v1 or v2): the current
# directory is a path the kernel holds (fs_struct->pwd, a dentry and a vfsmount:
# set_fs_pwd's path_get, copied at fork by copy_fs), not a name. A directory removed
# while a shell or a process sits in it (on tmpfs, ext4 and cgroupfs) stays its cwd,
# dead: /proc/PID/cwd reads "PATH (deleted)" (d_path of an unlinked dentry), getcwd
# fails with ENOENT (pwd -P, /bin/pwd), names looked up in it fail with ENOENT
# (IS_DEADDIR), readdir finds nothing, and `cd ..` goes through the dead dentry's
# d_parent. bash keeps its logical $PWD apart (cd -L/-P, pwd -L/-P). A cgroup rmdir'ed
# under a shell sitting in it succeeds (only populated cgroups are busy) and is freed
# as any other: the cwd holds the kernfs node and its dentry, not the cgroup.
if [ -d /sys/fs/cgroup/memory ]; then
  C=/sys/fs/cgroup/memory; V=v1; LIM=memory.limit_in_bytes
else
  C=/sys/fs/cgroup; V=v2; LIM=memory.max
  grep -qw memory $C/cgroup.subtree_control || echo +memory > $C/cgroup.subtree_control
fi
W=$PWD
msg() { sed -e 's/^[^ ]*: line [0-9]*: //'; }
ncg() { awk '$1 == "memory" { print $3 }' /proc/cgroups; }
dead() {   # the shell sits in a removed directory; $1 names the file system
  echo "$1 PWD=${PWD#$2}"
  echo "$1 cwd link: $(readlink /proc/$$/cwd | sed "s|^$2||")"
  pwd 2>&1 | sed "s|^$2||"; echo "$1 pwd: ${PIPESTATUS[0]}"
  pwd -P 2>&1 | msg; echo "$1 pwd -P: ${PIPESTATUS[0]}"
  /bin/pwd 2>&1 | msg; echo "$1 /bin/pwd: ${PIPESTATUS[0]}"
  echo "$1 ls -a: [$(ls -a 2>&1 | tr '\n' ' ')] $?"
  echo "$1 test: -d . $([ -d . ]; echo $?) -e x $([ -e x ]; echo $?) -d .. $([ -d .. ]; echo $?)"
  mkdir x 2>&1 | msg; echo "$1 mkdir x: ${PIPESTATUS[0]}"
  { : > newfile; } 2>&1 | msg; echo "$1 create: ${PIPESTATUS[0]}"
  cat $3 2>&1 | msg; echo "$1 cat $3: ${PIPESTATUS[0]}"
  cat ../$3 2>&1 | msg; echo "$1 cat ../$3: ${PIPESTATUS[0]}"
  bash -c 'echo "child PWD=$PWD"' 2>&1 | sed "s|$2||"
  (cd -P . 2>&1 | msg; echo "$1 cd -P .: ${PIPESTATUS[0]}")
  (cd .. 2>&1; echo "$1 cd ..: $? PWD=${PWD#$2}"; /bin/pwd | sed "s|^$2||"
   cd .. 2>&1; echo "$1 cd .. again: $? PWD=${PWD#$2}") 2>&1 | msg
  (cd -P ..; echo "$1 cd -P ..: $? PWD=${PWD#$2}") 2>&1 | msg
  (cd ../..; echo "$1 cd ../..: $? PWD=${PWD#$2}") 2>&1 | msg
  # bash's own state: pwd -P in the shell itself forgets the directory it had
  pwd -P 2>/dev/null; echo "$1 pwd -P in the shell: $?"
  pwd 2>&1 | sed "s|^$2||" | msg; echo "$1 pwd after: ${PIPESTATUS[0]}"
  cd . 2>&1 | msg
  cd . 2>&1; echo "$1 cd . in the shell: $? PWD=$PWD"
  cd .. 2>&1; echo "$1 cd .. in the shell: $? PWD=$PWD /bin/pwd=$(/bin/pwd | sed "s|^$2||")"
}
for fs in tmpfs ext4; do
  if [ $fs = tmpfs ]; then D=/tmp/cwd; else D=$W/cwd; fi
  mkdir -p $D/a/b
  cd $D/a/b
  rmdir $D/a/b $D/a
  dead $fs $D newfile 2>&1 | msg
  cd $D/a/b 2>/dev/null || cd $W
  # a name removed and made again: the shell stays in the dead one until `cd .`
  mkdir -p $D/r; cd $D/r; rmdir $D/r; mkdir $D/r
  { : > f1; } 2>/dev/null; echo "$fs create in the old r: $?"
  cd .; echo "$fs cd . to the new r: $?"; : > f2; echo "$fs create in the new r: $? [$(ls $D/r)]"
  cd $W
  # a process left in a removed directory
  mkdir -p $D/p
  (cd $D/p && exec sleep 100) &
  sleep 0.5
  rmdir $D/p; echo "$fs rmdir p with a sleep in it: $?"
  echo "$fs sleep's cwd: $(readlink /proc/$!/cwd | sed "s|^$D||")"
  kill $!; wait $! 2>/dev/null
  rm -rf $D
done
# cgroupfs: a shell in a cgroup that another process removes
n0=$(ncg)
mkdir $C/cw $C/cw/a
cd $C/cw/a
rmdir $C/cw/a; echo "$V rmdir of the shell's cwd cgroup: $?"
dead $V $C/cw cgroup.procs 2>&1 | msg
echo "$V in $(pwd -P 2>/dev/null || echo '(no dir)'): num_cgroups +$(( $(ncg) - n0 ))"
cd $C/cw/a 2>&1 | msg; cd $C
# a process whose cwd is a cgroup directory does not populate it
mkdir cw/b
(cd cw/b && exec sleep 100) &
sleep 0.5
rmdir cw/b; echo "$V rmdir of a sleep's cwd cgroup: $?"
echo "$V sleep's cwd: $(readlink /proc/$!/cwd | sed "s|^$C||")"
sleep 1
[ $V = v2 ] && echo "$V cw/cgroup.stat: $(tr '\n' ' ' < cw/cgroup.stat)"
echo "$V num_cgroups +$(( $(ncg) - n0 )) with the sleep in the removed cw/b"
kill $!; wait $! 2>/dev/null
# the cwd's parent removed too: cd .. reaches a dead parent, then the live one
mkdir -p cw/c/d; cd cw/c/d; rmdir $C/cw/c/d $C/cw/c
cd ..; echo "$V cd .. from d: $? /bin/pwd: $(/bin/pwd 2>&1 | msg)"
cd ..; echo "$V cd .. from c: $? /bin/pwd: $(/bin/pwd | sed "s|^$C||")"
cd $C; rmdir cw
sleep 1
echo "$V num_cgroups +$(( $(ncg) - n0 )) at the end"
cd $W
echo "$V done"
