"""/proc/PID/ns (fs/proc/namespaces.c ``ns_entries``): a link per namespace type,
read as "TYPE:[INUM]" (``ns_get_name``), followed to the namespace's nsfs inode
(``S_IFREG | S_IRUGO``, its number the inode number). The model has the initial
namespaces only; their numbers: include/linux/proc_ns.h's ``PROC_*_INIT_INO`` and,
for mnt and net, what ``ns_alloc_inum`` gave them at boot (the ``proc_inum_ida``
from ``PROC_DYNAMIC_FIRST``), as the guests read them (calibration/guest-layout.sh,
calibration/recordings/guest-layout--*)."""
from __future__ import annotations

import errno

from .vfs import BufferFile, oserror

#: the links' names and the namespace type each reads as
NS_TYPES = {"cgroup": "cgroup", "ipc": "ipc", "mnt": "mnt", "net": "net", "pid": "pid",
            "pid_for_children": "pid", "time": "time", "time_for_children": "time",
            "user": "user", "uts": "uts"}
#: ``PROC_IPC_INIT_INO`` ... ``PROC_TIME_INIT_INO``
_FIXED = {"ipc": 0xEFFFFFFF, "uts": 0xEFFFFFFE, "user": 0xEFFFFFFD, "pid": 0xEFFFFFFC,
          "cgroup": 0xEFFFFFFB, "time": 0xEFFFFFFA}
#: the initial namespaces' inode numbers by release
NS_INUM = {"5.10": {**_FIXED, "mnt": 0xF0000000, "net": 0xF0000098},
           "6.1": {**_FIXED, "mnt": 0xF0000001, "net": 0xF0000000}}


def ns_inum(release: str, name: str) -> int:
    """The inode number of link ``name``'s namespace."""
    return NS_INUM[release][NS_TYPES[name]]


def ns_link(release: str, name: str) -> str:
    """``ns_get_name``: what link ``name`` reads as."""
    return f"{NS_TYPES[name]}:[{ns_inum(release, name)}]"


class NsFile(BufferFile):
    """An open namespace file (``ns_file_operations``): no ``read`` or ``write``,
    so both fail with -EINVAL (``vfs_read``, ``vfs_write``); it serves ``setns``."""
    __slots__ = ()

    def read(self, n: int = -1) -> bytes:
        raise oserror(errno.EINVAL)

    write = read      # type: ignore[assignment]
