#!/bin/bash
# Written for memcgsim's conformance suite (session 16, cgroup v1 or v2): a cwd is a
# dentry the kernel holds (fs_struct->pwd), so it follows its directory through a
# rename (d_move): /proc/PID/cwd and getcwd (/bin/pwd, pwd -P) give the new name,
# relative names resolve in the moved directory, while bash's logical $PWD keeps the
# old one until a cd (cd -L . goes by the name: to whatever now has it). A file
# system that is a cwd, the shell's or a process's, cannot be unmounted (EBUSY:
# propagate_mount_busy counts the vfsmount references fs_struct holds). cgroup v1
# renames a cgroup within its parent (cgroup1_rename); cgroup2 refuses (EPERM).
if [ -d /sys/fs/cgroup/memory ]; then
  C=/sys/fs/cgroup/memory; V=v1; LIM=memory.limit_in_bytes
else
  C=/sys/fs/cgroup; V=v2; LIM=memory.max
  grep -qw memory $C/cgroup.subtree_control || echo +memory > $C/cgroup.subtree_control
fi
W=$PWD
msg() { sed -e 's/^[^ ]*: line [0-9]*: //'; }
moved() {   # the shell sits in a directory renamed from $2/a to $2/b; $1 names the fs
  echo "$1 PWD=${PWD#$2} pwd=$(pwd | sed "s|^$2||")"
  echo "$1 cwd link: $(readlink /proc/$$/cwd | sed "s|^$2||")"
  echo "$1 /bin/pwd: $(/bin/pwd | sed "s|^$2||")"
  echo "$1 child bash PWD: $(bash -c 'echo $PWD' | sed "s|^$2||")"
  (cd .; echo "$1 cd .: $? PWD=${PWD#$2}") 2>&1 | msg
  (cd ..; echo "$1 cd ..: $? PWD=${PWD#$2}") 2>&1 | msg
  (cd -P .; echo "$1 cd -P .: $? PWD=${PWD#$2}") 2>&1 | msg
  (pwd -P | sed "s|^$2||"; echo "$1 pwd -P: ${PIPESTATUS[0]}"; echo "$1 PWD after pwd -P: ${PWD#$2}")
}
for fs in tmpfs ext4; do
  if [ $fs = tmpfs ]; then D=/tmp/rn; else D=$W/rn; fi
  mkdir -p $D/a
  cd $D/a
  mv $D/a $D/b; echo "$fs mv a b: $?"
  : > f; echo "$fs create: $? [$(ls $D/b)]"
  moved $fs $D
  # the old name made again: cd . goes there by name, the dentry stayed with b
  mkdir $D/a
  echo "$fs child bash PWD with a new a: $(bash -c 'echo $PWD' | sed "s|^$D||")"
  cd .; echo "$fs cd . with a new a: $? PWD=${PWD#$D} [$(ls)] /bin/pwd=$(/bin/pwd | sed "s|^$D||")"
  # the parent renamed
  mkdir -p $D/p/q; cd $D/p/q; mv $D/p $D/p2
  echo "$fs parent renamed: /bin/pwd=$(/bin/pwd | sed "s|^$D||") PWD=${PWD#$D}"
  cd ..; echo "$fs cd ..: $? PWD=${PWD#$D} /bin/pwd=$(/bin/pwd | sed "s|^$D||")"
  cd $W; rm -rf $D
done
# a mounted tmpfs that is a cwd is busy
mkdir -p /tmp/m
mount -t tmpfs tmpfs /tmp/m; mkdir /tmp/m/d
cd /tmp/m/d
umount /tmp/m 2>/dev/null; echo "umount with the shell in it: $([ $? -ne 0 ] && echo failed || echo done)"
cd /tmp
(cd /tmp/m && exec sleep 100) &
sleep 0.5
umount /tmp/m 2>/dev/null; echo "umount with a sleep in it: $([ $? -ne 0 ] && echo failed || echo done)"
echo "sleep's cwd: $(readlink /proc/$!/cwd)"
kill $!; wait $! 2>/dev/null
umount /tmp/m 2>/dev/null; echo "umount after: $([ $? -ne 0 ] && echo failed || echo done)"
rmdir /tmp/m
# cgroupfs: v1 renames (the cwd follows), cgroup2 refuses
mkdir $C/ra
cd $C/ra
mv $C/ra $C/rb 2>&1 | msg; echo "$V mv ra rb: ${PIPESTATUS[0]}"
cat $LIM > /dev/null; echo "$V cat $LIM by its relative name: $?"
echo "$V /bin/pwd: $(/bin/pwd | sed "s|^$C||") PWD=${PWD#$C} cwd link: $(readlink /proc/$$/cwd | sed "s|^$C||")"
echo $$ > cgroup.procs; echo "$V shell into the cwd cgroup: $? in $(grep -c '/r[ab]$' /proc/$$/cgroup) renamed"
echo $$ > $C/cgroup.procs
cd $C; rmdir $C/ra $C/rb 2>/dev/null
cd $W
echo "$V done"
