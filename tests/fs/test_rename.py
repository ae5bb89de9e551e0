"""``rename`` and ``rmdir`` on a disk filesystem and the negative dentries around
them (``vfs_rename``'s ``d_move``, ``shrink_dcache_parent``), checked with
``Kernel(debug=True)``; the errnos as the kernel's."""
from __future__ import annotations

import errno

import pytest

from memcgsim import Kernel


def _kernel():
    k = Kernel(design="6.1", cgroup="v2", debug=True)
    return k, k.spawn("bash")


def _missing(k, path, t) -> None:
    with pytest.raises(FileNotFoundError):
        k.stat(path, t)


def test_rename_onto_a_negative_dentry_frees_it():
    k, t = _kernel()
    _missing(k, "/var/nofile", t)
    n = len(k.filemap.negative)
    k.write("/var/src", "a", t)
    k.rename("/var/src", "/var/nofile", t)
    assert "/var/nofile" not in k.filemap.negative and len(k.filemap.negative) == n - 1
    k.unlink("/var/nofile", t)          # d_delete: the moved dentry turns negative
    assert "/var/nofile" in k.filemap.negative and len(k.filemap.negative) == n


def test_a_moved_directory_takes_its_negative_dentries():
    k, t = _kernel()
    k.mkdir("/var/d", t)
    for i in range(3):
        _missing(k, f"/var/d/gone{i}", t)
    k.rename("/var/d", "/var/e", t)
    neg = k.filemap.negative
    assert neg.below("/var/e") == [f"/var/e/gone{i}" for i in range(3)]
    assert neg.below("/var/d") == []
    k.write("/var/e/gone1", "x", t)      # the name now exists: its negative dentry goes
    assert neg.below("/var/e") == ["/var/e/gone0", "/var/e/gone2"]


def test_rmdir_and_replacing_rename_free_the_children():
    k, t = _kernel()
    for d in ("/var/d", "/var/e"):
        k.mkdir(d, t)
        _missing(k, f"{d}/gone", t)
    n = len(k.filemap.negative)
    k.rename("/var/d", "/var/e", t)      # an empty directory replaced
    assert k.filemap.negative.below("/var/e") == ["/var/e/gone"]
    assert len(k.filemap.negative) == n - 1
    k.rmdir("/var/e", t)
    assert k.filemap.negative.below("/var/e") == [] and len(k.filemap.negative) == n - 2


def test_rename_onto_a_non_empty_directory_is_enotempty():
    k, t = _kernel()
    k.mkdir("/var/d", t)
    k.mkdir("/var/e", t)
    k.write("/var/e/f", "x", t)
    with pytest.raises(OSError) as e:
        k.rename("/var/d", "/var/e", t)
    assert e.value.errno == errno.ENOTEMPTY
    assert k.read("/var/e/f", t) == "x"


def test_a_lookup_caches_the_first_missing_name():
    """``walk_component`` fails at the first missing name: that name's negative
    dentry is the one cached, not the whole path's; a file on the way is ENOTDIR
    and caches nothing."""
    k, t = _kernel()
    neg = k.filemap.negative
    n = len(neg)
    _missing(k, "/var/nodir/a/b", t)
    assert "/var/nodir" in neg and "/var/nodir/a/b" not in neg and len(neg) == n + 1
    _missing(k, "/var/nodir/c", t)      # found negative: nothing new
    assert len(neg) == n + 1
    k.lookup_missing("/var/nodir", ["x", "y"], t)
    assert len(neg) == n + 1
    k.write("/var/f", "x", t)
    with pytest.raises(NotADirectoryError):
        k.stat("/var/f/x", t)
    assert len(neg) == n + 1
