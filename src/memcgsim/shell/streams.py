"""Byte streams the shell hands to commands (see ``context.InStream``/``OutStream``).

Every ``write`` call is one ``write()`` system call on what is behind it.
"""
from __future__ import annotations

import errno
import os


def to_bytes(data: bytes | str) -> bytes:
    return data.encode("utf-8", "surrogateescape") if type(data) is str else bytes(data)


class TermOut:
    """The script's own stdout or stderr: chunks collected in order into ``out``."""

    __slots__ = ("out", "kind")

    def __init__(self, out: list, kind: str):
        self.out = out
        self.kind = kind

    def write(self, data: bytes | str) -> None:
        if type(data) is not str:
            data = bytes(data).decode("utf-8", "surrogateescape")
        if data:
            self.out.append((self.kind, data))


def isatty(sys, stream) -> bool:
    """``isatty(fd)`` of a descriptor open on ``stream``: the script's own stdout and
    stderr are terminals where the machine says so (``Machine.stdio_tty``: the
    oracle's guest writes them to its serial ports, oracle/image.py: ``>/dev/ttyS1
    2>/dev/ttyS2``); its stdin there is /dev/null; pipes and files never are."""
    return type(stream) is TermOut and getattr(sys, "stdio_tty", False)


class EchoList(list):
    """The script's output chunks (``(stream, text)``), each also handed to
    ``echo(stream, text)`` as it is written."""

    __slots__ = ("echo",)

    def __init__(self, echo):
        super().__init__()
        self.echo = echo

    def append(self, chunk: tuple[str, str]) -> None:
        list.append(self, chunk)
        self.echo(*chunk)


class BufOut:
    """A pipe or command-substitution buffer."""

    __slots__ = ("buf",)

    def __init__(self):
        self.buf = bytearray()

    def write(self, data: bytes | str) -> None:
        self.buf += to_bytes(data)


class FileOut:
    """An open file (``sys.open``) used as an output; ``task``: the process
    writing through it when that is not the one that opened it (a job writing
    through a descriptor it inherited: the kernel's ``current``). ``name``: the
    path it was opened by and its ``f_flags`` (:func:`opened`), as /proc/PID/fd
    shows them (fs/procfd.py)."""

    __slots__ = ("f", "task", "name")

    def __init__(self, f, task=None):
        self.f = f
        self.task = task
        self.name: tuple[str, int] | None = None

    def write(self, data: bytes | str) -> None:
        if self.task is None:
            self.f.write(to_bytes(data))
        else:
            self.f.write_as(to_bytes(data), self.task)


class ClosedOut:
    """``>&-``: writing fails with EBADF."""

    __slots__ = ()

    def write(self, data: bytes | str) -> None:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))


class BytesIn:
    """Input from bytes (a pipe, a here-document)."""

    __slots__ = ("data", "pos")

    def __init__(self, data: bytes = b""):
        self.data = bytes(data)
        self.pos = 0

    def read(self, n: int = -1) -> bytes:
        if n is None or n < 0:
            r = self.data[self.pos:]
            self.pos = len(self.data)
        else:
            r = self.data[self.pos:self.pos + n]
            self.pos += len(r)
        return r

    def readline(self) -> bytes:
        j = self.data.find(b"\n", self.pos)
        end = len(self.data) if j < 0 else j + 1
        r = self.data[self.pos:end]
        self.pos = end
        return r


class FileIn:
    """An open file used as an input, with line buffering on top of ``read``;
    ``name`` as :class:`FileOut`'s."""

    __slots__ = ("f", "buf", "eof", "name")

    def __init__(self, f):
        self.f = f
        self.buf = b""
        self.eof = False
        self.name: tuple[str, int] | None = None

    def read(self, n: int = -1) -> bytes:
        if n is None or n < 0:
            r = self.buf + (b"" if self.eof else self.f.read(-1))
            self.buf = b""
            self.eof = True
            return r
        if self.buf:
            r, self.buf = self.buf[:n], self.buf[n:]
            return r
        return b"" if self.eof else self.f.read(n)

    def readline(self) -> bytes:
        while b"\n" not in self.buf and not self.eof:
            try:
                chunk = self.f.read(65536)
            except Exception as e:
                if hasattr(e, "partial"):   # a read -t's time ran out (a FIFO)
                    e.partial, self.buf = self.buf, b""
                raise
            if not chunk:
                self.eof = True
                break
            self.buf += chunk
        j = self.buf.find(b"\n")
        if j < 0:
            r, self.buf = self.buf, b""
        else:
            r, self.buf = self.buf[:j + 1], self.buf[j + 1:]
            if self.buf and hasattr(self.f, "read_pos"):
                # a kernfs seq_file: bash's read puts the offset back after the line
                # (read.def zsyncfd: lseek(fd, -unread, SEEK_CUR)), so the next read
                # makes the content again (cgroupfs._KernfsSeqFile)
                self.f.pos -= len(self.buf)
                self.buf = b""
        self.eof = self.eof and not hasattr(self.f, "read_pos")
        return r


