"""How deep a script's functions may nest: bash's ``FUNCNEST`` and the Python stack the
interpreter needs to follow them.

bash 5.2 has no nesting limit of its own unless ``FUNCNEST`` sets one (variables.c
``sv_funcnest``, execute_cmd.c ``execute_function``); a runaway recursion ends when
bash's C stack meets ``RLIMIT_STACK`` (SIGSEGV: ~8,300 levels of a one-line function
at 8 MiB on bash 5.2.15). The interpreter follows each level with ~8 Python frames,
nested generators each resumed through the C stack, so how deep it can follow is
set by memcgsim's own stack: :func:`python_stack` raises Python's recursion limit
to what that stack holds, so the limit is met as a ``RecursionError`` (reported on
the script's line) before the C stack overflows.
"""
from __future__ import annotations

import resource
import sys
from contextlib import contextmanager

from .legalnum import number_or_zero

#: C stack a Python frame of the interpreter may need: an 8 MiB stack overflowed
#: between 20,000 and 25,000 frames of a recursing script's generator chain (CPython
#: 3.11, x86-64: ``python bench/recursion_depth.py``, figures in bench/README.md
#: "Session 20, lead"), so 640 bytes a frame (13,107 frames) keeps a margin of 1.5x.
FRAME_BYTES = 640
#: Python's default recursion limit, the least this sets; and the most (bash's
#: ~8,300 levels of 8 frames need ~66,000: a 64 MiB stack or more).
MIN_FRAMES = 1000
MAX_FRAMES = 100_000


def funcnest_max(value: str | None) -> int:
    """``sv_funcnest``: FUNCNEST's value as a number (``legal_number``), 0 (no
    limit) when unset or not a number; a limit applies when positive."""
    return number_or_zero(value)


def too_deep(script: str, lineno: int, e: RecursionError, functions: int) -> str:
    """The model's report of a RecursionError: how many functions deep the
    script was (the innermost call's count, ``Shell.call_function`` adds it to
    ``e.args``, else ``functions``) and how to let it go deeper. Not bash's:
    bash follows ~8,300 levels where the model stops, so the (sub)shell it
    met ends with status 2 (its parent, a script's other jobs, go on)."""
    depth = e.args[1] if len(e.args) > 1 else functions
    return (f"memcgsim: {script}:{lineno}: nested deeper than memcgsim's own stack lets it "
            f"follow ({depth} functions deep): raise its stack limit (ulimit -s before "
            f"running memcgsim) to go deeper\n")


def stack_frames() -> int:
    """The recursion limit the process's stack limit (``RLIMIT_STACK``) allows."""
    soft = resource.getrlimit(resource.RLIMIT_STACK)[0]
    if soft == resource.RLIM_INFINITY:
        return MAX_FRAMES
    return max(MIN_FRAMES, min(MAX_FRAMES, soft // FRAME_BYTES))


@contextmanager
def python_stack():
    """Within: Python's recursion limit as deep as :func:`stack_frames` (never
    lowered); restored after."""
    old = sys.getrecursionlimit()
    new = stack_frames()
    if new > old:
        sys.setrecursionlimit(new)
    try:
        yield
    finally:
        if new > old:
            sys.setrecursionlimit(old)
