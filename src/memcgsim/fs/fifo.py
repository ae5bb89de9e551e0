"""FIFOs (fs/fifo.c, fs/pipe.c): named pipes on the kernel's pipe model.

A FIFO is an inode (``mknod``: charged as a file's, fs/vfs.py ``mknod``); its
``pipe_inode_info`` is allocated by the first open (``fifo_open`` →
``alloc_pipe_info``, GFP_KERNEL_ACCOUNT: charged to the opener), its data
pages by each writer (kernel/pipe.py), and all of it is freed when the last
end closes (``put_pipe_info`` → ``free_pipe_info``).

``fifo_open``: a read-only open waits until a writer has opened
(``wait_for_partner`` on ``w_counter``: a writer that came and went meanwhile
wakes it too), a write-only open until a reader has; a read-write open never
waits. With O_NONBLOCK a read open succeeds at once and a write open with no
reader is -ENXIO. A read with no data and no writer is EOF (``pipe_read``); a
write with no reader is -EPIPE, and SIGPIPE to the writer (``pipe_write``).
The model sleeps through the system's ``sleeper`` (the shell's scheduler runs
the other jobs meanwhile); with none, an open or a read that would block
forever is -EDEADLK.

An end is held by the task that opened it until it closes it or exits, and
for an end opened by a shell redirection while a descriptor of that shell or
of a process it forked since refers to it (``exec 3>&-`` closes it).
"""
from __future__ import annotations

import errno

from ..kernel.pipe import PAGE_SIZE, PIPE_DEF_BUFFERS
from ..kernel.signum import SIGPIPE
from .vfs import oserror


class Fifo:
    """The pipe of one FIFO inode while it is open, and its open ends."""
    __slots__ = ("k", "pipe", "buf", "ends", "r_counter", "w_counter")

    def __init__(self, k) -> None:
        self.k = k
        self.pipe = None
        self.buf = bytearray()
        #: the open ends (FifoFile), readers and writers
        self.ends: list = []
        self.r_counter = 0
        self.w_counter = 0

    def _live(self, attr: str) -> bool:
        return any(getattr(e, attr) and e.live() for e in self.ends)

    def has_readers(self) -> bool:
        """``pipe->readers``: an end open for reading, its task alive."""
        return self._live("readable")

    def has_writers(self) -> bool:
        """``pipe->writers``: an end open for writing, its task alive."""
        return self._live("writable")

    def release(self, task) -> None:
        """Ends closed or their tasks gone: the last one frees the pipe
        (``put_pipe_info``), its pages and structures (on ``task``'s CPU)."""
        self.ends = [e for e in self.ends if e.live()]
        if not self.ends and self.pipe is not None:
            self.k.pipes.free_pipe_info(self.pipe, task)
            self.pipe = None
            self.buf.clear()


class FifoFile:
    """An open end of a FIFO (``struct file`` with ``pipefifo_fops``)."""
    __slots__ = ("fifo", "task", "readable", "writable", "closed", "inode", "held")

    def __init__(self, fifo: Fifo, task, readable: bool, writable: bool, inode) -> None:
        self.fifo = fifo
        self.task = task
        self.readable = readable
        self.writable = writable
        self.closed = False
        #: the FIFO's inode (held open: ``Scheduler.open_inodes``)
        self.inode = inode
        #: set by whoever keeps it in a descriptor table (the shell's redirections):
        #: whether a descriptor still refers to it (its last one gone: closed)
        self.held = None

    def live(self) -> bool:
        """Open: not closed, its task alive, a descriptor still on it."""
        held = self.held
        return not self.closed and self.task.alive and (held is None or held())

    def read(self, n: int = -1) -> bytes:
        """``pipe_read``: what is there (up to ``n``; all until EOF if ``n`` < 0),
        waiting while the pipe is empty and a writer is open."""
        if not self.readable:
            raise oserror(errno.EBADF)
        f = self.fifo
        out = bytearray()
        while True:
            if not f.buf and f.has_writers():
                _sleep(f.k, lambda: bool(f.buf) or not f.has_writers(), self.task)
            if not f.buf:
                break
            take = len(f.buf) if n < 0 else min(n - len(out), len(f.buf))
            out += f.buf[:take]
            del f.buf[:take]
            if f.pipe is not None:
                f.k.pipes.pipe_read(f.pipe, self.task, take)
            if n >= 0:
                break
        return bytes(out)

    def write(self, data: bytes) -> int:
        """``pipe_write``: into the pipe's pages (charged to the writer), waiting
        while it is full; -EPIPE (and SIGPIPE) once no reader is left."""
        if not self.writable:
            raise oserror(errno.EBADF)
        f = self.fifo
        k = f.k
        done = 0
        while done < len(data):
            if not f.has_readers():
                k.kill(self.task.pid, SIGPIPE, self.task)
                raise oserror(errno.EPIPE)
            room = k.pipes.room(f.pipe) if f.pipe is not None else PIPE_DEF_BUFFERS * PAGE_SIZE
            n = min(len(data) - done, room)
            if n and f.pipe is not None:
                n = k.pipe_write(f.pipe, self.task, n)
            if n:
                f.buf += data[done:done + n]
                done += n
                continue
            held = len(f.buf)
            _sleep(k, lambda: not f.has_readers() or len(f.buf) < held, self.task)
        return done

    def fallocate(self, mode: int, offset: int, length: int) -> None:
        """``vfs_fallocate`` of a FIFO: ESPIPE."""
        raise oserror(errno.ESPIPE)

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.fifo.release(self.task)


def _sleep(k, pred, task) -> None:
    """Sleep (interruptibly) until ``pred()``: the system's sleeper runs the other
    tasks; -EDEADLK where none can."""
    sleeper = k.sleeper
    if not pred() and (sleeper is None or not sleeper(pred, task=task)):
        raise oserror(errno.EDEADLK)


def fifo_open(k, fifos: dict, inode, mode: str, task, nonblock: bool = False) -> FifoFile:
    """``fifo_open`` of the FIFO ``inode`` by ``task``; ``mode`` "r", "w"/"a" or
    "r+" (O_RDWR)."""
    f = fifos.get(inode)
    if f is None:
        f = fifos[inode] = Fifo(k)
    f.release(task)                                 # ends of tasks gone since
    readable, writable = mode in ("r", "r+"), mode != "r"
    if writable and not readable and nonblock and not f.has_readers():
        raise oserror(errno.ENXIO)
    if f.pipe is None:
        f.pipe = k.pipes.alloc_pipe_info(task)
    end = FifoFile(f, task, readable, writable, inode)
    f.ends.append(end)
    if readable:
        f.r_counter += 1
    if writable:
        f.w_counter += 1
    if readable and writable or nonblock:
        return end
    try:
        if readable and not f.has_writers():
            seen = f.w_counter
            _sleep(k, lambda: f.w_counter != seen, task)
        elif writable and not f.has_readers():
            seen = f.r_counter
            _sleep(k, lambda: f.r_counter != seen, task)
    except BaseException:
        end.close()
        raise
    return end
