"""Parse bash source into :mod:`.nodes` trees: bashlex for the grammar, :mod:`.scan` for the rest.

The source is pre-scanned; every construct bashlex 0.18 cannot parse (``$(( ))``,
``(( ))``, ``for ((;;))``, ``case``, ``[[ ]]``) is replaced by a same-length run
of ``_`` (``_ in ___`` for the arithmetic ``for`` header) and kept in a side table
keyed by offset. bashlex parses the masked text; the converter swaps the
placeholders back for real nodes. Words keep their raw source text (offsets are
unchanged by masking) and are compiled by :mod:`.expand`.
"""
from __future__ import annotations

import bisect
import re

from ..lazyimport import LazyPattern
from .lrcache import import_bashlex
from . import nodes as N
from .expand import Word, compile_word
from .printcmd import redir_string
from .quote import ansic_quote, single_quote
from .scan import DECL_BUILTINS, ParseError, Region, Scan, Unsupported, assignment_name

__all__ = ["Src", "parse", "ParseError", "Unsupported"]


def _bashlex():
    """bashlex with its cached parser (:func:`.lrcache.import_bashlex`), imported at
    the first parse: a run of a program kept parsed (:mod:`.parsecache`) never
    imports it (29 M instructions)."""
    bashlex = import_bashlex()
    import bashlex.errors  # noqa: F401 (bashlex.errors.ParsingError)
    return bashlex

#: ``NAME[SUB]=`` or ``NAME[SUB]+=`` at the start of a word
_ELEMENT_START = LazyPattern(r"[A-Za-z_][A-Za-z0-9_]*\[")


def _element_assign(text: str, s: int, e: int) -> tuple[str, int, int, int, bool] | None:
    """``text[s:e]`` as ``NAME[SUB]=VALUE`` or ``NAME[SUB]+=VALUE``: the name, the
    subscript's start and end (its brackets nested: ``a[b[0]]=x``), the value's
    start and whether it appends; None for another word."""
    m = _ELEMENT_START.match(text, s, e)
    if not m:
        return None
    close = Scan(text, e).subscript_end(m.end())
    if close <= m.end():
        return None
    append = text.startswith("]+=", close)
    eq = close + 2 if append else close + 1 if text.startswith("]=", close) else -1
    return (text[s:m.end() - 1], m.end(), close, eq + 1, append) if 0 < eq < e else None
#: ``{NAME}`` (or ``{NAME[SUB]}``) written against a redirection operator
_VARREDIR = LazyPattern(r"\{[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?\}")


_NO_REGION = Region(0, 0, "", None)
#: the bashlex nodes a ``coproc`` runs (a pipeline's first stage, not the pipeline)
_COPROC_KINDS = frozenset(("command", "compound", "if", "for", "while", "until"))


class Src:
    """Source text with line lookup; ``line0`` is the line number of offset 0
    (every line's, ``flat``);
    ``ash``: the ash family's text, "ash" (busybox sh) or "dash" (no brace
    expansion: shell/ash.py, shell/dash.py)."""

    __slots__ = ("text", "line0", "_nl", "ash", "stuck", "marks", "flat")

    def __init__(self, text: str, line0: int = 1, ash: bool | str = False, stuck: bool = False,
                 flat: bool = False):
        self.text = text
        self.line0 = line0
        #: every line is ``line0`` (busybox's parser counts no line while a trap
        #: runs: ash.c ``nlprompt``'s ``trap_depth == 0``)
        self.flat = flat
        self._nl: list[int] | None = [] if flat else None
        self.ash = ash
        #: bash's parser still in a failed ``[[ ]]``'s state (Shell.cond_stuck)
        self.stuck = stuck
        #: a program's places the parser's state decides, collected (parse_program)
        self.marks: set | None = None

    def mark(self, pos: int, kind: str, name: str) -> None:
        """Keep the place ``pos`` of ``kind`` (nodes.Seq.check_unit), the token
        a syntax error there names and its input line."""
        a = self.text.rfind("\n", 0, pos) + 1
        b = self.text.find("\n", pos)
        self.marks.add((self.line(pos), kind, name, self.text[a:b if b >= 0 else len(self.text)]))

    def line(self, pos: int) -> int:
        if self._nl is None:
            t = self.text
            self._nl = [i for i, c in enumerate(t) if c == "\n"]
        return self.line0 + bisect.bisect_left(self._nl, pos)


