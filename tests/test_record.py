"""memcgsim.record.Record behaves as the frozen dataclasses it replaced."""
from __future__ import annotations

import pytest

from memcgsim.kernel.fork import SLEEP_IMAGE, ProgramImage
from memcgsim.kernel.sizes import PcpuArea
from memcgsim.record import Record


class Point(Record):
    """A test record."""
    x: int
    y: int
    label: str | None
    __slots__ = tuple(__annotations__)
    _defaults = {"label": None}


def test_construction_positional_keyword_and_defaults():
    p = Point(1, y=2)
    assert (p.x, p.y, p.label) == (1, 2, None)
    assert Point(1, 2, "a").label == "a"
    with pytest.raises(TypeError):
        Point(1)                    # y missing
    with pytest.raises(TypeError):
        Point(1, 2, x=3)            # x twice
    with pytest.raises(TypeError):
        Point(1, 2, z=3)            # no such field
    with pytest.raises(TypeError):
        Point(1, 2, 3, 4)


def test_frozen_value_semantics():
    p = Point(1, 2)
    with pytest.raises(AttributeError):
        p.x = 5
    with pytest.raises(AttributeError):
        del p.y
    assert not hasattr(p, "__dict__")
    assert p == Point(1, 2) and p != Point(1, 3)
    assert hash(p) == hash(Point(1, 2))
    assert len({p, Point(1, 2), Point(2, 1)}) == 2
    assert repr(p) == "Point(x=1, y=2, label=None)"


def test_replace_and_subclasses():
    image = SLEEP_IMAGE.replace(minflt=5)
    assert type(image) is ProgramImage and image.minflt == 5
    assert image.slab == SLEEP_IMAGE.slab and SLEEP_IMAGE.minflt == 41
    assert image != SLEEP_IMAGE
    area = PcpuArea("vmstats", 8, 8)
    assert area.charged is False and area == PcpuArea(field="vmstats", size=8, align=8)


class Tail(Record):
    """A record whose field with a default comes before one without (no
    signature of positional parameters has that order)."""
    x: int
    y: int
    z: int
    __slots__ = tuple(__annotations__)
    _defaults = {"y": 7}


class Point3(Point):
    """A subclass: its own fields (its ``__slots__``), its own ``__init__``."""
    z: int
    __slots__ = tuple(__annotations__)


def test_each_class_its_own_init_from_its_first_instance():
    class Pair(Record):
        """A record made here, so that no other test has made one first."""
        a: int
        b: str
        __slots__ = tuple(__annotations__)
        _defaults = {"b": "-"}

    assert Pair.__init__ is Record.__init__
    p = Pair(1)
    init = Pair.__init__
    assert init is not Record.__init__ and init.__qualname__.endswith("Pair.__init__")
    assert (p.a, p.b) == (1, "-") and Pair(b="x", a=2) == Pair(2, "x")
    assert Pair.__init__ is init                    # made once
    with pytest.raises(TypeError):
        Pair()
    with pytest.raises(TypeError):
        Pair(1, "x", 3)
    with pytest.raises(TypeError):
        Pair(1, c=3)
    # a subclass does not take its base's: it sets its own fields
    Point(1, 2)
    q = Point3(5)
    assert q.z == 5 and Point3.__init__ is not Point.__init__
    # defaults that do not end the fields: the generic loop, the same values
    t = Tail(1, z=3)
    assert (t.x, t.y, t.z) == (1, 7, 3) and Tail(1, 2, 3).y == 2
    with pytest.raises(TypeError):
        Tail(1, 2)                  # z missing
