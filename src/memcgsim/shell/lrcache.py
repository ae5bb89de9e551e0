"""Cache bashlex's parser across processes.

bashlex 0.18 vendors a PLY whose ``yacc()`` collects the grammar from the
docstrings of ``bashlex/parser.py`` and builds the LALR(1) tables on every
import (its shipped ``parsetab.py`` is never read): 0.2 s of every ``memcgsim
run``, and ``ParserReflect`` is PLY's only user of ``inspect``.
:func:`import_bashlex` swaps ``bashlex.yacc.yacc`` for :func:`_cached_yacc`,
which rebuilds the parser from the productions and tables stored in
``$XDG_CACHE_HOME/memcgsim/`` when they were made from the same ``yacc.py`` and
``parser.py`` (their bytes are the key), and runs PLY's ``yacc()`` and stores
its result otherwise. The package's ``__init__`` (which builds the parser)
runs only after the swap.
"""
from __future__ import annotations

import importlib
import importlib.util
import sys

from ..codecache import cache_path, read_marshal, source_key, write_marshal
from ..lazyimport import deferred


def _cache_path(*files: str) -> str:
    return cache_path(f"bashlex-parser-{source_key(*files)}.marshal")


def _load(path: str, yacc, pdict: dict):
    """The parser rebuilt from the cache file, or None when it is missing or
    damaged (:func:`memcgsim.codecache.read_marshal`)."""
    try:
        prods, action, goto = read_marshal(path)
        productions = []
        for number, (name, prod, prec, func) in enumerate(prods):
            p = yacc.Production(number, name, prod, prec, func)
            p.bind(pdict)
            productions.append(p)
    except (ValueError, TypeError, KeyError):
        return None
    lr = yacc.LRTable.__new__(yacc.LRTable)
    lr.lr_productions, lr.lr_action, lr.lr_goto = productions, action, goto
    return yacc.LRParser(lr, pdict.get("p_error"))


def _store(path: str, parser) -> None:
    """Write atomically (:func:`memcgsim.codecache.write_marshal`)."""
    prods = [(p.name, p.prod, p.prec, p.func) for p in parser.productions]
    write_marshal(path, (prods, dict(parser.action), dict(parser.goto)))


def _cached(yacc_fn, yacc):
    def _cached_yacc(**kwargs):
        """``yacc.yacc(**kwargs)`` for the calling module, from the cache when
        it holds a parser built from the same sources."""
        module = sys.modules[sys._getframe(1).f_globals["__name__"]]
        pdict = vars(module)
        path = _cache_path(yacc.__file__, module.__file__)
        parser = _load(path, yacc, pdict)
        if parser is None:
            parser = yacc_fn(module=module, **kwargs)
            _store(path, parser)
        return parser

    return _cached_yacc


def _no_lint(self) -> None:
    """``ParserReflect.validate_modules`` left out (see :func:`import_bashlex`)."""


def import_bashlex():
    """Import bashlex with the cached parser: the package object is created
    first without running its ``__init__``, so ``bashlex.yacc`` can be patched."""
    if "bashlex" in sys.modules:
        return sys.modules["bashlex"]
    spec = importlib.util.find_spec("bashlex")
    pkg = importlib.util.module_from_spec(spec)
    sys.modules["bashlex"] = pkg
    try:
        with deferred("inspect"):   # used only by a rebuild (memcgsim.lazyimport)
            yacc = importlib.import_module("bashlex.yacc")
        yacc.yacc = _cached(yacc.yacc, yacc)
        # validate_modules re-reads bashlex/parser.py's source to warn about p_
        # functions defined twice: a fixed package's lint, 2 ms of a rebuild
        yacc.ParserReflect.validate_modules = _no_lint
        spec.loader.exec_module(pkg)
    except BaseException:
        sys.modules.pop("bashlex", None)
        raise
    return pkg
