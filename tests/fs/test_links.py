"""Hard links (``link(2)``: ``vfs_link``, ``shmem_link``, ``ext4_link``): one inode
under several names, its page cache shared and charged once, ``i_nlink``
counted; each name has its dentry (charged to the linker), freed on tmpfs and
turned negative on a disk when the name goes; the pages go with the last name.
Checked with ``Kernel(debug=True)``'s invariants."""
from __future__ import annotations

import errno

import pytest

from memcgsim import Kernel


def _kernel(design: str = "6.1"):
    k = Kernel(design=design, cgroup="v2", debug=True)
    t = k.spawn("bash")
    k.mkdir("/sys/fs/cgroup/a", t)
    k.write("/sys/fs/cgroup/a/cgroup.procs", str(t.pid), t)
    return k, t


def _stat(k, t, key: str) -> int:
    k.advance(2.5)              # past the periodic rstat flush
    for line in k.read("/sys/fs/cgroup/a/memory.stat", t).splitlines():
        name, value = line.split()
        if name == key:
            return int(value)
    raise KeyError(key)


def _dentries(k) -> int:
    return k.slab.caches["dentry"].active_objs()


@pytest.mark.parametrize("d,key", [("/dev/shm", "shmem"), ("/var", "file")])
def test_a_link_shares_the_inode_and_its_pages(d, key):
    k, t = _kernel()
    k.write(f"{d}/x", "y" * 8192, t)
    before = _stat(k, t, key)
    dentries = _dentries(k)
    k.link(f"{d}/x", f"{d}/z", t)
    sx, sz = k.stat(f"{d}/x", t), k.stat(f"{d}/z", t)
    assert (sx.st_ino, sx.st_nlink) == (sz.st_ino, 2)
    assert _dentries(k) == dentries + 1           # the new name's dentry
    assert k.read(f"{d}/z", t) == "y" * 8192 and _stat(k, t, key) == before
    k.write(f"{d}/z", "w" * 4096, t, append=True)
    assert k.stat(f"{d}/x", t).st_size == 12288 and _stat(k, t, key) == before + 4096
    k.unlink(f"{d}/x", t)                         # the pages stay with the other name
    assert k.stat(f"{d}/z", t).st_nlink == 1 and _stat(k, t, key) == before + 4096
    k.unlink(f"{d}/z", t)
    assert _stat(k, t, key) == before - 8192      # (a disk keeps its directory block)
    if key == "shmem":                            # tmpfs: the dentries are freed
        assert _dentries(k) == dentries - 1
    else:                                         # ext4: both turned negative
        assert f"{d}/x" in k.filemap.negative and f"{d}/z" in k.filemap.negative


def test_rename_over_another_name_of_the_file():
    k, t = _kernel()
    k.write("/dev/shm/x", "abc", t)
    k.link("/dev/shm/x", "/dev/shm/z", t)
    k.rename("/dev/shm/x", "/dev/shm/z", t)       # the same inode: nothing happens
    assert k.stat("/dev/shm/x", t).st_nlink == 2
    k.write("/dev/shm/w", "new", t)
    k.rename("/dev/shm/w", "/dev/shm/z", t)       # replaces one name of two
    assert k.stat("/dev/shm/x", t).st_nlink == 1 and k.read("/dev/shm/x", t) == "abc"
    assert k.read("/dev/shm/z", t) == "new"


def test_link_errors():
    k, t = _kernel()
    k.write("/dev/shm/x", "abc", t)
    k.mkdir("/dev/shm/d", t)
    for old, new, code in [("/dev/shm/x", "/var/x", errno.EXDEV),
                           ("/dev/shm/nofile", "/dev/shm/y", errno.ENOENT),
                           ("/dev/shm/d", "/dev/shm/e", errno.EPERM),
                           ("/dev/shm/x", "/dev/shm/d", errno.EEXIST),
                           ("/dev/shm/x", "/dev/shm/no/y", errno.ENOENT),
                           ("/proc/self/status", "/proc/self/z", errno.EPERM)]:
        with pytest.raises(OSError) as e:
            k.link(old, new, t)
        assert e.value.errno == code, (old, new)


def test_a_program_of_the_image_linked_then_removed():
    """The image's programs have no dentry objects of their own: a link's name
    then outlives the program's."""
    k, t = _kernel()
    k.vfs.install_programs(["cat"])
    k.link("/usr/bin/cat", "/var/cat2", t)
    assert k.stat("/var/cat2", t).st_nlink == 2
    k.unlink("/usr/bin/cat", t)
    assert k.stat("/var/cat2", t).st_nlink == 1
