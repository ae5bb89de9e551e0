"""Dying cgroups grouped by the pattern of what pins them, ranked by bytes.

Five hundred cgroups each pinned by one sleeper's kernel stack and page tables are
one pattern ("500 × /kmem_test: 4 kernel-stack + 5 page-table + 5 pgd/pud pages of one
`sleep 3600` each"): the pattern keeps the holders' kinds, page counts and
commands and which pins share a task, never the pids or inode numbers
themselves. Per-CPU stocks (:data:`~.explain.TRANSIENT`) are listed beside a
pattern, never part of it.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from ..kernel.cgroup import RELEASED
from .explain import TRANSIENT, DyingCgroup, Holder


def fmt_bytes(n: int) -> str:
    """1536 → ``1.5 KiB``: binary units, one decimal."""
    if n < 1024:
        return f"{n} B"
    for unit in ("KiB", "MiB", "GiB", "TiB"):
        n /= 1024
        if n < 1024 or unit == "TiB":
            return f"{n:.1f} {unit}"
    raise AssertionError("unreachable")


def _owner(h: Holder, ords: dict) -> tuple:
    """Who holds, without the numbers that differ between cgroups of one pattern:
    tasks and inodes become their order of appearance in the cgroup."""
    if h.pid is not None:
        return ("task", ords.setdefault(("pid", h.pid), len(ords)), h.cmdline or "")
    if h.inode is not None:
        return ("inode", ords.setdefault(("inode", h.inode), len(ords)), "")
    if h.ref == "child css":
        return ("child", 0, h.kind)
    if h.ref == "memcg id":
        return ("id", 0, (h.name or "").partition(" ")[2].strip("()"))
    return ("name", 0, h.name or "")


def pattern_key(d: DyingCgroup) -> tuple:
    """What two cgroups of one pattern share: every lasting holder's reference
    kind, holder kind, owner (as :func:`_owner`), pages and references; with no
    lasting holder, the kinds of the transient ones."""
    ords: dict = {}
    items = []
    for h in d.holders:
        if h.ref in TRANSIENT:
            continue
        items.append((h.ref, h.kind, _owner(h, ords), h.pages, h.references))
    if not items:
        return (("only", tuple(sorted({h.ref for h in d.holders}))),)
    return tuple(sorted(items))


@dataclass
class PatternGroup:
    """Dying cgroups sharing one pattern of pins."""
    key: tuple
    cgroups: list[DyingCgroup]

    @property
    def bytes(self) -> int:
        """Bytes the group's cgroups keep charged, in all."""
        return sum(d.bytes for d in self.cgroups)

    @property
    def pattern_bytes(self) -> int:
        """Bytes the pattern's own holders keep charged, per cgroup."""
        return sum(h.bytes for h in self.cgroups[0].holders if h.ref not in TRANSIENT)

    @property
    def description(self) -> str:
        """The pattern in words, per cgroup when there are several (:func:`describe`)."""
        return describe(self.cgroups[0], each=len(self.cgroups) > 1)

    @property
    def where(self) -> str:
        """The cgroups' paths: one, a few, or how many under their common parent."""
        paths = list(dict.fromkeys(d.path for d in self.cgroups))
        if len(paths) <= 3:
            return ", ".join(paths)
        return f"{len(paths)} paths under {os.path.commonpath(paths)}"

    def transient(self) -> dict[str, list[str]]:
        """Transient holders seen in the group: kind → the cgroups' paths."""
        seen: dict[str, list[str]] = {}
        for d in self.cgroups:
            for h in d.holders:
                if h.ref in TRANSIENT:
                    seen.setdefault(h.ref, []).append(d.path)
        return seen


def group(ds: list[DyingCgroup]) -> list[PatternGroup]:
    """The dying cgroups by pattern, most bytes first (then most cgroups, then the
    oldest removal)."""
    by: dict[tuple, list[DyingCgroup]] = {}
    for d in ds:
        by.setdefault(pattern_key(d), []).append(d)
    groups = [PatternGroup(k, v) for k, v in by.items()]
    groups.sort(key=lambda g: (-g.bytes, -len(g.cgroups), g.cgroups[0].removed_at))
    return groups


def _an(n: int, word: str) -> str:
    return f"{'one' if n == 1 else n} {word}{'' if n == 1 else 's'}"


