"""/proc/sys's sysctls beyond those a model mechanism serves (fs/procfs.py's own:
swappiness, the watermarks, writeback, overcommit, drop_caches, pid_max, ...): every
file and directory the guests list under vm, kernel, fs and user
(fs/proc_sys_tree.py, tools/sizes/proc-sys.sh), each with its mode and, until a
script writes it, the text the guests read at boot.

Sources: fs/proc/proc_sysctl.c ``proc_sys_permission`` (root is checked against the
table's owner bits: ``test_perm``, so root cannot write a 0444 sysctl nor read a
0200 one: -EACCES), ``proc_sys_call_handler``; kernel/sysctl.c ``proc_dointvec``
(``__do_proc_dointvec``: whitespace-separated numbers, ``proc_get_long`` in base 0,
a vector's first values replaced, nothing but blanks -EINVAL) and
``proc_dostring`` (the text up to the first newline); kernel/pid_namespace.c
``pid_ns_ctl_handler`` (ns_last_pid: the pid IDR's cursor, 0..pid_max);
kernel/utsname_sysctl.c (hostname, domainname: ``utsname()``'s; kernel/version
``UTS_VERSION``); kernel/ucount.c ``user_table`` with kernel/fork.c ``fork_init``
(``init_user_ns.ucount_max[i] = max_threads/2``); kernel/watchdog.c
``watchdog_cpumask`` (the possible CPUs); drivers/char/random.c ``proc_do_uuid``
(uuid: a new random version-4 UUID at each read, boot_id: one made at its first
read and kept; the model's from a generator seeded with the kernel's seed). v5.10
and v6.1; 5.12 and 5.13 read 5.10's
(``KernelDesign.sizes``).

Not modelled: the minmax bounds of the sysctls only stored here (a value out of a
handler's range is taken), and what they would change (their writes are kept and
read back, nothing else follows); values that depend on the guest's 1 GiB
(fs/epoll/max_user_watches, fanotify's marks, vm/user_reserve_kbytes) are the guests'
as recorded.
"""
from __future__ import annotations

import errno
import random
import re

from . import proc_sys_tree as tree
from .vfs import oserror

#: a number as ``proc_get_long`` reads it (``strtoul`` base 0: 0x hex, 0 octal)
_NUM = re.compile(r"-?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$")
#: user/'s namespace limits (``UCOUNT_*_NAMESPACES``): max_threads / 2 at boot
_UCOUNT_NS = frozenset(f"user/max_{n}_namespaces" for n in (
    "cgroup", "ipc", "mnt", "net", "pid", "time", "user", "uts"))


def _number(tok: str) -> int:
    """``proc_get_long``'s value of one word (-EINVAL for anything else)."""
    if not _NUM.match(tok):
        raise oserror(errno.EINVAL)
    neg = tok.startswith("-")
    t = tok.lstrip("-")
    v = int(t, 16) if t[:2] in ("0x", "0X") else int(t, 8) if len(t) > 1 and t[0] == "0" \
        else int(t)
    return -v if neg else v


def written_vector(old: str, data: bytes) -> str:
    """``__do_proc_dointvec``'s write of ``data`` over the vector ``old`` reads
    as: its first values replaced by the numbers written; -EINVAL if none."""
    words = data.decode("utf-8", "replace").split()
    if not words:
        raise oserror(errno.EINVAL)
    cur = old.split()
    new = [str(_number(w)) for w in words[:len(cur)]]
    return "\t".join(new + cur[len(new):]) + "\n"


class Sysctls:
    """The sysctls of fs/proc_sys_tree.py for one kernel: their names, modes, and
    the values written to them since boot."""

    __slots__ = ("k", "written", "rng")

    def __init__(self, k) -> None:
        self.k = k
        #: path below /proc/sys -> the text a write left
        self.written: dict[str, str] = {}
        #: the random UUIDs' bytes (seeded: a run is repeatable)
        self.rng = random.Random(k.seed ^ 0x75756964)

    def _release(self) -> str:
        return self.k.sizes.release

    def kind(self, rel: str) -> str | None:
        """"dir", "file" or None for ``rel`` (below /proc/sys)."""
        if rel in tree.FILES[self._release()]:
            return "file"
        if rel in tree.DIRS[self._release()]:
            return "dir"
        return None

    def mode(self, rel: str) -> int | None:
        """A sysctl's or directory's permission bits as the guests show them."""
        e = tree.FILES[self._release()].get(rel)
        if e is not None:
            return e[0]
        return tree.DIRS[self._release()].get(rel)

    def children(self, rel: str) -> set[str]:
        """The names listed in directory ``rel`` ("" for /proc/sys itself)."""
        prefix = rel + "/" if rel else ""
        r = self._release()
        return {p[len(prefix):].split("/")[0] for p in (*tree.FILES[r], *tree.DIRS[r])
                if p.startswith(prefix)}

    def check(self, rel: str, write: bool) -> None:
        """``proc_sys_permission`` for root: the owner's bit, else -EACCES."""
        if not (self.mode(rel) or 0) & (0o200 if write else 0o400):
            raise oserror(errno.EACCES)

    def read(self, rel: str) -> bytes:
        """The sysctl's text: a computed one's, a written one's, else the boot's."""
        k = self.k
        if rel == "kernel/ns_last_pid":
            return f"{k.procs.last_pid()}\n".encode()
        if rel == "kernel/hostname":
            return f"{k.nodename}\n".encode()
        if rel in self.written:
            return self.written[rel].encode()
        if rel == "kernel/random/uuid":
            return self._uuid().encode()
        if rel == "kernel/random/boot_id":
            self.written[rel] = self._uuid()
            return self.written[rel].encode()
        if rel == "kernel/watchdog_cpumask":
            return ("0\n" if k.nr_cpus == 1 else f"0-{k.nr_cpus - 1}\n").encode()
        if rel in _UCOUNT_NS:
            from ..kernel.fork import MAX_THREADS
            return f"{MAX_THREADS[self._release()] // 2}\n".encode()
        return tree.FILES[self._release()][rel][1].encode()

    def _uuid(self) -> str:
        """``generate_random_uuid``: 16 random bytes, version 4, variant 10, as
        ``%pU`` prints them."""
        b = bytearray(self.rng.getrandbits(8) for _ in range(16))
        b[6] = (b[6] & 0x0F) | 0x40
        b[8] = (b[8] & 0x3F) | 0x80
        h = b.hex()
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}\n"

    def write(self, rel: str, data: bytes) -> None:
        """A write of ``data`` (the whole, at offset 0: ``sysctl_writes_strict``)."""
        k = self.k
        if rel == "kernel/ns_last_pid":
            v = int(written_vector("0", data))
            if not 0 <= v <= k.procs.pid_ns.pid_max:
                raise oserror(errno.EINVAL)
            k.procs.pid_ns.idr_next = v + 1
            return
        old = self.read(rel).decode()
        if all(_NUM.match(w) for w in old.split()) and old.split():
            self.written[rel] = written_vector(old, data)
            return
        text = data.decode("utf-8", "replace").split("\n", 1)[0]
        if rel == "kernel/hostname":
            k.nodename = text[:64]      # __NEW_UTS_LEN
            return
        self.written[rel] = text + "\n"



def uts_version(release: str) -> str:
    """``utsname()->version`` (``UTS_VERSION``: ``uname -v``): the guests' build of
    ``release`` as kernel/version reads it."""
    return tree.FILES[release]["kernel/version"][1].rstrip("\n")
