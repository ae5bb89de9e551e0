"""bash's ``make_command_string`` (print_cmd.c): a command tree as bash prints it
in job reports (``t.sh: line 8:  1234 Killed   while true; do ...``).

Simple commands print their words as written and their redirections as
``[N]OP WORD`` (``Simple.text``, made by the parser); lists join with ``; ``,
`` & ``, `` && ``, `` || `` and `` | ``; subshells and groups stay on one line;
``if``, loops and ``case`` go over several lines, their bodies indented by four
spaces, each ended by ``;`` (``semicolon``), as bash 5.2 prints them (checked
against the host's bash in tests/shell/test_printcmd.py).
"""
from __future__ import annotations

from . import nodes as N
from .expand import Word

__all__ = ["command_string", "function_string", "job_text", "redir_string"]

INDENT = 4      # print_cmd.c indentation_amount


def command_string(node) -> str:
    """``make_command_string(node)``; "" for None."""
    if node is None:
        return ""
    p = _Printer()
    p.command(node)
    return "".join(p.out)


def function_string(name: str, body, multiline: bool = True) -> str:
    """``named_function_string``: ``NAME () `` and the body over several lines
    (``declare -f``, ``type``), or ``() { ...`` indented by one space, as an
    exported function's environment value (``BASH_FUNC_NAME%%``)."""
    p = _Printer()
    p.put(f"{name} () " if name else "() ")
    if multiline:
        p.put("\n{ \n")
    else:
        p.indentation, p.amount = 1, 0
        p.put("{ ")
    p.function_body(body, 0)
    return "".join(p.out)


def job_text(node) -> str:
    """What bash names a forked child by: a simple command (negated or not: it is
    forked by ``execute_simple_command``) its own text, anything else
    ``make_command_string`` of it (execute_cmd.c ``make_child``). Kept on the node
    (``Node.jtext``) once made."""
    text = getattr(node, "jtext", None)
    if text is None:
        n = node
        while type(n) is N.Seq and len(n.items) == 1 and not n.items[0][1]:
            n = n.items[0][0]
        if type(n) is N.Pipeline and len(n.cmds) == 1:
            n = n.cmds[0]
        text = node.jtext = command_string(n)
    return text


def redir_string(r: N.Redir) -> str:
    """One redirection as ``print_redirection`` writes it (``2> /dev/null``,
    ``1>&2``, ``&> f``, ``3<&-``)."""
    op, fd = r.op, r.fd
    if type(fd) is str:     # REDIR_VARASSIGN: ``{NAME}`` in the descriptor's place
        fd = f"{{{fd}}}"
    if op == "<<":      # print_heredoc_header: the target holds its text
        return f"{'' if fd == 0 else fd}{r.target[0]}"
    t = r.target
    if isinstance(t, Word):
        target = t.raw
    else:
        target = "-" if t == "-" else str(t)
    if op in (">&", "<&"):
        if isinstance(t, Word) and fd == 1 and op == ">&" and not t.raw.isdigit() and t.raw != "-":
            return f"&> {target}"
        return f"{fd}{op}{target}"
    if op in ("&>", "&>>"):
        return f"{op} {target}"
    default = 0 if op in ("<", "<<<", "<>") else 1
    return f"{'' if fd == default else fd}{op} {target}"


