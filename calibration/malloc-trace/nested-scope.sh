# tests/conformance/scripts/v2-nested-scope.sh's loop on the host (session 18, item
# 52): the same commands in a scratch directory of regular files, no cgroup written
# (the rmdirs fail: the directories hold files; the shell's calls are the same).
# The raw shim output (mtr.c, fd 9) keeps the children's lines: the first line of a
# new pid marks a fork, so the shell's calls can be cut into the windows between forks.
D=$(mktemp -d)
cd "$D"
echo +memory > cgroup.subtree_control
mkdir live
P=
for i in {1..200}
do
mkdir -p a/b/c
echo +memory > a/cgroup.subtree_control
echo +memory > a/b/cgroup.subtree_control
echo $$ > a/b/c/cgroup.procs
sleep 3600 &
echo $! > live/cgroup.procs
P="$P $!"
echo $$ > cgroup.procs
rmdir a/b/c a/b a
done
kill $P
cd /
rm -rf "$D"
