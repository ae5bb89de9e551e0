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
