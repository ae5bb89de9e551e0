"""``getopt`` (util-linux 2.38, the enhanced one): the parameters parsed as
``getopt_long`` parses them and printed back normalised, each argument
quoted for the shell (``-u`` and the compatible mode not), with ``--``
before the operands; a bad option is glibc's message (``-n`` names the
program, ``-q`` silences) and status 1, the rest still printed."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ._util import command, raw_write, short_options

if TYPE_CHECKING:
    from ..context import CommandContext


def _quote(s: str) -> str:
    """util-linux ``normalize`` for sh/bash: single quotes, ``'`` as ``'\\''``."""
    return "'" + s.replace("'", "'\\''") + "'"


def _longs(specs: list[str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for spec in specs:
        for name in spec.replace(" ", ",").split(","):
            if name:
                stripped = name.rstrip(":")
                out[stripped] = min(len(name) - len(stripped), 2)
    return out


def parse(prog: str, shorts: dict[str, int], longs: dict[str, int], args: list[str],
          permute: bool, alternative: bool) -> tuple[list[str], list[str], list[str]]:
    """(output words, operands, error messages) of ``getopt_long`` over ``args``."""
    words: list[str] = []
    operands: list[str] = []
    errors: list[str] = []
    i = 0
    while i < len(args):
        a = args[i]
        i += 1
        if a == "--":
            operands += args[i:]
            break
        long_form = a.startswith("--") or (alternative and a.startswith("-") and len(a) > 2
                                            and a[1] != "-")
        if long_form and len(a) > 2:
            body = a[2:] if a.startswith("--") else a[1:]
            name, eq, val = body.partition("=")
            cands = [k for k in longs if k == name] or [k for k in longs if k.startswith(name)]
            if not cands and alternative and not a.startswith("--"):
                long_form = False
            elif not cands:
                errors.append(f"{prog}: unrecognized option '{a}'")
                continue
            elif len(cands) > 1:
                errors.append(f"{prog}: option '{a.split('=')[0]}' is ambiguous; possibilities: "
                              + " ".join(f"'--{k}'" for k in cands))
                continue
            else:
                full = cands[0]
                need = longs[full]
                if need == 0 and eq:
                    errors.append(f"{prog}: option '--{full}' doesn't allow an argument")
                    continue
                if need == 1 and not eq:
                    if i >= len(args):
                        errors.append(f"{prog}: option '--{full}' requires an argument")
                        continue
                    val = args[i]
                    i += 1
                words.append(f"--{full}")
                if need:
                    words.append(_quote(val))
                continue
        if a.startswith("-") and len(a) > 1:
            j = 1
            while j < len(a):
                c = a[j]
                j += 1
                if c not in shorts:
                    errors.append(f"{prog}: invalid option -- '{c}'")
                    continue
                need = shorts[c]
                words.append(f"-{c}")
                if need == 0:
                    continue
                if j < len(a):
                    words.append(_quote(a[j:]))
                elif need == 1:
                    if i >= len(args):
                        words.pop()
                        errors.append(f"{prog}: option requires an argument -- '{c}'")
                        break
                    words.append(_quote(args[i]))
                    i += 1
                else:
                    words.append("''")
                break
            continue
        operands.append(a)
        if not permute:
            operands += args[i:]
            break
    return words, operands, errors


@command("getopt", usage="optstring parameters", std_opts=False)
def cmd_getopt(ctx: "CommandContext") -> int:
    """``getopt -o SHORTOPTS [-l LONGOPTS]... [-n NAME] [-q] [-a] [-u] [-T] -- PARAMS``
    and the compatible ``getopt OPTSTRING PARAMS``."""
    argv = ctx.argv[1:]
    if not argv:
        ctx.stderr.write("getopt: missing optstring argument\n"
                         "Try 'getopt --help' for more information.\n")
        return 2
    if not argv[0].startswith("-"):                 # compatible mode: no quoting
        shorts = short_options(argv[0].lstrip("+-"))
        words, ops, errors = parse("getopt", shorts, {}, argv[1:], not argv[0].startswith("+"),
                                   False)
        for e in errors:
            ctx.stderr.write(e + "\n")
        raw_write(ctx.stdout, (" " + " ".join([w.strip("'") if w.startswith("'") else w
                                               for w in words] + ["--"] + ops) + "\n").encode())
        return 1 if errors else 0
    shortspec = None
    longspecs: list[str] = []
    name = "getopt"
    quiet = quiet_out = unquoted = alternative = False
    i = 0
    while i < len(argv):
        a = argv[i]
        i += 1
        if a == "--":
            break
        if a in ("-o", "--options") or a.startswith(("--options=",)):
            shortspec = a.partition("=")[2] if "=" in a else (argv[i] if i < len(argv) else "")
            i += 0 if "=" in a else 1
        elif a.startswith("-o"):
            shortspec = a[2:]
        elif a in ("-l", "--longoptions", "--long") or a.startswith(("--longoptions=", "--long=")):
            longspecs.append(a.partition("=")[2] if "=" in a else (argv[i] if i < len(argv) else ""))
            i += 0 if "=" in a else 1
        elif a.startswith("-l"):
            longspecs.append(a[2:])
        elif a in ("-n", "--name"):
            name = argv[i] if i < len(argv) else name
            i += 1
        elif a in ("-q", "--quiet"):
            quiet = True
        elif a in ("-Q", "--quiet-output"):
            quiet_out = True
        elif a in ("-u", "--unquoted"):
            unquoted = True
        elif a in ("-a", "--alternative"):
            alternative = True
        elif a in ("-T", "--test"):
            return 4
        elif a in ("-s", "--shell"):
            i += 1
        else:
            if shortspec is None:
                shortspec = a
                break
            ctx.stderr.write(f"getopt: unrecognized option '{a}'\n"
                             "Try 'getopt --help' for more information.\n")
            return 2
    params = argv[i:]
    if shortspec is None:
        if not params:
            ctx.stderr.write("getopt: missing optstring argument\n"
                             "Try 'getopt --help' for more information.\n")
            return 2
        shortspec, params = params[0], params[1:]
    permute = not shortspec.startswith("+")
    words, ops, errors = parse(name, short_options(shortspec.lstrip("+-")), _longs(longspecs), params,
                               permute, alternative)
    if not quiet:
        for e in errors:
            ctx.stderr.write(e + "\n")
    if not quiet_out:
        if unquoted:
            words = [w[1:-1].replace("'\\''", "'") if w.startswith("'") else w for w in words]
            ops_out = ops
        else:
            ops_out = [_quote(o) for o in ops]
        raw_write(ctx.stdout, (" " + " ".join(words + ["--"] + ops_out) + "\n").encode(
            "utf-8", "surrogateescape"))
    return 1 if errors else 0

