"""``numfmt`` (GNU coreutils 9.1 src/numfmt.c), on x87 long doubles as the real one
computes (:func:`.seq.ld_round`): numbers from the arguments or, without any, from
each line of standard input; ``--from``/``--to`` none, auto, si, iec, iec-i,
``--from-unit``/``--to-unit``, ``--round``, ``--suffix``, ``--padding`` (and the
auto-padding of whitespace-separated fields), ``--format`` (``%[0'-][W][.P]f``
with text around it), ``--field``, ``-d``, ``--header``, ``--invalid``. Not
modelled: ``--grouping`` (a no-op in the C locale), ``--debug``, ``-z``."""
from __future__ import annotations

import re
from fractions import Fraction
from typing import TYPE_CHECKING

from ._util import Out, UsageError, command, err, getopt
from .seq import _Invalid, format_ld, ld_round, strtold

if TYPE_CHECKING:
    from ..context import CommandContext

#: ``suffix_power_char``: the power of each scale suffix
SUFFIXES = "KMGTPEZYRQ"
SCALES = ("none", "auto", "si", "iec", "iec-i")
ROUNDS = ("up", "down", "from-zero", "towards-zero", "nearest")
INVALID = ("abort", "fail", "warn", "ignore")
LONG = {"from=": "f", "from-unit=": "F", "to=": "t", "to-unit=": "T", "round=": "r",
        "suffix=": "s", "padding=": "p", "format=": "m", "field=": "k", "delimiter=": "d",
        "header?": "H", "invalid=": "i", "grouping": "g", "debug": "D", "zero-terminated": "z"}


class _Bad(Exception):
    """An input the number cannot be read from: the message (``--invalid``)."""


def _pow(base: int, n: int) -> Fraction:
    return Fraction(base) ** n