#: characters after which a masked region starts a word of its own for bashlex
_BEFORE_WORD = frozenset(" \t\n;&|()<>")


def parse(src: Src, start: int = 0, end: int | None = None) -> N.Node:
    """Parse ``src.text[start:end]`` into a node (a :class:`nodes.Seq` at the top)."""
    text = src.text
    end = len(text) if end is None else end
    scan = Scan(text, end, src.ash)
    scan.cond_stuck = src.stuck
    scan.commands(start, "top")
    if src.marks is not None:
        for pos, name in scan.cond_heads:
            src.mark(pos, "cond", name)
    if scan.inserts:
        # the ash family's readings bash's grammar lacks (Scan.inserts): read again
        # with their text put in
        pieces, last = [], 0
        for pos, s in sorted(scan.inserts):
            pieces += [text[last:pos], s]
            last = pos
        pieces.append(text[last:])
        added = sum(len(s) for _, s in scan.inserts)
        return parse(Src("".join(pieces), src.line0, src.ash, flat=src.flat), start, end + added)
    return Converter(src, start, end, scan.regions).program()


def parse_program(src: Src) -> N.Node:
    """``parse`` of a program bash reads a complete command at a time (a script,
    an ``eval`` string, a sourced file): the places whose reading depends on the
    parser's state as it reads each command (extglob words, ``[[``) kept on the
    :class:`nodes.Seq` (``marks``, checked as each command comes)."""
    if src.ash:
        return parse(src)
    src.marks = set()
    node = parse(src)
    if type(node) is N.Seq and src.marks:
        node.marks = sorted(src.marks)
    return node


def _next_token(text: str, i: int) -> int:
    """Where the next word after ``i`` starts: blanks, newlines, ``;``/``&`` and
    comments skipped."""
    n = len(text)
    while i < n:
        c = text[i]
        if c in " \t\n;&":
            i += 1
        elif c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
        else:
            break
    return i


def _shift(nodes: list, delta: int) -> None:
    """Move bashlex nodes (and theirs) by ``delta`` characters."""
    if not delta:
        return
    stack = list(nodes)
    while stack:
        n = stack.pop()
        if n.pos != (0, 0):
            n.pos = (n.pos[0] + delta, n.pos[1] + delta)
        for v in vars(n).values():
            if isinstance(v, list):
                stack.extend(x for x in v if hasattr(x, "pos"))
            elif hasattr(v, "pos") and hasattr(v, "kind"):
                stack.append(v)


