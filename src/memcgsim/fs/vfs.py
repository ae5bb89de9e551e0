"""The simulated VFS: a mount table over disk-like, tmpfs, device, procfs and
cgroupfs filesystems. Paths reaching here are absolute and normalised."""
from __future__ import annotations

import errno
import os
import random
import stat as st

from ..kernel.buffer import EXT4_ROOT_INO, BlockDevice
from ..kernel.dcache import NumberedNames
from ..kernel.ext4 import ORACLE_DISK_GROUPS
from ..kernel.filemap import NO_DATA, Inode
from ..kernel.readahead import FileRaState
from ..kernel.super import SuperBlockShrinker
from ..kernel.vmstat import PAGE_SIZE


#: ``MAX_LFS_FILESIZE`` on 64-bit (include/linux/fs.h): tmpfs's ``s_maxbytes``
MAX_LFS_FILESIZE = 2 ** 63 - 1
#: ``ext4_max_size(12, 1)`` (fs/ext4/super.c): 2^32 - 1 blocks of 4 KiB, an extent
#: file's ``s_maxbytes`` on the guests' 4 KiB-block ext4
EXT4_MAX_BYTES = ((1 << 32) - 1) << 12
#: ``fallocate(2)`` mode bits (include/uapi/linux/falloc.h)
FALLOC_FL_KEEP_SIZE = 0x01
FALLOC_FL_PUNCH_HOLE = 0x02
FALLOC_FL_COLLAPSE_RANGE = 0x08
FALLOC_FL_ZERO_RANGE = 0x10
FALLOC_FL_INSERT_RANGE = 0x20
#: ``FALLOC_FL_SUPPORTED_MASK`` (include/linux/falloc.h, without UNSHARE_RANGE)
FALLOC_FL_SUPPORTED_MASK = (FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE | FALLOC_FL_COLLAPSE_RANGE
                            | FALLOC_FL_ZERO_RANGE | FALLOC_FL_INSERT_RANGE)


def oserror(code: int) -> OSError:
    return OSError(code, os.strerror(code))


class Stat:
    """What ``stat(2)`` returns of a file, the fields the commands read."""
    __slots__ = ("st_mode", "st_size", "st_ino", "st_nlink", "st_blocks", "st_rdev")

    def __init__(self, st_mode: int, st_size: int = 0, st_ino: int = 0,
                 st_nlink: int = 1, st_blocks: int | None = 0, st_rdev: int = 0) -> None:
        self.st_mode = st_mode
        #: a device file's number, ``MAJOR << 8 | MINOR`` (old_encode_dev)
        self.st_rdev = st_rdev
        self.st_size = st_size
        self.st_ino = st_ino
        self.st_nlink = st_nlink
        #: 512-byte blocks allocated; None where the model does not know (ext4)
        self.st_blocks = st_blocks

    def __eq__(self, other: object) -> bool:
        if type(other) is not Stat:
            return NotImplemented
        return (self.st_mode, self.st_size, self.st_ino, self.st_nlink) == (
            other.st_mode, other.st_size, other.st_ino, other.st_nlink)

    __hash__ = None     # mutable, as the dataclass it was

    def __repr__(self) -> str:
        return (f"Stat(st_mode={self.st_mode!r}, st_size={self.st_size!r}, "
                f"st_ino={self.st_ino!r}, st_nlink={self.st_nlink!r})")


DIR = st.S_IFDIR | 0o755
#: mm/shmem.c: the size a directory entry adds to a tmpfs directory's i_size
BOGO_DIRENT_SIZE = 20
REG = st.S_IFREG | 0o644


class BufferFile:
    """An open pseudo file: content produced at open (seq_file), writes handed to
    ``on_write`` one ``write()`` at a time."""
    __slots__ = ("data", "pos", "on_write")

    def __init__(self, data: bytes = b"", on_write=None) -> None:
        self.data = data
        self.pos = 0
        self.on_write = on_write

    def read(self, n: int = -1) -> bytes:
        d = self.data
        if n < 0:
            out = d[self.pos:]
        else:
            out = d[self.pos:self.pos + n]
        self.pos += len(out)
        return out

    def write(self, data: bytes) -> int:
        if self.on_write is None:
            raise oserror(errno.EBADF)
        self.on_write(data)
        return len(data)

    def fallocate(self, mode: int, offset: int, length: int) -> None:
        """``vfs_fallocate`` of a pseudo file (procfs, kernfs): a regular file
        whose ``file_operations`` have no ``fallocate``: EOPNOTSUPP."""
        raise oserror(errno.EINVAL if offset < 0 or length <= 0 else errno.EOPNOTSUPP)

    def close(self) -> None:
        pass


class NullFile(BufferFile):
    """/dev/null and /dev/zero (drivers/char/mem.c): what is written goes nowhere;
    /dev/zero reads zeros without end."""
    __slots__ = ("zero",)
    #: writes go nowhere (``write_null``)
    discards = True

    def __init__(self, zero: bool) -> None:
        super().__init__()
        self.zero = zero

    @property
    def endless(self) -> bool:
        """Reads never reach an end (/dev/zero's ``read_iter_zero``)."""
        return self.zero

    def read(self, n: int = -1) -> bytes:
        if not self.zero:
            return b""
        return bytes(n if n >= 0 else 1 << 20)

    def write(self, data: bytes) -> int:
        return len(data)

    def fallocate(self, mode: int, offset: int, length: int) -> None:
        """``vfs_fallocate`` of a character device: ENODEV."""
        raise oserror(errno.EINVAL if offset < 0 or length <= 0 else errno.ENODEV)


class FullFile(NullFile):
    """/dev/full (drivers/char/mem.c): reads zeros (``read_iter_zero``), every write
    fails with ENOSPC (``write_full``)."""
    __slots__ = ()
    discards = False

    def __init__(self) -> None:
        super().__init__(True)

    def write(self, data: bytes) -> int:
        raise oserror(errno.ENOSPC)


