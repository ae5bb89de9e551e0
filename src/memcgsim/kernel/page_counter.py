"""``struct page_counter`` and mm/page_counter.c: hierarchical usage in pages.

Johannes Weiner, "mm: memcontrol: lockless page counters" (in v3.19);
protection propagation as in v5.7+ (``propagate_protected_usage``: the protected part
of the usage, ``min(usage, min)``, feeds the parent's ``children_min_usage``).
"""
from __future__ import annotations

from typing import NoReturn

from .bug import model_bug

#: ``PAGE_COUNTER_MAX`` = LONG_MAX / PAGE_SIZE on 64-bit
PAGE_COUNTER_MAX = (2**63 - 1) // 4096


class Protection:
    """A page counter's ``memory.min``/``memory.low`` side: its protection, the
    protected usage it reports to its parent, and its children's sums."""
    __slots__ = ("min", "low", "min_usage", "low_usage", "children_min_usage",
                 "children_low_usage", "emin", "elow")

    def __init__(self) -> None:
        self.min = self.low = 0
        self.min_usage = self.low_usage = 0
        self.children_min_usage = self.children_low_usage = 0
        #: effective protection, set by reclaim's walk (``mem_cgroup_calculate_protection``)
        self.emin = self.elow = 0


def _protection_field(name: str) -> property:
    def get(self) -> int:
        p = self.prot
        return 0 if p is None else getattr(p, name)
    return property(get, doc=f"``{name}`` (0 while nothing is protected)")


class PageCounter:
    """``struct page_counter``. Its protection fields (``min``, ``low``, their
    usages and the children's sums) are in ``prot``, made when first set: most
    counters, a dying memcg's four among them, have none (issue 14)."""
    __slots__ = ("usage", "max", "high", "watermark", "failcnt", "parent", "prot", "log",
                 "clamp")

    def __init__(self, parent: "PageCounter | None" = None, log=None,
                 clamp: bool = True) -> None:
        """``clamp``: an underflow resets the usage to 0 (see :meth:`cancel`)."""
        self.usage = 0
        self.max = PAGE_COUNTER_MAX
        self.high = PAGE_COUNTER_MAX
        self.watermark = 0
        self.failcnt = 0
        self.parent = parent
        #: the kernel log (``KernelLog``) for WARNs
        self.log = log
        self.clamp = clamp
        self.prot: Protection | None = None

    min = _protection_field("min")
    low = _protection_field("low")
    min_usage = _protection_field("min_usage")
    low_usage = _protection_field("low_usage")
    children_min_usage = _protection_field("children_min_usage")
    children_low_usage = _protection_field("children_low_usage")
    #: effective protection, set by reclaim's walk (``mem_cgroup_calculate_protection``)
    emin = _protection_field("emin")
    elow = _protection_field("elow")

    def _protection(self) -> Protection:
        p = self.prot
        if p is None:
            p = self.prot = Protection()
        return p

    def set_effective_protection(self, emin: int, elow: int) -> None:
        """Reclaim's ``mem_cgroup_calculate_protection`` result (``emin``,
        ``elow``); kept without a ``Protection`` while both are 0 and none was."""
        p = self.prot
        if p is None:
            if not (emin or elow):
                return
            p = self._protection()
        p.emin = emin
        p.elow = elow

    def _propagate_protected_usage(self, usage: int) -> None:
        """``propagate_protected_usage``: min/low usage feeds the parent's totals."""
        parent = self.parent
        p = self.prot
        if parent is None or p is None:
            return
        if p.min or p.min_usage:
            new = min(usage, p.min)
            parent._protection().children_min_usage += new - p.min_usage
            p.min_usage = new
        if p.low or p.low_usage:
            new = min(usage, p.low)
            parent._protection().children_low_usage += new - p.low_usage
            p.low_usage = new

    def charge(self, nr_pages: int) -> None:
        """``page_counter_charge``: unconditional, may exceed ``max``."""
        c: PageCounter | None = self
        while c is not None:
            c.usage += nr_pages
            if c.prot is not None:
                c._propagate_protected_usage(c.usage)
            if c.usage > c.watermark:
                c.watermark = c.usage
            c = c.parent

    def charge_run(self, net: int, peak: int) -> None:
        """Charges and uncharges in a row (``page_counter_charge`` /
        ``page_counter_uncharge``), none failing nor going under 0: ``net`` pages
        in all, at most ``peak`` above the start on the way: every level's usage
        moves by ``net`` and its watermark is raised to where the highest left it
        (the protected usage follows the usage at the end, as each step's would)."""
        c: PageCounter | None = self
        while c is not None:
            top = c.usage + peak
            if top > c.watermark:
                c.watermark = top
            c.usage += net
            if c.prot is not None:
                c._propagate_protected_usage(c.usage)
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
            if c.prot is not None:
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
        if self.prot is not None:
            self._propagate_protected_usage(new)

    def uncharge(self, nr_pages: int) -> None:
        """``page_counter_uncharge``: every level up to the top (:meth:`cancel`'s
        usual case, no underflow and no protection, written out)."""
        c: PageCounter | None = self
        while c is not None:
            new = c.usage - nr_pages
            if new < 0 or c.prot is not None:
                c.cancel(nr_pages)
            else:
                c.usage = new
            c = c.parent

    def set_max(self, nr_pages: int) -> bool:
        """``page_counter_set_max``: False (-EBUSY) if usage is already above."""
        if self.usage > nr_pages:
            return False
        self.max = nr_pages
        return True

    def set_min(self, nr_pages: int) -> None:
        if nr_pages or self.prot is not None:     # 0 on an unprotected one: nothing
            self._protection().min = nr_pages
            self._propagate_protected_usage(self.usage)

    def set_low(self, nr_pages: int) -> None:
        if nr_pages or self.prot is not None:
            self._protection().low = nr_pages
            self._propagate_protected_usage(self.usage)

    def reset_watermark(self) -> None:
        self.watermark = self.usage