def describe(d: DyingCgroup, each: bool = False) -> str:
    """A cgroup's lasting pins in a phrase: ``4 kernel-stack + 5 page-table pages of
    one `sleep 3600```; ``each`` appends " each" for a group."""
    owners: dict[tuple, list[Holder]] = {}
    ords: dict = {}
    for h in d.holders:
        if h.ref in TRANSIENT:
            continue
        owners.setdefault(_owner(h, ords), []).append(h)
    phrases: dict[str, int] = {}
    for (role, _, label), hs in owners.items():
        # by kind: the phrase is the pattern's, whatever order the holders came in
        paged = sorted((h for h in hs if h.pages and h.ref in ("page", "kmem page")),
                       key=lambda h: (h.ref != "kmem page", h.kind))
        pages = " + ".join(f"{h.pages} {h.kind}" for h in paged)
        if pages:
            pages += " page" if sum(h.pages for h in paged) == 1 else " pages"
        other = [h for h in hs if h not in paged]
        if role == "task":
            who = f"`{label}`" if label else "exited task"
            if pages:
                phrases[f"{pages} of one {who}"] = phrases.get(f"{pages} of one {who}", 0) + 1
            for h in other:
                if h.ref == "memcg id":     # its swap entries record the ID
                    what = f"{h.pages} swap entr{'y' if h.pages == 1 else 'ies'}"
                elif h.ref == "css_set":    # kernel/css_set.py: named by its first task
                    what = "the css_set"
                else:
                    what = "an inotify instance" if h.ref == "fsnotify group" else \
                        f"a bpf map {h.name}"
                key = f"{what} of one {who}"
                phrases[key] = phrases.get(key, 0) + 1
        elif role == "inode":
            key = f"{pages} of one inode"
            phrases[key] = phrases.get(key, 0) + 1
        elif role == "child":
            key = f"{_an(len(hs), label)} cgroup"
            phrases[key] = phrases.get(key, 0) + 1
        elif role == "id":
            phrases["its memcg ID, " + ID_WORDS.get(label, label)] = 1
        else:
            for h in hs:
                if paged and h in paged:
                    key = f"{h.pages} {h.kind} pages of {h.name}" if h.kind != "slab" \
                        else f"{h.pages} slab pages of cache {h.name}"
                else:
                    key = h.what
                phrases[key] = phrases.get(key, 0) + 1
    parts = [p if n == 1 else p.replace(" of one ", f" of each of {n} ", 1)
             if " of one " in p else f"{n} × {p}" for p, n in phrases.items()]
    if not parts:
        trans = sorted({h.ref for h in d.holders if h.ref in TRANSIENT})
        if trans:
            return "only " + ", ".join(TRANSIENT_WORDS.get(t, t) for t in trans)
        return RELEASED_WORDS if d.state == RELEASED else "nothing the walk finds"
    return "; ".join(parts) + (" each" if each and any(" of " in p for p in parts) else "")


#: why a memcg ID is still held, in words
ID_WORDS = {"online state": "held until offline", "swap records": "recorded in swap entries"}

#: transient holders in words
TRANSIENT_WORDS = {"stock": "a CPU's per-CPU charge cache (stock)"}
#: a released memcg (no reference left) not yet freed: kernel/cgroup/cgroup.c
#: ``css_release_work_fn`` → ``queue_rcu_work`` → ``css_free_rwork_fn``
RELEASED_WORDS = ("no reference: released, its free waits for an RCU grace period "
                  "(css_release_work_fn's queue_rcu_work)")


def _span(values: list, fmt=str) -> str:
    lo, hi = fmt(min(values)), fmt(max(values))
    return lo if lo == hi else f"{lo}…{hi}"


def _ids(g: PatternGroup) -> str:
    ds = g.cgroups
    n = len(ds)
    ids = [d.memcg_id for d in ds if d.memcg_id is not None]
    if not ids:
        mid = "memcg ID" + ("s" if n > 1 else "") + " released at offline"
    elif len(ids) == n:
        mid = f"memcg ID{'s' if n > 1 else ''} {_span(ids)} still held"
    else:
        mid = f"{n - len(ids)} memcg IDs released at offline, {len(ids)} still held"
    if n == 1:
        d = ds[0]
        return (f"cgroup ID {d.cgroup_id}, css serial {d.css_serial}, {d.state}, "
                f"removed at {d.removed_at:.3f} s; {mid}")
    states = {}
    for d in ds:
        states[d.state] = states.get(d.state, 0) + 1
    st = ", ".join(f"{v} {s}" for s, v in sorted(states.items()))
    return (f"cgroup IDs {_span([d.cgroup_id for d in ds])}, css serials "
            f"{_span([d.css_serial for d in ds])}; removed at "
            f"{_span([d.removed_at for d in ds], lambda t: f'{t:.3f}')} s; {st}; {mid}")


