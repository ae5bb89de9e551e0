"""bash's associative arrays (``declare -A``), in bash's own order.

bash keeps them in a hash table (hashlib.c): FNV-1 hashes of the keys, 1024 buckets
to start with (``ASSOC_HASH_BUCKETS``), a new item at the head of its bucket, and
four times the buckets once there are twice as many items as buckets (the items
re-inserted bucket by bucket). ``${!a[@]}`` and ``${a[@]}`` walk the buckets in
order, so a script sees its keys in that order; this class reproduces it.
"""
from __future__ import annotations

from functools import lru_cache

ASSOC_HASH_BUCKETS = 1024
FNV_OFFSET, FNV_PRIME = 2166136261, 16777619


def hash_string(key: str) -> int:
    """``hash_string``: FNV-1 over the key's bytes, 32 bits."""
    h = FNV_OFFSET
    for c in key.encode("utf-8", "surrogateescape"):
        h = (h * FNV_PRIME) & 0xFFFFFFFF
        h ^= c
    return h


@lru_cache(maxsize=4096)
def _hash(name: str) -> int:
    return hash_string(name)


def table_order(names, nbuckets: int) -> list[str]:
    """``names`` (in the order they entered a bash hash table of ``nbuckets``
    buckets) in the order ``flatten`` and ``hash_walk`` walk it: bucket by bucket,
    the newest of a bucket first (hashlib.c ``hash_insert`` puts an item at its
    bucket's head)."""
    order = list(names)
    if len(order) < 2:
        return order
    mask = nbuckets - 1
    n = len(order)
    return [order[i] for _, _, i in sorted((_hash(k) & mask, n - i, i) for i, k in enumerate(order))]


class Assoc(dict):
    """key -> value, iterated (:meth:`ordered`) as bash walks its table. Never changed
    in place once shared: copy, then change (like the shell's indexed arrays)."""
    __slots__ = ("nbuckets", "buckets")

    def __init__(self) -> None:
        super().__init__()
        self.nbuckets = ASSOC_HASH_BUCKETS
        self.buckets: dict[int, list[str]] = {}

    def copy(self) -> "Assoc":
        a = Assoc()
        dict.update(a, self)
        a.nbuckets = self.nbuckets
        a.buckets = {b: list(keys) for b, keys in self.buckets.items()}
        return a

    def __setitem__(self, key: str, value: str) -> None:
        if key not in self:
            if len(self) >= self.nbuckets * 2:
                self._grow()
            self.buckets.setdefault(hash_string(key) & (self.nbuckets - 1), []).insert(0, key)
        dict.__setitem__(self, key, value)

    def __delitem__(self, key: str) -> None:
        dict.__delitem__(self, key)
        b = hash_string(key) & (self.nbuckets - 1)
        self.buckets[b].remove(key)
        if not self.buckets[b]:
            del self.buckets[b]

    def _grow(self) -> None:
        """``hash_rehash``: four times the buckets, items re-inserted in walk order."""
        old = self.ordered()
        self.nbuckets *= 4
        self.buckets = {}
        for key in old:
            self.buckets.setdefault(hash_string(key) & (self.nbuckets - 1), []).insert(0, key)

    def ordered(self) -> list[str]:
        return [k for b in sorted(self.buckets) for k in self.buckets[b]]
