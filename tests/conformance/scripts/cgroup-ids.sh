#!/bin/bash
# cgroup IDs: a cgroup's ID is its directory's kernfs node id (cgroup_id()), what
# stat -c %i shows; each hierarchy's kernfs root numbers its nodes with
# idr_alloc_cyclic (fs/kernfs/dir.c kernfs_new_node): the directory, then its files
# in cftype order (css_populate_dir); a freed number is not taken again.
R=/sys/fs/cgroup
[ -d $R/memory ] && R=$R/memory
ino() { stat -c %i "$1"; }
files() {   # a directory's files by their numbers after the directory's
  d=$(ino $1)
  for f in $1/*; do echo "$(( $(ino $f) - d )) ${f##*/}"; done | sort -n | tr '\n' ' '; echo
}
echo "root $(ino $R)"
mkdir $R/a $R/b
a=$(ino $R/a); b=$(ino $R/b)
echo "a $a b-a $((b - a))"
echo "a's files: $(files $R/a)"
rmdir $R/a; mkdir $R/c; c=$(ino $R/c)
echo "c-b $((c - b))"
if [ -f $R/cgroup.subtree_control ]; then
  echo "+memory +pids" > $R/cgroup.subtree_control
  echo "b/memory.current-c $(( $(ino $R/b/memory.current) - c ))"
fi
mkdir $R/d; d=$(ino $R/d)
echo "d-c $((d - c))"
echo "d's files: $(files $R/d)"
mkdir $R/d/e; echo "e-d $(( $(ino $R/d/e) - d ))"
rmdir $R/d/e $R/d $R/c $R/b
mkdir $R/f; echo "f-d $(( $(ino $R/f) - d ))"; rmdir $R/f
