"""``set -x``: the trace lines bash 5.2 writes on stderr (print_cmd.c
``indirection_level_string``, ``xtrace_print_assignment``, ``xtrace_print_word_list``,
``xtrace_print_for_command_head``, ``xtrace_print_case_command_head``,
``xtrace_print_arith_cmd``, ``xtrace_print_cond_term``).

Each line starts with ``PS4`` as a prompt expands it (``decode_prompt_string``: its
backslash escapes, then its expansions, traced off meanwhile), its first character
repeated once per indirection level: 1 in the script, one more inside each ``eval``,
``source``, trap action, command substitution and process substitution
(``parse_and_execute``); an unset or empty ``PS4`` writes no prefix at all.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .quote import ansic_quote, contains_shell_metas, needs_ansic, single_quote

if TYPE_CHECKING:  # pragma: no cover
    from .interp import Shell


#: an empty word as traced
EMPTY = "''"


def word(s: str) -> str:
    """A word of a traced command (``xtrace_print_word_list``)."""
    if not s:
        return EMPTY
    if contains_shell_metas(s):
        return single_quote(s)
    if needs_ansic(s):
        return ansic_quote(s)
    return s


def value(s: str) -> str:
    """An assignment's value (``xtrace_print_assignment``): empty as it is."""
    if s and contains_shell_metas(s):
        return single_quote(s)
    if s and needs_ansic(s):
        return ansic_quote(s)
    return s


def prefix(sh: "Shell") -> str:
    """``indirection_level_string``: PS4 expanded, its first character repeated
    by the indirection level."""
    ps4 = sh.get("PS4")
    if not ps4:
        return ""
    if ps4 != "+ ":
        ps4 = _expand_ps4(sh, ps4)
        if not ps4:
            return ""
    return ps4[0] * sh.xlevel + ps4[1:]


def _expand_ps4(sh: "Shell", ps4: str) -> str:
    """``decode_prompt_string``'s escapes, then the prompt's expansions (``promptvars``)
    with tracing off; a command substitution in PS4 is left as written."""
    from .expand import compile_word, decode_prompt, expand_str
    from .parser import Src
    text = decode_prompt(sh, ps4)
    if "$" not in text and "`" not in text:
        return text
    w = compile_word(Src(text, sh.lineno), 0, len(text), heredoc=True)
    if w.blocking:
        return text
    on, sh.xtrace = sh.xtrace, False
    try:
        return expand_str(sh, w)
    finally:
        sh.xtrace = on


def words(sh: "Shell", argv: list[str]) -> None:
    """A simple command's words."""
    sh.stderr.write(prefix(sh) + " ".join(map(word, argv)) + "\n")


def assignment(sh: "Shell", name: str, v: str, array: bool = False) -> None:
    """``NAME=VALUE`` (``NAME=(...)``, its words as written, for an array)."""
    sh.stderr.write(f"{prefix(sh)}{name}=({v})\n" if array else f"{prefix(sh)}{name}={value(v)}\n")


def head(sh: "Shell", text: str) -> None:
    """A compound command's head as bash writes it: ``for NAME in WORDS`` (the words
    as written, each iteration), ``select NAME in WORDS``, ``case WORD in``."""
    sh.stderr.write(f"{prefix(sh)}{text}\n")


def arith(sh: "Shell", expr: str) -> None:
    """``(( EXPR ))``: the expression expanded, as bash passes it to ``evalexp``."""
    sh.stderr.write(f"{prefix(sh)}(( {expr} ))\n")


def cond(sh: "Shell", invert: bool, op: str, a1: str, a2: str | None = None) -> None:
    """One term of ``[[ ]]`` as evaluated: ``[[ OP ARG ]]`` or ``[[ ARG1 OP ARG2 ]]``,
    an empty argument as ``''``, ``!`` for a negated term."""
    t = f"{op} {a1 or EMPTY}" if a2 is None else f"{a1 or EMPTY} {op} {a2 or EMPTY}"
    sh.stderr.write(f"{prefix(sh)}[[ {'! ' if invert else ''}{t} ]]\n")