class RandomFile(BufferFile):
    """/dev/urandom and /dev/random: every read gives fresh bytes (``read_iter``
    without end; since Linux commit 30c08efec888 ("random: make /dev/random be
    almost like /dev/urandom") (in v5.6) /dev/random blocks only until the
    CRNG is initialised, long done at boot), from the system's generator (``rng``,
    seeded by the run's seed: the same run reads the same bytes)."""
    __slots__ = ("rng",)
    #: reads never reach an end; writes only stir the pool
    endless = True
    discards = True

    def __init__(self, rng: random.Random) -> None:
        super().__init__()
        self.rng = rng

    def read(self, n: int = -1) -> bytes:
        return self.rng.randbytes(n if n >= 0 else 1 << 20)

    def write(self, data: bytes) -> int:
        return len(data)        # random_write: mixed into the pool

    fallocate = NullFile.fallocate


def program_inode(ino: int, shmem: bool) -> Inode:
    """A program of the system's image (``Vfs.install_programs``): executable;
    what it holds is not modelled (it reads empty). An ``Inode``, not a subclass:
    a class compiled by mypyc (bench/mypyc_build.py) takes none."""
    return Inode(ino, shmem, 0o755)




class RegularFile:
    """An open regular file on a disk or tmpfs filesystem: reads and writes go
    through the page cache (charging the task's memcg)."""
    __slots__ = ("k", "task", "inode", "pos", "append", "readable", "bdev", "f_ra", "shmem_fs")

    def __init__(self, k, task, inode: Inode, append: bool, readable: bool,
                 bdev: BlockDevice | None = None) -> None:
        self.k = k
        self.task = task
        self.inode = inode
        #: a disk file's block device (its filesystem's allocator)
        self.bdev = bdev
        #: a tmpfs file's filesystem (its limits: fs/shmem_sb.py)
        self.shmem_fs = None
        self.pos = inode.size if append else 0
        self.append = append
        self.readable = readable
        #: ``file->f_ra``: a disk file's readahead state (kernel/readahead.py)
        self.f_ra = FileRaState() if bdev is not None else None

    def read(self, n: int = -1, step: int = 0) -> bytes:
        """``read()`` of up to ``n`` bytes (``step``: as :meth:`read_discard`)."""
        pos = self.pos
        end = self.read_discard(n, step) + pos
        data = self.inode.data
        if len(data) >= end:
            return bytes(data[pos:end])
        if len(data) <= pos:
            return bytes(end - pos)         # past what was written: zeros
        return bytes(data[pos:]) + bytes(end - len(data))

    def read_discard(self, n: int = -1, step: int = 0) -> int:
        """``read()`` into a buffer the caller drops (``cat FILE > /dev/null``): the
        page cache and the position as :meth:`read` leaves them, ENOMEM as it
        raises it, without making the bytes; returns how many were read.
        ``step``: the system call reads that many bytes at a time before its one
        return to user space (``sendfile``'s ``splice_direct_to_actor``: a pipe's
        worth a round)."""
        ino = self.inode
        pos = self.pos
        end = ino.size if n < 0 else min(ino.size, pos + n)
        if end <= pos:
            return 0
        prev_current, self.k.current = self.k.current, self.task  # k.running(), written out
        held = self.k.files_in_syscall
        held.append(ino)        # fdget: the file holds its inode while the read runs
        try:
            if self.bdev is not None:
                ra = self.f_ra
                runs = self.bdev.sb.written.get(ino.ino)
                ra_read = self.k.readahead.filemap_read

                def read(ino: Inode, at: int, n: int) -> bool:
                    return ra_read(ra, ino, at, n, runs)
            else:
                read = self.k.filemap.read
            at = pos
            ok = True
            while step and ok and end - at > step:
                ok = read(ino, at, step)
                at += step
            ok = ok and read(ino, at, end - at)
            if ok:
                self.pos = end
            self.k.procs.return_to_user(self.task)
        finally:
            self.k.current = prev_current
            held.pop()
        if not ok:
            raise oserror(errno.ENOMEM)
        return end - pos

    def write(self, data: bytes) -> int:
        """``write()`` by the process that opened the file."""
        return self.write_as(data, self.task)

    def write_as(self, data: bytes, task) -> int:
        """``write()`` of the shared file description by ``task`` (``current``:
        charged to its memcg, its death on the way back to user space). On tmpfs
        the bytes whose pages fit the mount's size (fs/shmem_sb.py), -ENOSPC if
        none."""
        ino = self.inode
        if self.append:
            self.pos = ino.size
        if self.shmem_fs is not None and data:
            n = self.shmem_fs.writable_bytes(ino, self.pos, len(data))
            if not n:
                raise oserror(errno.ENOSPC)
            data = data[:n]
        held = self.k.files_in_syscall
        held.append(ino)        # fdget: the file holds its inode while the write runs
        with self.k.running(task):
            try:
                ok = self.k.filemap.write(ino, self.pos, len(data), self.bdev)
            finally:
                held.pop()
            if ok:
                end = self.pos + len(data)
                buf = ino.data
                if buf is NO_DATA:
                    buf = ino.data = bytearray()    # its first write: its own buffer
                if len(buf) < self.pos:
                    buf.extend(bytes(self.pos - len(buf)))
                buf[self.pos:end] = data
                if self.bdev is not None and end > self.pos:
                    self.bdev.sb.note_written(ino.ino, self.pos // PAGE_SIZE, (end - 1) // PAGE_SIZE)
                self.pos = end
                ino.size = max(ino.size, end)
            # an OOM victim (SIGKILL) dies on the way back to user space, whether the
            # charge was forced (5.10) or failed (6.1): dd never sees the -ENOMEM
            self.k.procs.return_to_user(task)
        if not ok:
            raise oserror(errno.ENOMEM)
        return len(data)

    def fallocate(self, mode: int, offset: int, length: int) -> None:
        """``fallocate(fd, mode, offset, length)``; ``mode``: 0 or the kernel's
        ``FALLOC_FL_*`` bits (KEEP_SIZE, PUNCH_HOLE with KEEP_SIZE).

        ``vfs_fallocate`` (fs/open.c): EINVAL for a negative offset or a length not
        above 0, EOPNOTSUPP for unknown bits or a punch without KEEP_SIZE, EFBIG
        past the filesystem's ``s_maxbytes``. Then the filesystem's:

        - tmpfs, ``shmem_fallocate`` (mm/shmem.c): modes other than KEEP_SIZE and
          PUNCH_HOLE are EOPNOTSUPP. ENOSPC if the range has more pages than the
          mount's ``max_blocks`` (fs/shmem_sb.py); else every page of the range missing from
          the cache is brought in (``shmem_get_folio(..., SGP_FALLOC)``; past the
          mount's room, -ENOSPC with none of them kept), charged to
          the caller's memcg as shmem (``mem_cgroup_charge`` with no mm: the
          current task's). A charge that fails (past the limit, nothing to
          reclaim, the OOM killer done) ends it with ENOMEM after it gives back
          the pages this call brought in (``shmem_undo_range`` of the falloc'd
          range), the size unchanged; if the OOM killer chose the caller it dies
          on its return to user space (status 137 in the guests).
        - ext4, ``ext4_fallocate``: blocks (unwritten extents), no page cache; the
          block allocator's reads (bitmaps, buddy cache: kernel/ext4.py) are
          charged to the caller. ENOSPC on a full disk is not modelled. ZERO_RANGE, COLLAPSE_RANGE and
          INSERT_RANGE are not modelled (NotImplementedError).
        - PUNCH_HOLE (``shmem_truncate_range``, ``ext4_punch_hole``): the pages
          wholly inside the range leave the cache (uncharged), the bytes of the
          others are zeroed.

        Without KEEP_SIZE the file grows to ``offset + length``."""
        ino = self.inode
        if offset < 0 or length <= 0:
            raise oserror(errno.EINVAL)
        if mode & ~FALLOC_FL_SUPPORTED_MASK or (
                mode & FALLOC_FL_PUNCH_HOLE and not mode & FALLOC_FL_KEEP_SIZE):
            raise oserror(errno.EOPNOTSUPP)
        end = offset + length
        if end > (MAX_LFS_FILESIZE if ino.shmem else EXT4_MAX_BYTES):
            raise oserror(errno.EFBIG)
        if mode & ~(FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE):
            if ino.shmem:
                raise oserror(errno.EOPNOTSUPP)
            raise NotImplementedError("this fallocate mode on ext4")
        k = self.k
        if mode & FALLOC_FL_PUNCH_HOLE:
            first, last = -(-offset // PAGE_SIZE), end // PAGE_SIZE - 1
            with k.running(self.task):
                for index in [i for i in ino.pages if first <= i <= last]:
                    k.filemap.delete_from_page_cache(ino.pages[index])
            if offset < len(ino.data):
                stop = min(end, len(ino.data))
                ino.data[offset:stop] = bytes(stop - offset)
            if self.bdev is not None and first <= last:
                self.bdev.sb.remove_blocks(ino.ino, first, last)
            return
        if ino.shmem:
            first, last = offset // PAGE_SIZE, (end - 1) // PAGE_SIZE
            sfs = self.shmem_fs
            # (the range's length first: a petabyte's missing pages are not listed)
            if sfs is not None and sfs.out_of_blocks(last - first + 1, 0):
                raise oserror(errno.ENOSPC)
            new = ino.pages.missing(first, last)
            if sfs is not None and sfs.out_of_blocks(0, len(new)):
                raise oserror(errno.ENOSPC)
            fm = k.filemap
            with k.running(self.task):
                ok = fm.touch(ino, first, last)
                if not ok:
                    for index in new:
                        pfn = ino.pages.get(index)
                        if pfn is not None:
                            fm.delete_from_page_cache(pfn)
            k.procs.return_to_user(self.task)
            if not ok:
                raise oserror(errno.ENOMEM)
        elif self.bdev is not None:
            with k.running(self.task):
                self.bdev.sb.fallocate(ino.ino, offset // PAGE_SIZE, (end - 1) // PAGE_SIZE,
                                       -(-ino.size // PAGE_SIZE))
        if not mode & FALLOC_FL_KEEP_SIZE and end > ino.size:
            ino.size = end

    def close(self) -> None:
        """``close()``: with kernel/file_table.py ``FILE_LIFE``, the last ``fput``
        (its filp a grace period later)."""
        ft = self.k.file_table
        if ft.open:
            ft.fput(self)


_DIGITS = "0123456789"


class NodeTable(dict):
    """A filesystem's nodes by relative path (a dict) that also keeps ``stems``:
    every path ever added that ends in a decimal digit, without its digits. A
    numbered batch of names (``NumberedNames``) whose stem is not there names no
    node, which is found without making the names (the paths are never taken
    out: a stem left by a removed node only costs the check name by name)."""
    __slots__ = ("stems",)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.stems = {p.rstrip(_DIGITS) for p in self if p[-1:] in _DIGITS}

    def __setitem__(self, path: str, node) -> None:
        if path[-1:] in _DIGITS:
            self.stems.add(path.rstrip(_DIGITS))
        dict.__setitem__(self, path, node)

    def setdefault(self, path: str, node=None):
        if path[-1:] in _DIGITS:
            self.stems.add(path.rstrip(_DIGITS))
        return dict.setdefault(self, path, node)

    def update(self, *args, **kwargs) -> None:
        for path, node in dict(*args, **kwargs).items():
            self[path] = node

    def none_numbered(self, names) -> bool:
        """Whether no node has a name of ``names``, a ``NumberedNames`` of paths."""
        return names.stem not in self.stems or self.keys().isdisjoint(names)


def _ino_of(inode: Inode) -> int:
    return inode.ino


class SimpleFs:
    """A disk-like (ext4 semantics) or tmpfs (shmem) filesystem. A disk has a block
    device whose buffer cache holds its metadata (``kernel/buffer.py``)."""
    __slots__ = ("k", "shmem", "nodes", "name", "source", "bdev", "dir_ino", "links", "dir_modes",
                 "s_shrink", "sbinfo")

    def __init__(self, k, shmem: bool, name: str, source: str,
                 layout: tuple = ORACLE_DISK_GROUPS) -> None:
        self.k = k
        self.shmem = shmem
        self.name = name
        self.source = source
        #: relative path ("" is the top) -> Inode, or None for a directory
        self.nodes: NodeTable = NodeTable({"": None})
        self.bdev = None if shmem else BlockDevice(k, k.next_ino(), layout)
        #: a disk's directories -> their ext4 inode numbers
        self.dir_ino: dict[str, int] = {"": EXT4_ROOT_INO}
        #: the directories whose permission bits are not 0755 (a umask, chmod)
        self.dir_modes: dict[str, int] = {}
        #: the dentry objects of a hard link's name (``link``), by its path: an
        #: inode's first name's are in its ``slab``
        self.links: dict[str, list] = {}
        #: a disk's superblock shrinker (``alloc_super``: kernel/super.py)
        self.s_shrink = (None if self.bdev is None
                         else SuperBlockShrinker(k, self.cached_files))
        if self.bdev is not None and k.design.jbd2_release == "shrinker":
            self.bdev.journal.register_shrinker()    # ext4_fill_super, after sget
        #: a tmpfs's limits when its mount gave some (fs/shmem_sb.py); None: the
        #: defaults, computed when used
        self.sbinfo: shmem_sb.ShmemSbInfo | None = None

    def limits(self) -> "shmem_sb.ShmemSbInfo":
        """A tmpfs's ``shmem_sb_info``: its mount's limits or the defaults."""
        return self.sbinfo or shmem_sb.new_sbinfo(self.k, {})

    def used_blocks(self) -> int:
        """``sbinfo->used_blocks``: the pages of the tmpfs's files (a file with
        several names once)."""
        return sum(len(n.pages) for n in set(self.nodes.values()) if n is not None)

    def writable_bytes(self, ino: Inode, pos: int, n: int) -> int:
        """How many of ``n`` bytes written at ``pos`` into ``ino`` get their pages
        (fs/shmem_sb.py): no count is made unless the write adds a page."""
        first, last = pos // PAGE_SIZE, (pos + n - 1) // PAGE_SIZE
        if last - first < 2 and first in ino.pages and last in ino.pages:
            return n        # (a rewrite or an append inside its pages: no count)
        return shmem_sb.writable_bytes(self.limits(), self.used_blocks(), ino.pages, pos, n)

    def out_of_blocks(self, span: int, new: int) -> bool:
        """``shmem_fallocate``: a range longer than ``max_blocks``, or ``new`` pages
        past the room left (the pages in use counted only for some new ones)."""
        sb = self.limits()
        return bool(sb.max_blocks) and (span > sb.max_blocks or bool(new) and (
            self.used_blocks() + new > sb.max_blocks))

    def reserve_inode(self) -> None:
        """``shmem_reserve_inode`` for a new name on tmpfs: -ENOSPC when its
        ``max_inodes`` are taken (the root's included)."""
        if self.shmem:
            sb = self.limits()
            if sb.max_inodes and len(self.nodes) >= sb.max_inodes:
                raise oserror(errno.ENOSPC)

    def populate(self, dirs, walked=("",)) -> None:
        """The directories the image already has, then the mount (by init), which
        looks up names in the ``walked`` directories (their blocks are read)."""
        for d in dirs:
            self.nodes[d] = None
            if self.bdev is not None:
                self.dir_ino[d] = self.bdev.alloc_ino()
        if self.bdev is not None:
            with self.k.running(self.k.init):
                self.k.buffers.mount(self.bdev, self.dir_ino.values(),
                                     [self.dir_ino[d] for d in walked])

    def _parent_ino(self, rel: str) -> int:
        return self.dir_ino.get(rel.rpartition("/")[0], EXT4_ROOT_INO)

    def _dir_block(self, rel: str, modify: bool = False) -> None:
        """The parent directory's block, read or (``modify``: an entry added or
        removed, then the directory's times: ``ext4_delete_entry``, then
        ``ext4_mark_inode_dirty(dir)``; journalled) modified by the current task."""
        if self.bdev is not None:
            parent = self._parent_ino(rel)
            self.k.buffers.dir_block(self.bdev, parent, modify)
            if modify:
                self.k.buffers.mark_inode_dirty(self.bdev, parent)

    def _parent_ok(self, rel: str) -> None:
        parent = rel.rpartition("/")[0]
        if parent not in self.nodes:
            raise oserror(errno.ENOENT)
        if self.nodes[parent] is not None:
            raise oserror(errno.ENOTDIR)

    def lookup(self, rel: str, task, abspath: str):
        """The node at ``rel`` (an Inode, or None for a directory). ``walk_component``
        stops at the first missing name (ENOENT), which a disk filesystem caches as
        a negative dentry after reading its directory (tmpfs deletes them at once);
        a file on the way is ENOTDIR."""
        nodes = self.nodes
        try:
            node = nodes[rel]
        except KeyError:
            pass
        else:
            if node is not None and self.bdev is not None:
                objs = node.slab
                if objs is None or len(objs) == 1:
                    self._lookup_slow(rel, node, task)
                elif self.s_shrink is not None:
                    self.s_shrink.dentry_referenced(node)
            return node
        parent = rel.rpartition("/")[0]
        if nodes.get(parent, False) is not None:
            miss = self._first_missing(rel)
            abspath = abspath[:len(abspath) - len(rel) + len(miss)]
            rel = miss
        if not self.shmem:
            negative = self.k.filemap.negative
            if abspath not in negative:
                with self.k.running(task):
                    self._dir_block(rel)
                    self.k.filemap.negative_lookup(abspath, self.s_shrink)
            else:
                negative.reference(abspath)
        raise oserror(errno.ENOENT)

    def _first_missing(self, rel: str) -> str:
        """The first component of ``rel`` that does not exist; ENOTDIR if a file
        comes first."""
        i = rel.find("/")
        while i != -1:
            node = self.nodes.get(rel[:i], False)
            if node is False:
                return rel[:i]
            if node is not None:
                raise oserror(errno.ENOTDIR)
            i = rel.find("/", i + 1)
        return rel

    def lookup_missing(self, rels: list[str], task, abspaths: list[str]) -> None:
        """Failed lookups of names in one directory, one after another (see
        :meth:`lookup`): the directory block read once, the negative dentries
        allocated together. Names that exist are left alone."""
        if not rels:
            return
        nodes, negative = self.nodes, self.k.filemap.negative
        if nodes.get(rels[0].rpartition("/")[0], False) is not None:
            for rel, ap in zip(rels, abspaths):     # the directory itself is missing
                try:
                    self.lookup(rel, task, ap)
                except OSError:
                    pass
            return
        if not (nodes.none_numbered(rels) if type(rels) is NumberedNames
                else nodes.keys().isdisjoint(rels)):
            abspaths = [ap for rel, ap in zip(rels, abspaths) if rel not in nodes]
        # (a numbered batch's names are distinct)
        missing = negative.missing(abspaths if type(abspaths) is NumberedNames
                                   else dict.fromkeys(abspaths))
        if self.shmem:
            return
        if len(missing) < len(abspaths):
            # the names found negative: dput sets DCACHE_REFERENCED
            new = set(missing)
            for ap in abspaths:
                if ap not in new and ap in negative:
                    negative.reference(ap)
        if not missing:
            return
        prev_current, self.k.current = self.k.current, task  # k.running(), written out
        try:
            self._dir_block(rels[0])
            self.k.filemap.negative_lookups(missing, fresh=True, sb=self.s_shrink)
        finally:
            self.k.current = prev_current

    def statfs(self) -> tuple[int, int, int, int, int]:
        """``statfs(2)``'s (f_blocks, f_bfree, f_bavail, f_files, f_ffree), 4 KiB
        blocks. tmpfs (``shmem_statfs``): its ``max_blocks`` and ``max_inodes``
        (fs/shmem_sb.py; 0 if unlimited), less the pages its files hold and its
        names. ext4: its superblock's (:meth:`Ext4Sb.statfs`)."""
        if not self.shmem:
            if self.bdev is None:
                raise NotImplementedError("block counts of ext4")
            return self.bdev.sb.statfs()
        sb = self.limits()
        blocks = free = 0
        if sb.max_blocks:
            blocks = sb.max_blocks
            free = blocks - self.used_blocks()
        files = sb.max_inodes
        return blocks, free, free, files, files - len(self.nodes) if files else 0

    def stat(self, rel: str, task, abspath: str) -> Stat:
        node = self.lookup(rel, task, abspath)
        if node is None:
            # a directory's links: its name, its ".", each subdirectory's ".."
            # (ext4_inc_count / shmem_mkdir's inc_nlink)
            prefix = rel + "/" if rel else ""
            n = len(prefix)
            kids = [v for p, v in self.nodes.items()
                    if p and p.startswith(prefix) and "/" not in p[n:]]
            subdirs = sum(1 for v in kids if v is None)
            if not self.shmem:
                # a disk directory's number is its ext4 inode's
                ino = self.dir_ino.get(rel) if self.bdev is not None else None
                # its one 4 KiB block (ext4_init_new_dir)
                return Stat(self._dir_mode(rel, DIR), 4096, hash(rel) & 0xFFFF if ino is None else ino,
                            2 + subdirs, 8)
            # tmpfs: i_size counts BOGO_DIRENT_SIZE per entry, "." and ".." included
            # (shmem_get_inode, shmem_mknod); a mount's root has its mode= option,
            # 01777 without one (shmem_fill_super's default ctx->mode)
            mode = (st.S_IFDIR | self.limits().mode
                    if not rel and (self.name == "tmpfs" or self.sbinfo is not None) else self._dir_mode(rel, DIR))
            return Stat(mode, BOGO_DIRENT_SIZE * (2 + len(kids)), hash(rel) & 0xFFFF,
                        2 + subdirs, 0)
        # a tmpfs file's blocks are the pages it holds (shmem_getattr's i_blocks);
        # a link's or FIFO's mode carries its type
        mode = node.mode
        if mode < 0o10000:                  # permission bits alone: a regular file
            mode |= st.S_IFREG
        if self.shmem:
            blocks: int | None = len(node.pages) * 8
        elif st.S_ISLNK(mode):
            # an ext4 fast symlink has no block, a slow one its one data block
            from .namei import EXT4_FAST_SYMLINK_LEN
            blocks = 0 if node.size < EXT4_FAST_SYMLINK_LEN else 8
        elif self.bdev is not None:
            blocks = self.bdev.sb.i_blocks(node.ino)
        else:
            blocks = None
        return Stat(mode, node.size, node.ino, node.nlink, blocks)

    def _dir_mode(self, rel: str, default: int) -> int:
        m = self.dir_modes.get(rel) if self.dir_modes else None
        return default if m is None else st.S_IFDIR | m

    def listdir(self, rel: str, task, abspath: str) -> list[str]:
        if self.lookup(rel, task, abspath) is not None:
            raise oserror(errno.ENOTDIR)
        prefix = rel + "/" if rel else ""
        n = len(prefix)
        return sorted(p[n:] for p in self.nodes if p.startswith(prefix) and p != rel
                      and "/" not in p[n:])

    def _create(self, rel: str, task, abspath: str, mode: int = 0o666) -> Inode:
        """A new inode at ``rel``: a regular file's permission bits, or a FIFO's,
        ``mode`` less the creator's umask (``vfs_create``/``vfs_mknod`` after
        ``mode & ~current_umask()``: namei.c ``may_o_create``, ``do_mknodat``); a
        symbolic link's as given."""
        self._parent_ok(rel)
        self.reserve_inode()
        if not st.S_ISLNK(mode):
            mode &= ~getattr(task, "umask", 0o022)
        k = self.k
        # (the model's other inode numbers, cgroups' too, are counted as before)
        ino = Inode(k.next_ino(), self.shmem, mode)
        prev_current, k.current = k.current, task  # k.running(), written out
        try:
            if self.bdev is not None:
                # ext4_new_inode: a disk file's number is its ext4 inode's, which says
                # which inode table block holds it (st_ino as the kernel shows it)
                ino.ino = k.buffers.new_inode(self.bdev, self._parent_ino(rel))
            k.filemap.drop_negative(abspath)
            self._alloc_inode(ino, rel)
        finally:
            k.current = prev_current
        self.nodes[rel] = ino
        return ino

    def symlink(self, rel: str, target: str, task, abspath: str) -> None:
        """``symlink(2)`` (``vfs_symlink``): EEXIST for a taken name; a new inode
        and dentry as :meth:`_create`'s, then the target kept as the filesystem
        keeps it (fs/namei.py ``store_target``). A charge that fails undoes the
        inode (``iput``): -ENOMEM."""
        from .namei import LNK, check_target, store_target
        raw = check_target(target)
        if rel in self.nodes:
            raise oserror(errno.EEXIST)
        node = self._create(rel, task, abspath, LNK)
        with self.k.running(task):
            ok = store_target(self, node, raw)
            if not ok:
                del self.nodes[rel]
                self.k.filemap.unlink(node, abspath, self.bdev is not None)
                if self.bdev is not None:
                    self.bdev.sb.free_inode(node.ino, False)
        if not ok:
            raise oserror(errno.ENOMEM)

    def readlink(self, rel: str, task, abspath: str) -> str:
        """``readlink(2)`` of the link at ``rel`` (``vfs_readlink``): EINVAL for
        anything else."""
        from .namei import get_link, is_symlink
        node = self.lookup(rel, task, abspath)
        if not is_symlink(node):
            raise oserror(errno.EINVAL)
        return get_link(self, node, task)

    def mknod(self, rel: str, mode: int, task, abspath: str) -> None:
        """``mknod(2)`` of a FIFO (``S_IFIFO``): an inode and its dentry, as a
        file's (``shmem_mknod``, ``ext4_mknod``); no pages: its pipe is allocated
        when it is opened (``fifo_open``). Other types: EPERM here (the model
        makes no device nodes)."""
        if not st.S_ISFIFO(mode):
            raise oserror(errno.EPERM)
        if rel in self.nodes:
            raise oserror(errno.EEXIST)
        self._create(rel, task, abspath, mode)

    def _alloc_inode(self, ino: Inode, rel: str) -> None:
        """``new_inode``/``iget_locked`` → ``alloc_inode`` and ``d_alloc``: the
        inode's and its dentry's objects, charged to the current task's memcg, and
        its LSM blob."""
        k = self.k
        slab = k.slab
        # objsize as the guest's slabinfo prints it (struct shmem_inode_info /
        # ext4_inode_info with their vfs inode)
        name = "shmem_inode_cache" if self.shmem else "ext4_inode_cache"
        c = slab.cache(name, k.sizes.slab_objsize(name), reclaimable=not self.shmem)
        # an accounted allocation whose charge fails (a v1 kmem limit:
        # kmem_limit_enforced in designs.py) fails: -ENOMEM from d_alloc or new_inode
        oid = slab.kmem_cache_alloc(c)
        if oid is None:
            raise oserror(errno.ENOMEM)
        objs = k.filemap.alloc_dentry_objs(rel.rpartition("/")[2])
        if objs is None:
            slab.kmem_cache_free(c, oid)
            raise oserror(errno.ENOMEM)
        ino.slab = ((c, oid), *objs)
        k.filemap.inode_sb_list_add(ino)
        self._lru_add(ino)
        blob = k.sizes.lsm_inode_blob()
        if blob is not None:
            slab.alloc_struct_n(ino, slab.cache(
                "lsm_inode_cache", blob, account=False), 1)

    def _lookup_slow(self, rel: str, node: Inode, task) -> None:
        """``lookup_slow`` of a file whose dentry the shrinker freed: ``d_alloc``, then
        ``ext4_lookup`` reads the directory block and, if the inode was evicted
        too, ``ext4_iget`` allocates it and reads its inode table block; all charged
        to the looking task's memcg (fs/namei.c, fs/ext4/namei.c, fs/ext4/inode.c)."""
        k = self.k
        # a charge that fails after the memcg OOM killer chose the looking task
        # (6.1 try_charge_memcg: passed_oom && task_is_dying(), -ENOMEM) ends the
        # syscall: the task dies on its way back to user space (machine.py
        # _returns_to_user), the -ENOMEM never reaching it
        with k.running(task):
            self._dir_block(rel)
            if node.slab is None:
                k.buffers.inode_block(self.bdev, node.ino)
                self._alloc_inode(node, rel)
                return
            objs = k.filemap.alloc_dentry_objs(rel.rpartition("/")[2])
            if objs is None:
                raise oserror(errno.ENOMEM)
            sb = self.s_shrink
            if sb is not None and node in sb.stale:
                sb.settle()     # the inode onto its list first (iput_final did it)
            node.slab = node.slab + tuple(objs)
            self._lru_add(node)

    def _lru_add(self, ino: Inode) -> None:
        """The file's dentry and inode will go on their memcgs' lists once unused
        (``d_lru_add``, ``inode_lru_list_add``): those memcgs' bits of the
        superblock's shrinker set (kernel/super.py)."""
        sb = self.s_shrink
        if sb is not None:
            of = self.k.filemap.mem_cgroup_from_slab_obj
            for c, oid in ino.slab[:2]:
                sb.lru_add(of(c, oid))
            ino.i_sb = sb
            sb.stale[ino] = None

    def cached_files(self) -> list[Inode]:
        """A disk's file inodes in the dcache or icache, in the order they were
        made (the superblock's ``s_inode_lru``/``s_dentry_lru`` in the model)."""
        if self.bdev is None:
            return []
        return sorted((n for n in self.nodes.values() if type(n) is Inode and n.slab),
                      key=_ino_of)

    def open(self, rel: str, mode: str, task, abspath: str):
        node = self.nodes.get(rel, False)
        if node is None:
            raise oserror(errno.EISDIR)
        if type(node) is Inode and node.mode >= 0o10000 and st.S_ISFIFO(node.mode):
            from .fifo import fifo_open
            return fifo_open(self.k, self.k.vfs.fifos, node, mode, task)
        if node is False:
            if mode == "r" or mode == "r+":
                self.lookup(rel, task, abspath)
            node = self._create(rel, task, abspath)
        else:
            if self.bdev is not None:
                self.lookup(rel, task, abspath)     # its dentry and inode, if evicted
            if mode == "w":
                with self.k.running(task):
                    self.k.filemap.truncate(node, 0)
                node.data = NO_DATA
                if self.bdev is not None:
                    self.bdev.sb.remove_blocks(node.ino, 0)
        f = RegularFile(self.k, task, node, mode == "a", mode in ("r", "r+"), self.bdev)
        if self.shmem:
            f.shmem_fs = self
        return f

    def mkdir(self, rel: str, task, abspath: str) -> None:
        if rel in self.nodes:
            raise oserror(errno.EEXIST)
        self._parent_ok(rel)
        self.reserve_inode()
        prev_current, self.k.current = self.k.current, task  # k.running(), written out
        try:
            if self.bdev is not None:
                # ext4_mkdir: a new inode, and ext4_init_new_dir allocates and writes
                # the directory's first block ("." and "..")
                ino = self.dir_ino[rel] = self.k.buffers.new_inode(
                    self.bdev, self._parent_ino(rel), True)
                self.k.buffers.alloc_block(self.bdev, ino)
                self.k.buffers.dir_block(self.bdev, ino, True, new=True)
            self.k.filemap.drop_negative(abspath)
        finally:
            self.k.current = prev_current
        self.nodes[rel] = None
        mode = 0o777 & ~getattr(task, "umask", 0o022)      # do_mkdirat
        if mode != 0o755:
            self.dir_modes[rel] = mode

    def rmdir(self, rel: str, task, abspath: str) -> None:
        node = self.lookup(rel, task, abspath)
        if node is not None:
            raise oserror(errno.ENOTDIR)
        if rel == "":
            raise oserror(errno.EBUSY)
        prefix = rel + "/"
        if any(p.startswith(prefix) for p in self.nodes):
            raise oserror(errno.ENOTEMPTY)
        del self.nodes[rel]
        if self.dir_modes:
            self.dir_modes.pop(rel, None)
        ino = self.dir_ino.pop(rel, None)
        if ino is not None and self.bdev is not None:
            self.bdev.sb.free_inode(ino, True)
        with self.k.running(task):
            self._dir_block(rel, True)
            self.k.filemap.drop_negative_below(abspath)

    def link(self, old: str, new: str, task, old_ap: str, new_ap: str) -> None:
        """``link(2)``: a second name for a file, the same inode (its page cache
        shared, ``i_nlink`` counted). ``vfs_link``: EPERM for a directory, EEXIST
        for a taken name; then ``shmem_link`` (``inc_nlink``, the new name's dentry
        pinned) or ``ext4_link`` (``ext4_add_entry`` in the directory's block).
        The new name's dentry comes from ``lookup_create`` (``d_alloc``,
        SLAB_ACCOUNT: charged to the caller)."""
        node = self.lookup(old, task, old_ap)
        if node is None:
            raise oserror(errno.EPERM)
        if new in self.nodes:
            raise oserror(errno.EEXIST)
        self._parent_ok(new)
        self.reserve_inode()
        k = self.k
        with k.running(task):
            k.filemap.drop_negative(new_ap)
            objs = k.filemap.alloc_dentry_objs(new.rpartition("/")[2])
            if objs is None:
                raise oserror(errno.ENOMEM)
            self._dir_block(new, True)
        self.links[new] = objs
        node.nlink += 1
        self.nodes[new] = node

    def _drop_name(self, rel: str, node: Inode, abspath: str) -> None:
        """One of several names of ``node`` goes (``drop_nlink``, the inode stays):
        its dentry turns negative on a disk (``d_delete``) and is freed on tmpfs
        (``shmem_unlink``'s ``dput`` of the pinned dentry). Which name's dentry
        objects go is not tracked past the count: the first name's, when it goes,
        are replaced in the inode by another link's."""
        objs = self.links.pop(rel, None)
        if objs is None:
            slab = node.slab
            i = next((i for i, (c, _) in enumerate(slab) if c.name == "dentry"), len(slab))
            objs = list(slab[i:])
            other = next((p for p, n in self.nodes.items() if n is node and p in self.links),
                         None)
            node.slab = slab[:i] + (tuple(self.links.pop(other)) if other is not None else ())
            if self.s_shrink is not None:
                # an image file gets its objects from the link here
                node.i_sb = self.s_shrink
                self.s_shrink.lru_changed(node)
        node.nlink -= 1
        fm = self.k.filemap
        if objs and self.bdev is not None:
            fm.dentry_negative(objs, abspath, self.s_shrink)
        else:
            for c, oid in objs:
                self.k.slab.kmem_cache_free(c, oid)

    def unlink(self, rel: str, task, abspath: str) -> None:
        node = self.lookup(rel, task, abspath)
        if node is None:
            raise oserror(errno.EISDIR)
        del self.nodes[rel]
        with self.k.running(task):
            self._dir_block(rel, True)
            if node.nlink > 1:
                self._drop_name(rel, node, abspath)
                return
            self.k.filemap.unlink(node, abspath, self.bdev is not None, self)
            if self.bdev is not None:
                self.bdev.sb.free_inode(node.ino, False)

    def truncate(self, rel: str, size: int, task, abspath: str) -> None:
        node = self.nodes.get(rel, False)
        if node is None:
            raise oserror(errno.EISDIR)
        if node is False:
            node = self._create(rel, task, abspath)
        prev_current, self.k.current = self.k.current, task  # k.running(), written out
        try:
            self.k.filemap.truncate(node, min(size, node.size))
        finally:
            self.k.current = prev_current
        node.size = size
        if len(node.data) > size:           # (not the shared NO_DATA: it is empty)
            del node.data[size:]
        if self.bdev is not None:
            self.bdev.sb.remove_blocks(node.ino, -(-size // PAGE_SIZE))

    def rename(self, old: str, new: str, task, old_ap: str, new_ap: str) -> None:
        """``rename(2)``: a file replaces a file at ``new`` (whose inode goes, its
        page cache with it); a directory moves with everything below it.
        ``vfs_rename``: ``d_move`` unhashes the target's dentry (a negative one is
        freed at its ``dput``), a replaced directory's children are shrunk
        (``shrink_dcache_parent``), the moved directory's negative children move
        with it; ext4_rename looks both names up in their directories' blocks."""
        if old not in self.nodes:
            raise oserror(errno.ENOENT)
        self._parent_ok(new)
        node = self.nodes[old]
        target = self.nodes.get(new, False)
        if target is None and node is not None:
            raise oserror(errno.EISDIR)
        if target is not False and target is not None and node is None:
            raise oserror(errno.ENOTDIR)
        if node is None and (new + "/").startswith(old + "/"):
            raise oserror(errno.EINVAL)
        if target is None and any(p.startswith(new + "/") for p in self.nodes):
            raise oserror(errno.ENOTEMPTY)
        filemap = self.k.filemap
        with self.k.running(task):
            self._dir_block(old, True)
            self._dir_block(new, True)
            if target is node and node is not None:
                return                      # two names of one inode: nothing to do
            if isinstance(target, Inode):
                if target.nlink > 1:
                    del self.nodes[new]
                    self._drop_name(new, target, new_ap)
                else:
                    filemap.evict_inode(target)
                    if self.bdev is not None:
                        self.bdev.sb.free_inode(target.ino, False)
            filemap.drop_negative(new_ap)
            if target is None:
                filemap.drop_negative_below(new_ap)
                replaced = self.dir_ino.get(new)
                if replaced is not None and self.bdev is not None:
                    self.bdev.sb.free_inode(replaced, True)
        del self.nodes[old]
        if old in self.links:
            self.links[new] = self.links.pop(old)
        if node is None:
            prefix = old + "/"
            for p in [p for p in self.nodes if p.startswith(prefix)]:
                self.nodes[new + p[len(old):]] = self.nodes.pop(p)
            for p in [p for p in self.dir_ino if p == old or p.startswith(prefix)]:
                self.dir_ino[new + p[len(old):]] = self.dir_ino.pop(p)
            for p in [p for p in self.dir_modes if p == old or p.startswith(prefix)]:
                self.dir_modes[new + p[len(old):]] = self.dir_modes.pop(p)
            for p in [p for p in self.links if p.startswith(prefix)]:
                self.links[new + p[len(old):]] = self.links.pop(p)
            filemap.negative.move_below(old_ap, new_ap)
        self.nodes[new] = node


class BpfFs(SimpleFs):
    """bpffs: pinned bpf objects are files; the last unlink frees a map."""
    __slots__ = ()

    def __init__(self, k) -> None:
        super().__init__(k, True, "bpf", "bpf")

    def statfs(self) -> tuple[int, int, int, int, int]:
        """bpf_fill_super's ``simple_statfs``: no counts."""
        return (0, 0, 0, 0, 0)

    def pin(self, rel: str, obj, abspath: str) -> None:
        """``bpf_obj_pin``"""
        if rel in self.nodes:
            raise oserror(errno.EEXIST)
        self._parent_ok(rel)
        self.nodes[rel] = obj

    def stat(self, rel, task, abspath):
        node = self.lookup(rel, task, abspath)
        if isinstance(node, Inode) or node is None:
            return super().stat(rel, task, abspath)
        return Stat(st.S_IFREG | 0o600, 0, node.id, 1)

    def open(self, rel, mode, task, abspath):
        node = self.nodes.get(rel, False)
        if node is not False and node is not None and not isinstance(node, Inode):
            raise oserror(errno.EPERM)
        return super().open(rel, mode, task, abspath)

    def unlink(self, rel, task, abspath):
        node = self.lookup(rel, task, abspath)
        if node is None or isinstance(node, Inode):
            return super().unlink(rel, task, abspath)
        del self.nodes[rel]
        with self.k.running(task):
            self.k.remote.bpf_map_free(node)


#: drivers/char/mem.c's major (MEM_MAJOR, include/uapi/linux/major.h)
MEM_MAJOR = 1
#: the character devices of /dev -> (minor, mode) (major 1, drivers/char/mem.c's
#: devlist; kmsg is 11)
CHAR_DEVS = {"null": (3, 0o666), "zero": (5, 0o666), "full": (7, 0o666), "random": (8, 0o666),
             "urandom": (9, 0o666), "kmsg": (11, 0o644)}


class DevFs(SimpleFs):
    """/dev: null, zero, full, random, urandom and kmsg, plus the directories ``dirs``
    (a host's shm, where its init mounts a tmpfs) and the nodes ``devices`` (name
    -> (``st_mode``, ``st_rdev``): the guests' devtmpfs, fs/rootfs.py), which
    list and stat but do not open (not modelled: ENXIO). random and urandom read the
    system's seeded generator. ``source`` is the mount's device name: "udev" as
    udev remounts it, "devtmpfs" as the oracle guest's init mounts it."""
    __slots__ = ("rng", "boot_nodes", "devices")

    def __init__(self, k, source: str, dirs: tuple = (), devices: dict | None = None) -> None:
        super().__init__(k, True, "devtmpfs", source)
        #: the device nodes besides CHAR_DEVS
        self.devices = {n: v for n, v in (devices or {}).items() if n not in CHAR_DEVS}
        self.nodes.update({**dict.fromkeys(dirs), **dict.fromkeys(CHAR_DEVS),
                           **dict.fromkeys(self.devices)})
        #: the names it has from boot (its root's included)
        self.boot_nodes = len(self.nodes)
        self.rng = random.Random(f"urandom:{getattr(k, 'seed', 0)}")

    def statfs(self) -> tuple[int, int, int, int, int]:
        """devtmpfs is sized by RAM when it is mounted, early in boot: known where
        its size was recorded (``sbinfo``: fs/shmem_sb.py ``boot_sbinfo``), its
        inodes the guest's device nodes (``DEVTMPFS_BOOT_INODES``) and what a
        script made; elsewhere not modelled (NotImplementedError)."""
        if self.sbinfo is None:
            raise NotImplementedError("block counts of devtmpfs")
        blocks, free, avail, files, ffree = super().statfs()
        boot = shmem_sb.DEVTMPFS_BOOT_INODES[self.k.sizes.release]
        return blocks, free, avail, files, ffree + self.boot_nodes - boot

    def stat(self, rel, task, abspath):
        if rel in CHAR_DEVS:
            minor, mode = CHAR_DEVS[rel]
            return Stat(st.S_IFCHR | mode, 0, minor, 1, 0, MEM_MAJOR << 8 | minor)
        dev = self.devices.get(rel) if self.devices else None
        if dev is not None and self.nodes.get(rel, False) is None:
            return Stat(dev[0], 0, dev[1] & 0xFFFF, 1, 0, dev[1])
        s = super().stat(rel, task, abspath)
        if st.S_ISDIR(s.st_mode):
            # its device nodes (kept as names without an inode) are no subdirectories
            prefix = rel + "/" if rel else ""
            s.st_nlink -= sum(1 for n in (*CHAR_DEVS, *self.devices)
                              if n.startswith(prefix) and "/" not in n[len(prefix):]
                              and self.nodes.get(n, False) is None)
        return s

    def open(self, rel, mode, task, abspath):
        if rel in ("null", "zero"):
            return NullFile(rel == "zero")
        if rel == "full":
            return FullFile()
        if rel in ("random", "urandom"):
            return RandomFile(self.rng)
        if rel == "kmsg":
            # the ring buffer, as ``dmesg`` prints it
            return BufferFile("".join(l + "\n" for l in self.k.log.lines).encode())
        if self.devices and rel in self.devices and self.nodes.get(rel, False) is None:
            # no driver behind it in the model: what opening a node whose device is
            # absent gives (-ENXIO, chrdev_open/blkdev_get), not the guests' console,
            # serial ports, disk...
            raise oserror(errno.ENXIO)
        return super().open(rel, mode, task, abspath)


from . import shmem_sb  # noqa: E402  (it imports this module's oserror)
