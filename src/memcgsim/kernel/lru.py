"""A memcg's LRU lists (``struct lruvec``'s ``lists[]``) as lists linked through
the pages themselves: ``struct page``'s ``lru`` list_head, here two pfn columns
indexed by pfn (:class:`LruLinks`, kept by ``mem_map``), and a head, a tail and
a length per list (:class:`LruList`). A page on a list costs 8 bytes (two 4-byte
pfns) instead of a dict entry and an int object (issue 14: the 64 page-cache
pages a churn lifecycle leaves on its dying memcg's list).

A list iterates oldest first, the order ``shrink_lruvec`` takes pages from the
tail (the kernel adds at the head, ``lruvec_add_folio``). Slot 0 of the columns
is the list head while a list is being changed (pfn 0 is never handed out), so
linking and unlinking need no test for the ends, as with the kernel's circular
``list_head``.
"""
from __future__ import annotations

from array import array
from itertools import repeat
from operator import itemgetter

#: the pfn columns' type: 4 bytes a pfn (2**32 pages, 16 TiB, is beyond any host
#: the simulator can hold), unsigned: ``'I'`` items are set from an int directly,
#: ``'i'`` ones through ``PyArg_Parse`` (~2x the instructions a link written)
PFN_TYPECODE = "I"


class LruCount:
    """A node's count of the pages on one kind of LRU list, every memcg's lists of
    that kind together: ``NR_ZONE_INACTIVE_FILE + NR_ZONE_ACTIVE_FILE`` (or the
    anon pair), which ``update_lru_size`` moves with each list's size
    (``__update_lru_size``: ``__mod_zone_page_state`` and ``__mod_lruvec_state``,
    include/linux/mm_inline.h, v5.10 and v6.1); what ``zone_reclaimable_pages``
    reads (kernel/vmscan.py ``Vmscan.should_reclaim_retry``)."""
    __slots__ = ("n",)

    def __init__(self) -> None:
        self.n = 0


class LruLinks:
    """``page->lru.next``/``page->lru.prev`` of every page, by pfn (0: none), and
    the node's counts of the pages on the file and on the anon lists."""
    __slots__ = ("next", "prev", "file", "anon")

    def __init__(self) -> None:
        self.next = array(PFN_TYPECODE, (0,))
        self.prev = array(PFN_TYPECODE, (0,))
        self.file = LruCount()
        self.anon = LruCount()

    def grow(self, n: int) -> None:
        """``n`` more pages in ``mem_map``."""
        if n == 1:
            self.next.append(0)
            self.prev.append(0)
            return
        zeros = array(PFN_TYPECODE, repeat(0, n))
        self.next.extend(zeros)
        self.prev.extend(zeros)


#: the pages a list holds added but not yet linked (:attr:`LruList.unlinked`) at most:
#: past it the list links them. A run is a tuple, ~64 bytes a page at worst (runs of
#: one page, their int objects), where the links take 8: at most ~32 KiB a list
#: (the churn's lifecycle adds 256 anon and 64 page-cache pages)
UNLINKED_MAX = 512


