"""``od`` (GNU coreutils 9.1): dump bytes in the formats scripts use.

Types ``-t`` ``a c d o u x`` with sizes ``1 2 4 8`` (or ``C S I L``) and the ``z``
suffix; the traditional ``-a -b -c -d -i -l -o -s -x``; ``-A d|o|x|n``, ``-j``,
``-N``, ``-w``, ``-v``. Values are little-endian (x86_64); several types are laid
out as GNU od aligns them (each block padded to the widest). Floating-point types
are refused.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ._util import Out, UsageError, command, err, getopt, open_input, parse_size, strerror

if TYPE_CHECKING:
    from ..context import CommandContext

#: printed width of one field, by type letter and size (od.c's field widths)
_WIDTH = {"x": {1: 2, 2: 4, 4: 8, 8: 16}, "o": {1: 3, 2: 6, 4: 11, 8: 22},
          "u": {1: 3, 2: 5, 4: 10, 8: 20}, "d": {1: 4, 2: 6, 4: 11, 8: 20}}
_SIZES = {"C": 1, "S": 2, "I": 4, "L": 8, "1": 1, "2": 2, "4": 4, "8": 8}
_TRADITIONAL = {"a": "a", "b": "o1", "c": "c", "d": "u2", "i": "d4", "l": "d8", "o": "o2",
                "s": "d2", "x": "x2"}
_NAMES = ("nul soh stx etx eot enq ack bel bs ht nl vt ff cr so si dle dc1 dc2 dc3 dc4 nak "
          "syn etb can em sub esc fs gs rs us sp").split()
_C_ESC = {0: "\\0", 7: "\\a", 8: "\\b", 12: "\\f", 10: "\\n", 13: "\\r", 9: "\\t", 11: "\\v"}


def _parse_types(spec: str) -> list[tuple[str, int, bool]]:
    """``-t`` argument -> [(letter, size, z)]."""
    out = []
    i = 0
    while i < len(spec):
        c = spec[i]
        i += 1
        if c in "ac":
            size = 1
        elif c in "doux":
            size = 4
            if i < len(spec) and spec[i].isdigit():
                j = i
                while j < len(spec) and spec[j].isdigit():
                    j += 1
                tok = spec[i:j]
                if tok not in _SIZES:
                    raise UsageError(f"invalid type string '{spec}';\nthis system doesn't provide a "
                                     f"{tok}-byte integral type", hint=False)
                size = _SIZES[tok]
                i = j
            elif i < len(spec) and spec[i] in "CSIL":
                size = _SIZES[spec[i]]
                i += 1
        elif c == "f":
            raise UsageError("floating-point types are not modelled (memcgsim)", hint=False)
        else:
            raise UsageError(f"invalid character '{c}' in type string '{spec}'", hint=False)
        z = i < len(spec) and spec[i] == "z"
        if z:
            i += 1
        out.append((c, size, z))
    return out


def _field(letter: str, size: int, chunk: bytes) -> str:
    v = int.from_bytes(chunk, "little", signed=letter == "d")
    if letter == "x":
        return f"{v:0{_WIDTH['x'][size]}x}"
    if letter == "o":
        return f"{v:0{_WIDTH['o'][size]}o}"
    if letter in "ud":
        return str(v)
    b = chunk[0]
    if letter == "c":
        if b in _C_ESC:
            return _C_ESC[b]
        return chr(b) if 32 <= b < 127 else f"{b:03o}"
    b &= 0x7F
    return _NAMES[b] if b <= 32 else ("del" if b == 127 else chr(b))


@command("od", usage="[OPTION]... [FILE]...")
def cmd_od(ctx: "CommandContext") -> int:
    """Dump files (or stdin) in octal, hex, decimal or characters."""
    opts, files = getopt(ctx.argv[1:], "A:j:N:t:vw::abcdilosx", {
        "address-radix=": "A", "skip-bytes=": "j", "read-bytes=": "N", "format=": "t",
        "output-duplicates": "v", "width?": "w"})
    types: list[tuple[str, int, bool]] = []
    radix, skip, limit, width, dups = "o", 0, None, 16, False
    for o, v in opts:
        if o == "A":
            if v not in ("d", "o", "x", "n"):
                raise UsageError(f"invalid output address radix '{v}'; it must be one character "
                                 "from [doxn]", hint=False)
            radix = v
        elif o == "j":
            skip = parse_size(v)
        elif o == "N":
            limit = parse_size(v)
        elif o == "t":
            types += _parse_types(v)
        elif o == "v":
            dups = True
        elif o == "w":
            width = int(v) if v else 32
        else:
            types += _parse_types(_TRADITIONAL[o])
    if not types:
        types = [("o", 2, False)]
    data = bytearray()
    rc = 0
    # the bytes -j and -N ask for: reading stops there (``od -N4 /dev/zero`` ends)
    want = None if limit is None else skip + limit
    for name in files or ["-"]:
        if want is not None and len(data) >= want:
            break
        try:
            inp = open_input(ctx, name)
        except OSError as e:
            err(ctx, f"od: {name}: {strerror(e)}")
            rc = 1
            continue
        try:
            data += inp.read_all(None if want is None else want - len(data))
        except OSError as e:
            err(ctx, f"od: {name}: {strerror(e)}")
            rc = 1
        finally:
            inp.close()
    if rc and not data:
        return rc
    data = bytes(data[skip:skip + limit if limit is not None else None])
    fw = {t: (3 if t[0] in "ac" else _WIDTH[t[0]][t[1]]) for t in types}
    per_block = max((fw[t] + 1) * (width // t[1]) for t in types)
    addr_w = 6 if radix == "x" else 7

    def addr(n: int) -> str:
        return {"o": f"{n:0{addr_w}o}", "d": f"{n:0{addr_w}d}", "x": f"{n:0{addr_w}x}", "n": ""}[radix]

    out = Out(ctx.stdout)
    prev = None
    starred = False
    for off in range(0, len(data), width):
        block = data[off:off + width]
        if not dups and block == prev and len(block) == width:
            if not starred:
                out.write(b"*\n")
                starred = True
            continue
        starred = False
        prev = block
        for k, t in enumerate(types):
            letter, size, z = t
            fields = width // size
            pad = per_block - fw[t] * fields
            padded = block + bytes(-len(block) % size)
            n = len(padded) // size
            line = [addr(skip + off) if k == 0 else " " * (0 if radix == "n" else addr_w)]
            rem = pad
            for i in range(n):
                left = fields - i
                nxt = pad * (left - 1) // fields
                line.append(_field(letter, size, padded[i * size:(i + 1) * size]).rjust(rem - nxt + fw[t]))
                rem = nxt
            if z:   # the block's printable characters, after the blank fields
                line.append(" " * (rem + fw[t] * (fields - n)) + "  >" + "".join(
                    chr(c) if 32 <= c < 127 else "." for c in block) + "<")
            out.write(("".join(line) + "\n").encode())
    if radix != "n":
        out.write((addr(skip + len(data)) + "\n").encode())
    out.flush()
    return rc
