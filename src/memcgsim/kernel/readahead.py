"""File readahead (mm/readahead.c, mm/filemap.c of v5.10 and v6.1).

A buffered read of a disk file that misses the page cache reads more than it asks
for: ``filemap_get_pages`` (v6.1; ``generic_file_buffered_read_get_pages`` v5.10)
calls ``page_cache_sync_readahead`` at a missing page and
``page_cache_async_readahead`` at a page marked PG_readahead, and
``ondemand_readahead`` sizes the window from the open file's ``file_ra_state``:
an initial window of ``get_init_ra_size`` pages at the start of the file or after a
sequential miss, the next windows ``get_next_ra_size`` (×4, ×2, up to the maximum),
a lone page for a small random read, the maximum ``ra_pages`` (read_ahead_kb)
raised to the request, up to the disk's ``io_pages``, for a larger read.
``do_page_cache_ra`` clips the window at the file's last page and
``page_cache_ra_unbounded`` adds each missing page with ``readahead_gfp_mask``
(__GFP_NORETRY: a charge past the limit reclaims once and fails without the OOM
killer; the page is skipped), marking the page ``async_size`` from the window's
end. Each page read is charged to the reader's memcg and counted in PGPGIN;
a page whose slot holds a shadow entry is a refault. The same in both kernels
for ext4 (6.1's ``page_cache_ra_order`` falls back to ``do_page_cache_ra``:
ext4 has no large folios there), but for one measured difference (design
switch ``ra_window_no_shrink``).

Sources read: the search tools' torvalds/linux mm/readahead.c is a 2.6-era version
(``get_init_ra_size``, ``get_next_ra_size``, ``ondemand_readahead``'s branches, the
same formulas), and ``filemap_get_pages`` as v6.1 has it (excerpts of v6.1-era
mm/filemap.c); the v5.10/v6.1 additions (``io_pages``, the ``readit`` merge, the
``prev_index`` test, ``page_cache_next_miss``) are written from memory and checked
against the guests: every pgpgin of calibration/readahead-queue.sh and
tests/conformance readahead-cold agrees.

Not modelled: mmap fault readahead (``do_sync_mmap_readahead``: the model maps no
files), swap readahead (docs/fidelity.md item 47).
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING

from .vmstat import PAGE_SIZE

if TYPE_CHECKING:
    from . import KernelCore
    from .filemap import Inode

#: ``VM_READAHEAD_PAGES`` (include/linux/mm.h: SZ_128K / PAGE_SIZE), the disk's
#: ``bdi->ra_pages``: the guests' /sys/block/vda/queue/read_ahead_kb reads 128
#: (calibration/readahead-queue.sh)
VM_READAHEAD_PAGES = 32
#: ``bdi->io_pages``: ``max_sectors >> (PAGE_SHIFT - 9)`` (block/blk-settings.c
#: ``blk_queue_max_hw_sectors``), virtio-blk's max_sectors_kb 1280
#: (``BLK_DEF_MAX_SECTORS`` 2560 sectors; the guests read 1280)
IO_PAGES = 1280 * 1024 // PAGE_SIZE
#: sectors a page: ``submit_bio``'s PGPGIN counts ``bio_sectors``
SECTORS_PER_PAGE = PAGE_SIZE // 512


class FileRaState:
    """``struct file_ra_state`` of an open file (``file_ra_state_init``: all 0,
    ``prev_pos`` -1): the last window's first page, size and async part, and the
    position after the previous read."""
    __slots__ = ("start", "size", "async_size", "prev_pos")

    def __init__(self) -> None:
        self.start = 0
        self.size = 0
        self.async_size = 0
        self.prev_pos = -1


def get_init_ra_size(size: int, max_pages: int) -> int:
    """``get_init_ra_size``: the request rounded up to a power of two, ×4 when
    small (up to max/32), ×2 when medium (up to max/4), else the maximum."""
    newsize = 1 << (size - 1).bit_length()
    if newsize <= max_pages // 32:
        return newsize * 4
    if newsize <= max_pages // 4:
        return newsize * 2
    return max_pages


def get_next_ra_size(cur: int, max_pages: int) -> int:
    """``get_next_ra_size``: ×4 while below max/16, ×2 up to max/2, else the max."""
    if cur < max_pages // 16:
        return 4 * cur
    if cur <= max_pages // 2:
        return 2 * cur
    return max_pages


def _count_in_runs(runs, indices: list[int]) -> int:
    """How many of the sorted ``indices`` lie in the inclusive ``runs``."""
    n = 0
    for s0, e0 in runs:
        n += bisect_right(indices, e0) - bisect_left(indices, s0)
    return n


class Readahead:
    """The readahead of buffered reads of disk files (one per kernel)."""
    __slots__ = ("k", "marks")

    def __init__(self, kernel: "KernelCore") -> None:
        self.k = kernel
        #: pfns of pages with PG_readahead set (``SetPageReadahead``); a page freed
        #: leaves (``Filemap.delete_from_page_cache``)
        self.marks: set[int] = set()

    # ------------------------------------------------------------ the read
    def filemap_read(self, ra: FileRaState, inode: "Inode", pos: int, count: int,
                     runs) -> bool:
        """One ``filemap_read`` (``generic_file_buffered_read`` v5.10) of ``count``
        bytes at ``pos`` of a disk file (``count`` > 0, ``pos`` below the size),
        in the current task's context: batch by batch, a missing page starts a
        sync readahead (and if that brought nothing, ``filemap_create_folio``: one
        page, charged with the mapping's GFP_KERNEL mask, may OOM), a marked page
        an async one; each batch's pages are marked accessed as they are copied
        (but the read's first page when the read starts inside it: the
        ``ra->prev_pos`` test). ``runs``: the file's written blocks (pages read
        from the disk: PGPGIN; the others are zeroed without I/O). False:
        -ENOMEM."""
        fm = self.k.filemap
        pages = inode.pages
        marks = self.marks
        end = min(inode.size, pos + count)
        index = pos // PAGE_SIZE
        last_index = -(-end // PAGE_SIZE)
        skip_first = pos % PAGE_SIZE != 0
        i = index
        while i < last_index:
            if i not in pages:
                self.page_cache_sync_ra(ra, inode, i, last_index - i, runs)
                if i not in pages:
                    if not fm.add_to_page_cache(inode, i):
                        return False
                    if runs and _count_in_runs(runs, [i]):
                        self.k.pgpg[0] += SECTORS_PER_PAGE
                        self.k.blkcg.bio_associate_current()
            missing = pages.missing(i, last_index - 1)
            stop = missing[0] if missing else last_index
            marked = -1
            present = pages.present(i, stop - 1) if marks else None
            if present and not marks.isdisjoint(present):
                for off, pfn in enumerate(present):
                    if pfn in marks:
                        # filemap_get_read_batch stops after a PG_readahead folio
                        marked = i + off
                        marks.discard(pfn)
                        break
            nxt = stop if marked < 0 else marked + 1
            fm.mark_accessed_range(inode, i + (skip_first and i == index), nxt - 1)
            if marked >= 0:
                # filemap_readahead → page_cache_async_ra
                self.ondemand_readahead(ra, inode, marked, last_index - marked, True, runs)
            i = nxt
        ra.prev_pos = end
        return True

    def page_cache_sync_ra(self, ra: FileRaState, inode: "Inode", index: int,
                           req_size: int, runs) -> None:
        """``page_cache_sync_readahead`` at a missing page ``index``."""
        self.ondemand_readahead(ra, inode, index, req_size, False, runs)

    def ondemand_readahead(self, ra: FileRaState, inode: "Inode", index: int,
                           req_size: int, hit_marker: bool, runs) -> None:
        """``ondemand_readahead`` (mm/readahead.c, v5.10 and v6.1): which window to
        read for a read of ``req_size`` pages at ``index`` (``hit_marker``: an async
        call at a PG_readahead page)."""
        max_pages = VM_READAHEAD_PAGES
        if req_size > max_pages and IO_PAGES > max_pages:
            max_pages = min(req_size, IO_PAGES)
        initial = False
        if not index:
            initial = True
        elif index in (ra.start + ra.size - ra.async_size, ra.start + ra.size):
            # the expected index: assume sequential access, push the window forward
            ra.start += ra.size
            nxt = get_next_ra_size(ra.size, max_pages)
            ra.size = max(ra.size, nxt) if self.k.design.ra_window_no_shrink else nxt
            ra.async_size = ra.size
        elif hit_marker:
            # a marked page without valid state (interleaved reads, another open)
            start = self._next_miss(inode, index + 1, max_pages)
            if not start or start - index > max_pages:
                return
            ra.start = start
            ra.size = get_next_ra_size(start - index + req_size, max_pages)
            ra.async_size = ra.size
        elif req_size > max_pages:
            initial = True                  # oversize read
        elif ra.prev_pos >= 0 and 0 <= index - (ra.prev_pos >> 12) <= 1:
            initial = True                  # sequential cache miss
        elif not self.try_context_readahead(ra, inode, index, req_size, max_pages):
            # standalone small random read: as is, the state left alone
            self.do_page_cache_ra(inode, index, req_size, 0, runs)
            return
        if initial:
            ra.start = index
            ra.size = get_init_ra_size(req_size, max_pages)
            ra.async_size = ra.size - req_size if ra.size > req_size else ra.size
        # readit: will this read hit its own readahead mark? merge the next window
        if index == ra.start and ra.size == ra.async_size:
            add = get_next_ra_size(ra.size, max_pages)
            if ra.size + add <= max_pages:
                ra.async_size = add
                ra.size += add
            else:
                ra.size = max_pages
                ra.async_size = max_pages >> 1
        self.do_page_cache_ra(inode, ra.start, ra.size, ra.async_size, runs)

    @staticmethod
    def try_context_readahead(ra: FileRaState, inode: "Inode", index: int,
                              req_size: int, max_pages: int) -> bool:
        """``try_context_readahead``: the cached pages right before ``index``
        (``count_history_pages``: ``page_cache_prev_miss`` scanning back up to the
        max) that a sequential stream would have left; more than the request make a
        window of them plus the request (twice them when they reach back to the
        file's start), its async part one page. False: too few (a random read)."""
        size = index - 1 - Readahead._prev_miss(inode, index - 1, max_pages)
        if size <= req_size:
            return False
        if size >= index:
            size *= 2
        ra.start = index
        ra.size = min(size + req_size, max_pages)
        ra.async_size = 1
        return True

    @staticmethod
    def _prev_miss(inode: "Inode", index: int, max_scan: int) -> int:
        """``page_cache_prev_miss``: the last index at or below ``index`` holding no
        page within ``max_scan`` slots, else ``index - max_scan``; a scan reaching
        past index 0 ends at ULONG_MAX, -1 here (the history then is ``index`` + 1
        pages: the file's start)."""
        lo = index - max_scan + 1
        missing = inode.pages.missing(max(lo, 0), index) if index >= 0 else [-1]
        if missing:
            return missing[-1]
        return -1 if lo <= 0 else index - max_scan

    @staticmethod
    def _next_miss(inode: "Inode", index: int, max_scan: int) -> int:
        """``page_cache_next_miss``: the first index from ``index`` holding no
        page within ``max_scan`` slots, else ``index + max_scan``."""
        missing = inode.pages.missing(index, index + max_scan - 1)
        return missing[0] if missing else index + max_scan

    def do_page_cache_ra(self, inode: "Inode", index: int, nr_to_read: int,
                         lookahead_size: int, runs) -> None:
        """``do_page_cache_ra`` → ``page_cache_ra_unbounded``: the window clipped at
        the page holding the file's last byte; each missing page added with
        ``readahead_gfp_mask`` (a failed charge skips the page), the one
        ``lookahead_size`` from the end marked PG_readahead; the pages the disk
        holds read in (PGPGIN)."""
        isize = inode.size
        if isize == 0:
            return
        end_index = (isize - 1) // PAGE_SIZE
        if index > end_index:
            return
        if nr_to_read > end_index - index:
            nr_to_read = end_index - index + 1
        last = index + nr_to_read - 1
        pages = inode.pages
        missing = pages.missing(index, last)
        if not missing:
            return
        self.k.filemap.touch(inode, missing[0], missing[-1], readahead=True)
        if lookahead_size:
            mark = index + nr_to_read - lookahead_size
            if mark in missing and mark in pages:       # added now
                self.marks.add(pages[mark])
        if runs:
            added = [i for i in missing if i in pages]
            n = _count_in_runs(runs, added) if added else 0
            if n:
                self.k.pgpg[0] += SECTORS_PER_PAGE * n
                self.k.blkcg.bio_associate_current()