class Converter:
    def __init__(self, src: Src, start: int, end: int, regions: list[Region]):
        self.src = src
        self.start = start
        self.end = end
        self.table: dict[int, Region] = {}
        #: start of a timed pipeline -> ``time -p``
        self.timed: dict[int, bool] = {}
        #: starts of the ``select`` loops (masked as ``for``)
        self.selects: set[int] = set()
        #: start of a coprocess's command -> the coprocess's name
        self.coprocs: dict[int, str] = {}
        #: (line, delimiter) of a here-document the input ended in (bash warns)
        self.heredoc_eof: tuple[int, str] | None = None
        outer: list[Region] = []
        for r in sorted(regions, key=lambda r: (r.start, -r.end)):
            if outer and r.start < outer[-1].end:
                continue
            outer.append(r)
        text = src.text
        pieces = []
        at = start
        for r in outer:
            pieces.append(text[at:r.start])
            n = r.end - r.start
            glued = r.start > 0 and text[r.start - 1] not in _BEFORE_WORD
            if r.kind == "for_arith":
                # `for((...))`: `(` ends the word `for` (a metacharacter), so
                # bashlex must see a blank between them
                pieces.append(" _ in " + "_" * (n - 6) if glued and n >= 6
                              else "_ in " + "_" * (n - 5))
                self.table[r.data[0]] = r
            elif r.kind == "arith_cmd" and glued:
                # `while((...))`, `if((...))`: likewise
                pieces.append(" " + "_" * (n - 1))
                self.table[r.start + 1] = r
            elif r.kind == "heredoc":
                # `<<WORD` becomes `<  ___`: bashlex sees an input redirection
                oplen = 3 if text.startswith("<<-", r.start) else 2
                word_start = r.start + oplen + (len(text[r.start + oplen:r.end]) - len(text[r.start + oplen:r.end].lstrip(" \t")))
                pieces.append("<" + " " * (word_start - r.start - 1) + "_" * (r.end - word_start))
                self.table[r.start] = r
            elif r.kind == "time":
                pieces.append(" " * n)
                self.timed[r.data[1]] = r.data[0]
            elif r.kind == "coproc":
                pieces.append(" " * n)
                self.coprocs[r.data[1]] = r.data[0]
            elif r.kind == "subscript":
                # NAME[ SUB ]: the subscript blanked (its expansions too: ``$[``)
                k = text.index("[", r.start) + 1
                pieces.append(text[r.start:k] + "_" * (r.end - k))
            elif r.kind == "select":
                pieces.append("for   ")
                self.selects.add(r.start)
            elif r.kind == "heredoc_body":
                pieces.append("".join(c if c == "\n" else " " for c in text[r.start:r.end]))
            else:
                pieces.append("_" * n)
                if r.kind not in ("arith", "cmdsub", "extglob", "word"):
                    self.table[r.start] = r
            at = r.end
        pieces.append(text[at:end])
        self.masked = "".join(pieces)

    # -- entry ---------------------------------------------------------------------------
    def program(self) -> N.Node:
        m = self.masked
        if not m.strip() or all(not ln.strip() or ln.lstrip().startswith("#") for ln in m.splitlines()):
            return N.Seq([], self.src.line(self.start))
        bashlex = _bashlex()
        try:
            trees = bashlex.parse(m)
        except bashlex.errors.ParsingError as e:
            pos = self.start + min(getattr(e, "position", 0) or 0, len(m))
            msg = _bashlex_msg(e, m)
            tok = msg[msg.find("`") + 1:-1]
            if _VARREDIR.fullmatch(tok) and not self.src.ash:
                # bash takes {NAME}>FILE after a compound command too; bashlex does not
                # (the ash family has no {NAME} redirection: a word of its own)
                at = re.search(re.escape(tok) + "[<>]", m)
                if at is not None:
                    raise Unsupported("a {NAME} redirection of a compound command",
                                      self.start + at.start()) from None
            raise ParseError(msg, pos) from None
        except NotImplementedError as e:
            what, pos = str(e) or "construct", 0
            if "token = {time}" in what:
                what = "the time keyword"
                t = re.search(r"(?:^|[;&|(\s])time\b", m)
                pos = t.end() - 4 if t else 0
            raise Unsupported(what, self.start + pos) from None
        except (IndexError, AttributeError, TypeError, ValueError, AssertionError, KeyError) as e:
            raise ParseError(f"syntax error ({type(e).__name__})", self.start) from None
        # one item per complete command bashlex returns (a line, as bash reads it): an
        # expansion error abandons the rest of that item only
        items: list = []
        ends: list[int] = []
        for t in trees:
            sub: list = []
            self.seq_into(t, sub)
            if len(sub) == 1:
                items.append(sub[0])
            else:
                items.append((N.Seq(sub, self.line(t)), False))
            # the line of the command's last character: where bash's parser stands
            ends.append(self.src.line(self.start + max(t.pos[0], t.pos[1] - 1)))
        ends.append(self.src.line(self.end))    # the end of the input's line
        if self.heredoc_eof is not None and items:
            # parse.y's warning as bash reads the last command, before it runs
            text = self.src.text[self.start:self.end]
            at_end = self.src.line0 + text.count("\n") - (text.endswith("\n") or not text)
            node, bg = items[-1]
            items[-1] = (N.HeredocEof(node, at_end, *self.heredoc_eof), bg)
        return N.Seq(items, self.src.line(self.start), ends)

    # -- helpers ---------------------------------------------------------------------------
    def pos(self, node) -> int:
        return self.start + node.pos[0]

    def line(self, node) -> int:
        return self.src.line(self.pos(node))

    def word(self, node, assign_like: bool = False) -> Word:
        s, e = node.pos
        return compile_word(self.src, self.start + s, self.start + e, assign_like=assign_like)

    def seq_into(self, node, items: list) -> None:
        """Append (node, background) pairs for a bashlex list/command to ``items``."""
        if node.kind == "list":
            self.parts_into(node.parts, items)
        else:
            items.append((self.conv(node), False))

    def parts_into(self, parts: list, items: list) -> None:
        """``parts``: nodes and operators, grouped into and-or lists."""
        cur: list = []
        for p in parts:
            if p.kind == "operator" and p.op in (";", "&", "\n"):
                if cur:
                    items.append((self.andor(cur), p.op == "&"))
                    cur = []
            elif p.kind == "operator" and p.op in ("&&", "||"):
                cur.append(p.op)
            elif p.kind in ("reservedword",) and p.word in (";", "\n"):
                if cur:
                    items.append((self.andor(cur), False))
                    cur = []
            elif p.kind == "list":
                if cur:
                    items.append((self.andor(cur), False))
                    cur = []
                self.parts_into(p.parts, items)
            else:
                cur.append(p)
        if cur:
            items.append((self.andor(cur), False))

    def andor(self, cur: list) -> N.Node:
        first = self.conv(cur[0])
        if len(cur) == 1:
            return first
        rest = [(cur[i], self.conv(cur[i + 1])) for i in range(1, len(cur) - 1, 2)]
        return N.AndOr(first, rest)

    def seq(self, parts: list) -> N.Node:
        items: list = []
        self.parts_into(parts, items)
        if len(items) == 1 and not items[0][1]:
            return items[0][0]
        line = self.line(parts[0]) if parts else 0
        return N.Seq(items, line)

    # -- conversion ------------------------------------------------------------------------------
    def conv(self, node) -> N.Node:
        posix = self.timed.pop(self.pos(node), None) if self.timed else None
        name = self.coprocs.pop(self.pos(node), None) if self.coprocs and node.kind in _COPROC_KINDS else None
        inner = self._conv(node)
        if name is not None:
            inner = N.Coproc(name, inner, inner.line)
        return inner if posix is None else N.Timed(inner, posix, inner.line)

    def _conv(self, node) -> N.Node:
        k = node.kind
        if k == "command":
            return self.command(node)
        if k == "pipeline":
            parts = node.parts
            negate = False
            if parts and parts[0].kind == "reservedword" and parts[0].word == "!":
                negate = True
                parts = parts[1:]
            cmds = []
            for p in parts:
                if p.kind != "pipe":
                    cmds.append(self.conv(p))
                elif p.pipe == "|&":
                    # bash's `|&`: "2>&1 |", the standard error joined after the
                    # command's own redirections (parse.y, pipeline: '|&')
                    last = cmds[-1]
                    if isinstance(last, N.DeclArrays):
                        last = last.simple
                    if not hasattr(last, "redirs"):
                        raise Unsupported("|&", self.pos(node))
                    last.redirs = [*last.redirs, N.Redir(2, ">&", 1, last.line)]
                    if isinstance(last, N.Simple):
                        last.text += " 2>&1"        # as print_cmd.c shows it
            return N.Pipeline(cmds, negate, self.line(node))
        if k == "compound":
            return self.compound(node)
        if k == "function":
            return self.function(node)
        if k == "list":
            return self.seq(node.parts)
        if k in ("if", "for", "while", "until"):
            return self.compound_body(node, [])
        raise Unsupported(k, self.pos(node))

    def redirs(self, rnodes) -> list[N.Redir]:
        out = []
        for r in rnodes or ():
            out.append(self.redirect(r))
        return out

    def redirect(self, r) -> N.Redir:
        typ = r.type
        line = self.line(r)
        fd = r.input if isinstance(r.input, int) else None
        hd = self.table.get(self.start + r.pos[0])
        if hd is None and fd is not None:
            hd = self.table.get(self.start + r.pos[0] + len(str(fd)))
        if hd is not None and hd.kind == "heredoc":
            _, strip, quoted, s, e, eof = hd.data
            body = self.src.text[s:e]
            if eof and not self.src.ash:
                self.heredoc_eof = (line, hd.data[0])
                if body and not body.endswith("\n"):
                    body += "\n"       # shell_getc gives the last line its newline
            if strip:
                body = "".join(ln.lstrip("\t") for ln in body.splitlines(True))
            hw = None if quoted else compile_word(Src(body, self.src.line(s), flat=self.src.flat), 0, len(body),
                                                  heredoc=True)
            delim = hd.data[0]
            # print_heredoc_header's text (a quoted delimiter single-quoted), and
            # the delimiter that ends the body
            header = f"<<{'-' if strip else ''}{single_quote(delim) if quoted else delim}"
            return N.Redir(0 if fd is None else fd, "<<", (header, delim), line, body, hw)
        out = r.output
        if isinstance(out, (int, str)):     # N>&M, or bashlex's "-" of N>&-
            target: object = out
        else:
            target = self.word(out)
        if typ in (">&", "<&") and not isinstance(target, (int, str)):
            raw = self.src.text[self.start + out.pos[0]:self.start + out.pos[1]]
            if raw == "-":
                target = "-"
        default = 0 if typ in ("<", "<&", "<<<", "<>") else 1
        return N.Redir(default if fd is None else fd, typ, target, line)

    def command(self, node) -> N.Node:
        parts = node.parts
        line = self.line(node)
        first = parts[0] if parts else None
        if first is not None and first.kind == "word" and self.pos(first) in self.table:
            r = self.table[self.pos(first)]
            rest = parts[1:]
            if r.kind == "array_assign":
                return self.simple(parts, line)
            if any(p.kind != "redirect" for p in rest):
                raise ParseError(f"syntax error near unexpected token `{rest[0].word if hasattr(rest[0], 'word') else ''}'",
                                 self.pos(rest[0]))
            return self.special(r, self.redirs(rest), line)
        if first is not None and first.kind in ("word", "assignment") and not self.src.ash:
            line = self.lookahead_line(parts)
        return self.simple(parts, line)

    def lookahead_line(self, parts: list) -> int:
        """A simple command's line: bash's ``line_number`` as the parser reduces its
        first word (make_cmd.c ``make_bare_simple_command``), with the token after
        it read: the line that token ends on (``echo \\<newline> $LINENO``: the
        second line)."""
        src = self.src
        if len(parts) > 1:
            p = parts[1]
            return src.line(self.start + (p.pos[1] - 1 if p.kind in ("word", "assignment") else p.pos[0]))
        t, n = src.text, len(src.text)
        i = Scan(t).skip_blank(self.start + parts[0].pos[1])
        if i < n and t[i] == "#":
            j = t.find("\n", i)
            i = n if j < 0 else j
        return src.line(min(i, n - 1)) if n else src.line(i)

    def simple(self, parts: list, line: int) -> N.Node:
        """A simple command: its assignments (``NAME=(...)`` ones among them, as
        bash's parser takes any assignment word before the command's name), words
        and redirections."""
        assigns: list = []
        words: list[Word] = []
        redirs: list[N.Redir] = []
        arrays: list[N.Node] = []
        decl = False
        prev = None
        for p in parts:
            k = p.kind
            if k == "word" and not words and not self.src.ash and (
                    el := _element_assign(self.src.text, self.start + p.pos[0], self.start + p.pos[1])):
                # NAME[SUB]=VALUE (bashlex sees a word)
                nm, sub_start, close, value, append = el
                name = (nm, compile_word(self.src, sub_start, close, arith=True))
                assigns.append((name, compile_word(self.src, value, self.start + p.pos[1],
                                                   assign_value=True), append))
                continue
            if k == "word" and not words and not decl and (
                    r := self.table.get(self.pos(p), _NO_REGION)).kind == "array_assign":
                a = self.special(r, [], line)
                assigns.append((a.name, a, a.append))
                continue
            if k in ("assignment", "word") and not words and assigns and assignment_name(
                    self.src.text[self.start + p.pos[0]:self.start + p.pos[1]]) is not None:
                k = "assignment"        # NAME=VALUE after NAME=(...): bashlex saw a word
            if k == "assignment" and not words:
                s, e = self.start + p.pos[0], self.start + p.pos[1]
                raw = self.src.text[s:e]
                name = assignment_name(raw)
                eq = raw.find("=")
                append = eq > 0 and raw[eq - 1] == "+"
                if name is None or append and self.src.ash:
                    # (busybox sh has no NAME+=VALUE: a command's word)
                    words.append(self.word(p))
                    continue
                if raw.startswith("(", eq + 1):
                    raise Unsupported("array assignment", s)
                assigns.append((name, compile_word(self.src, s + eq + 1, e, assign_value=True), append))
            elif decl and self.table.get(self.pos(p), _NO_REGION).kind == "array_assign":
                # declare [-aA] NAME=(...): declare NAME, then assign the array
                r = self.table[self.pos(p)]
                words.append(compile_word(self.src, r.start, r.start + len(r.data[0])))
                arrays.append(self.special(r, [], line))
            elif k in ("word", "assignment"):
                w = self.word(p, assign_like=decl)
                if not words and w.const is not None and len(w.const) == 1 and w.const[0] in DECL_BUILTINS:
                    decl = True
                words.append(w)
            elif k == "redirect":
                if prev is not None and prev.kind == "word" and prev.pos[1] == p.pos[0] and \
                        not self.src.ash and _VARREDIR.fullmatch(self.src.text, self.start + prev.pos[0],
                                                                 self.start + prev.pos[1]):
                    # {NAME}>FILE: bash puts the descriptor it opens (>= 10) in NAME
                    # (REDIR_VARASSIGN): the Redir's fd is the NAME; busybox sh and
                    # dash have none (the word is a word: ``exec {fd}>f`` execs it)
                    raw = self.src.text[self.start + prev.pos[0] + 1:self.start + prev.pos[1] - 1]
                    words.pop()
                    r = self.redirect(p)
                    r.fd = raw
                    redirs.append(r)
                    prev = p
                    continue
                redirs.append(self.redirect(p))
            else:
                raise Unsupported(k, self.pos(p))
            prev = p
        cmd = N.Simple(assigns, words, redirs, line, self.render(parts, redirs))
        return N.DeclArrays(cmd, arrays, line) if arrays else cmd

    def render(self, parts: list, redirs: list) -> str:
        """A simple command as bash prints it in job reports (print_cmd.c): its words
        as written, then each redirection (``redirs``, made from ``parts``' in
        order) as ``printcmd.redir_string`` writes it (a here-document's header:
        ``printcmd`` adds its body)."""
        text = self.src.text
        out = [text[self.start + p.pos[0]:self.start + p.pos[1]] for i, p in enumerate(parts)
               if p.kind != "redirect" and not (
                   i + 1 < len(parts) and parts[i + 1].kind == "redirect"
                   and parts[i + 1].pos[0] == p.pos[1]
                   and _VARREDIR.fullmatch(text, self.start + p.pos[0], self.start + p.pos[1]))]
        out += map(redir_string, redirs)
        return " ".join(out)

    def special(self, r: Region, redirs: list, line: int) -> N.Node:
        src = self.src
        if r.kind == "arith_cmd":
            s, e = r.data
            return N.ArithCmd(compile_word(src, s, e, arith=True), redirs, line)
        if r.kind == "array_assign":
            name, append, spans = r.data
            return N.ArrayAssign(name, append, [
                (sub and compile_word(src, *sub), compile_word(src, *val, assign_value=sub is not None))
                for sub, val in spans], line)
        if r.kind == "cond":
            # the line of its expression's top node (make_cond_command)
            toks, tree, at = r.data
            text = " ".join(["[["] + [src.text[t[1]:t[2]] for t in toks] + ["]]"])
            return N.CondCmd(CondParser(src, tree).parse(), redirs, src.line(at), text)
        if r.kind == "case":
            info = r.data
            word = compile_word(src, *info.word)
            items = []
            for pats, (bs, be), term in info.items:
                pwords = [compile_word(src, ps, pe) for ps, pe in pats]
                body = parse(src, bs, be)
                items.append((pwords, body, term))
            return N.Case(word, items, redirs, line)
        raise Unsupported(r.kind, r.start)

    def compound(self, node) -> N.Node:
        return self.compound_body(node.list, self.redirs(getattr(node, "redirects", None)), node)

    def compound_body(self, lst, redirs: list, node=None) -> N.Node:
        if not isinstance(lst, list):
            lst = [lst]
        head = lst[0]
        if head.kind == "reservedword" and head.word in ("{", "("):
            body = self.seq(lst[1:-1])
            line = self.line(head)
            if head.word == "{":
                return N.Group(body, redirs, line)
            return N.Subshell(body, redirs, line)
        if len(lst) == 1:
            k = head.kind
            if k == "if":
                return self.if_(head, redirs)
            if k == "for":
                return self.for_(head, redirs)
            if k in ("while", "until"):
                return self.while_(head, redirs)
        raise Unsupported(head.kind, self.pos(head))

    @staticmethod
    def split_rw(parts: list, words: tuple) -> list[tuple[str, list]]:
        """Split ``parts`` at reserved words in ``words``: [(word, parts after it)]."""
        out: list[tuple[str, list]] = []
        for p in parts:
            if p.kind == "reservedword" and p.word in words:
                out.append((p.word, []))
            elif out:
                out[-1][1].append(p)
        return out

    def if_parts(self, parts: list) -> list:
        """An ``if``'s parts with bashlex's nesting undone: it hands the third and
        later ``elif`` clauses (and what follows them) as a reserved word whose
        ``word`` is their list of parts (at pos (0, 0)), positioned from another
        origin (its command's, not the input's): they are spliced back, moved to
        where their ``elif`` is in the text (they were skipped: the clauses never
        ran, or ran other text)."""
        out: list = []
        for p in parts:
            if p.kind == "reservedword" and isinstance(p.word, list):
                nested = p.word
                if out and nested and nested[0].kind == "reservedword":
                    at = _next_token(self.masked, out[-1].pos[1])
                    if self.masked.startswith(nested[0].word, at):
                        _shift(nested, at - nested[0].pos[0])
                out.extend(self.if_parts(nested))
            else:
                out.append(p)
        return out

    def if_(self, node, redirs) -> N.Node:
        segs = self.split_rw(self.if_parts(node.parts), ("if", "then", "elif", "else", "fi"))
        clauses = []
        else_ = None
        cond = None
        for w, ps in segs:
            if w in ("if", "elif"):
                cond = self.seq(ps)
            elif w == "then":
                clauses.append((cond, self.seq(ps)))
            elif w == "else":
                else_ = self.seq(ps)
        return N.If(clauses, else_, redirs, self.line(node))

    def while_(self, node, redirs) -> N.Node:
        segs = dict(self.split_rw(node.parts, ("while", "until", "do", "done")))
        until = "until" in segs
        cond = self.seq(segs["until" if until else "while"])
        return N.Loop(cond, self.seq(segs["do"]), until, redirs, self.line(node))

    def for_(self, node, redirs) -> N.Node:
        p0 = self.pos(node)
        parts = node.parts
        di = next(i for i, p in enumerate(parts) if p.kind == "reservedword" and p.word == "do")
        body = self.seq([p for p in parts[di + 1:] if not (p.kind == "reservedword" and p.word == "done")])
        line = self.line(node)
        if p0 in self.table:
            _, s, e = self.table[p0].data
            text = self.src.text
            exprs = []
            segs = _split_semis(text, s, e)
            if len(segs) != 3:
                raise ParseError("syntax error: arithmetic expression required", s)
            for a, b in segs:
                exprs.append(compile_word(self.src, a, b, arith=True) if text[a:b].strip() else None)
            return N.ArithFor(exprs[0], exprs[1], exprs[2], body, redirs, line)
        var = parts[1].word
        head = parts[2:di]
        if head and head[0].kind == "reservedword" and head[0].word == "in":
            words = [self.word(p) for p in head[1:] if p.kind == "word"]
        else:
            words = None
        if p0 in self.selects:
            return N.Select(var, words, body, redirs, line)
        return N.For(var, words, body, redirs, line)

    def function(self, node) -> N.Node:
        name_node = next(p for p in node.parts if p.kind == "word")
        body = next(p for p in node.parts if p.kind == "compound")
        return N.FuncDef(name_node.word, self.compound(body), self.line(node))