class IdleCounter(PageCounter):
    """A ``page_counter_init``-ed counter that nothing on this hierarchy charges or
    sets: a non-root memcg's ``kmem`` and ``tcpmem`` on cgroup2 ("v1 only" in
    ``struct mem_cgroup``; mm/memcontrol.c charges them under
    ``!cgroup_subsys_on_dfl(memory_cgrp_subsys)`` only, v5.10 and v6.1), and its
    ``swap`` (``memsw``), until swap is charged to it (kernel/swapfile.py) or
    ``memory.swap.max`` or ``memory.swap.high`` is written (``MemCgroup.own_counter``). One shared,
    read-only instance (:data:`IDLE_COUNTER`) stands in for all of them: usage,
    watermark and failcnt 0, max and high ``PAGE_COUNTER_MAX``, as the kernel's
    read (104 bytes a counter saved, three a dying memcg: issue 14). A charge or
    a setting through it is a model bug."""
    __slots__ = ()

    def _refuse(self, what: str) -> NoReturn:
        model_bug(f"{what} of an idle page counter (v1 only, or swap without a swap "
                  "device)")

    def charge(self, nr_pages: int) -> None:
        self._refuse("charge")

    def try_charge(self, nr_pages: int) -> "PageCounter | None":
        self._refuse("try_charge")

    def charge_run(self, net: int, peak: int) -> None:
        self._refuse("charge_run")

    def cancel(self, nr_pages: int) -> None:
        self._refuse("cancel")

    def uncharge(self, nr_pages: int) -> None:
        self._refuse("uncharge")

    def set_max(self, nr_pages: int) -> bool:
        self._refuse("set_max")

    def set_min(self, nr_pages: int) -> None:
        self._refuse("set_min")

    def set_low(self, nr_pages: int) -> None:
        self._refuse("set_low")

    def set_effective_protection(self, emin: int, elow: int) -> None:
        if emin or elow:
            self._refuse("set_effective_protection")

    def reset_watermark(self) -> None:
        self._refuse("reset_watermark")


#: the one shared :class:`IdleCounter` (``check_invariants`` verifies it unwritten)
IDLE_COUNTER = IdleCounter()
