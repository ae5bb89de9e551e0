"""Line tools (GNU coreutils 9.1): ``paste``, ``tac``, ``comm`` and ``join``. ``paste`` and
``tac`` hold their input (``tac`` a file at a time, ``paste`` every file) as
anonymous memory charged with :class:`._util.AnonHold`, as the real tools' buffers
are; ``comm`` and ``join`` read a line of each file at a time (the guests' busybox
has neither)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ._util import AnonHold, Out, UsageError, command, err, getopt, open_input, strerror

if TYPE_CHECKING:
    from ..context import CommandContext


def _read(ctx, name: str, hold: AnonHold) -> bytes:
    inp = open_input(ctx, name)
    try:
        bufs = []
        for b in inp.chunks():
            bufs.append(b)
            hold.grow(len(b))
        return b"".join(bufs)
    finally:
        inp.close()


def _delims(spec: str) -> list[bytes]:
    """paste's ``-d LIST``: ``\\n \\t \\\\ \\0`` (empty) escapes, used in turn."""
    out: list[bytes] = []
    b = spec.encode("utf-8", "surrogateescape")
    i = 0
    while i < len(b):
        c = b[i:i + 1]
        if c == b"\\" and i + 1 < len(b):
            e = b[i + 1:i + 2]
            out.append({b"n": b"\n", b"t": b"\t", b"\\": b"\\", b"0": b""}.get(e, e))
            i += 2
        else:
            out.append(c)
            i += 1
    return out


@command("paste", usage="[OPTION]... [FILE]...")
def cmd_paste(ctx: "CommandContext") -> int:
    """``paste [-s] [-d LIST] [FILE...]``: the files' lines side by side (``-s``:
    each file's lines on one line); ``-`` more than once shares stdin's lines."""
    opts, files = getopt(ctx.argv[1:], "d:sz", {"delimiters=": "d", "serial": "s",
                                                 "zero-terminated": "z"})
    delims = [b"\t"]
    serial = False
    for o, v in opts:
        if o == "d":
            delims = _delims(v) or [b""]
        elif o == "s":
            serial = True
    files = files or ["-"]
    out = Out(ctx.stdout)
    rc = 0
    with AnonHold(ctx) as hold:
        contents: list[list[bytes] | None] = []
        stdin_lines: list[bytes] | None = None
        for name in files:
            try:
                if name == "-" and not serial:
                    if stdin_lines is None:
                        stdin_lines = _split(_read(ctx, name, hold))
                    contents.append(stdin_lines)      # shared: each "-" takes the next line
                else:
                    contents.append(_split(_read(ctx, name, hold)))
            except OSError as e:
                err(ctx, f"paste: {name}: {strerror(e)}")
                return 1
        if serial:
            for lines in contents:
                parts = []
                for i, ln in enumerate(lines):
                    if i:
                        parts.append(delims[(i - 1) % len(delims)])
                    parts.append(ln)
                out.write(b"".join(parts) + b"\n")
        else:
            pos = {id(c): 0 for c in contents}
            while True:
                row = []
                got = False
                for c in contents:
                    k = pos[id(c)]
                    if k < len(c):
                        row.append(c[k])
                        pos[id(c)] = k + 1
                        got = True
                    else:
                        row.append(b"")
                if not got:
                    break
                parts = [row[0]]
                for i, f in enumerate(row[1:]):
                    parts.append(delims[i % len(delims)])
                    parts.append(f)
                out.write(b"".join(parts) + b"\n")
    out.flush()
    return rc


def _split(data: bytes) -> list[bytes]:
    lines = data.split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    return lines


