"""Line filters that stream: ``nl`` (coreutils 9.1) and ``rev`` (util-linux
2.38), a line at a time from each input."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ._util import Out, UsageError, command, err, getopt, open_input, quoteaf, strerror
from .posixre import translate

if TYPE_CHECKING:
    from ..context import CommandContext


def _style(v: str, what: str):
    """A numbering style: ``a`` all, ``t`` non-empty, ``n`` none, ``pBRE`` the
    lines the BRE matches (a compiled pattern)."""
    if v in ("a", "t", "n"):
        return v
    if v.startswith("p"):
        try:
            return re.compile(translate(v[1:], "bre"))
        except re.error:
            pass
    raise UsageError(f"invalid {what} numbering style: {quoteaf(v)}")


@command("nl", usage="[OPTION]... [FILE]...")
def cmd_nl(ctx: "CommandContext") -> int:
    """``nl [-b STYLE] [-n ln|rn|rz] [-w N] [-s SEP] [-v START] [-i INCR] [FILE]...``:
    body lines numbered (``-b t``: the non-empty ones), an unnumbered line
    indented by the number's width and the separator's. The logical page
    delimiters (``\\:\\:\\:``) are not modelled: they are text."""
    opts, args = getopt(ctx.argv[1:], "b:h:f:n:w:s:v:i:pd:l:", {
        "body-numbering=": "b", "header-numbering=": "h", "footer-numbering=": "f",
        "number-format=": "n", "number-width=": "w", "number-separator=": "s",
        "starting-line-number=": "v", "line-increment=": "i", "no-renumber": "p",
        "section-delimiter=": "d", "join-blank-lines=": "l"})
    style = "t"
    fmt, width, sep, start, incr = "rn", 6, "\t", 1, 1
    for o, v in opts:
        if o == "b":
            style = _style(v, "body")
        elif o in "hf":
            _style(v, "header" if o == "h" else "footer")
        elif o == "n":
            if v not in ("ln", "rn", "rz"):
                raise UsageError(f"invalid line numbering format: {quoteaf(v)}")
            fmt = v
        elif o == "w":
            if not v.isdigit() or int(v) < 1:
                raise UsageError(f"invalid line number field width: {quoteaf(v)}: "
                                 "Numerical result out of range", hint=False)
            width = int(v)
        elif o == "s":
            sep = v
        elif o in "vi":
            try:
                n = int(v)
            except ValueError:
                what = "starting line number" if o == "v" else "line number increment"
                raise UsageError(f"invalid {what}: {quoteaf(v)}", hint=False) from None
            if o == "v":
                start = n
            else:
                incr = n
    rx = None if isinstance(style, str) else style
    out = Out(ctx.stdout)
    sepb = sep.encode("utf-8", "surrogateescape")
    blank = b" " * (width + len(sepb))
    num = start
    rc = 0
    for name in args or ["-"]:
        try:
            inp = open_input(ctx, name)
        except OSError as e:
            err(ctx, f"nl: {name}: {strerror(e)}")
            rc = 1
            continue
        try:
            for line in inp.lines():
                if style == "a" or (style == "t" and line) or (
                        rx is not None and rx.search(line.decode("utf-8", "surrogateescape"))):
                    if fmt == "ln":
                        s = f"{num:<{width}}"
                    elif fmt == "rz":
                        s = f"{num:0{width}}" if num >= 0 else "-" + f"{-num:0{width - 1}}"
                    else:
                        s = f"{num:>{width}}"
                    out.write(s.encode() + sepb + line + b"\n")
                    num += incr
                else:
                    out.write(blank + line + b"\n")
        except OSError as e:
            err(ctx, f"nl: {name}: {strerror(e)}")
            rc = 1
        finally:
            inp.close()
    out.flush()
    return rc


@command("rev", usage="[options] [<file> ...]")
def cmd_rev(ctx: "CommandContext") -> int:
    """``rev [FILE]...``: each line's characters reversed (bytes: the C locale),
    a last line without a newline left without one; a file that cannot be
    opened is ``cannot open`` and the others are still read (status 1)."""
    _, args = getopt(ctx.argv[1:], "0", {"zero": "0"})
    out = Out(ctx.stdout)
    rc = 0
    for name in args or ["-"]:
        try:
            inp = open_input(ctx, name)
        except OSError as e:
            out.flush()
            err(ctx, f"rev: cannot open {name}: {strerror(e)}")
            rc = 1
            continue
        try:
            rest = b""
            for chunk in inp.chunks():
                parts = (rest + chunk).split(b"\n")
                rest = parts.pop()
                for p in parts:
                    out.write(p[::-1] + b"\n")
            if rest:
                out.write(rest[::-1])
        finally:
            inp.close()
    out.flush()
    return rc
