"""shell/slotcopy.py: the copies a fork makes of slotted objects."""
import pytest

from memcgsim.shell.malloc import Heap
from memcgsim.shell.slotcopy import slot_copier

from test_malloc import Pages


class Point:
    __slots__ = ("x", "y", "tags")


def test_a_copy_holds_every_slot_of_the_original():
    p = Point()
    p.x, p.y, p.tags = 1, None, ["a"]
    q = slot_copier(Point)(p)
    assert type(q) is Point and q is not p
    assert all(getattr(q, n) is getattr(p, n) for n in Point.__slots__)


def test_an_unset_slot_is_an_error():
    p = Point()
    p.x = 1
    with pytest.raises(AttributeError):
        slot_copier(Point)(p)


def test_a_forked_heap_is_its_parents_but_for_the_task_and_sharing():
    h = Heap(Pages(), "parent", top=0, brk=0)
    h.free(h.malloc(24))
    c = h.fork("child")
    assert c.task == "child" and c.shared is h.shared == [2] and c.tc_fork
    same = set(Heap.__slots__) - {"task", "shared", "tc_fork"}
    assert all(getattr(c, n) is getattr(h, n) for n in same)