@command("tac", usage="[OPTION]... [FILE]...")
def cmd_tac(ctx: "CommandContext") -> int:
    """``tac [FILE...]``: each file's lines, last first (a last line without its
    newline is printed without one, before the line it follows)."""
    opts, files = getopt(ctx.argv[1:], "", {})
    out = Out(ctx.stdout)
    rc = 0
    with AnonHold(ctx) as hold:
        for name in files or ["-"]:
            try:
                data = _read(ctx, name, hold)
            except OSError as e:
                err(ctx, f"tac: failed to open '{name}' for reading: {strerror(e)}")
                rc = 1
                continue
            recs = data.split(b"\n")
            last = recs.pop()       # after the final newline: "" or an unterminated line
            out.write(last + b"".join(r + b"\n" for r in reversed(recs)))
    out.flush()
    return rc


@command("comm", usage="[OPTION]... FILE1 FILE2")
def cmd_comm(ctx: "CommandContext") -> int:
    """``comm [-123] [--output-delimiter=STR] [--total] [--check-order |
    --nocheck-order] FILE1 FILE2`` (coreutils comm.c ``compare_files``): lines only
    in FILE1, only in FILE2, in both, a column each (the delimiter, a tab, before the
    second's and twice before the third's, the suppressed columns' left out). Out of
    order input (bytes compared: the C locale) is said once a file (``check_order``:
    by default only once a line has been found in one file alone) and, at the end,
    ``input is not in sorted order``, status 1."""
    opts, files = getopt(ctx.argv[1:], "123z", {"output-delimiter=": "o", "total": "t",
                                               "check-order": "c", "nocheck-order": "n",
                                               "zero-terminated": "z"})
    hide = {o for o, _ in opts if o in "123"}
    delim = "\t"
    check = None        # CHECK_ORDER_DEFAULT
    total = False
    eol = "\n"
    for o, v in opts:
        if o == "o":
            delim = v or "\0"
        elif o == "t":
            total = True
        elif o in "cn":
            check = o == "c"
        elif o == "z":
            eol = "\0"
    if len(files) != 2:
        if not files:
            raise UsageError("missing operand")
        raise UsageError(f"missing operand after '{files[-1]}'" if len(files) == 1
                         else f"extra operand '{files[2]}'")
    lines = []
    for name in files:
        try:
            inp = open_input(ctx, name)
            try:
                lines.append(list(inp.lines(eol.encode())))
            finally:
                inp.close()
        except OSError as e:
            err(ctx, f"comm: {name}: {strerror(e)}")
            return 1
    prefix = {1: b"", 2: b"" if "1" in hide else delim.encode(),
              3: delim.encode() * (("1" not in hide) + ("2" not in hide))}
    out = Out(ctx.stdout)
    counts = {1: 0, 2: 0, 3: 0}
    warned = [False, False]
    unpairable = False
    pos = [0, 0]

    class Disorder(Exception):
        """``--check-order``'s error: comm ends there (EXIT_FAILURE)."""

    def check_order(k: int, prev: bytes, cur: bytes) -> None:
        if (check or (check is None and unpairable)) and not warned[k] and prev > cur:
            out.flush()
            err(ctx, f"comm: file {k + 1} is not in sorted order")
            warned[k] = True
            if check:
                raise Disorder

    def advance(k: int) -> None:
        # the file's next line read, checked against the one taken; at its end
        # the last two lines checked again (seen_unpairable may be set by then)
        a = lines[k]
        pos[k] += 1
        if pos[k] < len(a):
            check_order(k, a[pos[k] - 1], a[pos[k]])
        elif pos[k] >= 2:
            check_order(k, a[pos[k] - 2], a[pos[k] - 1])

    try:
        while pos[0] < len(lines[0]) or pos[1] < len(lines[1]):
            a = lines[0][pos[0]] if pos[0] < len(lines[0]) else None
            b = lines[1][pos[1]] if pos[1] < len(lines[1]) else None
            col = 1 if b is None or (a is not None and a < b) else 2 if a is None or b < a else 3
            line = a if col != 2 else b
            counts[col] += 1
            if col != 3:
                unpairable = True
            if str(col) not in hide:
                out.write(prefix[col] + line + eol.encode())
            if col != 2:
                advance(0)
            if col != 1:
                advance(1)
    except Disorder:
        out.flush()
        return 1
    if total:
        out.write(f"{counts[1]}{delim}{counts[2]}{delim}{counts[3]}{delim}total{eol}".encode())
    out.flush()
    if any(warned):
        err(ctx, "comm: input is not in sorted order")
        return 1
    return 0