def _round(v: Fraction, mode: str) -> int:
    """``simple_round``: to an integer (``intmax_t``)."""
    if mode == "up":
        return -((-v.numerator) // v.denominator)
    if mode == "down":
        return v.numerator // v.denominator
    if mode == "from-zero":
        return -_round(-v, "up") if v < 0 else _round(v, "up")
    if mode == "towards-zero":
        return int(v)
    return int(v - Fraction(1, 2)) if v < 0 else int(v + Fraction(1, 2))


class Numfmt:
    """The options, and ``process_line``/``process_field`` of one line."""

    def __init__(self) -> None:
        self.scale_from = self.scale_to = "none"
        self.from_unit = self.to_unit = 1
        self.round = "from-zero"
        self.suffix = ""
        self.padding = 0
        self.auto_padding = False
        self.fmt: tuple[str, str, str, int | None] | None = None     # prefix, flags+width, suffix, prec
        self.fields: list[tuple[int, int]] | None = None
        self.delimiter: str | None = None
        self.invalid = "abort"

    # -- input
    def parse(self, text: str) -> tuple[Fraction, int]:
        """``process_suffixed_number``: the value (from-unit applied) and the
        precision the input has (its decimals, 0 with a scale suffix)."""
        s = text
        if self.suffix and s.endswith(self.suffix):
            s = s[:-len(self.suffix)]
        s = s.lstrip(" \t")
        m = re.match(r"-?(?:\d+(?:\.\d*)?|\.\d+)", s)
        if not m:
            raise _Bad(f"invalid number: '{text}'")
        try:
            val = strtold(m.group(0))
        except _Invalid:
            raise _Bad(f"invalid number: '{text}'") from None
        rest = s[m.end():]
        precision = len(m.group(0).partition(".")[2])
        if rest and rest[0] in SUFFIXES:
            if self.scale_from == "none":
                raise _Bad(f"rejecting suffix in input: '{text}' (consider using --from)")
            power = SUFFIXES.index(rest[0]) + 1
            rest = rest[1:]
            base = 1000 if self.scale_from == "si" else 1024
            if self.scale_from == "auto":
                base = 1000
                if rest[:1] == "i":
                    base, rest = 1024, rest[1:]
            elif self.scale_from == "iec-i":
                if rest[:1] != "i":
                    raise _Bad(f"missing 'i' suffix in input: '{text}' (e.g. Ki/Mi/Gi)")
                rest = rest[1:]
            val = ld_round(val * _pow(base, power))
            precision = 0
        if rest.strip(" \t"):
            if rest[:1] == "i" and s[m.end():m.end() + 1] in SUFFIXES:
                raise _Bad(f"invalid suffix in input '{text}': '{rest}'")
            raise _Bad(f"invalid suffix in input: '{text}'")
        return ld_round(val * self.from_unit), precision

    # -- output
    def human(self, val: Fraction, precision: int) -> str:
        """``double_to_human``: the number in the ``--to`` scale, rounded."""
        user_prec = self.fmt[3] if self.fmt is not None else None
        if self.scale_to == "none":
            prec = precision if user_prec is None else user_prec
            val = ld_round(Fraction(_round(val * 10 ** prec, self.round), 10 ** prec))
            return self._printf(val, prec, "")
        base = 1000 if self.scale_to == "si" else 1024
        power = 0
        while abs(val) >= base:
            val = ld_round(val / base)
            power += 1
        if user_prec is not None:
            adjust = min(power * 3, user_prec)
        else:
            adjust = 1 if abs(val) < 10 else 0
        val = ld_round(Fraction(_round(ld_round(val * 10 ** adjust), self.round), 10 ** adjust))
        if abs(val) >= base:
            val = ld_round(val / base)
            power += 1
        show_point = val != 0 and abs(val) < 10 and power > 0
        prec = (1 if show_point else 0) if user_prec is None else user_prec
        suffix = SUFFIXES[power - 1] if power else ""
        if self.scale_to == "iec-i" and power:
            suffix += "i"
        return self._printf(val, prec, suffix)

    def _printf(self, val: Fraction, prec: int, scale_suffix: str) -> str:
        spec = "" if self.fmt is None else self.fmt[1].replace("'", "")   # C locale: no grouping
        return format_ld(f"%{spec}.{prec}Lf", val) + scale_suffix + self.suffix

    def format_number(self, text: str) -> str:
        """One field converted (``prepare_padded_number``), padded."""
        val, precision = self.parse(text)
        if self.to_unit != 1:
            val = ld_round(val / self.to_unit)
        out = self.human(val, precision)
        if self.fmt is not None:
            out = self.fmt[0] + out + self.fmt[2]
        width = self.padding
        if self.auto_padding:
            stripped = text.lstrip(" \t")
            width = len(text) if len(stripped) < len(text) or self.field_no > 1 else 0
        if width > 0:
            out = out.rjust(width)
        elif width < 0:
            out = out.ljust(-width)
        return out

    field_no = 1

    def want(self, n: int) -> bool:
        if self.fields is None:
            return n == 1
        return any(a <= n <= b for a, b in self.fields)

    def line(self, line: str) -> tuple[str, str | None]:
        """``process_line``: the line with its chosen fields converted; the
        first error's message, if any (the field then left as it was)."""
        error = None
        parts: list[str] = []
        if self.delimiter is not None:
            fields = line.split(self.delimiter)
        else:
            fields = re.findall(r"[ \t]*[^ \t]+|[ \t]+$", line) or [line]
        for i, f in enumerate(fields, 1):
            if self.want(i) and f.strip(" \t"):
                self.field_no = i
                try:
                    f = self.format_number(f)
                except _Bad as e:
                    if error is None:
                        error = str(e)
            parts.append(f)
        return (self.delimiter or "").join(parts), error


def _fields(spec: str) -> list[tuple[int, int]]:
    """``--field``: N, N-M, N-, -M, or ``-`` (all), comma-separated."""
    out = []
    for part in spec.split(","):
        if part == "-":
            out.append((1, 1 << 62))
            continue
        a, dash, b = part.partition("-")
        lo = int(a) if a else 1
        hi = (int(b) if b else 1 << 62) if dash else lo
        if lo < 1 or hi < lo:
            raise ValueError(spec)
        out.append((lo, hi))
    return out


def _unit(s: str) -> int:
    """``unit_to_umax``: a positive integer, with a scale suffix (K, Ki...)."""
    m = re.fullmatch(r"(\d+)(?:([KMGTPEZYRQ])(i?))?", s)
    if not m or int(m.group(1)) == 0:
        raise ValueError(s)
    v = int(m.group(1))
    if m.group(2):
        v *= (1024 if m.group(3) else 1000) ** (SUFFIXES.index(m.group(2)) + 1)
    return v


def _format(spec: str) -> tuple[str, str, str, int | None]:
    """``parse_format_string``: the text before, the flags and width, the text
    after, the precision (None: numfmt's own)."""
    m = re.fullmatch(r"((?:[^%]|%%)*)%([-0']*)(\d*)(?:\.(\d*))?f((?:[^%]|%%)*)", spec)
    if not m:
        raise ValueError(spec)
    prec = None if m.group(4) is None else int(m.group(4) or 0)
    return (m.group(1).replace("%%", "%"), m.group(2) + m.group(3), m.group(5).replace("%%", "%"),
            prec)


@command("numfmt", usage="[OPTION]... [NUMBER]...")
def cmd_numfmt(ctx: "CommandContext") -> int:
    """coreutils 9.1 ``numfmt``: see the module."""
    nf = Numfmt()
    header = 0
    opts, args = getopt(ctx.argv[1:], "d:z", LONG, numeric_ok=True)
    try:
        for o, v in opts:
            v = v or ""
            if o in "ft":
                if v not in SCALES or (o == "t" and v == "auto"):
                    err(ctx, f"numfmt: invalid argument '{v}' for '--{'from' if o == 'f' else 'to'}'")
                    return 1
                if o == "f":
                    nf.scale_from = v
                else:
                    nf.scale_to = v
            elif o in "FT":
                setattr(nf, "from_unit" if o == "F" else "to_unit", _unit(v))
            elif o == "r":
                if v not in ROUNDS:
                    err(ctx, f"numfmt: invalid argument '{v}' for '--round'")
                    return 1
                nf.round = v
            elif o == "s":
                nf.suffix = v
            elif o == "p":
                if not re.fullmatch(r"-?\d+", v) or int(v) == 0:
                    err(ctx, f"numfmt: invalid padding value '{v}'")
                    return 1
                nf.padding = int(v)
            elif o == "m":
                nf.fmt = _format(v)
            elif o == "k":
                nf.fields = _fields(v)
            elif o == "d":
                if len(v) != 1:
                    err(ctx, "numfmt: the delimiter must be a single character")
                    return 1
                nf.delimiter = v
            elif o == "H":
                header = int(v) if v else 1
            elif o == "i":
                if v not in INVALID:
                    err(ctx, f"numfmt: invalid argument '{v}' for '--invalid'")
                    return 1
                nf.invalid = v
            elif o in "zD":
                raise UsageError(f"--{'zero-terminated' if o == 'z' else 'debug'} is not modelled (memcgsim)",
                                 hint=False)
    except ValueError as e:
        err(ctx, f"numfmt: invalid {'format' if str(e).count('%') else 'unit size'}: '{e}'")
        return 1
    nf.auto_padding = nf.padding == 0 and nf.delimiter is None
    out = Out(ctx.stdout)
    rc = 0
    if args:
        lines = args
    else:
        data = ctx.stdin.read(-1).decode("utf-8", "surrogateescape")
        lines = data.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        for _ in range(min(header, len(lines))):
            out.write((lines.pop(0) + "\n").encode("utf-8", "surrogateescape"))
    for ln in lines:
        text, error = nf.line(ln)
        if error is not None:
            if nf.invalid != "ignore":
                out.flush()
                err(ctx, f"numfmt: {error}")
            if nf.invalid == "abort":
                out.flush()
                return 2
            if nf.invalid == "fail":
                rc = 2
        out.write((text + "\n").encode("utf-8", "surrogateescape"))
    out.flush()
    return rc
