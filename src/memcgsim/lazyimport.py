"""Standard-library modules some importers load but seldom use, imported at
their first use instead; regular expressions compiled at their first use.

``inspect`` (with ``ast``, ``dis``, ``tokenize`` and ``linecache``: 35 M
instructions, 1.2 % of ``memcgsim run`` on the seed script, bench/README.md) is
imported by ``dataclasses`` and by bashlex's PLY, which use it only for a
dataclass without a docstring and when the parser is rebuilt
(``shell/lrcache.py``). ``importlib.util.LazyLoader`` does not help: on this
interpreter the next ``import inspect`` statement reads the module's
``__spec__``, which loads it.
"""
from __future__ import annotations

import importlib
import re
import sys
from contextlib import contextmanager
from types import ModuleType


@contextmanager
def deferred(name: str):
    """While the block runs, ``import name`` gives a stand-in module whose
    attributes are the real module's, imported at the first access; the
    modules imported in the block keep the stand-in, later importers get the
    real module (nothing changes when it is already imported)."""
    if name in sys.modules:
        yield
        return
    stand_in = ModuleType(name, f"Stand-in for {name}, imported at first use "
                                "(memcgsim.lazyimport).")

    def __getattr__(attr: str):
        return getattr(importlib.import_module(name), attr)

    stand_in.__getattr__ = __getattr__
    sys.modules[name] = stand_in
    try:
        yield
    finally:
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]


class LazyPattern:
    """``re.compile(pattern, flags)`` compiled when one of its attributes is first
    read (``match``, ``finditer``...), then kept as this object's attributes: a
    module's pattern that few scripts use costs nothing at start (0.3-2 M
    instructions each; ``memcgsim run`` compiled 11 at import)."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args = (pattern, flags)

    def __getattr__(self, name: str):
        value = getattr(re.compile(*self._args), name)
        setattr(self, name, value)
        return value
