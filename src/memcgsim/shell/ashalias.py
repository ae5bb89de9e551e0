"""busybox sh's aliases in a script or ``-c`` string (ash.c): the parser reads one
line's commands, the shell runs them, then it reads the next line, expanding an
alias in command position as it reads (``readtoken``: ``checkkwd & CHKALIAS``,
after the reserved words; a value ending in a blank makes the next word one too;
an alias is not expanded again inside its own value). So an alias defined on a
line applies from the next line on. The model parses a program at once: when a
top-level command changed the aliases, the lines after it are parsed again with
the aliases expanded in their text (a value holding a newline would move the
lines' numbers: not modelled)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .hashcmd import ASH_KEYWORDS
from .nodes import Node, Seq
from .parser import Src, parse
from .scan import Scan

if TYPE_CHECKING:  # pragma: no cover
    from .interp import Shell

#: a program that may define an alias
ALIAS_WORD = re.compile(r"(^|[\s;&|(`])alias\b")


def _value(name: str, aliases: dict[str, str], used: frozenset) -> str:
    """An alias's value, an alias its first word names expanded in it in turn
    (not one already being expanded: ``ls='ls -l'`` stays ``ls -l``)."""
    value = aliases[name]
    used = used | {name}
    m = _FIRST.match(value)
    if m is not None and m.group(1) in aliases and m.group(1) not in used \
            and m.group(1) not in ASH_KEYWORDS:
        value = value[:m.start(1)] + _value(m.group(1), aliases, used) + value[m.end(1):]
    return value


#: the first word of an alias's value
_FIRST = re.compile(r"[ \t]*([^ \t\n;&|<>()]+)")


def expand(text: str, aliases: dict[str, str]) -> str:
    """``text`` with each word in command position that names an alias replaced
    by its value (:func:`_value`), and the word after a value ending in a blank
    too."""
    scan = Scan(text, None, "ash")
    scan.cmd_words = []
    scan.commands(0, "top")
    out, at = [], 0
    for i, j in scan.cmd_words:
        w = text[i:j]
        if i < at or w in ASH_KEYWORDS or w not in aliases:
            continue
        value = _value(w, aliases, frozenset())
        out += (text[at:i], value)
        at = j
        if value[-1:] in (" ", "\t"):
            k = j
            while k < len(text) and text[k] in " \t":
                k += 1
            e = scan.word_end(k)
            nxt = text[k:e]
            if nxt in aliases and nxt not in ASH_KEYWORDS:
                out += (text[j:k], _value(nxt, aliases, frozenset()))
                at = e
    out.append(text[at:])
    return "".join(out)


class Program(Node):
    """A busybox sh program that may define aliases: its top-level commands run
    as :class:`nodes.Seq` runs them, the lines after one that changed the
    aliases parsed again with them expanded."""
    __slots__ = ("text", "seq")

    def __init__(self, text: str, seq: Seq) -> None:
        self.text = text
        self.seq = seq
        self.line = seq.line

    def run(self, sh: "Shell"):
        seen = dict(sh.aliases)
        seq = self.seq
        lines = self.text.split("\n")
        i = 0
        st = sh.status
        while i < len(seq.items):
            node, bg = seq.items[i]
            st = sh.background(node) if bg else (yield from Seq([(node, False)], node.line).run(sh))
            sh.status = st
            if sh.aliases != seen and seq.ends is not None:
                # the next line's commands, read after these ran
                seen = dict(sh.aliases)
                last = seq.ends[i]
                rest = "\n".join(lines[last:])
                seq = parse(Src(expand(rest, sh.aliases), last + 1, sh.dialect.ash_grammar))
                i = 0
                continue
            i += 1
        return st
