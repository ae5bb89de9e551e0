"""What bash 5.2's parser allocates for a command it reads, and what a function
definition keeps: the chunks of its malloc arena (shell/malloc.py) that hold a
command's tree while it runs.

bash reads and parses a whole top-level command (a compound command with every
command in it) before it runs it (parse.y ``parse_command``, ``yyparse``), and
frees the tree once it has run (eval.c ``reader_loop``: ``execute_command`` then
``dispose_command``). The tree is made of make_cmd.c's structures, each one
``xmalloc``: a ``COMMAND`` (32 bytes on x86-64: ``type``, ``flags``, ``line``,
``redirects``, ``value``) around each command's own structure (``SIMPLE_COM``
24, ``CONNECTION`` 32 for each ``;``, ``&``, newline, ``&&``, ``||`` and ``|``,
``FOR_COM`` 32, ``ARITH_FOR_COM`` 40, ``IF_COM`` 32, ``WHILE_COM`` 24,
``CASE_COM`` 24 with a ``PATTERN_LIST`` (32) a clause, ``GROUP_COM`` and
``SUBSHELL_COM`` 16, ``COPROC_COM`` 24, ``FUNCTION_DEF`` 32, ``ARITH_COM`` 16,
``COND_COM`` 40), each word a ``WORD_DESC`` (16) and its text's copy
(``make_word``: ``savestring``), each word of a list a ``WORD_LIST`` cell (16),
each redirection a ``REDIRECT`` (48) (bash 5.2 command.h; the sizes as the guests'
bash-static 5.2.15 requests them: calibration/parse-tree-malloc.sh, which traces
the host's bash 5.2.15 reading a loop and four function definitions).

A function definition keeps two copies of its body for the function's life
(execute_cmd.c ``execute_intern_function``: variables.c ``bind_function_def
(name, funcdef, 1)``, whose ``copy_function_def_contents`` copies the
``FUNCTION_DEF`` and its command for the debugger's table, and ``bind_function``,
whose ``copy_command`` is the function's ``SHELL_VAR`` value), and a call runs a
third copy, freed when it returns (``execute_function``: ``tc = copy_command
(function_cell (var))``, ``dispose_command`` by its unwind-protect).

Each ``WORD_DESC`` and ``WORD_LIST`` cell is marked (shell/wordcache.py ``WD``,
``WL``): bash takes them from its object caches before it asks ``malloc``. Not
modelled: the parser's transient buffers (``token``, a ``$(...)``'s parse by
``parse_comsub``, freed before the command runs), and the tree a command
substitution's child parses from the string (``command_substitute`` →
``parse_and_execute``).
"""
from __future__ import annotations

from .bashmem import assign_len, COMMAND_SIZE, REDIRECT_SIZE, SIMPLE_COM_SIZE
from .malloc import BUCKET_CONTENTS_SIZE, SHELL_VAR_SIZE
from .wordcache import WD, WL

#: command.h (bash 5.2, x86-64): the structures ``make_command`` wraps
CONNECTION_SIZE = 32
FOR_COM_SIZE = 32
ARITH_FOR_COM_SIZE = 40
IF_COM_SIZE = 32
WHILE_COM_SIZE = 24
CASE_COM_SIZE = 24
PATTERN_LIST_SIZE = 32
GROUP_COM_SIZE = 16
SUBSHELL_COM_SIZE = 16
COPROC_COM_SIZE = 24
FUNCTION_DEF_SIZE = 32
ARITH_COM_SIZE = 16
COND_COM_SIZE = 40


def _text(w) -> int:
    """The length of a word's text as the parser saved it."""
    raw = getattr(w, "raw", None)
    if raw is not None:
        return len(raw)
    return len(w) if type(w) is str else 0


def _word(out: list, w) -> None:
    """``make_word``: the ``WORD_DESC`` and the text's copy."""
    out += (WD, _text(w) + 1)


def _words(out: list, words) -> None:
    """A word list: each word and its ``WORD_LIST`` cell."""
    for w in words:
        out += (WD, _text(w) + 1, WL)


def _redirs(out: list, redirs) -> None:
    """``make_redirection``: the target word, then the ``REDIRECT``; a here
    document's body is its word (``make_here_document``)."""
    for r in redirs or ():
        t = r.target
        if t is None:
            out += (WD, len(r.body or "") + 1, REDIRECT_SIZE)
        elif type(t) is int or t == "-":
            out.append(REDIRECT_SIZE)
        else:
            out += (WD, _text(t) + 1, REDIRECT_SIZE)


def _wrap(out: list, size: int) -> None:
    """A command's own structure and the ``COMMAND`` around it."""
    out += (COMMAND_SIZE, size)


def _connect(out: list, n: int) -> None:
    """``command_connect`` ``n`` times: a ``CONNECTION`` and its ``COMMAND``."""
    out += (CONNECTION_SIZE, COMMAND_SIZE) * n


