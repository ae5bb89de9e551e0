"""Standard-library modules some importers load but seldom use, imported at
their first use instead; the model's own modules that only some scripts run,
loaded at their first use; regular expressions compiled at their first use.

``inspect`` (with ``ast``, ``dis``, ``tokenize`` and ``linecache``: 35 M
instructions, 1.2 % of ``memcgsim run`` on the seed script, bench/README.md) is
imported by ``dataclasses`` and by bashlex's PLY, which use it only for a
dataclass without a docstring and when the parser is rebuilt
(``shell/lrcache.py``). ``importlib.util.LazyLoader`` does not help there: on
this interpreter the next ``import inspect`` statement reads the module's
``__spec__``, which loads it. It does for the shell's own modules that a bash
script seldom runs (:func:`lazy_submodules`): their importers take them as
``from . import NAME``, which reads the package's attribute only.
"""
from __future__ import annotations

import importlib
import importlib.util
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


def lazy_submodules(package: str, names: tuple[str, ...]) -> None:
    """Each ``package.NAME`` of ``names`` made a module loaded at the first read of
    one of its attributes (``importlib.util.LazyLoader``): ``from . import NAME``
    gives it unloaded, ``NAME.f(...)`` loads it; an ``import`` of the module's
    own name (``import package.NAME``, ``from .NAME import f``) loads it too.
    Its file is found now (``find_spec``: a few stats, ~0.15 M instructions),
    its code read and run at the first use (0.3-1.3 M each: bench/README.md,
    session 42). Call it in ``package``'s ``__init__`` before the modules that
    import them; a module already imported is left alone."""
    parent = sys.modules[package]
    for name in names:
        full = f"{package}.{name}"
        if full in sys.modules:
            continue
        spec = importlib.util.find_spec(full)
        assert spec is not None and spec.loader is not None, full
        spec.loader = loader = importlib.util.LazyLoader(spec.loader)
        module = importlib.util.module_from_spec(spec)
        sys.modules[full] = module
        loader.exec_module(module)
        setattr(parent, name, module)


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
