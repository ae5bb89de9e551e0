# A directory removed under the shell (kernel/fs_struct.py): the kernel's cwd is
# the dead dentry, bash's name of it ($PWD, pwd) stays until getcwd is asked
D=/tmp/bash_case_cwd_removed
rm -rf $D; mkdir -p $D/a/b; cd $D/a/b
rmdir $D/a/b
echo "PWD=${PWD#$D} pwd=$(pwd | sed "s|^$D||")"
echo "cwd link: $(readlink /proc/$$/cwd | sed "s|^$D||")"
echo "ls -a: [$(ls -a)] $?"
echo "test: -d . $([ -d . ]; echo $?) -e x $([ -e x ]; echo $?) -d .. $([ -d .. ]; echo $?)"
mkdir x; echo "mkdir x: $?"
: > f; echo "create: $?"
echo "in the parent: [$(ls ..)]"
bash -c 'echo "child PWD=${PWD#'$D'}"'
(cd -P .; echo "cd -P .: $? PWD=${PWD#$D}")
(cd ..; echo "cd ..: $? PWD=${PWD#$D}"; : > made; ls $D/a)
(cd ../..; echo "cd ../..: $? PWD=${PWD#$D}")
pwd -P; echo "pwd -P: $?"
pwd; echo "pwd after: $?"
cd .; echo "cd .: $? PWD=$PWD"
cd ..; echo "cd ..: $? PWD=$PWD [$(ls)]"
cd /; rm -rf $D
# a background process left in a removed directory
mkdir -p $D/p
(cd $D/p && exec sleep 100) &
sleep 0.3
rmdir $D/p; echo "rmdir p: $?"
echo "sleep's cwd: $(readlink /proc/$!/cwd | sed "s|^$D||")"
kill $!; wait $! 2>/dev/null
# the name made again: the shell stays in the dead one until cd . goes by name
mkdir -p $D/r; cd $D/r; rmdir $D/r; mkdir $D/r
: > f1 2>/dev/null; echo "create in the old r: $?"
cd .; echo "cd .: $?"; : > f2; echo "create in the new r: $? [$(ls $D/r)]"
cd /; rm -rf $D
# what stat says of a removed directory: ext4 (the host's /tmp, the model's systemd
# layout) and tmpfs (/dev/shm)
for D in /tmp/bash_case_cwd_stat /dev/shm/bash_case_cwd_stat; do
  mkdir -p $D; cd $D; rmdir $D
  echo "stat: $(stat -c '%h %s %b %F' .)"
  cd /
done
