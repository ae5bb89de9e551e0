"""FIFOs (fs/fifo.py): ``mknod`` makes an inode charged as a file's; the first open
allocates the pipe (charged to the opener), writers are charged for its pages,
the last close frees it all; opens that would wait for a partner with nothing
to run meanwhile are -EDEADLK, O_NONBLOCK write opens with no reader -ENXIO, a
write with no reader SIGPIPE. The blocking opens themselves run in the shell
(tests/shell/bash_cases/fifos.sh against bash)."""
from __future__ import annotations

import errno
import stat

import pytest

from memcgsim.fs.fifo import fifo_open
from memcgsim.sysapi import TaskKilled
from test_links import _kernel  # the cgroup a, its task


def _kmem_pages_of(k, t) -> int:
    """Pages charged to ``t``'s memcg that are pipe buffers (kmem, no mapping)."""
    memcg = k.task_memcg(t)
    return sum(1 for p in k.pipes.live.values() for pfn in p.pages
               if k.memcg.page_memcg(pfn) is memcg)


def test_a_fifo_is_an_inode_its_pipe_comes_with_the_first_open():
    k, t = _kernel()
    k.mknod("/tmp/f", stat.S_IFIFO | 0o600, t)
    st = k.stat("/tmp/f", t)
    assert (stat.S_ISFIFO(st.st_mode), stat.S_IMODE(st.st_mode), st.st_size) == (True, 0o600, 0)
    with pytest.raises(FileExistsError):
        k.mknod("/tmp/f", stat.S_IFIFO | 0o644, t)
    with pytest.raises(OSError) as e:
        k.mknod("/sys/fs/cgroup/a/f", stat.S_IFIFO | 0o644, t)
    assert e.value.errno == errno.EPERM
    assert not k.pipes.live
    rw = k.open("/tmp/f", "r+", t)                # O_RDWR: never waits
    assert len(k.pipes.live) == 1
    rw.write(b"x" * 8192)
    assert _kmem_pages_of(k, t) == 2              # pipe_write's pages, the writer's
    assert rw.read(4096) == b"x" * 4096 and rw.read(8192) == b"x" * 4096
    rw.close()                                    # the last end: free_pipe_info
    assert not k.pipes.live


def test_opens_that_would_wait_forever_and_nonblocking_ones():
    k, t = _kernel()
    k.mknod("/tmp/f", stat.S_IFIFO | 0o644, t)
    for mode in ("r", "w"):
        with pytest.raises(OSError) as e:
            k.open("/tmp/f", mode, t)              # no partner, nothing else runs
        assert e.value.errno == errno.EDEADLK
    assert not k.pipes.live                        # the failed opens freed it
    fs, rel, _ = k.vfs.resolve("/tmp/f")
    node = fs.nodes[rel]
    with pytest.raises(OSError) as e:
        fifo_open(k, k.vfs.fifos, node, "w", t, nonblock=True)
    assert e.value.errno == errno.ENXIO
    r = fifo_open(k, k.vfs.fifos, node, "r", t, nonblock=True)
    assert r.read(10) == b""                       # no writer: EOF
    w = k.open("/tmp/f", "w", t)                   # a reader is open: no wait
    w.write(b"hi\n")
    w.close()
    assert r.read(10) == b"hi\n" and r.read(10) == b""
    r.close()
    assert not k.pipes.live


def test_a_write_with_no_reader_left_is_sigpipe():
    k, t = _kernel()
    k.mknod("/tmp/f", stat.S_IFIFO | 0o644, t)
    w0 = k.fork(t)
    rw = k.open("/tmp/f", "r+", t)
    w = k.open("/tmp/f", "w", w0)
    rw.close()
    with pytest.raises(TaskKilled) as e:
        w.write(b"x")
    assert e.value.signal == 13 and not w0.alive