def _join_fields(line: bytes, tab: int) -> list[bytes]:
    """join.c ``xfields``: a line's fields. Without ``-t``, runs of blanks (and
    newlines: ``field_sep``) separate them, leading ones skipped, trailing ones
    leaving an empty last field; with ``-t C`` each C separates (``-t ''``: the
    whole line is one field); an empty line has none."""
    if not line:
        return []
    if tab >= 0:
        return [line] if tab == 10 else line.split(bytes((tab,)))
    fields = line.replace(b"\t", b" ").replace(b"\n", b" ").split(b" ")
    while fields and not fields[0]:
        fields.pop(0)
    if not fields:
        return []
    out = [f for f in fields if f]
    if not fields[-1]:
        out.append(b"")
    return out


def _join_key(fields: list[bytes], n: int, fold: bool) -> bytes:
    f = fields[n] if n < len(fields) else b""
    return f.upper() if fold else f


def _join_cmp(a: bytes, b: bytes) -> int:
    """join.c ``keycmp`` in the C locale: an empty (or absent) field first, then
    bytes (``memcmp``), then length."""
    if not a:
        return 0 if not b else -1
    if not b:
        return 1
    return (a > b) - (a < b)


@command("join", usage="[OPTION]... FILE1 FILE2")
def cmd_join(ctx: "CommandContext") -> int:
    """``join [-i] [-a N | -v N] [-e S] [-o LIST | auto] [-t C] [-1 F] [-2 F | -j F]
    [--header] [--check-order | --nocheck-order] [-z] FILE1 FILE2`` (coreutils 9.1
    join.c): the lines of two files sorted on a join field, paired on it. Order is
    checked as the files are read (``get_line``/``check_order``): by default only once
    an unpairable line has been met (``seen_unpairable``), a warning ``FILE:LINE: is
    not sorted: LINE`` once a file and, at the end, ``input is not in sorted order``
    (status 1); ``--check-order`` stops at the first. ``-j1``/``-j2`` and ``-o``
    take a following operand when a third one comes (``add_file_name``)."""
    opts, rest = getopt(ctx.argv[1:], "-a:e:i1:2:j:o:t:v:z",
                        {"ignore-case": "i", "check-order": "c", "nocheck-order": "n",
                         "header": "h", "zero-terminated": "z"})

    class Fatal(Exception):
        """A diagnostic join.c gives with ``error (EXIT_FAILURE, ...)``."""

    def field_no(s: str) -> int:
        """``string_to_join_field``: a 1-based number (a leading ``+`` taken)."""
        d = s[1:] if s[:1] == "+" else s
        if d.isdigit() and int(d) > 0:
            return int(d) - 1
        raise Fatal(f"invalid field number: '{s}'")

    jf = [None, None]

    def set_jf(k: int, v: int) -> None:
        if jf[k] is not None and jf[k] != v:
            raise Fatal(f"incompatible join fields {jf[k] + 1}, {v + 1}")
        jf[k] = v

    outlist: list[tuple[int, int]] = []

    def add_list(spec: str) -> None:
        for item in spec.replace("\t", " ").replace(",", " ").split(" ") if spec else [""]:
            if item[:1] == "0":
                if item[1:]:
                    raise Fatal(f"invalid field specifier: '{item}'")
                outlist.append((0, 0))
            elif item[:1] in ("1", "2"):
                if item[1:2] != ".":
                    raise Fatal(f"invalid field specifier: '{item}'")
                outlist.append((int(item[0]), field_no(item[2:])))
            else:
                raise Fatal(f"invalid file number in field spec: '{item}'")

    unpair = [False, False]
    pairables = True
    empty: str | None = None
    fold = header = False
    autoformat = False
    tab = -1
    check = None
    eol = b"\n"
    names: list[str] = []
    status: list[str] = []          # operand_status: "" MUST_BE_OPERAND, "j1", "j2", "o"
    jcount = [0, 0]
    attached = [sum(a == f"-j{k}" for a in ctx.argv[1:]) for k in (1, 2)]

    def add_name(name: str, prev: str) -> str:
        if len(names) == 2:
            k = 0 if status[0] != "" else 1
            arg = names[k]
            if status[k] == "":
                raise UsageError(f"extra operand '{name}'")
            if status[k] in ("j1", "j2"):
                j = status[k] == "j2"
                jcount[j] -= 1
                set_jf(j, field_no(arg))
            else:
                add_list(arg)
            if k == 0:
                names[0], status[0] = names[1], status[1]
            del names[1:], status[1:]
        names.append(name)
        status.append(prev)
        return "o" if prev == "o" else ""

    try:
        prev = ""
        for o, v in opts:
            cur = ""
            if o in "va" and o:
                if o == "v":
                    pairables = False
                if v not in ("1", "2"):
                    raise Fatal(f"invalid field number: '{v}'")
                unpair[int(v) - 1] = True
            elif o == "e":
                if empty is not None and empty != v:
                    raise Fatal("conflicting empty-field replacement strings")
                empty = v
            elif o == "i":
                fold = True
            elif o in ("1", "2"):
                set_jf(int(o) - 1, field_no(v))
            elif o == "j":
                if v in ("1", "2") and attached[int(v) - 1]:
                    attached[int(v) - 1] -= 1
                    jcount[v == "2"] += 1
                    cur = "j" + v
                else:
                    set_jf(0, field_no(v))
                    set_jf(1, jf[0])
            elif o == "o":
                if v == "auto":
                    autoformat = True
                else:
                    add_list(v)
                    cur = "o"
            elif o == "t":
                b = v.encode("utf-8", "surrogateescape")
                new = 10 if not b else 0 if v == "\\0" else b[0]
                if len(b) > 1 and v != "\\0":
                    raise Fatal(f"multi-character tab '{v}'")
                if tab >= 0 and tab != new:
                    raise Fatal("incompatible tabs")
                tab = new
            elif o in "cn" and o:
                check = o == "c"
            elif o == "h":
                header = True
            elif o == "z":
                eol = b"\0"
            elif o == "":
                cur = add_name(v, prev)
            prev = cur
        for name in rest:
            add_name(name, "")
        if len(names) != 2:
            raise UsageError("missing operand" if not names
                             else f"missing operand after '{ctx.argv[-1]}'")
        for k in (0, 1):
            if jcount[k]:
                set_jf(0, k)
                set_jf(1, k)
    except Fatal as e:
        err(ctx, f"join: {e}")
        return 1
    jf = [0 if j is None else j for j in jf]
    if names.count("-") == 2:
        err(ctx, "join: both files cannot be standard input")
        return 1
    inputs = []
    for name in names:
        try:
            inputs.append(open_input(ctx, name))
        except OSError as e:
            for i in inputs:
                i.close()
            err(ctx, f"join: {name}: {strerror(e)}")
            return 1
    out = Out(ctx.stdout)
    sep = b" " if tab < 0 else bytes((tab,))
    fill = None if empty is None else empty.encode("utf-8", "surrogateescape")
    readers = [i.lines(eol) for i in inputs]
    line_no = [0, 0]
    prevline: list = [None, None]
    warned = [False, False]
    seen = [False]                  # seen_unpairable

    class Disorder(Exception):
        """``--check-order``'s fatal disorder."""

    def get_line(k: int):
        raw = next(readers[k], None)
        if raw is None:
            return None
        line_no[k] += 1
        rec = (raw, _join_fields(raw, tab))
        p = prevline[k]
        if p is not None and check is not False and (check or seen[0]) and not warned[k] \
                and _join_cmp(_join_key(p[1], jf[k], fold), _join_key(rec[1], jf[k], fold)) > 0:
            out.flush()
            text = raw.split(b"\0", 1)[0].decode("utf-8", "surrogateescape")
            err(ctx, f"join: {names[k]}:{line_no[k]}: is not sorted: {text}")
            if check:
                raise Disorder
            warned[k] = True
        prevline[k] = rec
        return rec

    auto = [0, 0]

    def field(rec, n: int) -> bytes:
        f = rec[1][n] if n < len(rec[1]) else b""
        return f if f or fill is None else fill

    def prfields(rec, k: int) -> list[bytes]:
        n = auto[k] if autoformat else len(rec[1])
        return [field(rec, i) for i in range(n) if i != jf[k]]

    def prjoin(r1, r2) -> None:
        if outlist:
            parts = []
            for f, n in outlist:
                if f == 0:
                    parts.append(field(r2, jf[1]) if r1 is BLANK else field(r1, jf[0]))
                else:
                    parts.append(field(r1 if f == 1 else r2, n))
        else:
            parts = [field(r2, jf[1]) if r1 is BLANK else field(r1, jf[0])]
            parts += prfields(r1, 0) + prfields(r2, 1)
        out.write(sep.join(parts) + eol)

    BLANK = (b"", [])
    key = lambda rec, k: _join_key(rec[1], jf[k], fold)  # noqa: E731

    def extend(k: int, seq: list, other: bytes) -> bool:
        """``advance_seq`` until a line's key is not ``other``: True at the end."""
        while (r := get_line(k)) is not None:
            seq.append(r)
            if _join_cmp(key(r, k), other):
                return False
        return True
    try:
        s1 = [r] if (r := get_line(0)) else []
        s2 = [r] if (r := get_line(1)) else []
        if autoformat:
            auto = [len(s1[0][1]) if s1 else 0, len(s2[0][1]) if s2 else 0]
        if header and (s1 or s2):
            prjoin(s1[0] if s1 else BLANK, s2[0] if s2 else BLANK)
            prevline[0] = prevline[1] = None
            if s1:
                s1 = [r] if (r := get_line(0)) else []
            if s2:
                s2 = [r] if (r := get_line(1)) else []
        while s1 and s2:
            diff = _join_cmp(key(s1[0], 0), key(s2[0], 1))
            if diff < 0:
                if unpair[0]:
                    prjoin(s1[0], BLANK)
                s1 = [r] if (r := get_line(0)) else []
                seen[0] = True
                continue
            if diff > 0:
                if unpair[1]:
                    prjoin(BLANK, s2[0])
                s2 = [r] if (r := get_line(1)) else []
                seen[0] = True
                continue
            eof1 = extend(0, s1, key(s2[0], 1))
            eof2 = extend(1, s2, key(s1[0], 0))
            if pairables:
                for a in s1[:len(s1) - (not eof1)]:
                    for b in s2[:len(s2) - (not eof2)]:
                        prjoin(a, b)
            s1 = [] if eof1 else [s1[-1]]
            s2 = [] if eof2 else [s2[-1]]
        checktail = check is not False and not (warned[0] and warned[1])
        for k, s in ((0, s1), (1, s2)):
            if (unpair[k] or checktail) and s:
                if unpair[k]:
                    prjoin(*((s[0], BLANK) if k == 0 else (BLANK, s[0])))
                while (r := get_line(k)) is not None:
                    if unpair[k]:
                        prjoin(*((r, BLANK) if k == 0 else (BLANK, r)))
                    if warned[k] and not unpair[k]:
                        break
    except Disorder:
        out.flush()
        return 1
    finally:
        for i in inputs:
            i.close()
    out.flush()
    if any(warned):
        err(ctx, "join: input is not in sorted order")
        return 1
    return 0
