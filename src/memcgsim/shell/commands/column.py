"""``column`` (util-linux 2.38.1, Debian 12's bsdextrautils; busybox has none): its
input's lines as columns filled down (or across with ``-x``) to the terminal's
width, or with ``-t`` as a table of their fields (text-utils/column.c)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ._util import Out, UsageError, command, err, getopt, open_input, strerror

if TYPE_CHECKING:
    from ..context import CommandContext

#: column.c ``TABCHAR_CNT``
TABCHAR_CNT = 8
#: ``get_terminal_width``'s default off a terminal (and without COLUMNS)
DEFAULT_WIDTH = 80


def _columnate(ents: list[str], width: int, across: bool) -> str:
    """column.c ``columnate_fillcols`` (``columnate_fillrows`` if ``across``): each
    entry's column a multiple of TABCHAR_CNT past the longest, tabs up to the next;
    ``simple`` (one a line) when the longest does not fit."""
    longest = max(map(len, ents))
    if longest >= width:
        return "".join(e + "\n" for e in ents)
    maxlength = (longest + TABCHAR_CNT) & ~(TABCHAR_CNT - 1)
    numcols = max(width // maxlength, 1)
    out: list[str] = []

    def pad(chcnt: int, endcol: int) -> int:
        while (cnt := (chcnt + TABCHAR_CNT) & ~(TABCHAR_CNT - 1)) <= endcol:
            out.append("\t")
            chcnt = cnt
        return chcnt

    if across:
        chcnt = col = 0
        endcol = maxlength
        for i, e in enumerate(ents):
            out.append(e)
            chcnt += len(e)
            if i == len(ents) - 1:
                break
            col += 1
            if col == numcols:
                chcnt = col = 0
                endcol = maxlength
                out.append("\n")
            else:
                chcnt = pad(chcnt, endcol)
                endcol += maxlength
        if chcnt:
            out.append("\n")
        return "".join(out)
    numrows = -(-len(ents) // numcols)
    for row in range(numrows):
        endcol = maxlength
        base, chcnt = row, 0
        for _ in range(numcols):
            out.append(ents[base])
            chcnt += len(ents[base])
            base += numrows
            if base >= len(ents):
                break
            chcnt = pad(chcnt, endcol)
            endcol += maxlength
        out.append("\n")
    return "".join(out)


def _split(line: str, seps: str | None, limit: int) -> list[str]:
    """A line's fields: split at runs of blanks (``greedy``, the default) or at each
    character of ``-s SEP``; with ``-l N`` the N-th holds the rest of the line."""
    if seps is None:
        if limit:
            return line.split(None, limit - 1) if line.strip() else []
        return line.split()
    fields, cur = [], 0
    for i, c in enumerate(line):
        if c in seps and (not limit or len(fields) < limit - 1):
            fields.append(line[cur:i])
            cur = i + 1
    fields.append(line[cur:])
    return fields


def _table(rows: list[list[str]], sep: str, right: set[int], header: list[str] | None) -> str:
    """``-t``: the fields left-aligned (right with ``-R``) to their column's widest,
    ``-o SEP`` (two spaces) between; the last column not padded."""
    if header:
        rows = [header] + rows
    ncols = max(map(len, rows))
    widths = [max((len(r[c]) for r in rows if c < len(r)), default=0) for c in range(ncols)]
    out = []
    for r in rows:
        cells = []
        for c in range(ncols):
            v = r[c] if c < len(r) else ""
            if c + 1 in right:
                v = v.rjust(widths[c])
            elif c < ncols - 1:
                v = v.ljust(widths[c])
            cells.append(v)
        out.append(sep.join(cells) + "\n")
    return "".join(out)


def _columns_list(spec: str, header: list[str] | None) -> set[int]:
    """``-R``'s columns: numbers from 1, or names of ``-N``."""
    cols = set()
    for w in spec.split(","):
        if w.isdigit() and int(w) > 0:
            cols.add(int(w))
        elif header and w in header:
            cols.add(header.index(w) + 1)
        else:
            raise UsageError(f"undefined column name '{w}'")
    return cols


@command("column", usage="[options] [<file>...]")
def cmd_column(ctx: "CommandContext") -> int:
    """``column [-t [-s SEP] [-o SEP] [-N NAMES] [-R COLS] [-l N]] [-x] [-c WIDTH]
    [FILE...]``: width from ``-c``, else COLUMNS, else 80 (off a terminal)."""
    opts, files = getopt(ctx.argv[1:], "tc:s:o:xN:R:l:", {
        "table": "t", "output-width=": "c", "separator=": "s", "output-separator=": "o",
        "fillrows": "x", "table-columns=": "N", "table-right=": "R",
        "table-columns-limit=": "l"})
    table = across = False
    seps = None
    osep = "  "
    header = right = None
    limit = 0
    env_width = ctx.env.get("COLUMNS", "")
    width = int(env_width) if env_width.isdigit() and int(env_width) > 0 else DEFAULT_WIDTH
    for o, v in opts:
        if o == "t":
            table = True
        elif o == "x":
            across = True
        elif o == "s":
            seps = v
        elif o == "o":
            osep = v
        elif o == "N":
            header = v.split(",")
        elif o == "R":
            right = v
        elif o in "cl":
            if not v.isdigit():
                err(ctx, f"column: invalid {'columns' if o == 'c' else 'columns limit'} argument: '{v}'")
                return 1
            if o == "c":
                width = int(v)
            else:
                limit = int(v)
    rights = _columns_list(right, header) if right else set()
    lines: list[str] = []
    rc = 0
    for name in files or ["-"]:
        try:
            inp = open_input(ctx, name)
            try:
                lines += (ln.decode("utf-8", "surrogateescape") for ln in inp.lines())
            finally:
                inp.close()
        except OSError as e:
            err(ctx, f"column: {name}: {strerror(e)}")
            rc = 1
    lines = [ln for ln in lines if ln.strip(" \t")] if table else [ln for ln in lines if ln]
    out = Out(ctx.stdout)
    if table:
        rows = [r for r in (_split(ln, seps, limit) for ln in lines) if r]
        if rows:
            out.write(_table(rows, osep, rights, header).encode("utf-8", "surrogateescape"))
    elif lines:
        out.write(_columnate(lines, width, across).encode("utf-8", "surrogateescape"))
    out.flush()
    return rc
