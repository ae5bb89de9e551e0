"""What every start-up would build again, kept across processes in
``$XDG_CACHE_HOME/memcgsim/`` (``~/.cache/memcgsim/``) as marshal files.

``@dataclass`` writes the source of each class's ``__init__``, ``__repr__``,
``__eq__``, ``__hash__``, ``__setattr__`` and ``__delattr__`` and compiles it
with ``exec`` every time the program starts: 16.5 M instructions for
``KernelDesign``'s 38 fields, ~20 M for the three dataclasses ``memcgsim run``
imports (0.65 % of the seed script, bench/README.md). :func:`dataclass_code`
keeps the code objects compiled from each generated source text; the next
process executes the same code without compiling it. :func:`dataclass` is
``dataclasses.dataclass`` under it. The command line's options as argparse
parsed them are kept too (``cli._parse_own``), bashlex's parser tables
(``shell/lrcache.py``) and other generated code (:func:`compiled`: the fork's slot
copiers, ``shell/slotcopy.py``).
"""
from __future__ import annotations

import builtins
import marshal
import os
import sys
import zlib
from contextlib import contextmanager
from types import CodeType
from typing import dataclass_transform

from .lazyimport import deferred

with deferred("inspect"):   # dataclasses' import of it (memcgsim.lazyimport)
    import dataclasses


def cache_path(name: str) -> str:
    """The path of cache file ``name``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "memcgsim", name)


def source_key(*files: str) -> str:
    """A key naming what was made from these files' bytes (CRC-32 and length)."""
    crc, size = 0, 0
    for name in files:
        with open(name, "rb") as f:
            data = f.read()
        crc, size = zlib.crc32(data, crc), size + len(data)
    return f"{crc:08x}{size:x}"


def read_marshal(path: str):
    """The object stored in ``path``, or None when it is missing or damaged.
    ``marshal.loads`` of the file's bytes: ``marshal.load`` on a file object
    reads it a few bytes at a time (60 M instructions for bashlex's 85 KB)."""
    try:
        with open(path, "rb") as f:
            return marshal.loads(f.read())
    except (OSError, EOFError, ValueError, TypeError):
        return None


def write_marshal(path: str, obj) -> None:
    """Store ``obj`` atomically; a read-only home (or a value marshal cannot
    write) only costs the rebuild next time."""
    try:
        data = marshal.dumps(obj)
    except ValueError:
        return
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = f"{path}.{os.getpid()}"
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError:
        pass


#: the most source texts the file keeps: past it (classes edited since) it starts afresh
_MAX_CODES = 256
#: generated source text -> its code object (loaded at the first use)
_codes: dict[str, object] | None = None


def _code_path() -> str:
    # the code objects' format is the interpreter's (its version in the name)
    # ("-2": the files of the first version held code compiled with the annotations future)
    return cache_path("dataclass-code-2-%s-%x.marshal" % (sys.implementation.cache_tag,
                                                        sys.hexversion))


def _kept_codes() -> dict:
    """The code objects kept by source text (read from the file at the first use)."""
    global _codes
    if _codes is None:
        loaded = read_marshal(_code_path())
        _codes = loaded if type(loaded) is dict and len(loaded) <= _MAX_CODES else {}
    return _codes


def compiled(source: str, filename: str) -> CodeType:
    """``compile(source, filename, "exec", dont_inherit=True)``, kept in the same
    file as the dataclasses' methods (keyed by both: a NUL, which no source holds,
    between them). Besides the compile itself, the first ``compile()`` of a process
    builds the ``_ast`` module's types (``PyAST_Check``: 9.4 M instructions), which
    ``exec`` of a text does not: a start-up that compiles nothing skips both."""
    codes = _kept_codes()
    key = f"{filename}\0{source}"
    code = codes.get(key)
    if type(code) is not CodeType:
        code = codes[key] = compile(source, filename, "exec", dont_inherit=True)
        write_marshal(_code_path(), codes)
    return code


@contextmanager
def dataclass_code():
    """While the block runs, the methods ``dataclasses`` generates are compiled
    from their source text once and kept (``dataclasses._create_fn`` executes
    each text with ``exec``: the module's ``exec`` is made one that runs the
    code kept for the same text). The code is what ``exec`` would compile,
    file name ``<string>`` as there, so the classes are the same."""
    codes = _kept_codes()
    new = []

    def cached_exec(source, globals=None, locals=None, /):
        if type(source) is str:
            code = codes.get(source)
            if type(code) is not CodeType:      # not kept (or a damaged file's)
                # dont_inherit: not this module's ``annotations`` future, which
                # would leave the methods' annotations as the wrapper's local names
                code = codes[source] = compile(source, "<string>", "exec", dont_inherit=True)
                new.append(source)
            source = code
        return builtins.exec(source, globals, locals)

    outer = dataclasses.__dict__.get("exec")
    dataclasses.exec = cached_exec
    try:
        yield
    finally:
        if outer is None:
            del dataclasses.exec
        else:
            dataclasses.exec = outer
        if new:
            write_marshal(_code_path(), codes)


@dataclass_transform(field_specifiers=(dataclasses.field, dataclasses.Field))
def dataclass(cls=None, /, **params):
    """``dataclasses.dataclass(cls, **params)``, its methods' code compiled once
    (:func:`dataclass_code`); as a decorator with or without arguments."""
    def wrap(cls):
        with dataclass_code():
            return dataclasses.dataclass(cls, **params)
    return wrap if cls is None else wrap(cls)
