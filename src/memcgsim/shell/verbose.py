"""``set -v`` (verbose): the shell's input lines written on stderr as its parser
reads them, before the command they complete runs.

bash 5.2 parse.y ``shell_getc``: ``echo_input_at_read`` writes each line it reads,
from a script, a ``-c`` string, an ``eval`` string or a sourced file; the ash family
(busybox 1.35 ash.c and dash 0.5.12 input.c ``preadbuffer``: ``vflag``) writes what
it reads from a file only (a script, a sourced file), not a ``-c`` or ``eval``
string (``setinputstring`` never calls ``preadbuffer``'s read), and a last line
without a newline as it is (bash's given one). The parser reads a
complete command at a time: the lines after the previous command's last through
this one's last, and the bodies of the here-documents they start; the lines after
the last command (blank, comments) as it meets the end. Checked against the host's
bash 5.2.15, busybox 1.35 and dash 0.5.12 (tests/shell/test_verbose.py).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .nodes import Seq


class Source:
    """A program's text as its reader echoes it: its lines (``line0`` the first's
    number) and its here-documents' bodies by line."""
    __slots__ = ("text", "line0", "lines", "bodies")

    def __init__(self, text: str, line0: int) -> None:
        self.text = text
        self.line0 = line0
        self.lines: list[str] | None = None
        self.bodies: dict[int, int] = {}

    def _prepare(self) -> list[str]:
        text = self.text
        self.lines = text.splitlines(keepends=True)
        if "<<" in text:
            from .scan import Scan
            try:
                scan = Scan(text, len(text), False)
                scan.commands(0, "top")
            except Exception:       # a syntax error, reported where the script runs
                return self.lines
            for r in scan.regions:
                if r.kind == "heredoc_body":
                    first = text.count("\n", 0, r.start) + self.line0
                    self.bodies[first] = text.count("\n", 0, max(r.end - 1, r.start)) + self.line0
        return self.lines

    def read_end(self, line: int) -> int:
        """The last line read once ``line`` is: past the bodies it starts."""
        bodies = self.bodies
        while line + 1 in bodies:
            line = bodies[line + 1]
        return line

    def lines_read(self, ends: list[int], i: int) -> str:
        """What the parser reads before command ``i`` (``len(ends) - 1``: to the end)."""
        lines = self.lines if self.lines is not None else self._prepare()
        first = self.read_end(ends[i - 1]) + 1 if i else self.line0
        last = self.read_end(ends[i])
        return "".join(lines[first - self.line0:last - self.line0 + 1])


def echo(sh, seq: "Seq", i: int) -> None:
    """``set -v`` before a program's ``i``-th command (``len(items)``: its end)."""
    text = seq.source.lines_read(seq.ends, i)
    if text:
        if text[-1] != "\n" and sh.dialect.verbose_strings:
            text += "\n"           # shell_getc gives the last line its newline
        sh.stderr.write(text)