class FileInOut(FileIn):
    """An open file read and written through one descriptor (``<>``: O_RDWR)."""

    __slots__ = ()

    def write(self, data: bytes | str) -> None:
        self.f.write(to_bytes(data))


EMPTY_IN = BytesIn(b"")
#: a standard input closed (``<&-``): reads as empty, no descriptor (/proc/PID/fd)
CLOSED_IN = BytesIn(b"")

#: ``f_flags`` of an open file (include/uapi/asm-generic/fcntl.h, x86-64):
#: the access mode, O_APPEND, O_LARGEFILE (``force_o_largefile``: every open of a
#: 64-bit process, fs/open.c ``build_open_flags``), O_CLOEXEC (``FD_CLOEXEC``
#: shown in fdinfo's flags: fs/proc/fd.c ``seq_show``)
O_RDONLY, O_WRONLY, O_RDWR = 0, 0o1, 0o2
O_APPEND = 0o2000
O_LARGEFILE = 0o100000
O_CLOEXEC = 0o2000000
O_NONBLOCK = 0o4000
O_DIRECTORY = 0o200000
#: glibc ``opendir``'s open (``O_RDONLY | O_NDELAY | O_DIRECTORY | O_CLOEXEC``, and
#: the kernel's O_LARGEFILE): fdinfo's ``flags: 02304000``
OPENDIR_FLAGS = O_RDONLY | O_NONBLOCK | O_DIRECTORY | O_LARGEFILE | O_CLOEXEC


class OpenDir:
    """A descriptor ``opendir`` holds on a directory while a program reads it (its
    path and flags as /proc/PID/fd and fdinfo show them: :func:`fd_file`)."""
    __slots__ = ("name", "f", "pos")

    def __init__(self, path: str):
        self.name = (path, OPENDIR_FLAGS)
        self.f = self
        self.pos = 0


#: a redirection's open mode (shell/interp.py ``_REDIR_MODE``) -> its ``f_flags``
#: (O_CREAT and O_TRUNC are not kept: fs/open.c ``do_dentry_open``)
MODE_FLAGS = {"r": O_RDONLY | O_LARGEFILE, "w": O_WRONLY | O_LARGEFILE,
              "a": O_WRONLY | O_APPEND | O_LARGEFILE, "r+": O_RDWR | O_LARGEFILE}


def fd_file(sys, stream) -> tuple[str, int, int] | None:
    """What /proc/PID/fd and fdinfo show of a descriptor open on ``stream``
    (fs/procfd.py): (the path ``d_path`` gives, ``f_flags``, ``f_pos``), None for a
    closed one. The script's own streams are the machine's (``stdio_paths``: the
    oracle's guest runs it ``</dev/null >/dev/ttyS1 2>/dev/ttyS2``, oracle/image.py
    INIT), as is /dev/null, an asynchronous command's stdin (bash's
    ``async_redirect_stdin``); a pipe (a command substitution's buffer and a
    here-document too: bash 5.2 writes a small one to a pipe) is ``pipe:[N]``,
    N the model's pipe number (not the guests' pipefs inode; 0 for those with no
    kernel pipe); a file its path at the
    open (" (deleted)" after it once unlinked), its offset where the reader left
    it (the bytes bash's read took beyond a line given back: read.def ``zsyncfd``)."""
    t = type(stream)
    if stream is None or stream is CLOSED_IN or t is ClosedOut:
        return None
    stdio = getattr(sys, "stdio_paths", None) or STDIO_PATHS
    if t is TermOut:
        return stdio[1 if stream.kind == "out" else 2], O_WRONLY | O_LARGEFILE, 0
    if stream is EMPTY_IN:
        return stdio[0], O_RDONLY | O_LARGEFILE, 0
    name = getattr(stream, "name", None)
    if name is not None:
        f = stream.f
        pos = getattr(f, "pos", 0)
        inode = getattr(f, "inode", None)
        if t is not FileOut and inode is not None:
            pos -= len(stream.buf)
        path = name[0]
        if getattr(inode, "nlink", 1) == 0:
            # d_path of a dentry unlinked while open (``d_unlinked``: fs/d_path.c
            # ``d_path`` appends " (deleted)", v5.10 and v6.1)
            path += " (deleted)"
        return path, name[1], max(pos, 0)
    pipe = getattr(stream, "pipe", None)
    kpipe = getattr(pipe, "kpipe", None)
    n = kpipe.id if kpipe is not None else 0
    return f"pipe:[{n}]", O_RDONLY if hasattr(stream, "read") else O_WRONLY, 0


#: the script's stdin, stdout and stderr where the machine names none
#: (``Machine.stdio_paths``): it reads nothing, writes to the console
STDIO_PATHS = ("/dev/null", "/dev/console", "/dev/console")
