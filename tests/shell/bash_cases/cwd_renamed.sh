# A directory renamed under the shell (kernel/fs_struct.py): the kernel's cwd
# follows it (getcwd, /proc/PID/cwd, relative names); bash's $PWD keeps the old name
D=/tmp/bash_case_cwd_renamed
rm -rf $D; mkdir -p $D/a; cd $D/a
mv $D/a $D/b; echo "mv: $?"
: > f; echo "create: $? [$(ls $D/b)]"
echo "PWD=${PWD#$D} pwd=$(pwd | sed "s|^$D||")"
echo "cwd link: $(readlink /proc/$$/cwd | sed "s|^$D||")"
echo "child PWD: $(bash -c 'echo $PWD' | sed "s|^$D||")"
(cd .; echo "cd .: $? PWD=${PWD#$D}")
(cd ..; echo "cd ..: $? PWD=${PWD#$D}")
(cd -P .; echo "cd -P .: $? PWD=${PWD#$D}")
(pwd -P | sed "s|^$D||"; echo "PWD after pwd -P: ${PWD#$D}"; cd .; echo "cd . after: ${PWD#$D}")
mkdir $D/a
echo "child PWD with a new a: $(bash -c 'echo $PWD' | sed "s|^$D||")"
cd .; echo "cd . with a new a: $? PWD=${PWD#$D} [$(ls)]"
mkdir -p $D/p/q; cd $D/p/q; mv $D/p $D/p2
echo "parent renamed: cwd=$(readlink /proc/$$/cwd | sed "s|^$D||") PWD=${PWD#$D}"
cd ..; echo "cd ..: $? PWD=${PWD#$D} [$(ls)]"
cd -; echo "cd -: $?"
cd /; rm -rf $D
