#!/bin/bash
# Written for memcgsim's conformance suite (session 29, lead): v1 memory hierarchy
# directory operations and odd writes, each status and message: mkdir/rmdir/rename
# (vfs_rename's may_delete before cgroup1_rename: -ENOTDIR, -EISDIR, -EIO, -EEXIST), kernfs
# refusals (create, unlink, symlink), read-only and root-only files, use_hierarchy.
M=/sys/fs/cgroup/memory
cd $M || exit 1
e() { "$@" 2>/tmp/err; r=$?; printf '%-44s %s %s\n' "$*" "$r" "$(sed 's/.*: //' /tmp/err | head -1)"; }
e mkdir a
e mkdir a
e mkdir a/b a/c
e mkdir "$(printf 'x%.0s' $(seq 256))"
e mkdir "$(printf 'x%.0s' $(seq 255))"
e rmdir "$(printf 'x%.0s' $(seq 255))"
e mkdir 'sp ace'
e rmdir 'sp ace'
e mv a/c a/d
e mv a/d d
e mv a/b a/memory.limit_in_bytes
e mv a/memory.limit_in_bytes a/lim
e touch a/newfile
e rm a/memory.limit_in_bytes
e ln -s a a/ln
e rmdir a
e rmdir a/memory.stat
e sh -c "echo 1 > a/memory.use_hierarchy"
e sh -c "echo 0 > a/memory.use_hierarchy"
e sh -c "echo 2 > a/memory.move_charge_at_immigrate"
e sh -c "echo 4 > a/memory.move_charge_at_immigrate"
e sh -c "echo 1 > a/memory.usage_in_bytes"
e sh -c "echo 1 > a/memory.stat"
e sh -c "echo 1 > a/cgroup.sane_behavior"
e sh -c "echo 1 > cgroup.sane_behavior"
e sh -c "echo x > a/release_agent"
e sh -c "echo 1M > a/memory.kmem.limit_in_bytes"
e sh -c "echo 1M > a/memory.memsw.limit_in_bytes"
e sh -c "echo 64 > a/memory.limit_in_bytes"
e sh -c "echo 1 > a/memory.pressure_level"
e sh -c "echo 0 > a/tasks"
e sh -c "echo 0 > a/b/cgroup.procs; echo 0 > a/cgroup.procs"
e rmdir a/b
e sh -c "echo \$\$ > a/b/tasks; exec sleep 0.2" &
sleep 0.1
e rmdir a/b
wait
e rmdir a/b
e rmdir a/d a
ls -a . | grep -c '^memory\.'
ls -l memory.stat | cut -c1-10
