"""fs_struct->pwd as a held dentry (kernel/fs_struct.py): chdir, fork, exit, rename,
rmdir, umount, getcwd and /proc/PID/cwd."""
from __future__ import annotations

import errno

import pytest

from memcgsim import Kernel
from memcgsim.kernel.fs_struct import DEAD_PREFIX


@pytest.fixture
def k():
    return Kernel(design="6.1", cgroup="v2", debug=True)


def test_fork_references_and_exit_puts_the_pwd(k):
    sh = k.spawn("bash")
    k.mkdir("/tmp/d", sh)
    k.chdir("/tmp/d", sh)
    d = sh.pwd
    assert d.path() == "/tmp/d" and d.d_count == 1
    child = k.fork(sh)
    assert child.pwd is d and d.d_count == 2
    k.exit(child)
    assert child.pwd is None and d.d_count == 1
    k.chdir("/", sh)
    # nobody holds /tmp/d now: its dentry (and its parent's) left the table
    assert ("/tmp", "d") not in k.paths.live and d.d_count == 0


def test_rename_moves_the_cwd_and_rmdir_leaves_it_dead(k):
    sh = k.spawn("bash")
    k.mkdir("/tmp/a", sh)
    k.chdir("/tmp/a", sh)
    k.rename("/tmp/a", "/tmp/b", sh)
    assert k.getcwd(sh) == "/tmp/b"
    assert k.readlink(f"/proc/{sh.pid}/cwd", sh) == "/tmp/b"
    k.write(k.cwd_base(sh) + "/f", "x", sh)
    assert k.listdir("/tmp/b", sh) == ["f"]
    k.unlink("/tmp/b/f", sh)
    k.rmdir("/tmp/b", sh)
    with pytest.raises(OSError) as e:
        k.getcwd(sh)
    assert e.value.errno == errno.ENOENT
    assert k.readlink(f"/proc/{sh.pid}/cwd", sh) == "/tmp/b (deleted)"
    base = k.cwd_base(sh)
    assert base.startswith(DEAD_PREFIX)
    assert k.listdir(base, sh) == []
    with pytest.raises(OSError) as e:
        k.mkdir(base + "/x", sh)
    assert e.value.errno == errno.ENOENT
    # a new directory of the same name is another one
    k.mkdir("/tmp/b", sh)
    assert not k.is_cwd("/tmp/b", sh)
    k.chdir("/tmp/b", sh)
    assert k.is_cwd("/tmp/b", sh) and k.getcwd(sh) == "/tmp/b"
    assert not k.paths.dead            # the dead one was put


def test_dotdot_from_a_dead_cwd_goes_up_its_d_parent(k):
    from memcgsim.shell.context import abspath
    sh = k.spawn("bash")
    k.mkdir("/tmp/a", sh)
    k.mkdir("/tmp/a/b", sh)
    k.chdir("/tmp/a/b", sh)
    k.rmdir("/tmp/a/b", sh)
    k.rmdir("/tmp/a", sh)
    base = k.cwd_base(sh)
    up = abspath(base, "..", k)
    assert up.startswith(DEAD_PREFIX) and up != base      # a, dead too
    assert abspath(base, "../..", k) == "/tmp"
    assert abspath(base, "../../x", k) == "/tmp/x"
    k.chdir(up, sh)
    assert k.readlink(f"/proc/{sh.pid}/cwd", sh) == "/tmp/a (deleted)"


def test_a_mount_someones_cwd_is_on_is_busy(k):
    sh = k.spawn("bash")
    k.mkdir("/tmp/m", sh)
    k.mount("tmpfs", "tmpfs", "/tmp/m", sh)
    k.mkdir("/tmp/m/d", sh)
    k.chdir("/tmp/m/d", sh)
    sleeper = k.fork(sh)
    k.chdir("/", sh)
    with pytest.raises(OSError) as e:
        k.umount("/tmp/m", sh)
    assert e.value.errno == errno.EBUSY
    k.exit(sleeper)
    k.umount("/tmp/m", sh)


def test_a_removed_cgroup_held_as_a_cwd_is_freed(k):
    sh = k.spawn("bash")
    k.mkdir("/sys/fs/cgroup/c", sh)
    k.chdir("/sys/fs/cgroup/c", sh)
    k.rmdir("/sys/fs/cgroup/c", sh)
    k.advance(2)
    assert k.readlink(f"/proc/{sh.pid}/cwd", sh) == "/sys/fs/cgroup/c (deleted)"
    cgroups = k.read("/proc/cgroups", sh)
    line = next(l for l in cgroups.splitlines() if l.startswith("memory"))
    assert line.split()[2] == "1"          # the root alone: c was freed
