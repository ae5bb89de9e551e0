"""Reads that make no bytes and paths that need no normalising leave what the
ordinary ones leave."""
import pytest

from memcgsim.machine import Kernel


def _kernel_with_file(pages: int):
    k = Kernel(design="5.13", cgroup="v2", nr_cpus=2)
    sh = k.spawn("bash")
    k.mkdir("/sys/fs/cgroup/a", sh)
    k.write("/sys/fs/cgroup/a/cgroup.procs", f"{sh.pid}\n", sh)
    k.mkdir("/var/d", sh)
    k.truncate("/var/d/f", pages * 4096 - 100, sh)
    return k, sh


def _state(k, sh):
    return [k.read(p, sh) for p in ("/proc/meminfo", "/sys/fs/cgroup/a/memory.stat",
                                    "/sys/fs/cgroup/a/memory.current")]


@pytest.mark.parametrize("n", [-1, 5000, 0])
def test_read_discard_leaves_what_read_leaves(n):
    ka, sha = _kernel_with_file(70)
    kb, shb = _kernel_with_file(70)
    fa, fb = ka.open("/var/d/f", "r", sha), kb.open("/var/d/f", "r", shb)
    data = fa.read(n)
    assert fb.read_discard(n) == len(data) == (70 * 4096 - 100 if n < 0 else n)
    assert fa.pos == fb.pos
    assert data == bytes(len(data))
    assert _state(ka, sha) == _state(kb, shb)
    assert fa.read() == bytes(70 * 4096 - 100 - len(data))    # the rest, zeros
    assert fb.read_discard() == 70 * 4096 - 100 - len(data) and fb.read_discard() == 0


def test_read_of_written_and_unwritten_bytes():
    k, sh = _kernel_with_file(1)
    f = k.open("/var/d/g", "w", sh)
    f.write(b"abc")
    k.truncate("/var/d/g", 8, sh)
    assert k.open("/var/d/g", "r", sh).read() == b"abc" + bytes(5)
    r = k.open("/var/d/g", "r", sh)
    r.read(4)
    assert r.read() == bytes(4)


def test_read_discard_under_a_limit():
    """Pages reclaimed to make room on the way: the same as read's."""
    out = []
    for discard in (False, True):
        k, sh = _kernel_with_file(64)
        k.write("/sys/fs/cgroup/a/memory.max", str(16 * 4096), sh)
        f = k.open("/var/d/f", "r", sh)
        n = f.read_discard() if discard else len(f.read())
        out.append((n, f.pos, _state(k, sh)))
    assert out[0] == out[1]


@pytest.mark.parametrize("path", ["/var//d/f", "/var/./d/f", "/var/x/../d/f", "//var/d/f",
                                  "/var/d/./f", "/var/d/"])
def test_unnormalised_paths_resolve_as_normalised(path):
    k, sh = _kernel_with_file(1)
    fs, rel, ap = k.vfs.resolve(path)
    want = "var/d/f" if path.endswith("f") else "var/d"
    assert (rel, ap) == (want, "/" + want)
    assert k.vfs.resolve("/var/.hidden") [1:] == ("var/.hidden", "/var/.hidden")


def test_unwritten_files_share_empty_data():
    """A file nothing has written shares one empty ``bytes`` (filemap.NO_DATA, issue
    14: a churn's kept file outlives its memcg); its first write gives it its own
    buffer, the shared one left empty; truncating or reopening with ``w`` an
    unwritten file keeps it shared, and its reads are zeros."""
    from memcgsim.kernel.filemap import NO_DATA
    k, sh = _kernel_with_file(1)
    f, g = k.open("/var/d/f", "r", sh), k.open("/var/d/g", "w", sh)
    assert f.inode.data is NO_DATA and g.inode.data is NO_DATA
    g.write(b"xyz")
    assert type(g.inode.data) is bytearray and g.inode.data == b"xyz" and NO_DATA == b""
    k.truncate("/var/d/f", 10, sh)
    k.truncate("/var/d/g", 2, sh)
    assert f.inode.data is NO_DATA and g.inode.data == b"xy"
    assert k.open("/var/d/g", "w", sh).inode.data is NO_DATA
    assert k.open("/var/d/f", "r", sh).read() == bytes(10)
    assert k.open("/var/d/g", "r", sh).read() == b""
