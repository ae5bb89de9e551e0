"""Tables that fit the terminal: its width (``COLUMNS`` first, piped or not),
cells wrapped at word and identifier boundaries, never cut."""
from __future__ import annotations

import os
import re
import shutil
import sys

#: where a cell may break: after spaces and after ``_ - / , =`` inside identifiers
_CHUNK = re.compile(r"[^ _\-/,=]*(?:[ _\-/,=]+|$)")


def term_width(stream=None) -> int:
    """The width to fit: ``$COLUMNS`` when set (as when piped), else the
    terminal's, else 80."""
    cols = os.environ.get("COLUMNS", "")
    if cols.isdigit() and int(cols) > 0:
        return int(cols)
    stream = stream or sys.stdout
    try:
        if stream.isatty():
            return shutil.get_terminal_size((80, 24)).columns
    except (AttributeError, ValueError, OSError):
        pass
    return 80


def console(stream=None):
    """A rich Console of :func:`term_width` columns on ``stream`` (stdout)."""
    from rich.console import Console
    return Console(file=stream or sys.stdout, width=term_width(stream), highlight=False)


def chunks(line: str) -> list[str]:
    """``line`` cut after each break opportunity; the pieces join to ``line``."""
    return [c for c in _CHUNK.findall(line) if c]


def longest_chunk(text: str) -> int:
    return max((len(c.rstrip()) for line in text.splitlines() for c in chunks(line)),
               default=0)


def wrap(text: str, width: int) -> str:
    """``text`` in lines of at most ``width`` characters, broken after spaces and
    identifier separators, a piece longer than the width folded: nothing is cut."""
    width = max(1, width)
    out: list[str] = []
    for line in text.splitlines() or [""]:
        cur = ""
        for c in chunks(line):
            if len(cur) + len(c.rstrip()) > width and cur:
                out.append(cur.rstrip())
                cur = ""
            while len(c.rstrip()) > width:
                out.append(c[:width])
                c = c[width:]
            cur += c
        out.append(cur.rstrip())
    return "\n".join(out)


def fit_widths(natural: list[int], minimum: list[int], budget: int) -> list[int]:
    """Column widths summing to at most ``budget``: each at least its ``minimum``
    (scaled down, folding, when even those do not fit), the room left going to
    the columns furthest from their ``natural`` width."""
    minimum = [max(1, min(m, n)) for m, n in zip(minimum, natural)]
    if sum(minimum) > budget:
        total = sum(minimum)
        return [max(1, budget * m // total) for m in minimum]
    w = list(minimum)
    extra = budget - sum(w)
    while extra > 0:
        gaps = [n - x for n, x in zip(natural, w)]
        i = max(range(len(w)), key=lambda j: gaps[j])
        if gaps[i] <= 0:
            break
        w[i] += 1
        extra -= 1
    return w


def fitted(rows: list[list[str]], width: int, overhead_per_column: int = 3,
           max_min: int = 16) -> tuple[list[int], list[list[str]]]:
    """Widths for ``rows`` (the header first) in a table ``width`` wide whose
    borders and padding take ``overhead_per_column`` each (plus one), and the
    cells wrapped to them."""
    ncol = len(rows[0])
    cols = [[r[i] for r in rows] for i in range(ncol)]
    natural = [max((len(line) for c in col for line in c.splitlines()), default=1) or 1
               for col in cols]
    minimum = [min(max_min, max(longest_chunk(c) for c in col) or 1) for col in cols]
    widths = fit_widths(natural, minimum, width - 1 - overhead_per_column * ncol)
    return widths, [[wrap(c, w) for c, w in zip(r, widths)] for r in rows]
