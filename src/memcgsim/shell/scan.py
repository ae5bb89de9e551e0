"""Quote-aware scanner over bash source text.

bashlex 0.18 cannot parse ``$(( ))``, ``(( ))``, ``for ((;;))``, ``case`` or
``[[ ]]``. :class:`Scan` walks the source as bash's lexer would (quotes,
``$(...)``, backticks, comments, here-documents), finds those constructs and
records them as *regions*; :mod:`.parser` masks each outermost region with a
same-length placeholder so bashlex parses the rest and every offset stays valid.
"""
from __future__ import annotations

from ..lazyimport import LazyPattern

META = frozenset(" \t\n;&|<>()")
#: ``NAME[`` at the start of a word
_ELEMENT_START = LazyPattern(r"[A-Za-z_][A-Za-z0-9_]*\[")
#: reserved words after which the next word is again in command position
KEEP_CMD = frozenset(("if", "then", "else", "elif", "do", "while", "until", "!", "{", "time"))
#: the reserved words that start a compound command (``coproc NAME`` before one)
COMPOUND_WORDS = frozenset(("{", "while", "until", "for", "if", "case", "select", "[["))
#: builtins whose NAME=VALUE arguments are assignments (``declare -A h=(...)`` too)
DECL_BUILTINS = frozenset(("local", "export", "declare", "typeset", "readonly"))
OPERATORS = (";;&", ";;", ";&", "&&", "||", "|&", ">>", "<<<", "<<-", "<<", "<&", ">&",
             "&>>", "&>", "<>", ">|", ";", "&", "|", "<", ">")
REDIR_OPS = frozenset((">>", "<<<", "<<-", "<<", "<&", ">&", "&>>", "&>", "<>", ">|", "<", ">"))


class ParseError(Exception):
    """A syntax error at ``pos`` (bash: ``syntax error near unexpected token``)."""

    def __init__(self, msg: str, pos: int):
        super().__init__(msg)
        self.msg = msg
        self.pos = pos


class DiscardError(ParseError):
    """A compound assignment's syntax error: bash reports it, sets ``$?`` to 1 and
    drops the line, reading on from the next one (parse.y
    ``parse_compound_assignment``: ``jump_to_top_level (DISCARD)`` outside posix
    mode; the unterminated ``(`` at the line it opened on, ``orig_line_number``)."""


class CondError(ParseError):
    """bash's ``[[ ]]`` parser's error (parse.y ``cond_term``, ``cond_error``):
    its messages, each with the position whose line it names (none when
    ``[[`` ends where a term belongs), no input line. ``read_token`` then returns
    -1, which ``yylex`` makes bison's error token: the parser discards tokens to
    a newline (the ``error '\\n'`` rule: a non-interactive shell stops, ``$?``
    kept) or the end of the input (``error yacc_EOF``: ``$?`` 2 if it was 0).
    ``end``: where the error token ends; ``eof``: the error token is the end
    of the input."""

    def __init__(self, lines: list[tuple[str, int]], tok: tuple[str, int, int]):
        super().__init__(lines[0][0] if lines else "", tok[1])
        self.lines = lines
        self.end = tok[2]
        self.eof = tok[0] == "eof"


#: parse.y's ``test_unop`` / ``test_binop`` (test.c): the operators of ``[[ ]]``
COND_UNARY = frozenset("-a -b -c -d -e -f -g -h -k -n -o -p -r -s -t -u -v -w -x -z -G -L -O -S -N -R".split())
COND_BINARY = frozenset("= == != < > -nt -ot -ef -eq -ne -lt -le -gt -ge".split())


class AshSyntaxError(ParseError):
    """A syntax error busybox sh meets where bash's grammar reads on, in ash's
    words (``raise_error_syntax``'s text after ``syntax error: ``)."""


#: the special builtins of busybox sh (ash.c ``builtintab``'s ``BUILTIN_SPEC_REG``,
#: with ``source``) and dash (builtins.def ``-s``): no function takes their names
_ASH_SPECIAL = frozenset(". : break continue eval exec exit export local readonly return set shift "
                         "times trap unset".split())

#: what may follow the name in ash's ``${NAME...}`` before its ``}`` (``parsesub``)
_ASH_SUB_OPS = frozenset(":-=+?#%/")


#: bash's operators busybox sh reads as two tokens, the second unexpected:
#: ``<<<`` a redirection where the here-document's word belongs, ``|&`` and
#: ``;&`` an ``&`` (``raise_error_unexpected_syntax``); ``;;&`` a word where a case
#: pattern's ``)`` belongs
_ASH_NO_OPS = {"<<<": "unexpected redirection", "|&": 'unexpected "&"', ";&": 'unexpected "&"',
               ";;&": 'unexpected word (expecting ")")'}


#: what dash's ``parsesub`` takes after the name: no ``/``, and ``:`` only before
#: ``-=?+`` (dash 0.5.12 has no ``${x:N:M}``, ``${x/a/b}``)
_DASH_SUB_OPS = frozenset("-=+?#%")


#: bash's reserved words that are a command's name in the ash family's grammar
#: (ash.c ``tokname_array``, dash parser.c ``parsekwd``: neither has ``[[`` (busybox's
#: a builtin), ``]]`` or, in dash, ``function``)
_ASH_WORDS = {"ash": frozenset(("time", "select", "coproc", "[[", "]]")),
              "dash": frozenset(("time", "select", "coproc", "[[", "]]", "function"))}


