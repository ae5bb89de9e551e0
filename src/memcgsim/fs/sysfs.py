"""The sysfs files reproducers read: /sys/devices/system/cpu (drivers/base/cpu.c
``show_cpus_attr``: ``online``, ``possible``, ``present``; ``print_cpus_offline``),
/sys/devices/system/node (drivers/base/node.c: ``online``, ``possible``,
``node0/cpulist``, ``node0/meminfo``) and /sys/kernel/mm/transparent_hugepage
(mm/huge_memory.c: ``enabled``, ``defrag``, ``use_zero_page``, ``hpage_pmd_size``,
``shmem_enabled`` of mm/shmem.c), v5.10 and v6.1, as the guests print them
(calibration/recordings/proc-files-probe--*).

/sys is a sysfs mount of the top directories the guests list (:data:`SYS_DIRS`);
the attribute files' subtrees are mounted on /sys/devices and /sys/kernel, left
out of /proc/mounts. A file without write permission refuses to open for
writing, -EACCES (``kernfs_fop_open``: no ``write`` method), root or not; kernfs
has no ``->create`` (a new name: -EACCES from ``lookup_open``), and sysfs no
``->mkdir``, ``->rmdir`` or ``->rename`` (-EPERM from ``vfs_mkdir``...). THP ``enabled`` is the model's: a new anonymous
mapping is given huge ranges only under "always" (kernel/mmap.py), and khugepaged's
start and stop move the watermarks (:meth:`SysFs._start_stop_khugepaged`); ``defrag``,
``use_zero_page`` and ``shmem_enabled`` are kept and read back, their
mechanisms not modelled (the charge of a huge page never reclaims, as under
"madvise"; no zero page; no shmem THP).

The rest of /sys/kernel/mm (hugepages, ksm, swap, khugepaged's knobs, numa, ...) is
the guests' as listed and read at boot (fs/sys_mm_tree.py, tools/sizes/sys-kernel-mm.sh):
each attribute with its mode and boot value; a write is kept and read back (a number's
store as ``kstrtoul`` base 10 takes it, -EINVAL for another word; a text attribute's
line), nothing else follows from it (KSM, hugetlb pools, khugepaged's pace are not
modelled).
"""
from __future__ import annotations

import errno
import stat as stat_mod

from ..kernel import open_objects as oo
from .vfs import BufferFile, Stat, oserror

#: mm/huge_memory.c's choices (``enabled_show``, ``defrag_show``) and
#: mm/shmem.c's (``shmem_enabled_show``), each file's default on the guests
THP_CHOICES = {"enabled": (("always", "madvise", "never"), "always"),
               "defrag": (("always", "defer", "defer+madvise", "madvise", "never"), "madvise"),
               "shmem_enabled": (("always", "within_size", "advise", "never", "deny", "force"),
                                 "never")}
#: ``HPAGE_PMD_SIZE``
HPAGE_PMD_SIZE = 2 << 20
#: the THP files the model's own mechanisms serve (the others: fs/sys_mm_tree.py)
_THP = "mm/transparent_hugepage/"
THP_FILES = {_THP + "enabled": 0o644, _THP + "defrag": 0o644, _THP + "use_zero_page": 0o644,
             _THP + "hpage_pmd_size": 0o444, _THP + "shmem_enabled": 0o644}


#: /sys and /sys/fs as the guests list them, both kernels (calibration/guest-layout.sh:
#: the kobjects and kset directories registered at boot; fs/ext4 by the ext4 module)
SYS_DIRS = ("block", "bus", "class", "dev", "devices", "firmware", "fs", "hypervisor",
            "kernel", "module", "power", "fs/bpf", "fs/cgroup", "fs/ext4", "fs/pstore")


def cpulist(n: int) -> str:
    """``%*pbl`` of CPUs (or nodes) 0..n-1."""
    return "0" if n == 1 else f"0-{n - 1}"