def _split_semis(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """Split the ``for ((a; b; c))`` header at top-level semicolons."""
    out = []
    depth = 0
    a = s
    for i in range(s, e):
        c = text[i]
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == ";" and depth == 0:
            out.append((a, i))
            a = i + 1
    out.append((a, e))
    return out


def _bashlex_msg(e, text: str) -> str:
    msg = getattr(e, "message", None) or str(e)
    if msg.startswith("unexpected token"):
        # bashlex gives the token's repr: bash prints it, $'...'-quoted when a
        # character is not printable (report_syntax_error: ansic_shouldquote)
        import ast                      # on this error path only: its import is not free
        try:
            tok = ast.literal_eval(msg[len("unexpected token"):].strip())
        except (ValueError, SyntaxError):
            tok = msg.split("'", 2)[1] if "'" in msg else ""
        if not isinstance(tok, str) or tok in ("\n", ""):
            tok = "newline"
        elif any(not " " <= c <= "~" for c in tok):
            tok = ansic_quote(tok)
        return f"syntax error near unexpected token `{tok}'"
    if "EOF" in msg or "end of file" in msg:
        return "syntax error: unexpected end of file"
    return f"syntax error: {msg.split(' (position')[0]}"


class CondParser:
    """The expression tree :class:`scan.CondScan` read of a ``[[ ... ]]``, its
    tokens compiled: ("and", a, b) ("or", a, b) ("not", a) ("group", a)
    ("unary", op, w) ("binary", op, l, r) ("regex", l, r) ("str", w), the
    operands :class:`Word` s."""

    def __init__(self, src: Src, tree):
        self.src = src
        self.tree = tree

    def word(self, tok) -> Word:
        """An operand: no brace expansion (cond_expand_word)."""
        return compile_word(self.src, tok[1], tok[2], cond=True)

    def parse(self, e=None):
        e = self.tree if e is None else e
        k = e[0]
        if k in ("and", "or"):
            return (k, self.parse(e[1]), self.parse(e[2]))
        if k in ("not", "group"):
            return (k, self.parse(e[1]))
        if k == "str":
            return ("str", self.word(e[1]))
        text = self.src.text
        if k == "unary":
            return ("unary", text[e[1][1]:e[1][2]], self.word(e[2]))
        if k == "regex":
            return ("regex", self.word(e[1]), self.word(e[2]))
        return ("binary", text[e[1][1]:e[1][2]], self.word(e[2]), self.word(e[3]))
