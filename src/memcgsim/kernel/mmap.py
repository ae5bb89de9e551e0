"""mm/memory.c and mm/mmap.c as far as memcg charging goes: a process's anonymous
memory, faulted in at first touch and charged to the memcg of the faulting task
*at that moment*, and copy-on-write after fork.

A process's address space is a set of named areas (VMAs: ``[heap]``, ``[stack]``,
the program's ``.data``/``.bss``, ``[image]`` for the rest its startup touches); an
area maps page index → pfn for the pages faulted in so far. Charging follows the
fault handlers:

- ``do_anonymous_page``: the first write to a page allocates it and charges it to
  the faulting task's memcg (``mem_cgroup_charge``, since Linux commit
  3fea5a499d57 ("mm: memcontrol: convert page cache to a new mem_cgroup_charge()
  API") (in v5.8) the single entry point; the memcg is ``get_mem_cgroup_from_mm``
  of the faulting mm, i.e. ``mm->owner``'s cgroup at fault time).
- ``dup_mmap``/``copy_page_range`` at fork: the child maps the parent's anonymous
  pages, both write-protected; nothing is charged (the pages stay where they are).
- ``do_wp_page``: a write to a write-protected page that another mm still maps
  copies it (``wp_page_copy``: a new page charged to the *writer's* memcg at that
  moment, the old one loses a mapping); a page mapped only by the writer is reused
  in place, its charge unchanged. Linux commit 09854ba94c6a ("mm: do_wp_page()
  simplification") (in v5.9) reuses only a page nobody else references; the child's
  ``execve`` (``exec_mmap`` → ``mmput``) or exit drops its mappings.
- ``exit_mmap``/``zap_pte_range``: a page is uncharged and freed when its last
  mapping goes.
- ``__pte_alloc``: the first fault in a 2 MiB range of an area past its first
  (the image's) takes a PTE page, charged before the page (kernel/pgtable.py).

- ``do_huge_pmd_anonymous_page``: with transparent_hugepage ``enabled`` "always"
  (Debian's 5.10 and 6.1 builds: the guests read ``[always] madvise never``), the
  first fault in a 2 MiB-aligned range wholly inside an anonymous mapping (a
  malloc'd chunk past the mmap threshold, dd's block) takes a huge page: 512 pages
  charged at once (``mem_cgroup_charge`` of the folio; with ``defrag`` "madvise"
  the gfp mask has no direct reclaim, so a charge at the limit fails and the fault
  falls back to small pages), NR_ANON_THPS and THP_FAULT_ALLOC counted. Anonymous
  mappings are not aligned to 2 MiB before v6.7 (``efa7df3e3bb5``), so which ranges
  qualify depends on where the mapping lands: the model puts its start half a huge
  page (the mean of a uniform page offset) before a boundary (:func:`thp_blocks`).

Pages a process never touched again keep the charge of the cgroup it was in when
it last faulted them: a shell that enters a cgroup, forks and writes (COW copies),
or grows its heap there, pins that cgroup after ``rmdir`` for as long as it lives.
"""
from __future__ import annotations

from collections import deque
from itertools import filterfalse, repeat
from typing import TYPE_CHECKING, Any, Callable, Iterable

from .fork import TASK_RSS_EVENTS_THRESH
from .mmap_layout import MmapLayout
from .page_alloc import PG_ANON
from .pgtable import PMD_SHIFT_PAGES, PTRS_PER_PTE, fault_ranges
from .vmstat import NR_ANON_THPS, PGFAULT, THP_FAULT_ALLOC

_new = object.__new__

if TYPE_CHECKING:
    from . import KernelCore
    from .fork import Mm, Task

#: the area of a program's startup pages not addressed one by one
IMAGE = "[image]"

#: runs an iterator to its end, in C (itertools' ``consume`` recipe): ``dup_mmap``
#: and ``zap_pte_range`` update the ~100 pages of a shell at every fork and exec
_consume: Callable[[Iterable[Any]], None] = deque(maxlen=0).extend


#: ``HPAGE_PMD_NR``: pages of a PMD-mapped huge page
HPAGE_PMD_NR = PTRS_PER_PTE


def thp_blocks(nr_pages: int) -> tuple[int, ...]:
    """First page indices of the 2 MiB-aligned ranges wholly inside an anonymous
    mapping of ``nr_pages`` (``transhuge_vma_suitable``), its start placed half a
    huge page before a boundary (see the module)."""
    first = HPAGE_PMD_NR // 2
    return tuple(range(first, nr_pages - HPAGE_PMD_NR + 1, HPAGE_PMD_NR))


