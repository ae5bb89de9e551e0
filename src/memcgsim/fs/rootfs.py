"""The oracle guests' boot tree in the model (docs/fidelity.md item 243): the rootfs
their initramfs unpacks (oracle/image.py ``build_initramfs``), /bin as the busybox
userland has it, and devtmpfs' nodes, from fs/guest_tree.py (written from the
guests' recordings by tools/guest_tree.py).

The initramfs' files were written by ``populate_rootfs`` at boot, their inodes,
dentries and pages are in the boot state the model starts from (kernel/sizes/boot.py
is the guests' boot /proc/slabinfo and /proc/meminfo): making them here allocates
and charges nothing. A file whose bytes the model knows (/etc's, /init, the head
and getconf scripts) reads them until it is written; the binaries (busybox, bash,
the disk's modules) read empty, as the model's programs always have.
"""
from __future__ import annotations

import stat as st

from ..kernel.filemap import Inode
from ..sysapi import PROGRAM_INO_BASE
from . import guest_tree
from .namei import LNK
from .vfs import BufferFile, SimpleFs, program_inode

#: the inode numbers of the boot tree's files that are not programs (below the
#: programs': shell/interp.py ``find_command`` runs a file from there up as one)
BOOT_INO_BASE = PROGRAM_INO_BASE - 0x1000


class RootFs(SimpleFs):
    """The guests' rootfs (tmpfs): a :class:`SimpleFs` whose boot files read the
    bytes the model knows of them (``boot_text``; a binary's none) until a write
    opens them."""
    __slots__ = ("boot_text",)

    def __init__(self, k) -> None:
        super().__init__(k, True, "rootfs", "rootfs")
        #: a boot file's inode -> its bytes, until it is opened for writing
        self.boot_text: dict[Inode, bytes] = {}

    def open(self, rel, mode, task, abspath):
        """A boot file read (its bytes), else as tmpfs opens a file."""
        node = self.nodes.get(rel)
        text = self.boot_text.get(node) if type(node) is Inode else None
        if text is not None:
            if mode == "r":
                return BufferFile(text)
            # written: a tmpfs file from now on, holding what it held (its pages,
            # the root's since boot in the guests, are not in the model's cache)
            del self.boot_text[node]
            node.data = bytearray(text)
            if mode == "w":
                node.size = 0
        return super().open(rel, mode, task, abspath)


def _boot_texts() -> dict[str, bytes]:
    """The bytes of the boot files the model knows: /etc's, /init, the scripts."""
    from ..oracle.guestbin import SCRIPTS
    texts = {p: t.encode() for p, t in guest_tree.TEXTS.items()}
    texts.update((f"bin/{n}", t.encode()) for n, t in SCRIPTS.items())
    return texts


def guest_rootfs(k) -> RootFs:
    """The rootfs as the guests' init finds it, but /bin's entries (the userland's:
    :func:`install_guest_bin`)."""
    fs = RootFs(k)
    texts = _boot_texts()
    tree = {**guest_tree.ROOTFS, **guest_tree.ROOTFS_BY_RELEASE[k.sizes.release]}
    for i, (path, (kind, mode, size, _target)) in enumerate(sorted(tree.items())):
        if path.startswith("bin/"):
            continue
        if kind == "d":
            fs.nodes[path] = None
            if mode != 0o755:
                fs.dir_modes[path] = mode
            continue
        node = Inode(BOOT_INO_BASE + i, True, mode)
        node.size = size
        fs.nodes[path] = node
        fs.boot_text[node] = texts.get(path, b"")
    return fs


def install_guest_bin(vfs, root) -> dict[str, Inode]:
    """The busybox userland's /bin on ``root``: busybox, bash and the scripts as
    files, every other applet a link to busybox (``BIN_LINKS``); returns name ->
    the inode a name runs (a link's: busybox's). Links make path walks follow them
    (``Vfs.has_symlinks``)."""
    programs: dict[str, Inode] = {}
    files = sorted(p[4:] for p, v in guest_tree.ROOTFS.items()
                   if p.startswith("bin/") and v[0] == "f")
    texts = _boot_texts()
    guest = isinstance(root, RootFs)
    for i, name in enumerate(files):
        node = program_inode(PROGRAM_INO_BASE + i, root.shmem)
        root.nodes["bin/" + name] = programs[name] = node
        if guest:
            # (on another root, a systemd host's disk, the files read empty: size 0)
            node.size = guest_tree.ROOTFS["bin/" + name][2]
            root.boot_text[node] = texts.get("bin/" + name, b"")
    busybox = programs["busybox"]
    for i, name in enumerate(guest_tree.BIN_LINKS, len(files)):
        link = Inode(PROGRAM_INO_BASE + i, root.shmem, LNK)
        link.data = bytearray(b"busybox")
        link.size = len(link.data)
        root.nodes["bin/" + name] = link
        programs[name] = busybox
    vfs.has_symlinks = True
    return programs


def guest_devices(release: str) -> dict[str, tuple[int, int]]:
    """devtmpfs' device nodes of the guests of ``release``: name -> (``st_mode``,
    ``st_rdev``) (its directories are not in it)."""
    types = {"c": st.S_IFCHR, "b": st.S_IFBLK}
    return {p: (types[kind] | mode, major << 8 | minor)
            for p, (kind, mode, major, minor) in guest_tree.DEVTMPFS[release].items()
            if kind != "d"}


def guest_device_dirs(release: str) -> tuple[str, ...]:
    """devtmpfs' directories of the guests of ``release`` (``input``)."""
    return tuple(p for p, v in guest_tree.DEVTMPFS[release].items() if v[0] == "d")
