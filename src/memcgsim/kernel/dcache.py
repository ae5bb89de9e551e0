"""The dcache's negative dentries (fs/dcache.c): runs of dentries that failed
lookups allocated together, and the hash that finds one by path
(``d_lookup`` over ``dentry_hashtable``).

A run of a batch whose names are one stem and consecutive decimal numbers (what a
loop of ``stat("probe-$i")`` leaves) keeps the stem once and a byte per dentry
instead of a path string and a hash entry per dentry: the 100 negative dentries a
churn lifecycle leaves cost the simulator ~12.8 KB as paths (issue 14 item 2),
~0.3 KB as a run. Found by path, iterated and freed as before.
"""
from __future__ import annotations

from functools import lru_cache
from itertools import filterfalse, repeat
from typing import Any

_DIGITS = "0123456789"
_DIGITS_SET = frozenset(_DIGITS)


@lru_cache(maxsize=64)
def _none_dead(n: int) -> bytes:
    """The ``dead`` of a run of ``n`` none of which was freed: one shared zero
    ``bytes`` a length (read only: :meth:`NegativeDentries.pop` gives a run its own
    ``bytearray`` at its first free), as a dying memcg's negative dentries stay."""
    return bytes(n)


class DentryRun:
    """Negative dentries that one task's failed lookups allocated together, as one
    run of the dentry cache (positive dentries live with their inode): the object of
    the ``i``-th path is ``first + i`` in ``cache``. The paths are ``paths`` or, for a
    numbered batch, ``stem + str(start + i)`` (``paths`` None); ``dead[i]`` is 1 once
    the ``i``-th is freed (a shared zero ``bytes`` until one is). ``exts``: index ->
    the (cache, id) of its external name, or None when no name needed one.
    ``memcg``: the memcg whose list_lru holds them (the run is what the list_lru
    lists, its live paths in order); ``sb``: the superblock shrinker whose dentry
    list_lru they are on (kernel/super.py), ``seq`` the LRU position of the first
    (the others follow it), ``ref`` their DCACHE_REFERENCED bits (None: none set)."""
    __slots__ = ("cache", "first", "paths", "stem", "start", "dead", "exts", "memcg", "live",
                 "sb", "seq", "ref")

    def __init__(self, cache, first: int, paths: list[str] | NumberedNames,
                 exts: dict | None, memcg, stem: str | None = None, start: int = 0) -> None:
        self.cache = cache
        self.first = first
        self.exts = exts
        self.memcg = memcg
        self.live = len(paths)
        self.dead: bytes | bytearray = _none_dead(len(paths))
        self.stem = stem
        self.start = start
        self.sb: Any = None
        self.seq = 0
        self.ref: bytearray | None = None
        #: the paths, or None for a numbered run (``stem`` set instead)
        self.paths: list | None = None if stem is not None else paths  # type: ignore[assignment]

    def path(self, i: int) -> str:
        """The path of the run's ``i``-th dentry."""
        if self.paths is not None:
            return self.paths[i]
        return self.stem + str(self.start + i)  # type: ignore[operator]

    def live_indices(self):
        """The indices of the run's dentries not yet freed, oldest first."""
        return (i for i, d in enumerate(self.dead) if not d)

    def live_paths(self):
        """The paths of the run's dentries not yet freed, oldest first."""
        dead = self.dead
        if self.paths is not None:
            return (p for p, d in zip(self.paths, dead) if not d)
        stem, start = self.stem, self.start
        return (stem + str(start + i) for i, d in enumerate(dead) if not d)


class NumberedNames:
    """The names ``stem + str(start + i)`` for ``i`` in ``range(n)`` (canonical
    decimals; the stem does not end in a digit): a loop's names (``stat
    probe-$i``), read as the sequence of them (``len``, iteration, indexing), which
    the failed-lookup path (``Kernel.lookup_missing`` down to
    :meth:`NegativeDentries.add`) checks and keeps by stem and range instead of
    name by name."""
    __slots__ = ("stem", "start", "n")

    def __init__(self, stem: str, start: int, n: int) -> None:
        if stem[-1:] in _DIGITS_SET or start < 0 or n < 0:
            raise ValueError(f"not a numbered batch: {stem!r}, {start}, {n}")
        self.stem = stem
        self.start = start
        self.n = n

    def __len__(self) -> int:
        return self.n

    def __iter__(self):
        return map(self.stem.__add__, map(str, range(self.start, self.start + self.n)))

    def __getitem__(self, i):
        if isinstance(i, slice):
            return list(self)[i]
        if i < 0:
            i += self.n
        if not 0 <= i < self.n:
            raise IndexError(i)
        return self.stem + str(self.start + i)

    def prefixed(self, prefix: str) -> "NumberedNames":
        """The same names with ``prefix`` in front (a directory's path)."""
        return NumberedNames(prefix + self.stem, self.start, self.n)

    def __repr__(self) -> str:
        return f"NumberedNames({self.stem!r}, {self.start}, {self.n})"