def simple_sizes(assigns: list, words: list, redirs: list) -> list[int]:
    """A simple command's structures: its first word, the ``COMMAND`` and
    ``SIMPLE_COM`` ``make_simple_command`` makes for it, each word's list cell
    and the later words and redirections (parse.y ``simple_command``)."""
    out: list[int] = []
    first = True
    for name, w, _ in assigns:
        out += (WD, assign_len(name, w))
        if first:
            out += (COMMAND_SIZE, SIMPLE_COM_SIZE)
            first = False
        out.append(WL)
    for w in words:
        _word(out, w)
        if first:
            out += (COMMAND_SIZE, SIMPLE_COM_SIZE)
            first = False
        out.append(WL)
    if first:
        out += (COMMAND_SIZE, SIMPLE_COM_SIZE)
    _redirs(out, redirs)
    return out


def _sizes(node, out: list) -> None:
    """``node``'s structures appended to ``out`` in the order the parser makes
    them: the parts first (as it reduces them), the node's own last."""
    from . import nodes as N
    t = type(node)
    if t is N.Simple:
        out += simple_sizes(node.assigns, node.words, node.redirs)
    elif t is N.Seq:
        items = node.items
        for n, _ in items:
            _sizes(n, out)
        _connect(out, len(items) - 1 + (1 if items and items[-1][1] else 0))
    elif t is N.AndOr:
        _sizes(node.first, out)
        for _, n in node.rest:
            _sizes(n, out)
        _connect(out, len(node.rest))
    elif t is N.Pipeline:
        for n in node.cmds:
            _sizes(n, out)
        _connect(out, len(node.cmds) - 1)
    elif t is N.Timed:
        _sizes(node.body, out)
    elif t is N.Group or t is N.Subshell:
        _sizes(node.body, out)
        _wrap(out, GROUP_COM_SIZE if t is N.Group else SUBSHELL_COM_SIZE)
        _redirs(out, node.redirs)
    elif t is N.If:
        for cond, body in node.clauses:
            _sizes(cond, out)
            _sizes(body, out)
        if node.else_ is not None:
            _sizes(node.else_, out)
        for _ in node.clauses:
            _wrap(out, IF_COM_SIZE)     # an elif is an IF_COM in the else part
        _redirs(out, node.redirs)
    elif t is N.Loop:
        _sizes(node.cond, out)
        _sizes(node.body, out)
        _wrap(out, WHILE_COM_SIZE)
        _redirs(out, node.redirs)
    elif t is N.For or t is N.Select:
        _word(out, node.var)
        _words(out, node.words or ())
        _sizes(node.body, out)
        _wrap(out, FOR_COM_SIZE)
        _redirs(out, node.redirs)
    elif t is N.ArithFor:
        _words(out, (node.init, node.cond, node.step))
        _sizes(node.body, out)
        _wrap(out, ARITH_FOR_COM_SIZE)
        _redirs(out, node.redirs)
    elif t is N.Case:
        _word(out, node.word)
        for pats, body, _ in node.items:
            _words(out, pats)
            if body is not None:
                _sizes(body, out)
            out.append(PATTERN_LIST_SIZE)
        _wrap(out, CASE_COM_SIZE)
        _redirs(out, node.redirs)
    elif t is N.ArithCmd:
        _words(out, (node.expr,))
        _wrap(out, ARITH_COM_SIZE)
        _redirs(out, node.redirs)
    elif t is N.CondCmd:
        # cond_term's words and a COND_COM for the expression's node
        for w in node.text[2:-2].split():
            _word(out, w)
        _wrap(out, COND_COM_SIZE)
        _redirs(out, node.redirs)
    elif t is N.ArrayAssign:
        # NAME=(...) is one assignment word of a simple command
        n = len(node.name) + 3 + sum(_text(w) + 1 for _, w in node.words)
        out += (WD, n + 1, COMMAND_SIZE, SIMPLE_COM_SIZE, WL)
    elif t is N.DeclArrays:
        _sizes(node.simple, out)
    elif t is N.Coproc:
        _sizes(node.body, out)
        out.append(len(node.name) + 1)
        _wrap(out, COPROC_COM_SIZE)
    elif t is N.FuncDef:
        _word(out, node.name)
        _sizes(node.body, out)
        # make_function_def: the FUNCTION_DEF, its COMMAND
        _wrap(out, FUNCTION_DEF_SIZE)


def tree_sizes(node) -> tuple[int, ...]:
    """The chunks bash's parser requests for ``node`` (a top-level command or a
    function's body: ``copy_command`` makes the same structures), in order;
    computed once a node."""
    try:
        return node.psizes
    except AttributeError:
        pass
    out: list[int] = []
    _sizes(node, out)
    sizes = tuple(out)
    try:
        node.psizes = sizes
    except AttributeError:      # a node class without the slot: not kept
        pass
    return sizes


def definition_sizes(name: str, source: str, body) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """What a function's definition keeps, as two requests lists: the
    debugger's ``FUNCTION_DEF`` (``bind_function_def``: its structure, its hash
    entry and key, the name's word, the source file's name, the body's copy) and
    the function's variable (``bind_function``: ``SHELL_VAR``, its name, its hash
    entry, the body's copy)."""
    n = len(name) + 1
    body_sizes = tree_sizes(body)
    return ((FUNCTION_DEF_SIZE, BUCKET_CONTENTS_SIZE, n, WD, n, len(source) + 1) + body_sizes,
            (SHELL_VAR_SIZE, n, BUCKET_CONTENTS_SIZE) + body_sizes)
