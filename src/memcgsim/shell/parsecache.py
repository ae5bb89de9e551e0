"""Parsed programs kept across processes in ``$XDG_CACHE_HOME/memcgsim/parsed/``.

A program's tree (:mod:`.nodes`) depends on its text and on the parser's code
alone, and holds nothing of a run (``interp._parse_program``). Parsing the seed
script took 29 M instructions and importing bashlex for it 29 M more, a quarter
of ``memcgsim run``'s start-up (bench/README.md, session 24); the tree pickled
is read back in 9 M, and bashlex is not imported at all (``parser.py`` imports it
at the first parse). A file holds ``(text, tree)`` and is named by the text's
CRC-32 and length and by the parser's sources: the name, size and modification
time of every module of the shell package, its commands and bashlex (the check
Python's own bytecode cache makes of a source), so an edited parser parses anew.
About ``MAX_FILES`` trees are kept (the oldest go). The files are read as
Python's ``.pyc`` files in ``__pycache__`` are: as code the user's own account
wrote.
"""
from __future__ import annotations

import importlib.util
import os
import sys
import zlib

try:        # the C unpickler alone (``pickle``'s Python module costs 4.5 M to import)
    from _pickle import dumps, loads
except ImportError:  # pragma: no cover - an interpreter without the accelerator
    from pickle import dumps, loads

from ..codecache import cache_path

#: the trees kept: past twice as many files the oldest go, down to this many (a
#: test run parses thousands of scripts: the directory is sorted once in 64)
MAX_FILES = 64

_sources: str | None = None


def _sources_key() -> str:
    """The parser's sources' signature (each module's name, size and mtime)."""
    global _sources
    if _sources is None:
        here = os.path.dirname(os.path.abspath(__file__))
        dirs = [here, os.path.join(here, "commands")]
        spec = importlib.util.find_spec("bashlex")
        if spec is not None and spec.submodule_search_locations:
            dirs.extend(spec.submodule_search_locations)
        sig = []
        for d in dirs:
            with os.scandir(d) as it:
                for e in it:
                    if e.name.endswith(".py"):
                        st = e.stat()
                        sig.append(f"{d}/{e.name}:{st.st_size}:{st.st_mtime_ns}")
        sig.sort()
        _sources = "%08x" % zlib.crc32("\n".join(sig).encode())
    return _sources


def _path(text: str) -> str:
    data = text.encode("utf-8", "surrogatepass")
    return cache_path(f"parsed/{sys.implementation.cache_tag}-{sys.hexversion:x}-"
                      f"{_sources_key()}-{zlib.crc32(data):08x}{len(data):x}.pickle")


def load(text: str):
    """The tree kept for ``text``, or None (not kept, damaged, another text)."""
    try:
        path = _path(text)
        with open(path, "rb") as f:
            kept, node = loads(f.read())
    except Exception:   # missing, unreadable, damaged or of other code: parse anew
        return None
    return node if kept == text else None


def store(text: str, node) -> None:
    """Keep ``node`` for ``text`` (atomically); a tree pickle cannot write, or a
    read-only home, only costs the parse next time."""
    try:
        path = _path(text)
        data = dumps((text, node), 5)
        d = os.path.dirname(path)
        os.makedirs(d, exist_ok=True)
        tmp = f"{path}.{os.getpid()}"
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
        names = os.listdir(d)
        if len(names) > 2 * MAX_FILES:
            paths = sorted((os.path.join(d, n) for n in names), key=os.path.getmtime)
            for p in paths[:len(paths) - MAX_FILES]:
                os.unlink(p)
    except Exception:   # RecursionError on a deep tree, OSError, a race on the unlinks
        pass