class LruList:
    """One LRU list of a memcg: its pages in the order they were added (a
    container of pfns: ``len``, iteration oldest first, ``in``); ``node``: the
    node's count its length is part of (``links.file`` or ``links.anon``).

    The pages :meth:`extend` adds are linked when the list is next read or changed
    otherwise (``unlinked``: their runs after ``tail``, in order; :meth:`link`),
    and not at all if it is emptied first (:meth:`clear`, :meth:`remove_many` of
    all: an exiting task's anon pages, added at its faults): a page's links are
    only read while it is on a list (``list_del`` poisons them), so the list and its
    pages' links read as if each had been linked at once (``lruvec_add_folio``,
    include/linux/mm_inline.h, v6.1; ``add_page_to_lru_list`` in v5.10), without the
    two array stores a page (bench/README.md, session 24)."""
    __slots__ = ("links", "head", "tail", "n", "node", "unlinked", "nr_unlinked")

    def __init__(self, links: LruLinks, node: LruCount | None = None) -> None:
        self.links = links
        self.head = 0
        self.tail = 0
        self.n = 0
        self.node = node if node is not None else LruCount()
        #: runs of pages added after ``tail``, not yet linked (None: none), and
        #: their pages
        self.unlinked: list[tuple[int, ...]] | None = None
        self.nr_unlinked = 0

    def link(self) -> None:
        """Link the pages :meth:`extend` left unlinked, in order, after ``tail``."""
        runs = self.unlinked
        if runs is None:
            return
        self.unlinked = None
        self.nr_unlinked = 0
        links = self.links
        nxt, prv = links.next, links.prev
        last = self.tail
        nxt[0] = self.head
        for pfns in runs:
            for pfn in pfns:
                prv[pfn] = last
                nxt[last] = pfn
                last = pfn
        nxt[last] = 0
        self.head = nxt[0]
        nxt[0] = 0
        self.tail = last

    def __len__(self) -> int:
        return self.n

    def __iter__(self):
        if self.unlinked is not None:
            self.link()
        nxt = self.links.next
        pfn = self.head
        while pfn:
            # the next page read before the caller sees this one
            after = nxt[pfn]
            yield pfn
            pfn = after

    def pfns(self) -> list[int]:
        """The list's pages oldest first, as a list (a walk of the links without a
        generator's step a page: what a count of the whole list reads)."""
        if self.unlinked is not None:
            self.link()
        nxt = self.links.next
        out: list[int] = []
        append = out.append
        pfn = self.head
        while pfn:
            append(pfn)
            pfn = nxt[pfn]
        return out

    def __contains__(self, pfn: int) -> bool:
        """A walk of the list (the invariant checks, which ask for sets)."""
        return any(p == pfn for p in self)

    def walk(self) -> list[int]:
        """The pages by their links, for the invariant checks: at most one more
        than the list's length (a cycle ends the walk), each page's ``prev`` the
        one before it, else the walk stops there (``list_debug``'s checks)."""
        self.link()
        nxt, prv = self.links.next, self.links.prev
        out: list[int] = []
        pfn, before = self.head, 0
        while pfn and len(out) <= self.n and prv[pfn] == before:
            out.append(pfn)
            before, pfn = pfn, nxt[pfn]
        return out

    def __repr__(self) -> str:
        return f"LruList({list(self)})"

    def extend(self, pfns, memcg_data=None, word: int = 0) -> None:
        """``lruvec_add_folio`` for each page, in order (none already on a list);
        with ``memcg_data`` (``mem_map``'s column), each page's word set to ``word``
        (``commit_charge`` of pages charged to this list's memcg). The pages are
        linked later (:meth:`link`), kept as a run until then (up to
        :data:`UNLINKED_MAX` pages in all)."""
        if not pfns:
            return
        if memcg_data is not None:
            for pfn in pfns:
                memcg_data[pfn] = word
        n = len(pfns)
        runs = self.unlinked
        if runs is None:
            self.unlinked = [tuple(pfns)]
            self.nr_unlinked = n
        else:
            runs.append(tuple(pfns))
            self.nr_unlinked += n
        self.n += n
        self.node.n += n
        if self.nr_unlinked > UNLINKED_MAX:
            self.link()

    def remove_many(self, pfns) -> None:
        """``lruvec_del_folio`` for each page (all on this list, each once)."""
        if len(pfns) == self.n:
            # every page of the list (an exiting task's anon pages, the usual case):
            # it is left empty, as by list_del of each; the pages' own links are
            # stale either way (list_del poisons them), and never read off a list
            self.clear()
            return
        if self.unlinked is not None:
            self.link()
        links = self.links
        nxt, prv = links.next, links.prev
        nxt[0], prv[0] = self.head, self.tail
        if len(pfns) > 2 and itemgetter(*pfns[:-1])(nxt) == tuple(pfns[1:]):
            # one stretch of the list, in its order (pages added together: an
            # exec'd program's), checked in C: unlinked at its two ends, as the
            # loop below would leave the list
            p = prv[pfns[0]]
            n = nxt[pfns[-1]]
            nxt[p] = n
            prv[n] = p
        else:
            for pfn in pfns:
                p = prv[pfn]
                n = nxt[pfn]
                nxt[p] = n
                prv[n] = p
        self.head, self.tail = nxt[0], prv[0]
        nxt[0] = prv[0] = 0
        n = len(pfns)
        self.n -= n
        self.node.n -= n

    def splice_tail(self, other: "LruList") -> None:
        """``list_splice_tail_init``: ``other``'s pages after this list's, in
        their order; ``other`` left empty."""
        if not other.n:
            return
        if other.unlinked is not None:
            other.link()
        if self.unlinked is not None:
            self.link()
        if self.n:
            nxt, prv = self.links.next, self.links.prev
            nxt[self.tail] = other.head
            prv[other.head] = self.tail
        else:
            self.head = other.head
        self.tail = other.tail
        self.n += other.n
        self.node.n += other.n
        other.clear()

    def prepend(self, pfns) -> None:
        """``add_page_to_lru_list_tail`` for each page, in order (none already on a
        list): they come first in the iteration, the end reclaim takes first."""
        if not pfns:
            return
        front = LruList(self.links, self.node)      # the node counts them once
        front.extend(pfns)
        front.splice_tail(self)
        front.link()                   # (self empty: splice_tail left it unlinked)
        self.head, self.tail, self.n = front.head, front.tail, front.n

    def clear(self) -> None:
        """The list empty (its pages' links are left as they are, as by
        ``INIT_LIST_HEAD`` on the head)."""
        self.node.n -= self.n
        self.head = self.tail = self.n = 0
        self.unlinked = None
        self.nr_unlinked = 0
