"""The guests' binaries in the initramfs' page cache: what cgroup v1's
``memory.move_charge_at_immigrate`` bit 1 (``MOVE_FILE``) moves with a task.

The oracle's guests run from an initramfs, which is tmpfs (Linux commit 16203a7a9422
("initmpfs: make rootfs use tmpfs when CONFIG_TMPFS enabled") (in v3.14)): /bin/busybox
and /bin/bash are shmem pages ``populate_rootfs`` wrote at boot in a context without
an mm, so charged to the root memcg (``mem_cgroup_charge`` → ``get_mem_cgroup_from_mm(NULL)``).
A task's file-backed VMAs cover them. Moving a task with ``MOVE_FILE`` set moves the
charge of each page-cache page those VMAs cover that is charged to the source memcg
(mm/memcontrol.c, v5.10 and v6.1: ``mem_cgroup_count_precharge`` and
``mem_cgroup_move_charge_pte_range`` → ``get_mctgt_type``: ``mc_handle_present_pte``
for a page a PTE maps, ``mc_handle_file_pte`` for an empty slot, which looks the page
up in ``vma->vm_file->f_mapping``), except where the task's PTE maps its own COW copy
(an anon page). A page moves once: the next task mapping it finds it charged elsewhere.
The model makes a binary's pages when a move first looks for them, charged to the root
as at boot (the root's page counter is never charged: ``try_charge`` skips it).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .filemap import Inode

if TYPE_CHECKING:
    from .fork import Mm

#: ``MOVE_FILE``: bit 1 of ``move_charge_at_immigrate`` (mm/memcontrol.c)
MOVE_FILE = 2

#: binary -> (the distinct page-cache pages an exec'd process's five file-backed VMAs
#: cover, those of them it has COW-copied), measured on both guests by
#: calibration/move-file-pages.sh (recordings move-file-pages--K-v1.txt): busybox's
#: areas hold 1 + 388 + 86 + 7 + 3 = 485 page slots, bash's 1 + 438 + 115 + 7 + 11 =
#: 572, in each one file page mapped twice (the last of the read-only segment is the
#: first of the RELRO one: ``readelf -lW`` of the guests' binaries, PT_LOAD offsets
#: 0x185000 + 0x55017 and 0x1da708 in busybox, 0x1b7000 + 0x7207d and 0x229500 in
#: bash); smaps' Anonymous in those areas: a sleep 5, a bash 9. Moved with bit 1 out
#: of the root on 6.1: 479 and 562 shmem pages (484 - 5, 571 - 9); 5.10 moved 462 and
#: 561 (docs/fidelity.md item 149).
BINARY_PAGES = {"busybox": (484, 5), "bash": (571, 9)}

#: binary -> how many of the pages a move takes (``BINARY_PAGES``' first minus the COW
#: copies) are mapped by some process (``folio_mapped``: ``mem_cgroup_move_account``
#: moves their ``NR_FILE_MAPPED`` too, mm/memcontrol.c v5.10 and v6.1): memory.stat
#: mapped_file after the move, calibration/move-file-pages.sh on 6.1 (busybox 415 of
#: 479, bash 489 of 562); 5.10 reads them through its per-CPU batches (396 = 12 x 33 of
#: 415, 462 = 14 x 33 of 489: recordings move-file-pages--K-v1.txt). The model takes
#: the first ones by page index as the mapped ones.
BINARY_MAPPED = {"busybox": 415, "bash": 489}

#: the inode numbers the model gives the binaries (past ``Vfs.install_programs``' range)
BINARY_INO = {"busybox": 0x7FFF_0000, "bash": 0x7FFF_0001}


def binary_of(image: str | None) -> str:
    """The guest binary an mm maps: bash, or busybox for every applet."""
    return "bash" if image == "bash" else "busybox"


class InitramfsBinaries:
    """The binaries' page-cache pages, made on first use (``binary_pages``)."""
    __slots__ = ("k", "pages", "mapped")

    def __init__(self, kernel) -> None:
        self.k = kernel
        #: binary -> its pfns, by page index
        self.pages: dict[str, list[int]] = {}
        #: the pfns some process maps (``BINARY_MAPPED``)
        self.mapped: set[int] = set()

    def active(self) -> bool:
        """Whether the run is the guests' layout: busybox userland on the initramfs."""
        k = self.k
        vfs = getattr(k, "vfs", None)
        return (getattr(k, "userland", "gnu") == "busybox" and vfs is not None
                and getattr(vfs.mounts.get("/"), "name", "") == "rootfs")

    def binary_pages(self, name: str) -> list[int]:
        """The page-cache pages of binary ``name``, made charged to the root (in a
        kworker's context: no mm) if this is the first look, ``BINARY_MAPPED`` of
        them mapped (the root's ``NR_FILE_MAPPED``, as ``page_add_file_rmap`` counted
        them when the guest's processes first mapped them)."""
        pfns = self.pages.get(name)
        if pfns is None:
            k = self.k
            inode = Inode(BINARY_INO[name], True, 0o755)    # fs/vfs.py program_inode's
            fm = k.filemap
            worker = k.kworkers[0]
            with k.running(worker):
                for index in range(BINARY_PAGES[name][0]):
                    fm.add_to_page_cache(inode, index)
            pfns = [inode.pages[i] for i in range(BINARY_PAGES[name][0])]
            self.pages[name] = pfns
            mapped = pfns[:BINARY_MAPPED[name]]
            self.mapped.update(mapped)
            k.memcg.move_file_mapped(None, k.memcg.root_mem_cgroup, len(mapped), worker.cpu)
        return pfns

    def count_mapped(self, pfns) -> int:
        """How many of ``pfns`` are binaries' pages some process maps."""
        mapped = self.mapped
        return sum(1 for pfn in pfns if pfn in mapped) if mapped else 0

    def mapped_pages(self, mm: "Mm") -> list[int]:
        """The pages of its binary ``mm``'s file-backed VMAs map or cover, less the
        slots it COW-copied (taken from the end: the writable segments are last)."""
        name = binary_of(mm.image)
        n, cowed = BINARY_PAGES[name]
        return self.binary_pages(name)[:n - cowed]
