"""Copies of slotted objects made at a fork: a forked shell's state
(``Shell.fork_state``) and its malloc arena (``Heap.fork``).

``copy.copy`` of a slotted object goes through ``__reduce_ex__`` (~40 k
instructions for ``Heap``'s 22 slots), ``setattr`` over the slots' names through
the generic attribute path (~700 instructions a slot, ~54 k for ``Shell``'s 77);
a function with one attribute load and store a slot, which the interpreter
specializes (``LOAD_ATTR_SLOT``, ``STORE_ATTR_SLOT``), ~40 a slot
(bench/README.md, session 19). Its code is compiled once and kept across
processes (``codecache.compiled``: 4 M instructions a start-up, session 20).
"""
from __future__ import annotations

from typing import Any, Callable

from ..codecache import compiled


def slot_copier(cls: type) -> Callable[[Any], Any]:
    """A function returning a new ``cls`` instance whose every slot (``cls.__slots__``,
    all set on the original) holds the original's value: a shallow copy."""
    names = cls.__slots__
    assert all(n.isidentifier() for n in names)
    body = "".join(f"    c.{n} = o.{n}\n" for n in names)
    src = f"def copy_{cls.__name__}(o):\n    c = new(cls)\n{body}    return c\n"
    ns: dict[str, Any] = {"new": cls.__new__, "cls": cls}
    exec(compiled(src, f"<slot_copier {cls.__qualname__}>"), ns)
    fn = ns[f"copy_{cls.__name__}"]
    fn.__doc__ = f"A shallow copy of a ``{cls.__qualname__}`` (every slot)."
    return fn