class _Printer:
    """print_cmd.c's state: the text, the indentation, ``skip_this_indent``;
    ``printing_connection`` (inside a list or pipeline: a here-document's body
    waits for the connector), the ``deferred_heredocs`` and ``was_heredoc``."""

    __slots__ = ("out", "indentation", "amount", "fdef", "skip", "connection_depth", "deferred",
                 "was_heredoc")

    def __init__(self):
        self.out: list[str] = []
        self.indentation = 0
        #: ``indentation_amount``; ``inside_function_def``
        self.amount = INDENT
        self.fdef = 0
        self.skip = 0
        self.connection_depth = 0
        self.deferred: list = []
        self.was_heredoc = False

    def put(self, s: str) -> None:
        self.out.append(s)

    def newline(self, s: str = "") -> None:
        self.out.append("\n" + " " * self.indentation + s)

    def semicolon(self) -> None:
        """``;`` unless the text ends with ``&`` or a newline."""
        for chunk in reversed(self.out):
            if chunk:
                if chunk[-1] in "&\n":
                    return
                break
        self.out.append(";")

    def command(self, node) -> None:
        """``make_command_string_internal``."""
        if self.skip:
            self.skip -= 1
        else:
            self.put(" " * self.indentation)
        t = type(node)
        if t is N.Seq:
            self.seq(node.items)
            return
        if t is N.AndOr:
            self.connection(node.first, [(op, n) for op, n in node.rest])
            return
        if t is N.Pipeline:
            if node.negate:
                self.put("! ")
            self.connection(node.cmds[0], [("|", n) for n in node.cmds[1:]])
            return
        if t is N.Timed:
            self.put("time -p " if node.posix else "time ")
            self.skip += 1
            self.command(node.body)
            return
        if t is N.Coproc:
            self.put(f"coproc {node.name} ")
            self.skip += 1
            self.command(node.body)
            return
        if t is N.DeclArrays:
            node = node.simple
            t = N.Simple
        if t is N.Simple:
            self.put(node.text)     # the here-documents' headers among the redirections
            if node.redirs:
                self.heredoc_bodies([r for r in node.redirs if r.op == "<<"])
            return
        if t is N.Subshell:
            self.put("( ")
            self.skip += 1
            self.command(node.body)
            self.put(" )")
        elif t is N.Group:
            self.group(node.body)
        elif t is N.If:
            self.if_(node.clauses, node.else_)
        elif t is N.Loop:
            self.put("until " if node.until else "while ")
            self.skip += 1
            self.command(node.cond)
            self.semicolon()
            self.put(" do\n")
            self.body(node.body)
            self.semicolon()
            self.newline("done")
        elif t is N.For or t is N.Select:
            words = '"$@"' if node.words is None else " ".join(w.raw for w in node.words)
            self.put(f"{'for' if t is N.For else 'select'} {node.var} in {words};")
            self.do_done(node.body)
        elif t is N.ArithFor:
            exprs = "; ".join("" if e is None else e.raw for e in (node.init, node.cond, node.step))
            self.put(f"for (({exprs}))")
            self.do_done(node.body)
        elif t is N.Case:
            self.case(node)
        elif t is N.ArithCmd:
            self.put(f"(({node.expr.raw}))")
        elif t is N.CondCmd:
            self.put(node.text)
        elif t is N.ArrayAssign:
            self.put(node.raw)
        elif t is N.FuncDef:
            self.put(f"function {node.name} () \n" + " " * self.indentation + "{ \n")
            self.function_body(node.body, self.indentation)
            return
        redirs = getattr(node, "redirs", None)
        if redirs:
            self.put(" " + " ".join(redir_string(r) for r in redirs))
            self.heredoc_bodies([r for r in redirs if r.op == "<<"])

    def heredoc_bodies(self, heredocs: list) -> None:
        """The end of ``print_redirection_list``: the bodies of its here-documents
        (their headers are printed in place), deferred to the connector inside a
        list or pipeline, else at once (``print_heredoc_bodies``)."""
        if not heredocs:
            return
        if self.connection_depth:
            self.deferred += heredocs
            return
        self.put("\n" + "".join(f"{r.body}{r.target[1]}\n" for r in heredocs))
        self.was_heredoc = True

    def deferred_heredocs(self, cstring: str) -> None:
        """``print_deferred_heredocs``: the connector (not a lone ``;``), then the
        deferred bodies and a space after them (not after ``;``)."""
        connector = cstring and cstring != ";"
        if connector:
            self.put(cstring)
        if self.deferred:
            heredocs, self.deferred = self.deferred, []
            self.connection_depth, depth = 0, self.connection_depth
            self.heredoc_bodies(heredocs)
            self.connection_depth = depth
            if connector:
                self.put(" ")

    def seq(self, items: list) -> None:
        """A list: ``a; b`` and ``a & b`` (a trailing ``&`` printed as `` &``),
        bash's connections ``;`` and ``&``."""
        self.connection_depth += 1
        for i, (n, bg) in enumerate(items):
            self.skip += 1
            self.command(n)
            last = i == len(items) - 1
            if bg:
                self.deferred_heredocs(" &")
                if not last:
                    self.put(" ")
            elif not last:
                if self.deferred:
                    self.deferred_heredocs("" if self.fdef else ";")
                elif self.was_heredoc:
                    self.was_heredoc = False
                else:
                    self.put(";")
                if self.fdef:           # the next command on its own line, indented
                    self.put("\n")
                    self.skip -= 1
                else:
                    self.put(" ")
        self.end_connection()

    def connection(self, first, rest: list) -> None:
        """``a | b``, ``a && b``, ``a || b``."""
        self.connection_depth += 1
        self.skip += 1
        self.command(first)
        for op, n in rest:
            self.deferred_heredocs(f" {op}" if op == "|" else f" {op} ")
            if op == "|":
                self.put(" ")
            self.skip += 1
            self.command(n)
        self.end_connection()

    def end_connection(self) -> None:
        """After a connection's second command: its deferred bodies."""
        if self.deferred:
            self.deferred_heredocs("")
        self.connection_depth -= 1

    def body(self, node) -> None:
        self.indentation += self.amount
        self.command(node)
        self.indentation -= self.amount

    def group(self, body) -> None:
        """``print_group_command``: one line, or over several inside a function."""
        self.put("{ ")
        if not self.fdef:
            self.skip += 1
            self.command(body)
            self.semicolon()
            self.put(" }")
            return
        self.put("\n")
        self.body(body)
        self.newline("}")

    def function_body(self, body, indentation: int) -> None:
        """The tail of ``print_function_def`` / ``named_function_string``, after the
        ``{``: the body's commands inside a function definition, then ``}`` and the
        group's own redirections."""
        self.fdef += 1
        self.indentation += self.amount
        if type(body) is N.Group:
            self.command(body.body)
            redirs = body.redirs
        else:
            self.command(body)
            redirs = None
        self.indentation = indentation
        self.fdef -= 1
        if redirs:
            self.newline("} " + " ".join(redir_string(r) for r in redirs))
            self.heredoc_bodies([r for r in redirs if r.op == "<<"])
        else:
            self.newline("}")

    def do_done(self, body) -> None:
        """``for``'s tail: ``do`` on its own line, the body, ``done``."""
        self.newline("do\n")
        self.body(body)
        self.semicolon()
        self.newline("done")

    def if_(self, clauses: list, else_) -> None:
        """``if``; an ``elif`` is an ``if`` in the ``else`` part, as bash's parser
        makes it."""
        (cond, then), rest = clauses[0], clauses[1:]
        self.put("if ")
        self.skip += 1
        self.command(cond)
        self.semicolon()
        self.put(" then\n")
        self.body(then)
        if rest or else_ is not None:
            self.semicolon()
            self.newline("else\n")
            self.indentation += self.amount
            if rest:
                self.put(" " * self.indentation)
                self.if_(rest, else_)
            else:
                self.command(else_)
            self.indentation -= self.amount
        self.semicolon()
        self.newline("fi")

    def case(self, node) -> None:
        self.put(f"case {node.word.raw} in ")
        self.indentation += self.amount
        for pats, body, term in node.items:
            self.newline(" | ".join(w.raw for w in pats) + ")\n")
            if body is not None and not _empty(body):
                self.body(body)
            self.newline(term if term != "esac" else ";;")
        self.indentation -= self.amount
        self.newline("esac")


def _empty(node) -> bool:
    return type(node) is N.Seq and not node.items