#: the words that open a compound command in the ash family's grammar
_COMPOUND_OPENERS = frozenset(("{", "if", "while", "until", "for", "case"))


def ash_bad_param(t: str, i: int, e: int, grammar: bool | str = "ash") -> bool:
    """Whether busybox sh's ``parsesub`` leaves the ``${...}`` whose body is
    ``t[i:e]`` without a type (``subtype`` 0): a name (or one special
    parameter, or ``#`` and a name) not followed by ``}``, ``:``, ``-=+?``,
    ``#``/``%`` or ``/`` (``${x^^}``, ``${x,,}``, ``${x@Q}``, ``${a[1]}``,
    ``${!x}``, ``${}``): ``varvalue`` raises ``syntax error: bad substitution``
    when it expands it. dash's (``grammar`` "dash") takes fewer operators
    (:data:`_DASH_SUB_OPS`): its ``Bad substitution``."""
    c = t[i:i + 1]
    if c == "#" and t[i + 1:i + 2] not in ("", "}", ":", "-", "=", "+", "?", "#", "%"):
        i += 1          # ${#NAME}
    j = i
    while j < e and (t[j].isalnum() or t[j] == "_"):
        j += 1
    if j == i and t[j:j + 1] in ("@", "*", "#", "?", "-", "$", "!"):
        j += 1
    if j == i:
        return True
    if grammar == "dash" and j < e:
        return not (t[j] in _DASH_SUB_OPS or t[j] == ":" and t[j + 1:j + 2] in ("-", "=", "+", "?"))
    return j < e and t[j] not in _ASH_SUB_OPS


_ASH_NUL = LazyPattern(r"(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+|[@*?$!-]):}")


def ash_nul_word(t: str, i: int, e: int) -> int:
    """Where the word of a ``${NAME:}WORD}`` whose body starts at ``i`` begins (``i``
    for any other ``${...}``): the ash family's ``parsesub`` (dash parser.c, ash.c)
    takes the ``}`` after ``:`` as the type's character (``VSNUL|VSNORMAL``), so the
    expansion has a word and ends at the next ``}`` (``${x:}`` alone: ``missing '}'``)."""
    m = _ASH_NUL.match(t, i, e)
    return i if m is None else m.end()


class Unsupported(Exception):
    """A construct the interpreter does not implement."""

    def __init__(self, what: str, pos: int):
        super().__init__(what)
        self.what = what
        self.pos = pos


# Region and CaseInfo are written out, not dataclasses: building a dataclass costs
# every start of the program (bench/README.md).
class Region:
    """A construct found in the source: ``start..end`` and its ``kind`` ("arith" |
    "arith_cmd" | "array_assign" | "cmdsub" | "cond" | "case" | "for_arith" |
    "heredoc" | "heredoc_body" | "select" | "coproc" | "subscript" | "time" | "word":
    a word bashlex would take for a keyword), with what the parser needs of it."""
    __slots__ = ("start", "end", "kind", "data")

    def __init__(self, start: int, end: int, kind: str, data: object = None) -> None:
        self.start = start
        self.end = end
        self.kind = kind
        self.data = data

    def __repr__(self) -> str:
        return f"Region(start={self.start!r}, end={self.end!r}, kind={self.kind!r}, data={self.data!r})"


class CaseInfo:
    """A ``case``: the span of its word and its ``items``, each (pattern spans,
    body span, terminator ";;" | ";&" | ";;&" | "esac")."""
    __slots__ = ("word", "items")

    def __init__(self, word: tuple[int, int], items: list | None = None) -> None:
        self.word = word
        self.items = [] if items is None else items

    def __repr__(self) -> str:
        return f"CaseInfo(word={self.word!r}, items={self.items!r})"


def is_name(s: str) -> bool:
    return bool(s) and (s[0].isalpha() or s[0] == "_") and all(c.isalnum() or c == "_" for c in s)


def assignment_name(w: str) -> str | None:
    """``NAME`` if ``w`` is ``NAME=...`` or ``NAME+=...``, else None."""
    eq = w.find("=")
    if eq <= 0:
        return None
    name = w[:eq - 1] if w[eq - 1] == "+" else w[:eq]
    return name if is_name(name) else None


