"""Aliases in a script or ``-c`` string. busybox sh (ash.c), dash and bash (parse.y) all
read one line's commands, run them, then read the next line, expanding an alias
in command position as they read; a value ending in a blank makes the next word
one too; an alias is not expanded again inside its own value. So an alias defined
on a line applies from the next line on, and not in a function defined before it.
busybox sh and dash always expand, after the reserved words (``readtoken``: ``checkkwd &
CHKALIAS``); bash only with ``shopt -s expand_aliases`` (a script starts without
it: bash's ``expand_aliases = interactive_shell``), before the reserved words
outside posix mode (parse.y ``read_token_word``: ``alias_expand_token`` then
``CHECK_FOR_RESERVED_WORD``). The model parses a program at once: when a top-level
command changed the aliases the reader would expand, the lines after it are parsed
again with them expanded in their text (a value holding a newline would move the
lines' numbers: not modelled)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .nodes import Node, Seq
from .flow import RuntimeUnsupported
from .parser import Src, parse
from .scan import ParseError, Scan, Unsupported

if TYPE_CHECKING:  # pragma: no cover
    from .interp import Shell

#: a program that may define an alias
ALIAS_WORD = re.compile(r"(^|[\s;&|(`])alias\b")


def active(sh: "Shell") -> dict[str, str]:
    """The aliases ``sh``'s reader expands now."""
    return sh.aliases if sh.dialect.ash_eval or "expand_aliases" in sh.shopts else {}


def _value(name: str, aliases: dict[str, str], used: frozenset, keywords: frozenset) -> str:
    """An alias's value, an alias its first word names expanded in it in turn
    (not one already being expanded: ``ls='ls -l'`` stays ``ls -l``)."""
    value = aliases[name]
    used = used | {name}
    m = _FIRST.match(value)
    if m is not None and m.group(1) in aliases and m.group(1) not in used \
            and m.group(1) not in keywords:
        value = value[:m.start(1)] + _value(m.group(1), aliases, used, keywords) + value[m.end(1):]
    return value


#: the first word of an alias's value
_FIRST = re.compile(r"[ \t]*([^ \t\n;&|<>()]+)")


def expand(text: str, aliases: dict[str, str], grammar: bool | str, keywords: frozenset) -> str:
    """``text`` with each word in command position that names an alias replaced
    by its value (:func:`_value`), and the word after a value ending in a blank
    too; ``grammar``: the shell's (``Dialect.ash_grammar``), ``keywords``: the
    reserved words it reads before the aliases (none for bash)."""
    scan = Scan(text, None, grammar)
    scan.cmd_words = []
    scan.commands(0, "top")
    out, at = [], 0
    for i, j in scan.cmd_words:
        w = text[i:j]
        if i < at or w in keywords or w not in aliases:
            continue
        value = _value(w, aliases, frozenset(), keywords)
        out += (text[at:i], value)
        at = j
        if value[-1:] in (" ", "\t"):
            k = j
            while k < len(text) and text[k] in " \t":
                k += 1
            e = scan.word_end(k)
            nxt = text[k:e]
            if nxt in aliases and nxt not in keywords:
                out += (text[j:k], _value(nxt, aliases, frozenset(), keywords))
                at = e
    out.append(text[at:])
    return "".join(out)


class Program(Node):
    """A program that may define aliases: its top-level commands run
    as :class:`nodes.Seq` runs them, the lines after one that changed the
    aliases parsed again with them expanded."""
    __slots__ = ("text", "seq", "syntax", "shift")

    def __init__(self, text: str, seq: Seq, line0: int = 1) -> None:
        self.text = text
        self.seq = seq
        #: the text's first line's number less 1 (busybox's ``-c`` string's: -1)
        self.shift = line0 - 1
        self.line = seq.line
        #: a syntax error met reading the lines again, reported
        self.syntax = False

    def run(self, sh: "Shell"):
        seen = dict(active(sh))
        grammar = sh.dialect.ash_grammar
        keywords = sh.dialect.keywords if grammar else frozenset()
        eof_newline = sh.dialect.eof_newline
        seq = self.seq
        lines = self.text.split("\n")
        i = 0
        st = sh.status
        syntax = None
        while i < len(seq.items):
            node, bg = seq.items[i]
            st = sh.background(node) if bg else (yield from Seq([(node, False)], node.line).run(sh))
            sh.status = st
            if active(sh) != seen and seq.ends is not None:
                # the next line's commands, read after these ran
                seen = dict(active(sh))
                last = seq.ends[i] - self.shift
                seq, syntax = _read(expand("\n".join(lines[last:]), seen, grammar, keywords), last, lines,
                                    grammar, eof_newline, self.shift)
                i = 0
                continue
            i += 1
        if syntax is not None:
            sh.report_syntax_error(*syntax)
            self.syntax = True
            return 2
        return st


def _read(text: str, before: int, lines: list[str], grammar: bool | str,
          eof_newline: bool, shift: int = 0) -> tuple[Seq, tuple | None]:
    """The program's lines after its first ``before``, ``text`` their expansion:
    the complete commands before a syntax error and the error's report (message,
    line, the line as the script has it), as ``Shell.run_program`` reads a script;
    ``shift`` added to every line number (:attr:`Program.shift`)."""
    from .interp import _syntax_error_site
    first = before + 1 + shift
    try:
        return parse(Src(text, first, grammar)), None
    except Unsupported as e:
        raise RuntimeUnsupported(e.what, first + text.count("\n", 0, e.pos)) from None
    except ParseError as e:
        end, (msg, line, offending) = _syntax_error_site(text, e, grammar, eof_newline)
        try:
            seq = parse(Src(text[:end], first, grammar))
        except (ParseError, Unsupported):
            seq = Seq([], first, [])
        line += before
        return seq, (msg, line + shift, None if offending is None else lines[line - 1])