class Vma:
    """``struct vm_area_struct`` of an anonymous area: page index → pfn of the
    pages faulted in; ``huge``: the first indices of its ranges a fault maps with a
    huge page (an ``mmap``'d area's, :func:`thp_blocks`); ``region``: an ``mmap``'d
    area, in the mmap region (kernel/mmap_layout.py)."""
    __slots__ = ("name", "pages", "huge", "region")

    def __init__(self, name: str, pages: dict[int, int] | None = None,
                 huge: tuple[int, ...] = (), region: bool = False) -> None:
        self.name = name
        self.pages: dict[int, int] = {} if pages is None else pages
        self.huge = huge
        self.region = region

    def __repr__(self) -> str:
        return f"<vma {self.name} {len(self.pages)} pages>"


class Mmap:
    """The anonymous-memory side of every mm: fault, COW, unmap.

    A forked child's share of its parent's pages is counted lazily: most children
    ``execve`` or exit before either side writes (a shell forking a command), and
    the mapcounts would go up and down again for each of the ~100 pages of a shell.
    Until then the child is *lazy*: its first ``n`` pages (the parent's at fork)
    count one more mapping each without being in :attr:`mapcount`, except those in
    its ``done`` set, counted there since (the parent wrote them). Anything else
    that needs its pages' counts (the child writing or forking, the parent's unmap,
    a reader of :attr:`mapcount`) counts them first (:meth:`_count_child`): the
    model's state is the same as if they had been counted at fork."""
    __slots__ = ("k", "_mapcount", "site", "nr_cow", "lazy", "lazy_children", "lazy_pos",
                 "lazy_fresh", "thp_heads", "thp_always", "layout")

    def __init__(self, kernel: "KernelCore") -> None:
        self.k = kernel
        #: the mmap region's placement and page tables (kernel/mmap_layout.py)
        self.layout = MmapLayout(kernel)
        #: ``page_mapcount`` of the anon pages more than one mm maps (absent: one),
        #: lazy children's shares left out
        self._mapcount: dict[int, int] = {}
        #: pfn -> (area, memcg path at fault, "fault" | "cow") of the pages faulted
        #: one by one (for ``--explain``; the page's time is ``mem_map.alloc_ns(pfn)``)
        self.site: dict[int, tuple[str, str, str]] = {}
        self.nr_cow = 0
        #: lazy child mm -> [parent mm, pages shared at fork, set of those counted]
        self.lazy: dict = {}
        #: parent mm -> its lazy children's mms
        self.lazy_children: dict = {}
        #: lazy child mm -> where in its ``anon`` :meth:`_count_pages` found the pages
        #: of its ``done`` set (their order in the list, for :meth:`unmap_anon`)
        self.lazy_pos: dict = {}
        #: parent mm with lazy children -> pages it faulted in since its last fork
        #: (first touch or COW copy): none it still maps is any lazy child's, whose
        #: pages were the parent's at their fork (``Kernel.touch`` asks, to spare a
        #: walk of the children's ~100 pages; a page left out is only looked for)
        self.lazy_fresh: dict = {}
        #: the head pfn of each huge page mapped by a PMD (``PageTransHuge``)
        self.thp_heads: set[int] = set()
        #: transparent_hugepage ``enabled`` is "always" (the guests' default;
        #: "madvise" and "never" give a mapping no huge range: nothing madvises)
        self.thp_always = True

    @property
    def mapcount(self) -> dict[int, int]:
        """``page_mapcount`` of the anon pages more than one mm maps (absent: one)."""
        self.flush()
        return self._mapcount

    def flush(self) -> None:
        """Count every lazy child's shares."""
        while self.lazy:
            self._count_child(next(iter(self.lazy)))

    def _count_child(self, child: "Mm") -> None:
        """The pages a lazy child shares with its parent gain their mapping now
        (``page_dup_rmap``, as ``dup_mmap`` does); the child is lazy no more."""
        parent, n, done = self.lazy.pop(child)
        self.lazy_pos.pop(child, None)
        kids = self.lazy_children[parent]
        kids.remove(child)
        if not kids:
            del self.lazy_children[parent]
            del self.lazy_fresh[parent]
        anon = child.anon[:n]
        if done:
            anon = list(filterfalse(done.__contains__, anon))
        mapcount = self._mapcount
        # pages already shared gain one more mapping; the others now have two
        more = {pfn: mapcount[pfn] + 1 for pfn in mapcount.keys() & anon} if mapcount else None
        mapcount.update(dict.fromkeys(anon, 2))
        if more:
            mapcount.update(more)

    def _count_pages(self, parent: "Mm", pfns: list[int]) -> None:
        """Pages of ``parent`` about to be written: the lazy children that share
        them count their mappings of them now."""
        mapcount = self._mapcount
        for child in self.lazy_children[parent]:
            info = self.lazy[child]
            anon = child.anon
            done = info[2]
            pos = self.lazy_pos.get(child)
            for pfn in pfns:
                if done is not None and pfn in done:
                    continue
                try:
                    i = anon.index(pfn)     # ``pfn in anon``, and where
                except ValueError:
                    continue
                if done is None:
                    done = info[2] = set()
                    pos = self.lazy_pos[child] = []
                done.add(pfn)
                pos.append(i)  # type: ignore[union-attr]  # made with done
                mapcount[pfn] = mapcount.get(pfn, 1) + 1

    # ------------------------------------------------------------------ fork
    def dup_mmap(self, parent: "Mm", child: "Mm") -> None:
        """``dup_mmap``: the child maps every anonymous page of the parent
        (``copy_present_pte`` write-protects both sides, ``page_dup_rmap``),
        counted lazily (see the class)."""
        if parent in self.lazy:
            self._count_child(parent)
        parent.own_heap.clear()             # its pages shared from now on
        anon = parent.anon
        child.anon = list(anon)
        # each VMA copied slot by slot (``vm_area_dup``): no comprehension made
        # and no ``__init__`` call a fork, ~4 VMAs each
        vmas: dict[str, Vma] = {}
        child.vmas = vmas
        for name, v in parent.vmas.items():
            c = _new(Vma)
            c.name = name
            c.pages = v.pages.copy()
            c.huge = v.huge
            c.region = v.region
            vmas[name] = c
        child.map_pages = parent.map_pages
        if parent.swap:
            # copy_nonpresent_pte: the child's ptes hold the same swap entries
            child.swap = dict(parent.swap)
            child.swap_at = dict(parent.swap_at) if parent.swap_at else {}
            self.k.swap.swap_duplicate(parent.swap)
        if anon:
            self.lazy[child] = [parent, len(anon), None]
            self.lazy_children.setdefault(parent, []).append(child)
            self.lazy_fresh[parent] = set()

    # ------------------------------------------------------------------ faults
    def handle_mm_fault(self, tsk: "Task", area: str, first: int, last: int,
                        ptes: bool = False) -> int:
        """Write faults on pages ``first..last`` of ``area`` of ``tsk`` (in its
        context): ``do_anonymous_page`` for a page not yet there, ``wp_page_copy`` for
        one another mm still maps, nothing for one the task alone maps. Returns the
        pages faulted; stops at a charge that fails (the task is then an OOM victim
        or gets SIGBUS-like failure; the model stops the write). Past the area's
        first 2 MiB (the image's PTE page), each 2 MiB range is faulted on its own,
        a PTE page first if it has none (:meth:`_fault_ranges`; ``ptes``: done)."""
        mm = tsk.mm
        if mm is None:
            return 0
        vma = mm.vmas.get(area)
        if vma is None:
            vma = mm.vmas[area] = Vma(area)
        pages = vma.pages
        if mm.swap_at:
            self._swapin_range(tsk, area, first, last)
        # the pages there now, by index (None: not faulted yet), read in C
        olds = list(map(pages.get, range(first, last + 1)))
        if self.lazy:
            if mm in self.lazy:
                self._count_child(mm)
            if mm in self.lazy_children:
                self._count_pages(mm, list(filter(None, olds)))   # pfn 0 is never a page
        if vma.region and not mm.mmap_tables and None in olds:
            # the mmap region's first fault: its PMD and PTE (and PUD) first
            if not self.layout.populate(tsk):
                return 0
        mapcount = self._mapcount
        huge = 0
        if vma.huge and None in olds:
            huge = self._fault_huge(tsk, vma, first, last)
            if huge:
                olds = list(map(pages.get, range(first, last + 1)))
        if len(olds) > 16 and None not in olds and mapcount.keys().isdisjoint(olds):
            # every page there and this mm's alone (a buffer written again from its
            # start as it grows): the loop below finds nothing, asked in C; only for
            # a long range (most faults are of one or two pages mostly not there,
            # for which the loop is as cheap and the test pure cost: session 39)
            return huge                     # do_wp_page reuses them (or they are writable)
        todo = []
        for idx, old in enumerate(olds, first):
            if old is None or old in mapcount:
                todo.append(idx)
        if not todo:
            return huge                     # do_wp_page reuses them (or they are writable)
        if todo[-1] >= PTRS_PER_PTE and not ptes:
            return huge + self._fault_ranges(tsk, area, pages, todo)
        k = self.k
        if k.swap.areas:
            # reclaim may swap the pages faulted so far: each run mapped as committed
            def map_pages(start: int, new: list[int], path: str) -> None:
                self._map_faulted(tsk, area, olds, first, todo, start, new, path)
            return len(self._fault_pages(tsk, area, len(todo), map_pages)[0])
        # _fault_pages, _commit_faults and _map_faulted written out (no swap: one
        # batch; ~6,000 calls a seed, most of one or two pages): the pages
        # allocated, charged one fault each (try_charge's consume_stock inlined for
        # the faults the stock serves) in the task's context, committed
        # (commit_charge, PGFAULT), then mapped
        n = len(todo)
        mc = k.memcg
        memcg = tsk.memcg or k.task_memcg(tsk)      # task_memcg's answer, kept
        cgrp = memcg.cgroup
        path = cgrp._path                           # Cgroup.path's, remembered
        path = path[1] if path is not None and path[0] == cgrp.root.renames else cgrp.path
        info = (area, path, "fault")
        new = k.mem_map.alloc_many(PG_ANON, tsk.pid, k.clock.now_ns, n)
        if memcg is not mc.root_mem_cgroup:
            prev, k.current = k.current, tsk        # k.running(tsk), written out
            try:
                done = 0
                stock = mc.stocks[tsk.cpu]
                while done < n:
                    if stock.cached is memcg and stock.nr_pages and mc.batch:
                        run = n - done   # min(n - done, stock.nr_pages), as a test
                        if run > stock.nr_pages:
                            run = stock.nr_pages
                        stock.nr_pages -= run
                        done += run
                    elif mc.try_charge(memcg, 1):
                        done += 1
                    else:
                        break
            finally:
                k.current = prev
            if done < n:
                k.mem_map.free_many(new[done:])
                del new[done:]
                if not new:
                    return 0
        mc.mem_cgroup_commit_charges(new, memcg, PG_ANON, each=True)
        n = len(new)
        if n == 1 or mc.stats.summed:
            mc._stats_mod(memcg, PGFAULT, n, k.current.cpu)     # count_pgfaults, inlined
        else:
            mc.count_pgfaults(memcg, n, k.current.cpu)
        site = self.site
        cow = None
        anon = mm.anon
        nanon = len(anon)
        fresh = self.lazy_fresh.get(mm) if self.lazy_fresh else None
        if fresh is not None:
            fresh.update(new)
        gone: list[int] = []
        for idx, pfn in zip(todo, new):
            old = olds[idx - first]
            pages[idx] = pfn
            if old is None:
                site[pfn] = info
                anon.append(pfn)
            else:
                if cow is None:
                    cow = (area, path, "cow")
                site[pfn] = cow
                self.nr_cow += 1
                anon[anon.index(old)] = pfn
                c = mapcount.get(old, 1) - 1       # _put_mapping
                if c > 1:
                    mapcount[old] = c
                elif c:
                    del mapcount[old]
                else:
                    gone.append(old)
        if gone:
            self._free_copied(tsk, gone)
        # the task's split RSS counters: a new page counted in its cache (a COW
        # copy of an anon page changes no counter); Mm.rss_faults' no-sync case inlined
        n = len(new)
        tsk.min_flt += n                            # mm_account_fault
        ev = mm.rss_events + n
        if ev <= TASK_RSS_EVENTS_THRESH + 1:
            mm.rss_events = ev
            mm.anon_pending += len(anon) - nanon
        else:
            mm.rss_faults(n, len(anon) - nanon)
        return n

    def _map_faulted(self, tsk: "Task", area: str, olds: list, first: int, todo: list[int],
                     start: int, new: list[int], path: str) -> None:
        """The new pages of ``todo[start:]`` in ``tsk``'s ptes: a first fault's joins
        ``anon``, a COW copy replaces the old page there (one mapping of it less)."""
        mm = tsk.mm
        assert mm is not None
        pages = mm.vmas[area].pages
        anon = mm.anon
        nanon = len(anon)
        site = self.site
        mapcount = self._mapcount
        cow = None
        fresh = self.lazy_fresh.get(mm)
        if fresh is not None:
            fresh.update(new)
        gone: list[int] = []
        for idx, pfn in zip(todo[start:] if start else todo, new):
            old = olds[idx - first]
            pages[idx] = pfn
            if old is None:
                anon.append(pfn)
            else:
                if cow is None:
                    cow = (area, path, "cow")
                site[pfn] = cow
                self.nr_cow += 1
                anon[anon.index(old)] = pfn
                c = mapcount.get(old, 1) - 1       # _put_mapping
                if c > 1:
                    mapcount[old] = c
                elif c:
                    del mapcount[old]
                else:
                    gone.append(old)
        if gone:
            self._free_copied(tsk, gone)
        mm.rss_faults(len(new), len(anon) - nanon)

    def _free_copied(self, tsk: "Task", gone: list[int]) -> None:
        """Pages a COW fault copied whose other mappers went while the copy's charge
        reclaimed (an OOM kill, an exit): the fault's ``page_remove_rmap`` took their
        last mapping, and ``put_page`` frees and uncharges them (``wp_page_copy``,
        mm/memory.c)."""
        site = self.site
        for pfn in gone:
            site.pop(pfn, None)
        with self.k.running(tsk):
            self.k.memcg.mem_cgroup_uncharge_list(gone, True)

    def _swapin_range(self, tsk: "Task", area: str, first: int, last: int,
                      write: bool = True) -> None:
        """``do_swap_page`` at a write (or read) fault for the pages of
        ``first..last`` that are swapped out (kernel/swapfile.py), in order, in the
        task's context; a charge that fails leaves the rest swapped out (the task
        is an OOM victim)."""
        mm = tsk.mm
        assert mm is not None
        at = mm.swap_at
        assert at is not None
        todo = [at[(area, i)] for i in range(first, last + 1) if (area, i) in at] \
            if last - first < len(at) else \
            [e for (a, i), e in sorted(at.items()) if a == area and first <= i <= last]
        swap = self.k.swap
        with self.k.running(tsk):
            for e in todo:
                if not swap.do_swap_page(mm, e, write) or tsk.oom_victim:
                    break

    def read_fault(self, tsk: "Task", area: str, first: int, last: int) -> None:
        """Read faults on pages ``first..last`` of ``area`` of ``tsk``: a swapped-out
        page is read back (``do_swap_page`` without FAULT_FLAG_WRITE,
        kernel/swapfile.py: the swap cache, readahead), in order; a page never
        written reads the zero page (nothing charged); a present one takes no fault."""
        mm = tsk.mm
        if mm is not None and mm.swap_at:
            self._swapin_range(tsk, area, first, last, False)

    def _fault_huge(self, tsk: "Task", vma: Vma, first: int, last: int) -> int:
        """``do_huge_pmd_anonymous_page`` for each huge range of ``vma`` a write to
        pages ``first..last`` first reaches: a huge page of ``HPAGE_PMD_NR`` pages
        charged to ``tsk``'s memcg in one charge without direct reclaim (the THP gfp
        mask with ``defrag`` "madvise": ``GFP_TRANSHUGE_LIGHT``), added to the
        inactive anon list, NR_ANON_THPS counted (in pages from v5.12, else one a
        huge page: design ``anon_thps_in_pages``), one fault and THP_FAULT_ALLOC
        counted; a failed charge falls back to small pages (mm/huge_memory.c
        ``__do_huge_pmd_anonymous_page``, v5.10 and v6.1). Returns pages faulted."""
        pages = vma.pages
        k = self.k
        mc = k.memcg
        done = 0
        for start in vma.huge:
            end = start + HPAGE_PMD_NR - 1
            if end < first or start > last or start in pages:
                continue
            if any(i in pages for i in range(start, end + 1)):
                continue                    # small pages there already: no PMD fault
            memcg = k.task_memcg(tsk)
            if memcg is not mc.root_mem_cgroup:
                with k.running(tsk):
                    if not mc.try_charge(memcg, HPAGE_PMD_NR, may_reclaim=False):
                        continue            # THP_FAULT_FALLBACK_CHARGE: small pages
            pfns = k.mem_map.alloc_many(PG_ANON, tsk.pid, k.clock.now_ns, HPAGE_PMD_NR)
            mc.mem_cgroup_commit_charges(pfns, memcg, PG_ANON)
            mc.mod_memcg_state(memcg, PGFAULT, 1)
            tsk.min_flt += 1
            mc.mod_memcg_state(memcg, THP_FAULT_ALLOC, 1)
            mc.mod_memcg_state(memcg, NR_ANON_THPS,
                               HPAGE_PMD_NR if k.design.anon_thps_in_pages else 1)
            self.thp_heads.add(pfns[0])
            info = (vma.name, memcg.cgroup.path, "fault")
            site = self.site
            for idx, pfn in zip(range(start, end + 1), pfns):
                pages[idx] = pfn
                site[pfn] = info
            tsk.mm.anon.extend(pfns)        # type: ignore[union-attr]
            done += HPAGE_PMD_NR
        return done

    def thp_unmapped(self, pfns: list[int]) -> None:
        """The huge pages among ``pfns`` (about to be uncharged and freed) lose their
        PMD mapping: NR_ANON_THPS less (``page_remove_rmap`` of a compound page)."""
        heads = self.thp_heads
        if not heads:
            return
        gone = heads.intersection(pfns)
        if gone:
            k = self.k
            unit = HPAGE_PMD_NR if k.design.anon_thps_in_pages else 1
            for head in gone:
                heads.discard(head)
                k.memcg.mod_lruvec_page_state(head, NR_ANON_THPS, -unit)

    def _fault_ranges(self, tsk: "Task", area: str, pages: dict[int, int],
                      todo: list[int]) -> int:
        """:meth:`handle_mm_fault` of pages ``todo`` by 2 MiB range: a range past the
        first that has no page takes a PTE page before its first fault
        (``do_anonymous_page`` → ``__pte_alloc``, kernel/pgtable.py ``fault_ranges``)."""
        def runs():
            i, n = 0, len(todo)
            while i < n:
                r = todo[i] >> PMD_SHIFT_PAGES
                j = i + 1
                while j < n and todo[j] >> PMD_SHIFT_PAGES == r:
                    j += 1
                base = r << PMD_SHIFT_PAGES
                fresh = r > 0 and not any(p in pages for p in range(base, base + PTRS_PER_PTE))
                yield fresh, j - i, (todo[i], todo[j - 1])
                i = j
        return fault_ranges(self.k, tsk, runs(),
                            lambda run: self.handle_mm_fault(tsk, area, run[0], run[1], True))

    def _fault_pages(self, tsk: "Task", area: str, n: int,
                     map_pages: Callable[[int, list[int], str], None] | None = None
                     ) -> tuple[list[int], str]:
        """Allocate ``n`` anon pages and charge them to ``tsk``'s memcg now, one
        fault each (``mem_cgroup_charge``), committed as a batch; fewer if a charge
        fails. Returns the pages and the path of the memcg charged (its :attr:`site`
        records'); ``map_pages(first, pages, path)`` maps each committed run."""
        k = self.k
        mc = k.memcg
        memcg = k.task_memcg(tsk)
        path = memcg.cgroup.path
        info = (area, path, "fault")
        if k.swap.areas and memcg is not mc.root_mem_cgroup:
            return self._fault_pages_swap(tsk, memcg, n, info, map_pages), path
        pfns = k.mem_map.alloc_many(PG_ANON, tsk.pid, k.clock.now_ns, n)
        if memcg is not mc.root_mem_cgroup:
            with k.running(tsk):
                done = 0
                while done < n and mc.try_charge(memcg, 1):
                    done += 1
            if done < n:
                k.mem_map.free_many(pfns[done:])
                del pfns[done:]
        if pfns:
            self._commit_faults(tsk, pfns, memcg, info)
            if map_pages is not None:
                map_pages(0, pfns, path)
        return pfns, path

    def _fault_pages_swap(self, tsk: "Task", memcg, n: int, info: tuple[str, str, str],
                          map_pages: Callable[[int, list[int], str], None] | None) -> list[int]:
        """:meth:`_fault_pages` with swap on: reclaim may take the pages faulted so
        far, so each fault's page is allocated, committed and mapped before the
        next charge that reclaims (the faults the stock serves go as one run)."""
        k = self.k
        mc = k.memcg
        out: list[int] = []

        def commit(cnt: int) -> None:
            chunk = k.mem_map.alloc_many(PG_ANON, tsk.pid, k.clock.now_ns, cnt)
            self._commit_faults(tsk, chunk, memcg, info)
            if map_pages is not None:
                map_pages(len(out), chunk, info[1])
            out.extend(chunk)
        with k.running(tsk):
            done = 0
            while done < n:
                run = mc.consume_stock_run(memcg, n - done)
                if run:
                    done += run
                    continue
                if done > len(out):
                    commit(done - len(out))
                if not mc.try_charge(memcg, 1):
                    break
                done += 1
            if done > len(out):
                commit(done - len(out))
        return out

    def _commit_faults(self, tsk: "Task", pfns: list[int], memcg,
                       info: tuple[str, str, str]) -> None:
        """``commit_charge`` and PGFAULT of pages ``tsk`` faulted in (their site
        recorded; its ``min_flt``)."""
        mc = self.k.memcg
        mc.mem_cgroup_commit_charges(pfns, memcg, PG_ANON, each=True)
        mc.count_pgfaults(memcg, len(pfns), tsk.cpu)
        tsk.min_flt += len(pfns)
        site = self.site
        for pfn in pfns:
            site[pfn] = info

    def count_minor_faults(self, tsk: "Task", n: int) -> None:
        """``n`` faults of ``tsk`` that charge nothing: read faults on page-cache
        pages already charged (``do_read_fault`` → ``filemap_map_pages``: the
        programs' text and read-only data, which in the oracle's guest sit in the
        initramfs, charged to the root at boot), and write faults on pages a fork
        write-protected that nobody else maps any more (``do_wp_page`` →
        ``wp_page_reuse``). ``handle_mm_fault`` counts every fault,
        ``count_memcg_event_mm(vma->vm_mm, PGFAULT)``, in the memcg of
        ``mm->owner`` at that moment (mm/memory.c), on the faulting task's CPU
        (``__count_memcg_events``' per-CPU delta: 5.10's batches fold per CPU),
        and each runs ``check_sync_rss_stat``: a fault event of the task's split
        RSS cache (``Mm.rss_faults``), which a later one syncs."""
        mm = tsk.mm
        if n <= 0 or mm is None:
            return
        k = self.k
        k.memcg.count_pgfaults(k.task_memcg(tsk), n, tsk.cpu)
        tsk.min_flt += n
        mm.rss_faults(n)

    def _put_mapping(self, pfn: int) -> None:
        """``page_remove_rmap`` of a page another mm maps too."""
        mapcount = self.mapcount
        c = mapcount[pfn] - 1
        if c > 1:
            mapcount[pfn] = c
        else:
            del mapcount[pfn]

    # ------------------------------------------------------------------ unmap
    def unmap_anon(self, mm: "Mm") -> list[int]:
        """``zap_pte_range`` over the anonymous pages: pages other mms still map
        lose a mapping; the pfns left to uncharge and free are returned."""
        kids = self.lazy_children.get(mm)
        if kids:
            for child in list(kids):
                self._count_child(child)
        anon = mm.anon
        info = self.lazy.pop(mm, None)
        if info is not None:
            # a lazy child: its uncounted shares only leave; the parent maps them
            parent, n, done = info
            pos = self.lazy_pos.pop(mm, None)
            kids = self.lazy_children[parent]
            kids.remove(mm)
            if not kids:
                del self.lazy_children[parent]
                del self.lazy_fresh[parent]
            own = anon[n:]
            # the counted pages in the list's order, taken where _count_pages found
            # them (the list's first n are as at fork while the child is lazy): what
            # filter(done.__contains__, anon[:n]) gives, without a call a page (~280
            # instructions each, ~75 pages a shell's child)
            anon = [anon[i] for i in sorted(pos) if i < n] + own if done else own  # type: ignore[arg-type]
        mapcount = self._mapcount
        # the pages of anon other mms map too, counted first: a set of them is made
        # only when some of the table's are another mm's (~100 pages a shell's
        # child, whose exit or exec usually finds the table all its own)
        nshared = sum(map(mapcount.__contains__, anon)) if mapcount else 0
        if not nshared:
            last = anon
        else:
            last = list(filterfalse(mapcount.__contains__, anon)) if nshared < len(anon) else []
            if nshared == len(mapcount):
                # every page mapped twice or more is this mm's (a subshell's exit):
                # the counts read, and dropped, as the whole table
                shared = None
                keys: Iterable[int] = list(mapcount)
                counts = list(mapcount.values())
            else:
                keys = shared = mapcount.keys() & anon
                counts = list(map(mapcount.__getitem__, shared))
            if counts.count(2) == len(counts):
                if keys is shared:
                    _consume(map(mapcount.pop, shared))     # back to one mapping each
                else:
                    mapcount.clear()
            else:
                for pfn, c in zip(keys, counts):
                    if c > 2:
                        mapcount[pfn] = c - 1
                    else:
                        del mapcount[pfn]
        site = self.site
        if site and last:
            _consume(map(site.pop, last, repeat(None)))
        mm.anon = []
        mm.vmas = {}
        mm.own_heap.clear()
        return last

    def mmap_anon(self, mm: "Mm", area: str, nr_pages: int) -> None:
        """``mmap(MAP_PRIVATE | MAP_ANONYMOUS)`` of ``nr_pages``: a new area, its
        pages faulted in as they are written; its huge ranges (:func:`thp_blocks`)
        with THP "always" (``hugepage_vma_check``), else none."""
        mm.vmas[area] = Vma(area, None, thp_blocks(nr_pages) if self.thp_always else (), True)

    def unmap_range(self, mm: "Mm", area: str, first: int = 0, last: int | None = None
                    ) -> tuple[list[int], int]:
        """``munmap`` of pages ``first..last`` of ``area`` (all of it, the VMA gone,
        when ``last`` is None), or ``brk`` shrinking the heap: ``unmap_region`` →
        ``zap_pte_range`` drops each page's mapping; a page another mm still maps
        (COW after fork) only loses this one. Returns the pages left to uncharge and
        free, and the PTE pages ``free_pgtables`` frees: those of the 2 MiB ranges
        past the area's first that no page is left in (kernel/pgtable.py)."""
        vma = mm.vmas.get(area)
        if vma is None:
            return [], 0
        mm.own_heap.clear()
        pages = vma.pages
        if last is None:
            gone_idx = list(pages)
            del mm.vmas[area]
        else:
            gone_idx = [i for i in pages if first <= i <= last]
        if self.zaps_ptes(mm, area, pages, first, last, gone_idx):
            # zap_pte_range's add_mm_rss_vec: an unmap by the owner of the mm
            # (munmap, brk lowering the heap's end: the caller's own syscall) syncs
            # its split RSS cache (mm/memory.c v5.10, v6.1: `if (current->mm == mm)
            # sync_mm_rss (mm)`), once a PTE page the range covers is zapped
            mm.sync_mm_rss()
        if not gone_idx:
            return [], 0
        if self.lazy:
            if mm in self.lazy:
                self._count_child(mm)
            for child in list(self.lazy_children.get(mm, ())):
                self._count_child(child)
        ranges = {i >> PMD_SHIFT_PAGES for i in gone_idx if i >= PTRS_PER_PTE}
        gone = [pages.pop(i) for i in gone_idx]
        gone_set = set(gone)
        mm.anon = [p for p in mm.anon if p not in gone_set]
        if ranges and pages:
            ranges -= {i >> PMD_SHIFT_PAGES for i in pages}
        mapcount = self._mapcount
        last_pfns = []
        for pfn in gone:
            c = mapcount.get(pfn)
            if c is None:
                last_pfns.append(pfn)
            elif c > 2:
                mapcount[pfn] = c - 1
            else:
                del mapcount[pfn]
        site = self.site
        if site:
            _consume(map(site.pop, last_pfns, repeat(None)))
        return last_pfns, len(ranges)

    @staticmethod
    def zaps_ptes(mm: "Mm", area: str, pages: dict[int, int], first: int,
                  last: int | None, gone_idx: list[int]) -> bool:
        """Whether unmapping pages ``first..last`` of ``area`` (its ``pages`` before
        the unmap; ``gone_idx`` those in the range) reaches ``zap_pte_range``:
        ``zap_pmd_range`` skips a 2 MiB range with no PTE page
        (``pmd_none_or_trans_huge_or_clear_bad``), and one is there while a page of
        that range is mapped or holds a swap entry (kernel/pgtable.py: the model
        frees a range's PTE page with its last page)."""
        if gone_idx:
            return True
        at = mm.swap_at
        if last is None:
            return any(a == area for a, _ in at) if at else False
        lo, hi = first >> PMD_SHIFT_PAGES, last >> PMD_SHIFT_PAGES
        for i in pages:
            if lo <= i >> PMD_SHIFT_PAGES <= hi:
                return True
        if at:
            return any(a == area and lo <= i >> PMD_SHIFT_PAGES <= hi for a, i in at)
        return False

    def shared(self, pfn: int) -> bool:
        """Whether another mm maps the page too."""
        return pfn in self.mapcount

    def describe(self, pfn: int) -> tuple[str, str, str] | None:
        """(area, memcg path at fault, "fault" | "cow") of a page faulted one by one."""
        return self.site.get(pfn)