class Scan:
    """Scanner over ``text[start:end]``; ``regions`` collects what bashlex cannot parse."""

    def __init__(self, text: str, end: int | None = None, ash: bool | str = False):
        self.text = text
        self.end = len(text) if end is None else end
        self.regions: list[Region] = []
        #: the ash family's grammar, "ash" (busybox sh's, also given as True) or
        #: "dash": no ``((``, ``NAME=(``, ``<<<``, ``|&``, ``;&``, ``for ((``,
        #: ``select``, ``coproc`` or ``time`` keyword, no ``${x^^}``/``${x,,}``/
        #: ``${!x}``/``${x@Q}``; dash's also no ``[[``, ``function``, ``<(``
        self.ash = "ash" if ash is True else ash
        #: the words in command position, (start, end), when a list (shell/ashalias.py)
        self.cmd_words: list | None = None
        #: bash's parser left in a failed ``[[ ]]``'s state (Shell.cond_stuck)
        self.cond_stuck = False
        #: each ``[[``'s first token: (position, the name a syntax error gives it)
        self.cond_heads: list[tuple[int, str]] = []
        #: text the ash family's grammar reads into the source where bash's would
        #: not, as (offset, text), for the parser to read the source again with it:
        #: dash's ``&>``/``&>>`` is ``&`` then ``>`` (parser.c has no ``&>``: a blank
        #: between them), a function's simple command as its body a group
        #: (:meth:`ash_func_body`)
        self.inserts: list[tuple[int, str]] = []

    # -- low-level skips (each takes the index just after the opener) ------------
    def squote_end(self, i: int) -> int:
        j = self.text.find("'", i, self.end)
        if j < 0:
            raise ParseError("unexpected EOF while looking for matching `''", i - 1)
        return j + 1

    def dash_redirection(self, op: str, i: int) -> None:
        """dash's parser at the operator ``op`` (at ``i``): ``<(``/``>(`` are a
        redirection and an unexpected ``(`` (no process substitution), and
        ``>&``/``<&`` take a descriptor's number, ``-`` or an expansion
        (parser.c ``parsefname``: ``Bad fd number`` for another word)."""
        t = self.text
        j = i + len(op)
        if op in ("<", ">") and t.startswith("(", j):
            raise AshSyntaxError('unexpected "("', j)
        if op in ("<&", ">&"):
            k = self.skip_blank(j)
            w = t[k:self.word_end(k)]
            if w and not (w.isdigit() or w == "-") and not any(c in w for c in "$`'\\\""):
                raise AshSyntaxError("Bad fd number", k)

    def ansi_end(self, i: int) -> int:
        t, n = self.text, self.end
        opener = i - 1
        while i < n:
            c = t[i]
            if c == "\\":
                i += 2
                continue
            if c == "'":
                return i + 1
            i += 1
        # parse_matched_pair's error names the line its opener is on (start_lineno)
        raise ParseError("unexpected EOF while looking for matching `''", opener)

    def dollar(self, i: int) -> int:
        """``t[i] == '$'``: index after the expansion starting there."""
        t = self.text
        nxt = t[i + 1:i + 2]
        if nxt == "(":
            if t.startswith("((", i + 1):
                j = self.arith_end(i + 3)
                if j is not None:
                    self.regions.append(Region(i, j, "arith"))
                    return j
                if self.ash and self._ash_arith_open(i + 3):
                    # the ash family's ``$((`` is always arithmetic (``PARSEARITH``),
                    # a lone ``)`` in it no end: the input ends inside it
                    raise ParseError("unexpected EOF while looking for matching `))'", i)
            j, _ = self.commands(i + 2, "paren")
            # masked for bashlex, which trips on some lists inside $(...) (``&&``)
            self.regions.append(Region(i, j + 1, "cmdsub"))
            return j + 1
        if nxt == "{":
            return self.brace_end(i + 2)
        if nxt == "'":
            return self.ansi_end(i + 2)
        if nxt == '"':
            return self.dquote_end(i + 2)
        if nxt == "[":
            if self.ash:
                # the ash family has no ``$[EXPR]`` (bash's old arithmetic): a ``$``
                # and a ``[`` (masked: bashlex would read bash's)
                self.regions.append(Region(i, i + 2, "word"))
                return i + 2
            j = self.bracket_end(i + 2)
            self.regions.append(Region(i, j, "arith"))
            return j
        return i + 1

    def bracket_end(self, i: int) -> int:
        """``i`` is after bash's ``$[`` (the arithmetic expansion before
        ``$((``): index after its matching ``]`` (parse.y ``read_token_word``:
        ``parse_matched_pair (cd, '[', ']', &ttoklen, P_ARITH)``, nested
        brackets counted, quotes and expansions skipped)."""
        return self.pair_end(i, "[", "]")

    def pair_end(self, i: int, opening: str, closing: str, opener: int | None = None) -> int:
        """Index after the ``closing`` character that matches the ``opening`` at
        ``opener`` (by default two characters before ``i``, after a ``$``), read
        from ``i`` (``parse_matched_pair``: inner pairs counted, quotes and
        expansions skipped); its EOF error placed at ``opener``."""
        t, n = self.text, self.end
        if opener is None:
            opener = i - 2
        depth = 0
        while i < n:
            c = t[i]
            if c == opening:
                depth += 1
            elif c == closing:
                if depth == 0:
                    return i + 1
                depth -= 1
            i = self.skip_unit(i)
        raise ParseError(f"unexpected EOF while looking for matching `{closing}'", opener)

    def dquote_end(self, i: int) -> int:
        t, n = self.text, self.end
        opener = i - 1
        while i < n:
            c = t[i]
            if c == "\\":
                i += 2
            elif c == '"':
                return i + 1
            elif c == "$" and t[i + 1:i + 2] not in ('"', "'"):    # $" and $' are plain here
                try:
                    i = self.dollar(i)
                except ParseError as e:
                    # the ash family's ``readtoken1`` at the end of the input: an
                    # open quote before an open ``${`` (``unterminated quoted
                    # string``, then ``missing '}'``)
                    if not (self.ash and e.msg.endswith("`}'")):
                        raise
                    break
            elif c == "`":
                i = self.backtick_end(i + 1)
            else:
                i += 1
        raise ParseError('unexpected EOF while looking for matching `"\'', opener)

    def backtick_end(self, i: int) -> int:
        t, n = self.text, self.end
        j = i
        while j < n:
            c = t[j]
            if c == "\\":
                j += 2
                continue
            if c == "`":
                inner = Scan(t, j, self.ash)
                inner.commands(i, "top")
                self.regions.extend(inner.regions)
                self.inserts.extend(inner.inserts)
                # masked for bashlex, which reads a quoted \` inside as the end
                self.regions.append(Region(i - 1, j + 1, "cmdsub"))
                return j + 1
            j += 1
        raise ParseError("unexpected EOF while looking for matching ``'", i - 1)

    def skip_unit(self, i: int) -> int:
        """Past the escape, quoted string or expansion that starts at ``i`` (past the
        character, for any other)."""
        c = self.text[i]
        if c == "\\":
            return i + 2
        if c == "'":
            return self.squote_end(i + 1)
        if c == '"':
            return self.dquote_end(i + 1)
        if c == "$":
            return self.dollar(i)
        if c == "`":
            return self.backtick_end(i + 1)
        return i + 1

    def brace_end(self, i: int) -> int:
        start = ash_nul_word(self.text, i, self.end) if self.ash else i
        return self.pair_end(start, "{", "}", i - 2)

    def _ash_arith_open(self, i: int) -> bool:
        """ash.c ``readtoken1``'s arithmetic after ``$((`` at ``i``: True when the
        input ends before its ``))`` (an unmatched ``)`` not followed by another
        is kept)."""
        t, n = self.text, self.end
        depth = 0
        while i < n:
            c = t[i]
            if c == "(":
                depth += 1
            elif c == ")":
                if depth:
                    depth -= 1
                elif t.startswith(")", i + 1):
                    return False
            elif c == "\\":
                i += 1
            i += 1
        return True

    def arith_end(self, i: int) -> int | None:
        """``i`` is after ``((``; index after the matching ``))`` or None."""
        t, n = self.text, self.end
        depth = 0
        saved = len(self.regions)
        try:
            while i < n:
                c = t[i]
                if c == "(":
                    depth += 1
                elif c == ")":
                    if depth == 0:
                        if t.startswith(")", i + 1):
                            return i + 2
                        break
                    depth -= 1
                elif c == "\\":
                    i += 1
                elif c == "'":
                    i = self.squote_end(i + 1)
                    continue
                elif c == '"':
                    i = self.dquote_end(i + 1)
                    continue
                elif c == "$":
                    i = self.dollar(i)
                    continue
                elif c == "`":
                    i = self.backtick_end(i + 1)
                    continue
                i += 1
        except ParseError:
            pass
        del self.regions[saved:]
        return None

    def word_end(self, i: int) -> int:
        t, n = self.text, self.end
        while i < n and t[i] not in META:
            if t[i] in "?*+@!" and t.startswith("(", i + 1):
                j = self.extglob_end(i + 2)
                if j is not None:
                    self.regions.append(Region(i, j, "extglob"))
                    i = j
                    continue
            i = self.skip_unit(i)
        return min(i, n)

    def extglob_end(self, i: int) -> int | None:
        """``i`` is after the ``(`` of an extglob group ``?(..|..)``: the index after
        its ``)``, or None when the line ends first. Words are read as bash reads them
        with ``extglob`` set; matching honours the option (``[[ ]]`` always does)."""
        t, n = self.text, self.end
        depth = 0
        while i < n:
            c = t[i]
            if c == "\n":
                return None
            if c == "(":
                depth += 1
            elif c == ")":
                if depth == 0:
                    return i + 1
                depth -= 1
            i = self.skip_unit(i)
        return None

    def subscript_end(self, i: int) -> int:
        """The ``]`` closing a subscript that starts at ``i`` (-1 if the line ends
        first); quotes and expansions inside are skipped, inner brackets counted
        (parse.y ``parse_matched_pair (cd, '[', ']', ..., P_ARRAYSUB)``:
        ``a[b[0]]=x``)."""
        t, n = self.text, self.end
        depth = 0
        while i < n:
            c = t[i]
            if c == "]":
                if not depth:
                    return i
                depth -= 1
            elif c == "[":
                depth += 1
            elif c == "\n":
                return -1
            i = self.skip_unit(i)
        return -1

    def array_assign(self, start: int, paren: int, w: str) -> int:
        """``NAME=(WORD...)`` from ``start``; the words (or ``[SUB]=VALUE``) may span
        lines. Returns the end of the region it records."""
        t, n = self.text, self.end
        spans = []
        k = paren + 1
        while True:
            k = self.skip_blank(k, newlines=True)
            if k >= n:
                raise DiscardError("unexpected EOF while looking for matching `)'", paren)
            if t[k] == ")":
                break
            close = self.subscript_end(k + 1) if t[k] == "[" else -1
            if close > 0 and t.startswith("=", close + 1):
                # [SUB]=VALUE (blanks may stand in SUB): the subscript's span, the value's
                e = self.word_end(close + 2)
                spans.append(((k + 1, close), (close + 2, e)))
            else:
                e = self.word_end(k)
                if e == k:
                    raise DiscardError(f"syntax error near unexpected token `{self.token_at(k)}'", k)
                spans.append((None, (k, e)))
            k = e
        name = assignment_name(w)
        self.regions.append(Region(start, k + 1, "array_assign", (name, w.endswith("+="), spans)))
        return k + 1

    def skip_blank(self, i: int, newlines: bool = False) -> int:
        t, n = self.text, self.end
        while i < n:
            c = t[i]
            if c in " \t" or (newlines and c == "\n"):
                i += 1
            elif c == "\\" and t.startswith("\n", i + 1):
                i += 2
            elif newlines and c == "#":
                j = t.find("\n", i, n)
                i = n if j < 0 else j
            else:
                break
        return i

    # -- command level -------------------------------------------------------------
    def commands(self, i: int, mode: str) -> tuple[int, str]:
        """Scan a command list from ``i``.

        ``mode`` "top" runs to the end, "paren" stops at an unmatched ``)``,
        "case" at ``;;``/``;&``/``;;&`` or ``esac`` in command position.
        Returns (index of the terminator, terminator).
        """
        t, n = self.text, self.end
        cmd = True
        decl = False        # in the arguments of a declaration builtin
        depth = 0
        redir = False
        dbl = False         # busybox sh: a `[[` word read in this simple command
        heredocs: list[tuple[str, bool]] = []
        while i < n:
            c = t[i]
            if c in " \t":
                i += 1
                continue
            if c == "\\" and t.startswith("\n", i + 1):
                i += 2
                continue
            if c == "\n":
                i += 1
                cmd = True
                dbl = False
                if heredocs:
                    i = self.skip_heredocs(i, heredocs)
                    heredocs = []
                continue
            if c == "#":
                j = t.find("\n", i, n)
                i = n if j < 0 else j
                continue
            if c == ")":
                if depth == 0 and mode == "paren":
                    return i, ")"
                depth -= 1
                i += 1
                cmd = True
                continue
            if c == "(":
                if cmd and t.startswith("((", i) and not self.ash:
                    j = self.arith_end(i + 2)
                    if j is not None:
                        self.regions.append(Region(i, j, "arith_cmd", (i + 2, j - 2)))
                        i = j
                        cmd = False
                        continue
                depth += 1
                i += 1
                cmd = True
                continue
            if c in ";&|<>":
                op = next(o for o in OPERATORS if t.startswith(o, i))
                if dbl and op in ("&&", "||"):
                    # busybox's simplecmd passes `&&`/`||` after a `[[` word to
                    # it as words, until a `]]` word (ash.c BASH_TEST2)
                    self.regions.append(Region(i, i + 2, "word"))
                    i += 2
                    continue
                if self.ash and op in _ASH_NO_OPS:
                    raise AshSyntaxError(_ASH_NO_OPS[op], i)
                if self.ash == "ash" and op == "&>>":
                    # busybox 1.35 reads ``&>`` then a redirection where its word belongs
                    raise AshSyntaxError("unexpected redirection", i)
                if self.ash == "dash":
                    if op in ("&>", "&>>"):
                        self.inserts.append((i + 1, " "))
                        op = "&"
                    self.dash_redirection(op, i)
                if mode == "case" and depth == 0 and op in (";;", ";&", ";;&"):
                    return i, op
                i += len(op)
                if op in REDIR_OPS:
                    redir = True
                    if op in ("<<", "<<-"):
                        op_start = i - len(op)
                        i = self.skip_blank(i)
                        j = self.word_end(i)
                        if j == i:
                            raise ParseError("syntax error near unexpected token `newline'", i)
                        delim = t[i:j]
                        quoted = any(q in delim for q in "'\"\\")
                        delim = delim.replace("'", "").replace('"', "").replace("\\", "")
                        info = [delim, op == "<<-", quoted, None, None, False]
                        self.regions.append(Region(op_start, j, "heredoc", info))
                        heredocs.append(info)
                        i = j
                        redir = False
                else:
                    cmd = True
                    dbl = False
                continue
            if cmd and t.startswith("!(", i):
                j = i + 1   # `!(LIST)` in command position: `!` and a subshell, as
            else:           # bash reads it with extglob unset
                j = self.word_end(i)
                if cmd and j < n and t[j] in " \t" and "[" in t[i:j] and (
                        m := _ELEMENT_START.match(t, i)) and m.end() <= j:
                    # NAME[SUB]=VALUE with blanks in SUB: one word (parse.y reads
                    # an assignment's subscript as a unit); blanked for bashlex
                    close = self.subscript_end(m.end())
                    if close > 0 and (t.startswith("]=", close) or t.startswith("]+=", close)):
                        self.regions.append(Region(i, close, "subscript"))
                        i = self.word_end(close)
                        continue
            if j == i:  # stray character (e.g. unbalanced quote handled above)
                i += 1
                continue
            w = t[i:j]
            if redir:
                redir = False
                i = j
                continue
            if self.ash == "ash" and w in ("[[", "]]"):
                dbl = w == "[["
            if cmd:
                if self.cmd_words is not None:
                    self.cmd_words.append((i, j))
                if self.ash and w in _ASH_WORDS[self.ash]:
                    # a command's name in busybox sh (``time`` the applet) or dash:
                    # blanked for bashlex, which would read bash's keyword
                    self.regions.append(Region(i, j, "word"))
                    i = j
                    cmd = False
                    continue
                if w == "[[":
                    i = self.cond(i, j)
                    cmd = False
                    continue
                if w == "case":
                    i = self.case(i, j)
                    cmd = False
                    continue
                if w == "for":
                    k = self.skip_blank(j)
                    if self.ash and not is_name(t[k:self.word_end(k)]):
                        raise AshSyntaxError("bad for loop variable", k)
                    if t.startswith("((", k):
                        e = self.arith_end(k + 2)
                        if e is None:
                            raise ParseError("syntax error near unexpected token `(('", k)
                        self.regions.append(Region(k, e, "for_arith", (i, k + 2, e - 2)))
                        i = e
                        cmd = False
                        continue
                if mode == "case" and w == "esac" and depth == 0:
                    return i, "esac"
                if w == "time":
                    # `time [-p] PIPELINE`: blanked for bashlex; the parser times the
                    # pipeline that starts at the next word
                    k = self.skip_blank(j)
                    posix = t.startswith("-p", k) and self.word_end(k) == k + 2
                    if posix:
                        k = self.skip_blank(k + 2)
                    if k < n and t[k] not in "\n;&|)#":
                        self.regions.append(Region(i, k, "time", (posix, k)))
                        i = k
                        continue
                if w in KEEP_CMD:
                    i = j
                    continue
                if assignment_name(w) is not None:
                    if t.startswith("(", j) and self.ash:
                        raise AshSyntaxError('unexpected "("', j)
                    if t.startswith("(", j):
                        # more assignments may follow, as after NAME=VALUE
                        i = self.array_assign(i, j, w)
                        continue
                    i = j
                    continue
                if w == "select":
                    # read as `for` by bashlex (the same grammar); the parser
                    # makes a Select of the `for` that starts here
                    self.regions.append(Region(i, j, "select"))
                elif w == "coproc":
                    i = self.coproc(i, j)
                    continue
                if self.ash:
                    self.ash_func_body(j, w)
                cmd = False
                decl = w in DECL_BUILTINS
            elif decl and assignment_name(w) is not None and t.startswith("(", j) and not self.ash:
                i = self.array_assign(i, j, w)
                continue
            elif w == "{":
                cmd = True
            i = j
        for info in heredocs:       # no newline after the operator: an empty body
            info[3] = info[4] = i
            info[5] = True
        if mode == "paren":
            raise ParseError("unexpected EOF while looking for matching `)'", i)
        if mode == "case":
            raise ParseError("syntax error: unexpected end of file", i)
        return i, ""

    def ash_func_body(self, j: int, name: str) -> None:
        """The ash family's function definition of ``name`` (ending at ``j``): a
        name that is no identifier or a special builtin's is a syntax error
        (``bad function name``: ash.c/dash parser.c ``simplecmd``'s ``goodname``
        and ``IS_BUILTIN_SPECIAL`` tests); its body is any command after ``()``
        and blanks or newlines (``n->nfunc.body = command()``), bash's only a
        compound one. A simple command there (``f() echo x``) is read as a group:
        ``{ `` and `` ;} `` inserted around it (:attr:`inserts`)."""
        t, n = self.text, self.end
        k = self.skip_blank(j)
        if not t.startswith("(", k):
            return
        k = self.skip_blank(k + 1)
        if not t.startswith(")", k):
            return
        if not is_name(name) or name in _ASH_SPECIAL or (name == "source" and self.ash == "ash"):
            raise AshSyntaxError("bad function name", k)
        b = self.skip_blank(k + 1, newlines=True)
        if b >= n or t[b] in "({;&|)<>" or t[b:self.word_end(b)] in _COMPOUND_OPENERS:
            return
        e = b
        while e < n:
            c = t[e]
            if c in " \t":
                e += 1
            elif c == "\\" and t.startswith("\n", e + 1):
                e += 2
            elif c in "\n;&|)#":
                break
            elif c in "<>":
                e += len(next(o for o in OPERATORS if t.startswith(o, e)))
            else:
                e = max(self.word_end(e), e + 1)
        self.inserts += [(b, "{ "), (e, " ;} ")]

    def coproc(self, start: int, j: int) -> int:
        """``coproc [NAME] COMMAND``: blanked for bashlex, which parses COMMAND;
        NAME is the word after ``coproc`` when a compound command follows it
        (parse.y ``coproc``: ``COPROC WORD shell_command``), else ``COPROC``.
        Returns where COMMAND starts."""
        t = self.text
        k = self.skip_blank(j)
        e = self.word_end(k)
        name = "COPROC"
        if is_name(t[k:e]) and t[k:e] not in COMPOUND_WORDS:
            k2 = self.skip_blank(e)
            if t.startswith("(", k2) or t[k2:self.word_end(k2)] in COMPOUND_WORDS:
                name, k = t[k:e], k2
        if k >= self.end or t[k] in "\n;&|)#":
            tok = t[k] if k < self.end and t[k] != "\n" else "newline"
            raise ParseError(f"syntax error near unexpected token `{tok}'", k)
        self.regions.append(Region(start, k, "coproc", (name, k)))
        return k

    def skip_heredocs(self, i: int, heredocs: list[list]) -> int:
        """Skip the bodies of pending here-documents; record [body start, body end)
        and whether the input ended before the delimiter (the body runs to its
        end: bash warns, the ash family says nothing)."""
        t, n = self.text, self.end
        for info in heredocs:
            delim, strip = info[0], info[1]
            info[3] = i
            body_end = None
            while i < n:
                j = t.find("\n", i, n)
                line_end = n if j < 0 else j
                line = t[i:line_end]
                if (line.lstrip("\t") if strip else line) == delim:
                    body_end = i
                    i = line_end + 1 if j >= 0 else n
                    break
                i = line_end + 1 if j >= 0 else n
            if body_end is None:
                body_end = i = n
                info[5] = True
            info[4] = body_end
            self.regions.append(Region(info[3], i, "heredoc_body"))
        return i

    def cond(self, start: int, i: int) -> int:
        """``[[ ... ]]`` whose ``[[`` ends at ``i``: bash's recursive descent
        (parse.y ``cond_expr``, ``cond_or``, ``cond_and``, ``cond_term``) over
        ``read_token``'s tokens; records the tokens and the expression tree
        (:class:`CondScan`); :class:`CondError` as bash words its errors."""
        c = CondScan(self, i)
        # with PST_CONDEXPR still set (Shell.cond_stuck) read_token does not parse
        # the expression, so bison meets its first token where COND_CMD belongs
        head = CondScan(self, i).read()
        name = c.name(head) or self.text[head[1]:head[2]]
        if self.cond_stuck:
            raise ParseError(f"syntax error near unexpected token `{name}'", head[1])
        self.cond_heads.append((head[1], name))
        tree = c.or_()
        tok = c.tok
        if not c.is_end(tok):
            # parse.y cond_error, at the line the [[ is on
            if tok[0] == "eof":
                raise CondError([("unexpected EOF while looking for `]]'", start)], tok)
            name = c.name(tok)
            raise CondError([(f"syntax error in conditional expression: unexpected token `{name}'"
                              if name else "syntax error in conditional expression", start)], tok)
        self.regions.append(Region(start, tok[2], "cond", (c.toks, tree, c.node_at)))
        return tok[2]

    def regex_word_end(self, i: int) -> int:
        """End of the word after ``=~`` starting at ``i``: bash's parser reads it
        with PST_REGEXP (parse.y ``read_token_word``): ``|`` is part of it and a
        ``(`` opens a matched pair read whole, blanks and all; another
        metacharacter or a blank ends it."""
        t, n = self.text, self.end
        while i < n:
            j = self.word_end(i)
            if j > i:
                i = j
            elif t[i] == "|":
                i += 1
            elif t[i] == "(":
                i = self.paren_pair_end(i + 1)
            else:
                break
        return i

    def paren_pair_end(self, i: int) -> int:
        """Just past the ``)`` matching the ``(`` before ``i`` (parse.y
        ``parse_matched_pair``: quotes and nested pairs skipped)."""
        t, n = self.text, self.end
        depth = 1
        while i < n:
            c = t[i]
            if c == "\\":
                i += 2
            elif c in "'\"`" or (c == "$" and t.startswith(("$(", "${", "$'", '$"'), i)):
                i = max(self.word_end(i), i + 1)
            elif c == "(":
                depth += 1
                i += 1
            elif c == ")":
                depth -= 1
                i += 1
                if not depth:
                    return i
            else:
                i += 1
        raise ParseError("unexpected EOF while looking for matching `)'", i)

    def token_at(self, i: int) -> str:
        """The token bash's syntax error names at ``i``, where a word was wanted:
        an operator, else the character, ``newline`` at a line's or the text's end."""
        t = self.text
        if i >= self.end or t[i] == "\n":
            return "newline"
        return next((op for op in OPERATORS if t.startswith(op, i)), t[i])

    def case(self, start: int, i: int) -> int:
        t, n = self.text, self.end
        i = self.skip_blank(i)
        j = self.word_end(i)
        if j == i:
            raise ParseError("syntax error near unexpected token `case'", start)
        info = CaseInfo((i, j))
        i = self.skip_blank(j, newlines=True)
        j = self.word_end(i)
        if t[i:j] != "in":
            raise ParseError(f"syntax error near unexpected token `{t[i:j] or self.token_at(i)}'", i)
        i = j
        while True:
            i = self.skip_blank(i, newlines=True)
            if i >= n:
                raise ParseError("syntax error: unexpected end of file", start)
            j = self.word_end(i)
            if t[i:j] == "esac":
                self.regions.append(Region(start, j, "case", info))
                return j
            if t.startswith("(", i):
                i = self.skip_blank(i + 1)
            pats = []
            while True:
                i = self.skip_blank(i)
                j = self.word_end(i)
                if j == i:
                    raise ParseError(f"syntax error near unexpected token `{self.token_at(i)}'", i)
                pats.append((i, j))
                i = self.skip_blank(j)
                if t.startswith("|", i) and not t.startswith("||", i):
                    i += 1
                    continue
                if t.startswith(")", i):
                    i += 1
                    break
                raise ParseError(f"syntax error near unexpected token `{self.token_at(i)}'", i)
            body_start = i
            stop, term = self.commands(i, "case")
            info.items.append((pats, (body_start, stop), term))
            if term == "esac":
                end = stop + 4
                self.regions.append(Region(start, end, "case", info))
                return end
            i = stop + len(term)


