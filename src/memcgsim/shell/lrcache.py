"""Cache bashlex's LALR tables across processes.

bashlex 0.18 vendors a PLY whose ``yacc()`` rebuilds the LALR(1) tables on every
import (its shipped ``parsetab.py`` is never read): 0.2 s of every ``memcgsim run``.
:func:`install` swaps ``bashlex.yacc.LRTable`` for a subclass that loads the
action and goto tables from ``$XDG_CACHE_HOME/memcgsim/`` when they were built
from the same grammar, and builds and stores them otherwise. The package's
``__init__`` (which builds the parser) runs only after the swap, and without
PLY's check of its source for rules defined twice.
"""
from __future__ import annotations

import importlib
import importlib.util
import marshal
import os
import sys
import zlib


def _cache_path(grammar, yacc_file: str) -> str:
    sig = repr([(p.name, p.prod, p.prec) for p in grammar.Productions])
    key = f"{zlib.crc32((yacc_file + sig).encode()):08x}{len(sig):x}"
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "memcgsim", f"bashlex-lalr-{key}.marshal")


def _cached(LRTable, yacc_file: str):
    class CachedLRTable(LRTable):
        """``LRTable`` whose tables come from the cache when the grammar matches."""

        def __init__(self, grammar, log=None):
            path = _cache_path(grammar, yacc_file)
            try:
                with open(path, "rb") as f:
                    action, goto = marshal.load(f)
            except (OSError, EOFError, ValueError, TypeError):
                super().__init__(grammar, log)
                _store(path, self.lr_action, self.lr_goto)
                return
            self.grammar = grammar
            self.lr_action, self.lr_goto = action, goto
            self.lr_productions = grammar.Productions
            self.sr_conflicts, self.rr_conflicts = [], []

    return CachedLRTable


def _store(path: str, action, goto) -> None:
    """Write atomically; a read-only home only costs the rebuild next time."""
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = f"{path}.{os.getpid()}"
        with open(tmp, "wb") as f:
            marshal.dump((action, goto), f)
        os.replace(tmp, path)
    except OSError:
        pass


def _no_lint(self) -> None:
    """``ParserReflect.validate_modules`` left out (see :func:`import_bashlex`)."""


def import_bashlex():
    """Import bashlex with the cached tables: the package object is created
    first without running its ``__init__``, so ``bashlex.yacc`` can be patched."""
    if "bashlex" in sys.modules:
        return sys.modules["bashlex"]
    spec = importlib.util.find_spec("bashlex")
    pkg = importlib.util.module_from_spec(spec)
    sys.modules["bashlex"] = pkg
    try:
        yacc = importlib.import_module("bashlex.yacc")
        yacc.LRTable = _cached(yacc.LRTable, yacc.__file__)
        # validate_modules re-reads bashlex/parser.py's source to warn about p_
        # functions defined twice: a fixed package's lint, 2 ms of every run
        yacc.ParserReflect.validate_modules = _no_lint
        spec.loader.exec_module(pkg)
    except BaseException:
        sys.modules.pop("bashlex", None)
        raise
    return pkg
