"""Message digests of coreutils 9.1: md5sum, sha1sum, sha224sum, sha256sum,
sha384sum, sha512sum and b2sum (``hashlib``), printing and checking (``-c``)."""
from __future__ import annotations

import hashlib
import re
from typing import TYPE_CHECKING

from ._util import Out, UsageError, command, err, getopt, open_input, quotef, reads_forever, strerror

if TYPE_CHECKING:
    from ..context import CommandContext

#: program -> (hashlib name, tag (``--tag`` and BSD lines), digest bits)
ALGOS = {"md5sum": ("md5", "MD5", 128), "sha1sum": ("sha1", "SHA1", 160),
         "sha224sum": ("sha224", "SHA224", 224), "sha256sum": ("sha256", "SHA256", 256),
         "sha384sum": ("sha384", "SHA384", 384), "sha512sum": ("sha512", "SHA512", 512),
         "b2sum": ("blake2b", "BLAKE2b", 512)}
_LONG = {"binary": "b", "check": "c", "tag": "T", "text": "t", "zero": "z",
         "ignore-missing": "I", "quiet": "Q", "status": "S", "strict": "X", "warn": "w",
         "length=": "l"}


def _hasher(prog: str, bits: int):
    name = ALGOS[prog][0]
    if name == "blake2b":
        return hashlib.blake2b(digest_size=bits // 8)
    return hashlib.new(name)


def _escape(name: str, check: bool = False) -> tuple[str, str]:
    """coreutils 9.1's file name escaping: in a digest line a name holding ``\\`` or
    a newline is written with those escaped and the line starts with ``\\``; in
    ``-c``'s report only a name holding a newline is."""
    if "\n" in name or not check and "\\" in name:
        return "\\", name.replace("\\", "\\\\").replace("\n", "\\n")
    return "", name


def _digest(ctx: "CommandContext", prog: str, bits: int, name: str) -> str:
    """The hex digest of a file operand (OSError if it cannot be read)."""
    h = _hasher(prog, bits)
    inp = open_input(ctx, name)
    if inp.endless:
        reads_forever(prog, name)
    try:
        for chunk in inp.chunks():
            h.update(chunk)
    finally:
        inp.close()
    return h.hexdigest()


def _cmd(prog: str):
    def run(ctx: "CommandContext") -> int:
        opts, files = getopt(ctx.argv[1:], "bcl:twz" if prog == "b2sum" else "bctwz",
                             {k: v for k, v in _LONG.items() if prog == "b2sum" or v != "l"})
        flags = {o for o, _ in opts}
        bits = ALGOS[prog][2]
        for o, v in opts:
            if o == "l":
                if not v.isdigit():
                    raise UsageError(f"invalid length: '{v}'", hint=False)
                n = int(v)
                if n > 512 or n % 8:
                    err(ctx, f"{prog}: invalid length: '{v}'")
                    raise UsageError("maximum digest length for 'BLAKE2b' is 512 bits"
                                     if n > 512 else "length is not a multiple of 8", hint=False)
                bits = n or 512
        check = "c" in flags
        if "T" in flags and check:
            raise UsageError("the --tag option is meaningless when verifying checksums")
        if "T" in flags and "t" in flags:
            raise UsageError("--tag does not support --text mode")
        if ("b" in flags or "t" in flags) and check:
            raise UsageError("the --binary and --text options are meaningless when "
                             "verifying checksums")
        for o, what in (("I", "--ignore-missing"), ("S", "--status"), ("Q", "--quiet"),
                        ("X", "--strict"), ("w", "--warn")):
            if o in flags and not check:
                raise UsageError(f"the {what} option is meaningful only when verifying checksums")
        files = files or ["-"]
        out = Out(ctx.stdout)
        rc = 0
        if check:
            for f in files:
                rc |= _check(ctx, prog, bits, f, flags, out)
            out.flush()
            return rc
        tag = ALGOS[prog][1] + (f"-{bits}" if prog == "b2sum" and bits != 512 else "")
        for f in files:
            try:
                hexd = _digest(ctx, prog, bits, f)
            except OSError as e:
                out.flush()
                err(ctx, f"{prog}: {quotef(f)}: {strerror(e)}")
                rc = 1
                continue
            if "z" in flags:
                pre, shown = "", f
            else:
                pre, shown = _escape(f)
            end = "\0" if "z" in flags else "\n"
            if "T" in flags:
                out.write(f"{pre}{tag} ({shown}) = {hexd}{end}".encode("utf-8", "surrogateescape"))
            else:
                mark = "*" if "b" in flags else " "
                out.write(f"{pre}{hexd} {mark}{shown}{end}".encode("utf-8", "surrogateescape"))
        out.flush()
        return rc
    run.__doc__ = (f"``{prog} [-b|-t] [--tag] [-z] [FILE]...`` and ``{prog} -c [--quiet] "
                   "[--status] [--strict] [-w] [--ignore-missing] [FILE]...``: coreutils "
                   "9.1's output, messages and statuses.")
    return run


def _unescape(name: str) -> str | None:
    """coreutils' ``filename_unescape``: ``\\\\`` and ``\\n``; None for any other escape."""
    out = []
    i = 0
    while i < len(name):
        c = name[i]
        if c == "\\":
            nxt = name[i + 1:i + 2]
            if nxt == "\\":
                out.append("\\")
            elif nxt == "n":
                out.append("\n")
            else:
                return None
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


class _Parser:
    """``split_3`` and ``bsd_split_3`` of one checksum file: (name, hex) of a line,
    None when it is improperly formatted. A line with one blank after the digest
    names its file from the next character (BSD "reversed" style); once a file has
    such a line, the standard two-character separator is no longer recognized."""

    def __init__(self, tag: str, hexlen: int) -> None:
        self.tag = tag
        self.hex = re.compile(r"[0-9a-fA-F]{%d}" % hexlen)
        self.hexlen = hexlen
        self.bsd_reversed = -1

    def parse(self, line: str) -> tuple[str, str] | None:
        i = 0
        while i < len(line) and line[i] in " \t":
            i += 1
        escaped = line[i:i + 1] == "\\"
        if escaped:
            i += 1
        s = line[i:]
        if s.startswith(self.tag + " ("):
            close = s.rfind(") = ")
            if close < 0:
                return None
            name, hexd = s[len(self.tag) + 2:close], s[close + 4:]
        else:
            hexd = s[:self.hexlen]
            rest = s[self.hexlen:]
            if not rest or rest[0] not in " \t":
                return None
            rest = rest[1:]
            if len(rest) == 0:
                return None
            if rest[0] not in " *" or len(rest) == 1:
                if self.bsd_reversed == 0:
                    return None
                self.bsd_reversed = 1
                name = rest
            elif self.bsd_reversed != 1:
                self.bsd_reversed = 0
                name = rest[1:]
            else:
                name = rest
        if not self.hex.fullmatch(hexd) or not name:
            return None
        if escaped:
            name = _unescape(name)
            if name is None:
                return None
        return name, hexd.lower()


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _check(ctx: "CommandContext", prog: str, bits: int, listing: str, flags: set,
           out: Out) -> int:
    """``digest_check`` of one checksum file: 0 if every listed file matched."""
    try:
        inp = open_input(ctx, listing)
    except OSError as e:
        out.flush()
        err(ctx, f"{prog}: {quotef(listing)}: {strerror(e)}")
        return 1
    shown_listing = "'standard input'" if listing == "-" else quotef(listing)
    tag = ALGOS[prog][1]
    parser = _Parser(tag, bits // 4)
    bad_format = read_fail = mismatch = matched = 0
    found = False
    quiet, status = "Q" in flags, "S" in flags
    try:
        for lineno, raw in enumerate(inp.lines(), 1):
            line = raw.decode("utf-8", "surrogateescape")
            if line.endswith("\r"):
                line = line[:-1]
            if not line or line.lstrip(" \t").startswith("#"):
                continue
            got = parser.parse(line)
            if got is None:
                bad_format += 1
                if "w" in flags:
                    out.flush()
                    err(ctx, f"{prog}: {shown_listing}: {lineno}: improperly formatted "
                             f"{tag} checksum line")
                continue
            found = True
            name, want = got
            pre, shown = _escape(name, check=True)
            try:
                have = _digest(ctx, prog, bits, name)
            except OSError as e:
                if "I" in flags and e.errno == 2:
                    continue
                out.flush()
                err(ctx, f"{prog}: {quotef(name)}: {strerror(e)}")
                read_fail += 1
                if not status:
                    out.write(f"{pre}{shown}: FAILED open or read\n".encode("utf-8", "surrogateescape"))
                continue
            matched += 1
            if have != want:
                mismatch += 1
                if not status:
                    out.write(f"{pre}{shown}: FAILED\n".encode("utf-8", "surrogateescape"))
            elif not status and not quiet:
                out.write(f"{pre}{shown}: OK\n".encode("utf-8", "surrogateescape"))
    finally:
        inp.close()
    out.flush()
    if not found:
        err(ctx, f"{prog}: {shown_listing}: no properly formatted checksum lines found")
        return 1
    if not status:
        if bad_format:
            err(ctx, f"{prog}: WARNING: "
                     + _plural(bad_format, "line is improperly formatted",
                               "lines are improperly formatted"))
        if read_fail:
            err(ctx, f"{prog}: WARNING: "
                     + _plural(read_fail, "listed file could not be read",
                               "listed files could not be read"))
        if mismatch:
            err(ctx, f"{prog}: WARNING: "
                     + _plural(mismatch, "computed checksum did NOT match",
                               "computed checksums did NOT match"))
    if "I" in flags and not matched and not read_fail and not mismatch:
        err(ctx, f"{prog}: {shown_listing}: no file was verified")
        return 1
    ok = not mismatch and not read_fail and not ("X" in flags and bad_format)
    return 0 if ok else 1


for _prog in ALGOS:
    command(_prog, usage="[OPTION]... [FILE]...")(_cmd(_prog))


def _crc_table() -> list[int]:
    t = []
    for i in range(256):
        c = i << 24
        for _ in range(8):
            c = ((c << 1) ^ 0x04C11DB7) if c & 0x80000000 else c << 1
        t.append(c & 0xFFFFFFFF)
    return t


_CRC = _crc_table()


def posix_cksum(data: bytes) -> int:
    """POSIX ``cksum``'s CRC (coreutils cksum.c ``cksum_slice8``'s result): the
    polynomial 0x04C11DB7 most significant bit first over the bytes, then over the
    length's bytes least significant first (as few as it takes), complemented."""
    crc = 0
    tab = _CRC
    for b in data:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ tab[(crc >> 24) ^ b]
    n = len(data)
    while n:
        crc = ((crc << 8) & 0xFFFFFFFF) ^ tab[(crc >> 24) ^ (n & 0xFF)]
        n >>= 8
    return ~crc & 0xFFFFFFFF


@command("cksum", usage="[OPTION]... [FILE]...")
def cmd_cksum(ctx: "CommandContext") -> int:
    """``cksum [FILE]...`` (coreutils 9.1, its default ``-a crc``): each file's CRC,
    size and name (none for standard input alone). The guests' busybox has no
    cksum applet."""
    opts, files = getopt(ctx.argv[1:], "a:", {"algorithm=": "a"})
    for _, v in opts:
        if v != "crc":
            raise UsageError(f"-a {v} is not modelled (memcgsim)", hint=False)
    out = Out(ctx.stdout)
    rc = 0
    for name in files or ["-"]:
        try:
            inp = open_input(ctx, name)
            try:
                data = b"".join(inp.chunks())
            finally:
                inp.close()
        except IsADirectoryError:
            data = b""      # coreutils 9.1: a directory reads as empty, no error
        except OSError as e:
            out.flush()
            err(ctx, f"cksum: {quotef(name)}: {strerror(e)}")
            rc = 1
            continue
        tail = f" {name}" if files else ""
        out.write(f"{posix_cksum(data)} {len(data)}{tail}\n".encode("utf-8", "surrogateescape"))
    out.flush()
    return rc