class CondScan:
    """The tokens of one ``[[ ]]`` read as bash's parser reads them inside it:
    (kind, start, end), kind "word", "op", "nl" or "eof"; ``tok`` is parse.y's
    ``cond_token``. The tree's nodes hold tokens: ("or"|"and", l, r), ("not", e),
    ("group", e), ("unary", op, word), ("binary", op, l, r), ("regex", l, r),
    ("str", word)."""

    def __init__(self, scan: Scan, i: int):
        self.scan = scan
        self.i = i
        self.tok: tuple[str, int, int] = ("eof", i, i)
        #: the word and operator tokens read, for the command's text
        self.toks: list[tuple[str, int, int]] = []
        #: where the parser stood as it made the last node (make_cond_node's
        #: ``line_number``): the top node's is the command's line
        self.node_at = i

    def text(self, tok) -> str:
        return self.scan.text[tok[1]:tok[2]]

    def read(self, regexp: bool = False) -> tuple[str, int, int]:
        """``read_token``: blanks and a comment skipped; a newline, the end of
        the input, an operator or a word (after ``=~``, PST_REGEXP's)."""
        sc = self.scan
        t, n = sc.text, sc.end
        i = sc.skip_blank(self.i)
        if i < n and t[i] == "#":
            j = t.find("\n", i, n)
            i = n if j < 0 else j
        if i >= n:
            tok = ("eof", n, n)
        elif t[i] == "\n":
            tok = ("nl", i, i + 1)
        else:
            j = i
            if regexp or t[i] not in ";&|<>()":
                j = sc.regex_word_end(i) if regexp else sc.word_end(i)
            if j > i:
                tok = ("word", i, j)
            else:
                op = next((o for o in OPERATORS if t.startswith(o, i)), t[i])
                tok = ("op", i, i + len(op))
        self.i = tok[2]
        if tok[0] in ("word", "op") and not self.is_end(tok):
            self.toks.append(tok)
        return tok

    def skip_newlines(self) -> tuple[str, int, int]:
        """``cond_skip_newlines``: the next token that is not a newline, as
        ``cond_token``."""
        tok = self.read()
        while tok[0] == "nl":
            tok = self.read()
        self.tok = tok
        return tok

    def is_end(self, tok) -> bool:
        """Whether ``tok`` is COND_END (``]]``, a word nowhere else)."""
        return tok[0] == "word" and tok[2] - tok[1] == 2 and self.text(tok) == "]]"

    def name(self, tok) -> str | None:
        """``error_token_from_token``: an operator's or reserved word's text,
        ``newline``, ``EOF``; None for a word (``current_token`` is COND_START)."""
        if tok[0] == "nl":
            return "newline"
        if tok[0] == "eof":
            return "EOF"
        if tok[0] == "op" or self.is_end(tok):
            return self.text(tok)
        return None

    def or_(self):
        left = self.and_()
        if self.tok[0] == "op" and self.text(self.tok) == "||":
            e = ("or", left, self.or_())
            self.node_at = self.tok[1]
            return e
        return left

    def and_(self):
        left = self.term()
        if self.tok[0] == "op" and self.text(self.tok) == "&&":
            e = ("and", left, self.and_())
            self.node_at = self.tok[1]
            return e
        return left

    def term(self):
        """``cond_term``."""
        tok = self.skip_newlines()
        txt = self.text(tok)
        if self.is_end(tok):
            raise CondError([], tok)
        if tok[0] == "op" and txt == "(":
            try:
                e = self.or_()
            except CondError as err:
                err.lines.append(("expected `)'", tok[1]))
                raise
            close = self.tok
            if not (close[0] == "op" and self.text(close) == ")"):
                name = self.name(close)
                raise CondError([(f"unexpected token `{name}', expected `)'" if name else "expected `)'",
                                  tok[1])], close)
            self.node_at = close[1]
            self.skip_newlines()
            return ("group", e)
        if tok[0] == "word" and txt == "!":
            return ("not", self.term())
        if tok[0] == "word" and txt in COND_UNARY:
            arg = self.read()
            if arg[0] != "word" or self.is_end(arg):
                name = self.name(arg)
                raise CondError([(f"unexpected argument `{name}' to conditional unary operator" if name
                                  else "unexpected argument to conditional unary operator", arg[1])], arg)
            self.node_at = arg[2] - 1
            self.skip_newlines()
            return ("unary", tok, arg)
        if tok[0] == "word":
            op = self.read()
            otxt = self.text(op)
            regexp = op[0] == "word" and otxt == "=~"
            if not (regexp or (op[0] == "word" and otxt in COND_BINARY and not self.is_end(op))
                    or (op[0] == "op" and otxt in ("<", ">"))):
                if self.is_end(op) or (op[0] == "op" and otxt in ("&&", "||", ")")):
                    self.tok = op       # [[ x ]] is [[ -n x ]]
                    self.node_at = op[1]
                    return ("str", tok)
                name = self.name(op)
                raise CondError([(f"unexpected token `{name}', conditional binary operator expected" if name
                                  else "conditional binary operator expected", op[1])], op)
            right = self.read(regexp)
            if right[0] != "word" or self.is_end(right):
                name = self.name(right)
                raise CondError([(f"unexpected argument `{name}' to conditional binary operator" if name
                                  else "unexpected argument to conditional binary operator", right[1])], right)
            self.node_at = right[2] - 1
            self.skip_newlines()
            return ("regex", tok, right) if regexp else ("binary", op, tok, right)
        name = self.name(tok)
        raise CondError([(f"unexpected token `{name}' in conditional command", tok[1])], tok)