def group_text(g: PatternGroup) -> list[str]:
    """A pattern group as a few lines: what, how much, what releases it, which
    cgroups (their IDs as the kernel has them)."""
    n = len(g.cgroups)
    lines = [f"{n} × {g.where}: {g.description}"]
    size = (f"{fmt_bytes(g.pattern_bytes)} pinned each; {fmt_bytes(g.bytes)} on the host in all"
            if n > 1 else f"{fmt_bytes(g.bytes)} on the host")
    for ref, paths in g.transient().items():
        word = TRANSIENT_WORDS.get(ref, ref)
        size += (f"; {len(paths)} of them also held by {word}" if n > 1
                 else f"; also held by {word}")
    lines.append(f"    {size}")
    seen = set()
    only_transient = g.key[0][0] == "only"
    for h in g.cgroups[0].holders:
        if (h.ref in TRANSIENT and not only_transient) or \
                (h.released_by, h.freed_at_rmdir_by) in seen:
            continue
        seen.add((h.released_by, h.freed_at_rmdir_by))
        lines.append(f"    released when {h.released_by}")
        lines.append(f"    freed at rmdir by: {h.freed_at_rmdir_by}")
    lines.append(f"    {_ids(g)}")
    d = g.cgroups[0]
    owners = ", ".join(dict.fromkeys(
        f"pid {h.pid}" + (f" `{h.cmdline}`" if h.cmdline else " (exited)")
        if h.pid is not None else f"inode {h.inode}"
        for h in d.holders if h.ref not in TRANSIENT and (h.pid or h.inode) is not None))
    if n > 1 and owners:
        lines.append(f"    e.g. {d.path} (cgroup ID {d.cgroup_id}): {owners}")
    return lines


def cgroup_text(d: DyingCgroup) -> list[str]:
    """One dying cgroup with every holder (``--full``)."""
    mid = f"memcg ID {d.memcg_id}" if d.memcg_id is not None else "memcg ID released at offline"
    lines = [f"{d.path}: cgroup ID {d.cgroup_id}, css serial {d.css_serial}, {d.state}, {mid}, "
             f"removed at {d.removed_at:.3f} s (dying {d.offline_seconds:.3f} s), "
             f"{d.total} reference{'s' if d.total != 1 else ''}, {_cost_text(d.cost)}"]
    for p in d.pins:
        for h in p.holders:
            size = f" ({fmt_bytes(h.bytes)})" if h.bytes else ""
            since = f", since {h.since:.3f} s" if h.since is not None else ""
            count = f"{h.references} × " if h.references > 1 and not h.pages else ""
            lead = f"{h.pages} " if h.pages and p.kind in ("page", "kmem page") else count
            lines.append(f"  {lead}{h.what}{size}{since}")
        if p.released_by:
            lines.append(f"    released when {p.released_by}")
            lines.append(f"    freed at rmdir by: {p.freed_at_rmdir_by}")
    return lines


def _cost_text(cost: dict) -> str:
    """``analysis/cost.py``'s split in words."""
    return (f"{fmt_bytes(cost['total'])} ({fmt_bytes(cost['charged'])} charged, "
            f"{fmt_bytes(cost['uncharged'])} charged to nobody)")


def explain_text(ds: list[DyingCgroup], top: int | None = 5, full: bool = False) -> str:
    """The dying cgroups as text: the ``top`` patterns by bytes (all with None), or
    with ``full`` every cgroup and every holder."""
    if not ds:
        return "no dying memory cgroups\n"
    groups = group(ds)
    cost = {key: sum(d.cost.get(key, 0) for d in ds) for key in ("total", "charged", "uncharged")}
    n = len(ds)
    back = {key: sum(d.give_back.get(key, 0) for d in ds)
            for key in ("total", "pages", "slab", "percpu")}
    lines = [f"{n} dying memory cgroup{'s' if n != 1 else ''} cost{'s' if n == 1 else ''} the "
             f"host {_cost_text(cost)}, in {_an(len(groups), 'pattern')} of pins; freeing "
             f"{'them' if n != 1 else 'it'} would give back {fmt_bytes(back['total'])} "
             f"({fmt_bytes(back['pages'])} of pages, {fmt_bytes(back['slab'])} of Slab, "
             f"{fmt_bytes(back['percpu'])} of Percpu)" + (":" if not full else "")]
    if full:
        for d in ds:
            lines += cgroup_text(d)
        return "\n".join(lines) + "\n"
    shown = groups if top is None else groups[:top]
    for g in shown:
        lines += group_text(g)
    if len(shown) < len(groups):
        rest = groups[len(shown):]
        lines.append(f"... and {len(rest)} more patterns ({sum(len(g.cgroups) for g in rest)} "
                     f"cgroups, {fmt_bytes(sum(g.bytes for g in rest))}): --top N, --full")
    return "\n".join(lines) + "\n"


def group_json(g: PatternGroup) -> dict:
    """A pattern group as the JSON schema has it: the description and the members'
    cgroup IDs (their holders are in ``dying``)."""
    return {"count": len(g.cgroups), "where": g.where, "description": g.description,
            "bytes": g.bytes, "pattern_bytes": g.pattern_bytes,
            "cgroup_ids": [d.cgroup_id for d in g.cgroups]}
