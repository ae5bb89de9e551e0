"""Hex dumps: ``hexdump`` (util-linux 2.38: the default 2-byte words and ``-C``)
and ``xxd`` (vim 9.0's: the default, ``-p``, ``-r -p``, ``-c -g -l -s -u``).
The inputs are read as one stream, as both tools do."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ._util import Out, UsageError, command, err, getopt, open_input, open_output, parse_size, strerror

if TYPE_CHECKING:
    from ..context import CommandContext


def _ascii(b: bytes) -> str:
    return "".join(chr(c) if 32 <= c < 127 else "." for c in b)


def _read_all(ctx: "CommandContext", prog: str, names: list[str],
              limit: int | None = None) -> tuple[bytes, int]:
    """The inputs' bytes one after another (reading stops once ``limit`` bytes are
    in: ``-n`` of an endless device ends), and how many could not be opened."""
    data = bytearray()
    bad = 0
    for n in names or ["-"]:
        if limit is not None and len(data) >= limit:
            break
        try:
            inp = open_input(ctx, n)
        except OSError as e:
            err(ctx, f"{prog}: {n}: {strerror(e)}")
            bad += 1
            continue
        try:
            data += inp.read_all(None if limit is None else limit - len(data))
        finally:
            inp.close()
    return bytes(data), bad


@command("hexdump", usage="[options] <file>...")
def cmd_hexdump(ctx: "CommandContext") -> int:
    """``hexdump [-C] [-n LENGTH] [-s OFFSET] [FILE]...``: 16 bytes a line, a run of
    identical lines squeezed to ``*``, the end offset last; without -C the
    default format's little-endian 2-byte words."""
    opts, args = getopt(ctx.argv[1:], "Cn:s:v", {"canonical": "C", "length=": "n",
                                                 "skip=": "s", "no-squeezing": "v"})
    flags = {o: v for o, v in opts}
    try:
        skip = parse_size(flags["s"]) if "s" in flags else 0
        length = parse_size(flags["n"]) if "n" in flags else None
    except ValueError:
        raise UsageError(f"invalid argument: '{flags.get('s') or flags.get('n')}'", hint=False) from None
    data, bad = _read_all(ctx, "hexdump", args, None if length is None else skip + length)
    if args and bad == len(args):
        err(ctx, "hexdump: all input file arguments failed")
        return 1
    data = data[skip:] if length is None else data[skip:skip + length]
    canonical = "C" in flags
    out = Out(ctx.stdout)
    prev = None
    starred = False
    for off in range(0, len(data), 16):
        chunk = data[off:off + 16]
        if chunk == prev and len(chunk) == 16 and "v" not in flags:
            if not starred:
                out.write(b"*\n")
                starred = True
            continue
        prev, starred = chunk, False
        pos = skip + off
        if canonical:
            hexes = "".join((f"{chunk[i]:02x} " if i < len(chunk) else "   ") + (" " if i == 7 else "")
                            for i in range(16))
            line = f"{pos:08x}  {hexes} |{_ascii(chunk)}|"
        else:
            words = [chunk[i] | (chunk[i + 1] << 8 if i + 1 < len(chunk) else 0)
                     for i in range(0, len(chunk), 2)]
            line = f"{pos:07x}" + "".join(f" {w:04x}" for w in words)
            if len(chunk) < 16:
                line = line.ljust(47)
        out.write(line.encode() + b"\n")
    if data:
        end = skip + len(data)
        out.write((f"{end:08x}\n" if canonical else f"{end:07x}\n").encode())
    out.flush()
    return 1 if bad else 0


@command("xxd", usage="[options] [infile [outfile]]", std_opts=False)
def cmd_xxd(ctx: "CommandContext") -> int:
    """``xxd [-p] [-r -p] [-c COLS] [-g BYTES] [-l LEN] [-s SEEK] [-u] [IN [OUT]]``;
    ``-r`` without ``-p`` is not modelled."""
    try:
        opts, args = getopt(ctx.argv[1:], "prc:g:l:s:u", {})
    except UsageError as e:
        err(ctx, f"xxd: {e.msg}")
        return 1
    flags = {o: v for o, v in opts}
    plain = "p" in flags
    cols = int(flags["c"]) if "c" in flags else (30 if plain else 16)
    group = int(flags["g"]) if "g" in flags else 2
    name = args[0] if args else "-"
    # -s and -l are read for a dump only (-r -p takes neither), as before the read
    skip = int(flags["s"], 0) if "s" in flags and "r" not in flags else 0
    length = int(flags["l"], 0) if "l" in flags and "r" not in flags else None
    try:
        inp = open_input(ctx, name)
    except OSError as e:
        err(ctx, f"xxd: {name}: {strerror(e)}")
        return 2
    try:
        data = inp.read_all(None if length is None else skip + length)
    finally:
        inp.close()
    if "r" in flags:
        if not plain:
            err(ctx, "xxd: -r without -p is not modelled (memcgsim)")
            return 1
        digits = bytes(c for c in data if chr(c) in "0123456789abcdefABCDEF")
        body = bytes.fromhex(digits[:len(digits) // 2 * 2].decode())
    else:
        data = data[skip:]
        if length is not None:
            data = data[:length]
        hx = "%02X" if "u" in flags else "%02x"
        lines = []
        for off in range(0, len(data), cols):
            chunk = data[off:off + cols]
            if plain:
                lines.append("".join(hx % c for c in chunk))
                continue
            width = (cols // group) * (2 * group + 1) + (1 if cols % group else 0) * (
                2 * (cols % group) + 1) if group else 2 * cols + 1
            if group:
                parts = [chunk[i:i + group] for i in range(0, len(chunk), group)]
                hexes = "".join("".join(hx % c for c in p) + " " for p in parts)
            else:
                hexes = "".join(hx % c for c in chunk) + " "
            lines.append(f"{skip + off:08x}: {hexes.ljust(width)} {_ascii(chunk)}")
        body = "".join(x + "\n" for x in lines).encode()
    if len(args) > 1:
        try:
            f = open_output(ctx, args[1], "w")
            f.write(body)
            f.close()
        except OSError as e:
            err(ctx, f"xxd: {args[1]}: {strerror(e)}")
            return 3
        return 0
    out = Out(ctx.stdout)
    out.write(body)
    out.flush()
    return 0