class SysFs:
    """One sysfs subtree (``root``: "devices" or "kernel") of read-only and
    settable attribute files, or ("") the /sys mount itself, its directories."""
    __slots__ = ("k", "root", "name", "source", "hidden", "thp", "written", "_mm")

    def __init__(self, k, root: str) -> None:
        self.k = k
        self.root = root
        self.name = self.source = "sysfs"
        #: not listed in /proc/mounts (fs/__init__.py ``Vfs.mount_list``)
        self.hidden = root != ""
        #: the THP files' settings (THP_CHOICES, use_zero_page)
        self.thp = {n: d for n, (_, d) in THP_CHOICES.items()} | {"use_zero_page": 1}
        #: the recorded attributes' values written since boot (rel path -> text)
        self.written: dict[str, str] = {}
        #: /sys/kernel/mm's recorded (files, directories), read at the first use
        self._mm: tuple[dict, dict] | None = None

    def _mm_tree(self) -> tuple[dict, dict]:
        """/sys/kernel/mm's recorded files (path -> (mode, text)) and directories of
        the release (fs/sys_mm_tree.py)."""
        if self._mm is None:
            from . import sys_mm_tree as t
            r = self.k.sizes.release
            self._mm = (t.FILES[r], t.DIRS[r])
        return self._mm

    def _files(self) -> dict[str, int]:
        """rel path -> mode."""
        if not self.root:
            return {}
        if self.root == "devices":
            files = {f"system/cpu/{n}": 0o444 for n in ("online", "possible", "present",
                                                         "offline")}
            files |= {f"system/node/{n}": 0o444 for n in ("online", "possible")}
            files |= {"system/node/node0/meminfo": 0o444, "system/node/node0/cpulist": 0o444}
            return files
        return {**{p: m for p, (m, _) in self._mm_tree()[0].items()}, **THP_FILES}

    def _dirs(self) -> set[str]:
        out = {""}
        if not self.root:
            return out.union(SYS_DIRS)
        if self.root == "kernel":
            out.update(self._mm_tree()[1])
        for p in self._files():
            parts = p.split("/")
            out |= {"/".join(parts[:i]) for i in range(1, len(parts))}
        return out

    def stat(self, rel, task, abspath):
        """kernfs: directories 0755 (sysfs's root 0555: ``kernfs_create_root``'s
        ``S_IRUGO | S_IXUGO``) with 2 links and one a subdirectory
        (fs/kernfs/inode.c ``kernfs_refresh_inode``: ``kn->dir.subdirs + 2``: /sys
        13, /sys/fs 6 on both guests, tools/sizes/recordings/proc-tree--*; of the
        subtrees the model holds, its own subdirectories), attribute files their
        mode, size 4096."""
        dirs = self._dirs()
        if rel in dirs:
            prefix = rel + "/" if rel else ""
            subdirs = sum(1 for d in dirs if d.startswith(prefix) and d != rel
                          and "/" not in d[len(prefix):])
            return Stat(stat_mod.S_IFDIR | (0o555 if rel == "" == self.root else 0o755), 0, 0,
                        2 + subdirs)
        mode = self._files().get(rel)
        if mode is None:
            raise oserror(errno.ENOENT)
        return Stat(stat_mod.S_IFREG | mode, 4096, 0, 1)

    def readlink(self, rel, task, abspath) -> str:
        """No links here: -EINVAL (-ENOENT for a missing name)."""
        self.stat(rel, task, abspath)
        raise oserror(errno.EINVAL)

    def listdir(self, rel, task, abspath):
        """A directory's entries (the files and subdirectories below it)."""
        if rel not in self._dirs():
            self.stat(rel, task, abspath)
            raise oserror(errno.ENOTDIR)
        prefix = rel + "/" if rel else ""
        return sorted({p[len(prefix):].split("/")[0]
                       for p in list(self._files()) + list(self._dirs())
                       if p.startswith(prefix) and p != rel})

    def open(self, rel, mode, task, abspath):
        """An attribute file: its text at open (``sysfs_kf_seq_show``), or a
        write handler (-EACCES without write permission)."""
        if rel in self._dirs():
            raise oserror(errno.EISDIR)
        fmode = self._files().get(rel)
        if fmode is None:
            if mode != "r" and rel.rpartition("/")[0] in self._dirs():
                raise oserror(errno.EACCES)         # no ->create
            raise oserror(errno.ENOENT)
        if mode != "r":
            if not fmode & 0o200:
                raise oserror(errno.EACCES)
            return BufferFile(b"", lambda d: self._write(rel, d))
        return BufferFile(self._read(rel).encode())

    def open_kind(self, rel: str) -> tuple:
        """What an open of ``rel`` takes (kernel/open_objects.py
        ``OpenObjects.open``'s kind, memory.stat's buffer, a permanent entry)."""
        return oo.KERNFS, False, True

    def _read(self, rel: str) -> str:
        k = self.k
        if self.root == "kernel" and rel not in THP_FILES:
            w = self.written.get(rel)
            return w if w is not None else self._mm_tree()[0][rel][1]
        name = rel.rsplit("/", 1)[1]
        if rel.startswith("system/cpu/"):
            return "\n" if name == "offline" else cpulist(k.nr_cpus) + "\n"
        if rel == "system/node/node0/cpulist":
            return cpulist(k.nr_cpus) + "\n"
        if rel == "system/node/node0/meminfo":
            from .procglobal import node_meminfo
            return node_meminfo(k)
        if rel.startswith("system/node/"):
            return cpulist(k.nr_nodes) + "\n"
        if name in THP_CHOICES:
            cur = self.thp[name]
            return " ".join(f"[{c}]" if c == cur else c for c in THP_CHOICES[name][0]) + "\n"
        if name == "use_zero_page":
            return f"{self.thp[name]}\n"
        return f"{HPAGE_PMD_SIZE}\n"

    def _write(self, rel: str, data: bytes) -> None:
        """``enabled_store``/``defrag_store``/``shmem_enabled_store``: one of the
        choices (``sysfs_streq``: a trailing newline allowed), else -EINVAL;
        ``use_zero_page_store``: ``kstrtoul`` 0 or 1, else -EINVAL; a recorded
        attribute's (fs/sys_mm_tree.py): a number for a number, else its line."""
        name = rel.rsplit("/", 1)[1]
        text = data.decode("utf-8", "replace")
        word = text[:-1] if text.endswith("\n") else text
        if self.root == "kernel" and rel not in THP_FILES:
            old = self._read(rel)
            if old.strip().isdigit():
                if not word.isdigit():      # kstrtoul(buf, 10): digits, one "\n"
                    raise oserror(errno.EINVAL)
                self.written[rel] = f"{int(word)}\n"
            else:
                self.written[rel] = word + "\n"
            return
        if name == "use_zero_page":
            if word.strip() not in ("0", "1"):
                raise oserror(errno.EINVAL)
            self.thp[name] = int(word.strip())
            return
        if word not in THP_CHOICES[name][0]:
            raise oserror(errno.EINVAL)
        was = self.thp[name]
        self.thp[name] = word
        if name == "enabled":
            self.k.mmap.thp_always = word == "always"
            self._start_stop_khugepaged(was != "never", word != "never")

    def _start_stop_khugepaged(self, was_on: bool, on: bool) -> None:
        """``start_stop_khugepaged`` (mm/khugepaged.c): khugepaged runs while THP
        is "always" or "madvise"; starting it raises min_free_kbytes to its
        recommendation (``set_recommended_min_free_kbytes``); stopping it, from
        v6.0 (design ``khugepaged_stop_recalculates``), recalculates the plain
        one (``calculate_min_free_kbytes``): the 6.1 guest's DMA32 min watermark
        falls from 11084 to 940 pages at "never", 5.10's stays. Then
        ``setup_per_zone_wmarks`` and the allocator's next check."""
        from ..kernel.sizes.hostmem import (calculate_min_free_kbytes,
                                            recommended_min_free_kbytes)
        k = self.k
        hm = k.hostmem
        if on and not was_on:
            hm.set_min_free_kbytes(recommended_min_free_kbytes(hm.zones, hm.min_free_kbytes))
        elif was_on and not on and k.design.khugepaged_stop_recalculates:
            hm.set_min_free_kbytes(calculate_min_free_kbytes(hm.zones))
        else:
            return
        k.vmscan.set_wmark_limit()

    def mkdir(self, rel, task, abspath):
        raise oserror(errno.EEXIST if rel in self._dirs() or rel in self._files()
                      else errno.EPERM)

    def rmdir(self, rel, task, abspath):
        raise oserror(errno.EPERM)

    unlink = rmdir

    def truncate(self, rel, size, task, abspath):
        self.stat(rel, task, abspath)

    def rename(self, old, new, task, old_ap, new_ap):
        raise oserror(errno.EPERM)
