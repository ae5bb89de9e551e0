"""A memcg-aware ``struct list_lru`` (mm/list_lru.c, v5.10 and v6.1): per memcg a
``list_lru_one`` (its items, oldest first, and ``nr_items``), so that
``list_lru_shrink_count`` reads a counter instead of walking the objects.
``list_lru_add`` puts an item on the list of the memcg its object is charged to
(``list_lru_from_kmem`` → ``mem_cgroup_from_obj``/``mem_cgroup_from_slab_obj``),
``list_lru_del`` and ``list_lru_isolate`` take it off; an offline memcg's items join
its parent's list (``memcg_drain_all_list_lrus`` v5.10, ``memcg_reparent_list_lrus``
v6.1, onto its head): here they are added again, in their order, to the list of
their object's memcg, which the objcg's reparenting made the parent's.
"""
from __future__ import annotations


class ListLru:
    """``struct list_lru``: ``lists`` (memcg -> its ``list_lru_one``, a dict of the
    items, head first, each with its LRU position, ``nr_items`` its length; an
    emptied list is dropped) and ``where`` (item -> the memcg whose list holds it).
    Positions rise from head to tail on each list (``list_lru_add`` takes the
    superblock's next tail position)."""
    __slots__ = ("lists", "where")

    def __init__(self) -> None:
        self.lists: dict = {}
        self.where: dict = {}

    def add(self, item, memcg, seq: int) -> bool:
        """``list_lru_add`` onto the tail of ``memcg``'s list at position ``seq``
        (moved there if on another); False if already on it (it keeps its place)."""
        old = self.where.get(item, self)
        if old is memcg:
            return False
        if old is not self:
            self.delete(item)
        one = self.lists.get(memcg)
        if one is None:
            one = self.lists[memcg] = {}
        one[item] = seq
        self.where[item] = memcg
        return True

    def delete(self, item) -> None:
        """``list_lru_del``: off its list, if on one."""
        if item in self.where:
            memcg = self.where.pop(item)
            one = self.lists[memcg]
            del one[item]
            if not one:
                del self.lists[memcg]

    def count(self, memcg) -> int:
        """``list_lru_count_one``: ``nr_items`` of ``memcg``'s list."""
        one = self.lists.get(memcg)
        return len(one) if one is not None else 0