def numbered(paths: list[str] | NumberedNames) -> tuple[str, int] | None:
    """``(stem, start)`` when ``paths`` are ``stem + str(start + i)`` (canonical
    decimals, the stem not ending in a digit), else None."""
    if type(paths) is NumberedNames:
        return paths.stem, paths.start
    p0 = paths[0]
    stem = p0.rstrip(_DIGITS)
    digits = p0[len(stem):]
    if not digits or (digits[0] == "0" and len(digits) > 1):
        return None
    start = int(digits)
    # the batch's names made and compared in C
    if list(map(stem.__add__, map(str, range(start, start + len(paths))))) != paths:
        return None
    return stem, start


def _count_out(counts: dict, key) -> None:
    """One fewer of ``key`` in ``counts`` (gone at 0)."""
    n = counts[key]
    if n == 1:
        del counts[key]
    else:
        counts[key] = n - 1


class NegativeDentries:
    """The negative dentries by path: ``in``, ``get``, ``[path]``, ``len`` and
    iteration (paths oldest first, as a dict by path inserted run by run gives).
    Paths of ordinary runs are hashed one by one (``by_path``); numbered runs by
    their stem (``by_stem``), a lookup parsing the number off the path. ``dirs``
    counts the live ones per parent directory, so that a directory's removal or move
    finds its children without walking every run (the dcache's tree: ``d_subdirs``);
    ``path_dirs`` those of ``by_path``, so that a numbered batch is checked by path
    only in a directory that has such dentries."""
    __slots__ = ("by_path", "by_stem", "runs", "n", "dirs", "path_dirs")

    def __init__(self) -> None:
        self.by_path: dict[str, DentryRun] = {}
        #: stem -> its numbered runs (a tuple: most stems have one run, and a
        #: dying memcg's dentry run keeps its entry, issue 14)
        self.by_stem: dict[str, tuple[DentryRun, ...]] = {}
        #: runs with live dentries, in the order they were added
        self.runs: dict[DentryRun, None] = {}
        self.n = 0
        #: parent directory -> live negative dentries in it
        self.dirs: dict[str, int] = {}
        #: parent directory -> live negative dentries of ``by_path`` in it
        self.path_dirs: dict[str, int] = {}

    def add(self, cache, first: int, paths: list[str] | NumberedNames, exts: dict | None,
            memcg) -> DentryRun:
        """A run of new negative dentries (none of ``paths`` already negative)."""
        num = numbered(paths) if len(paths) > 1 else None
        dirs = self.dirs
        if num is None:
            paths = list(paths)
            run = DentryRun(cache, first, paths, exts, memcg)
            self.by_path.update(dict.fromkeys(paths, run))
            pdirs = self.path_dirs
            for p in paths:
                d = p.rpartition("/")[0]
                dirs[d] = dirs.get(d, 0) + 1
                pdirs[d] = pdirs.get(d, 0) + 1
        else:
            run = DentryRun(cache, first, paths, exts, memcg, *num)
            self._stem_add(num[0], run)
            d = num[0].rpartition("/")[0]
            dirs[d] = dirs.get(d, 0) + len(paths)
        self.runs[run] = None
        self.n += len(paths)
        return run

    def _stem_add(self, stem: str, run: DentryRun) -> None:
        self.by_stem[stem] = self.by_stem.get(stem, ()) + (run,)

    def _stem_remove(self, stem: str, run: DentryRun) -> None:
        runs = tuple(r for r in self.by_stem[stem] if r is not run)
        if runs:
            self.by_stem[stem] = runs
        else:
            del self.by_stem[stem]

    def find(self, path: str) -> tuple[DentryRun, int] | None:
        """The run holding the live negative dentry of ``path`` and its index."""
        run = self.by_path.get(path)
        if run is not None:
            return run, run.paths.index(path)  # type: ignore[union-attr]  # by_path: listed runs
        if not self.by_stem:
            return None
        stem = path.rstrip(_DIGITS)
        if len(stem) == len(path):
            return None
        runs = self.by_stem.get(stem)
        if runs is None:
            return None
        digits = path[len(stem):]
        if digits[0] == "0" and len(digits) > 1:
            return None
        num = int(digits)
        for run in runs:
            i = num - run.start
            if 0 <= i < len(run.dead) and not run.dead[i]:
                return run, i
        return None

    def missing(self, paths) -> list[str] | NumberedNames:
        """The paths of ``paths`` with no live negative dentry, in order (``not in``
        of each): when no name's stem has numbered runs (a new batch), no name is
        parsed."""
        by_path = self.by_path
        if type(paths) is NumberedNames and self._none_numbered(paths):
            return paths
        out = list(filterfalse(by_path.__contains__, paths)) if by_path else list(paths)
        by_stem = self.by_stem
        if not by_stem or by_stem.keys().isdisjoint(map(str.rstrip, out, repeat(_DIGITS))):
            return out
        return [p for p in out if self.find(p) is None]

    def _none_numbered(self, names: NumberedNames) -> bool:
        """Whether none of ``names`` has a live negative dentry: the numbered runs
        of their stem (the only ones that can hold them) by range, the others by
        path."""
        by_path = self.by_path
        if (by_path and names.stem.rpartition("/")[0] in self.path_dirs
                and not by_path.keys().isdisjoint(names)):
            return False
        lo = names.start
        hi = lo + names.n
        for run in self.by_stem.get(names.stem, ()):
            a, b = max(lo, run.start) - run.start, min(hi, run.start + len(run.dead)) - run.start
            if a < b and run.dead.count(0, a, b):
                return False
        return True

    def reference(self, path: str) -> None:
        """A lookup found ``path``'s negative dentry: ``dput`` of a dentry on the LRU
        sets DCACHE_REFERENCED (fs/dcache.c ``retain_dentry``, v5.10 and v6.1)."""
        hit = self.find(path)
        if hit is not None:
            run, i = hit
            if run.ref is None:
                run.ref = bytearray(len(run.dead))
            run.ref[i] = 1

    def get(self, path: str, default=None):
        """The run holding ``path``'s negative dentry, or ``default``."""
        hit = self.find(path)
        return default if hit is None else hit[0]

    def __contains__(self, path: str) -> bool:
        return self.find(path) is not None

    def __getitem__(self, path: str) -> DentryRun:
        hit = self.find(path)
        if hit is None:
            raise KeyError(path)
        return hit[0]

    def pop(self, path: str) -> tuple[DentryRun, int] | None:
        """Forget ``path``'s negative dentry: its run and index, or None."""
        hit = self.find(path)
        if hit is None:
            return None
        run, i = hit
        dead = run.dead
        if dead.__class__ is bytes:
            dead = run.dead = bytearray(dead)
        dead[i] = 1  # type: ignore[index]  # a bytearray now
        run.live -= 1
        self.n -= 1
        d = path.rpartition("/")[0]
        _count_out(self.dirs, d)
        if run.paths is not None:
            del self.by_path[path]
            run.paths[i] = None
            _count_out(self.path_dirs, d)
        if not run.live:
            del self.runs[run]
            if run.paths is None:
                self._stem_remove(run.stem, run)  # type: ignore[arg-type]  # numbered: a stem
        return hit

    def _under(self, top: str) -> bool:
        """Whether any live negative dentry lies below directory ``top``."""
        sub = top + "/"
        return any(d == top or d.startswith(sub) for d in self.dirs)

    def below(self, top: str) -> list[str]:
        """The live negative dentries below directory ``top``, oldest first."""
        if not self._under(top):
            return []
        sub = top + "/"
        return [p for p in self if p.startswith(sub)]

    def move_below(self, old: str, new: str) -> None:
        """``d_move`` of directory ``old`` to ``new``: the negative dentries below it
        keep their objects and list_lru places under the new name."""
        if not self._under(old):
            return
        sub = old + "/"
        for dirs in (self.dirs, self.path_dirs):
            for d in [d for d in dirs if d == old or d.startswith(sub)]:
                dirs[new + d[len(old):]] = dirs.pop(d)
        for run in self.runs:
            if run.paths is None and run.stem is not None:
                if run.stem.startswith(sub):
                    self._stem_remove(run.stem, run)
                    run.stem = new + run.stem[len(old):]
                    self._stem_add(run.stem, run)
                continue
            paths = run.paths or []     # a listed run (a numbered one continued)
            for i, p in enumerate(paths):
                if p is not None and p.startswith(sub):
                    q = new + p[len(old):]
                    del self.by_path[p]
                    paths[i] = q
                    self.by_path[q] = run

    def __len__(self) -> int:
        return self.n

    def __iter__(self):
        for run in self.runs:
            yield from run.live_paths()

    def items(self):
        """``(path, run)`` for every negative dentry, oldest first."""
        for run in self.runs:
            for p in run.live_paths():
                yield p, run
