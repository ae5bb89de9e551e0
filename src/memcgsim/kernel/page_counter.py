"""``struct page_counter`` and mm/page_counter.c: hierarchical usage in pages.

Johannes Weiner, "mm: memcontrol: lockless page counters" (in v3.19);
protection propagation as in v4.18+ (``propagate_protected_usage``).
"""
from __future__ import annotations

#: ``PAGE_COUNTER_MAX`` = LONG_MAX / PAGE_SIZE on 64-bit
PAGE_COUNTER_MAX = (2**63 - 1) // 4096


class PageCounter:
    __slots__ = ("usage", "max", "high", "min", "low", "watermark", "failcnt", "parent",
                 "min_usage", "low_usage", "children_min_usage", "children_low_usage", "log",
                 "clamp")

    def __init__(self, parent: "PageCounter | None" = None, log=None,
                 clamp: bool = True) -> None:
        """``clamp``: an underflow resets the usage to 0 (see :meth:`cancel`)."""
        self.usage = 0
        self.max = PAGE_COUNTER_MAX
        self.high = PAGE_COUNTER_MAX
        self.min = 0
        self.low = 0
        self.watermark = 0
        self.failcnt = 0
        self.parent = parent
        #: the kernel log (``KernelLog``) for WARNs
        self.log = log
        self.clamp = clamp
        self.min_usage = self.low_usage = 0
        self.children_min_usage = self.children_low_usage = 0

    def _propagate_protected_usage(self, usage: int) -> None:
        """``propagate_protected_usage``: min/low usage feeds the parent's totals."""
        parent = self.parent
        if parent is None:
            return
        if self.min or self.min_usage:
            new = usage if usage <= self.min else 0
            parent.children_min_usage += new - self.min_usage
            self.min_usage = new
        if self.low or self.low_usage:
            new = usage if usage <= self.low else 0
            parent.children_low_usage += new - self.low_usage
            self.low_usage = new

    def charge(self, nr_pages: int) -> None:
        """``page_counter_charge``: unconditional, may exceed ``max``."""
        c: PageCounter | None = self
        while c is not None:
            c.usage += nr_pages
            if c.min or c.low or c.min_usage or c.low_usage:
                c._propagate_protected_usage(c.usage)
            if c.usage > c.watermark:
                c.watermark = c.usage
            c = c.parent

    def try_charge(self, nr_pages: int) -> "PageCounter | None":
        """``page_counter_try_charge``: returns ``None`` on success, else the level
        that hit its ``max`` (its ``failcnt`` incremented, lower levels undone).
        ``usage == max`` is allowed; above is not."""
        c: PageCounter | None = self
        while c is not None:
            new = c.usage + nr_pages
            if new > c.max:
                c.failcnt += 1
                u: PageCounter | None = self
                while u is not None and u is not c:
                    u.cancel(nr_pages)
                    u = u.parent
                return c
            c.usage = new
            if c.min or c.low or c.min_usage or c.low_usage:
                c._propagate_protected_usage(new)
            if new > c.watermark:
                c.watermark = new
            c = c.parent
        return None

    def cancel(self, nr_pages: int) -> None:
        """``page_counter_cancel``: this level only. "More uncharges than charges?"
        WARNs once; the usage then goes negative (v5.10), or is reset to 0 with
        ``clamp`` (Johannes Weiner, "mm: page_counter: mitigate consequences of a
        page_counter underflow" (9317d0fffeb4, in v5.13), as v3.10's
        ``res_counter_uncharge_locked`` did). Every such underflow is a model bug
        (``check_invariants`` reports the WARN)."""
        new = self.usage - nr_pages
        if new < 0:
            if self.log is not None:
                # "More uncharges than charges?" WARN_ONCE
                self.log.warn_once("page_counter_cancel",
                                   f"page_counter underflow: {new} nr_pages={nr_pages}")
            if self.clamp:
                new = 0
        self.usage = new
        if self.min or self.low or self.min_usage or self.low_usage:
            self._propagate_protected_usage(new)

    def uncharge(self, nr_pages: int) -> None:
        """``page_counter_uncharge``: every level up to the top."""
        c: PageCounter | None = self
        while c is not None:
            c.cancel(nr_pages)
            c = c.parent

    def set_max(self, nr_pages: int) -> bool:
        """``page_counter_set_max``: False (-EBUSY) if usage is already above."""
        if self.usage > nr_pages:
            return False
        self.max = nr_pages
        return True

    def set_min(self, nr_pages: int) -> None:
        self.min = nr_pages
        self._propagate_protected_usage(self.usage)

    def set_low(self, nr_pages: int) -> None:
        self.low = nr_pages
        self._propagate_protected_usage(self.usage)

    def reset_watermark(self) -> None:
        self.watermark = self.usage
