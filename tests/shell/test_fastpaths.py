"""The shell's shortcuts give what the general code gives: paths joined without
normpath, brace alternatives compiled without the lexer."""
from __future__ import annotations

import posixpath

from hypothesis import given, settings
from hypothesis import strategies as st

from memcgsim.shell.context import abspath
from memcgsim.shell.expand import _LEXED, _plain_word, compile_word
from memcgsim.shell.parser import Src

_PATH = st.text(alphabet="/.ab", max_size=8)


@settings(max_examples=600, deadline=None)
@given(cwd=st.one_of(_PATH, _PATH.map(lambda p: "/" + p)), p=_PATH)
def test_abspath_is_normpath_of_join(cwd, p):
    want = posixpath.normpath(posixpath.join(cwd, p)) if p else cwd
    assert abspath(cwd, p) == want


def _shape(w):
    return ([(type(p).__name__, p.text, p.quoted) for p in w.parts], w.raw, w.const, w.fast,
            w.simple, w.blocking, w.assign_like, w.alts)


@settings(max_examples=400, deadline=None)
@given(text=st.text(alphabet="ab=*?[]-.@!+,{}", max_size=6), assign_like=st.booleans())
def test_plain_brace_alternative_is_the_lexers_word(text, assign_like):
    assert not _LEXED.intersection(text)
    lexed = compile_word(Src(text, 1), 0, len(text), assign_like=assign_like, assign_value=True)
    assert _shape(_plain_word(text, assign_like)) == _shape(lexed)


def test_lexed_characters_go_through_the_lexer():
    for text in ("\\a", "'a'", '"a"', "$a", "`a`", "<(a)", ">(a)", "~", "@(a)"):
        assert _LEXED.intersection(text), text
    # a brace's alternatives with such characters keep their quoting and expansions
    w = compile_word(Src("x{'a b',$HOME,~}", 1), 0, 16)
    assert [[(type(p).__name__, getattr(p, "text", None) or p.name, p.quoted) for p in a.parts]
            for a in w.alts] == [[("Lit", "x", False), ("Lit", "a b", True)],
                                 [("Lit", "x", False), ("Param", "HOME", False)],
                                 [("Lit", "x~", False)]]


def test_command_env_made_at_first_read_once():
    from memcgsim.shell.context import CommandContext
    made = []

    def make():
        made.append(1)
        return {"A": "1"}
    ctx = CommandContext(None, None, ["x"], make, "/", None, None, None)
    assert made == []
    assert ctx.env == {"A": "1"} and ctx.env is ctx.env
    assert made == [1]
    ctx.env = {"B": "2"}
    assert ctx.env == {"B": "2"}


def test_external_commands_see_the_environment_at_their_exec():
    from memcgsim import Kernel
    from memcgsim.shell import run_script
    r = run_script(Kernel(design="5.13"), "export A=b; env | grep ^A=; A=c env | grep ^A=\n"
                   "f() { local A=loc; env | grep ^A=; }; f; unset A; env | grep -c ^A=\n", "e.sh")
    assert r.stdout == "A=b\nA=c\nA=loc\n0\n"


def test_an_exported_random_is_drawn_at_each_exec_as_before():
    """A special variable exported (reading $RANDOM draws a number) makes the
    environment at the exec, whether the command reads it or not: the numbers
    the script sees later do not depend on which commands read their environment."""
    from memcgsim import Kernel
    from memcgsim.shell import run_script
    text = "RANDOM=1; export RANDOM; mkdir -p /tmp/x; mkdir -p /tmp/x; echo $RANDOM\n"
    a = run_script(Kernel(design="5.13"), text, "r.sh").stdout
    b = run_script(Kernel(design="5.13"), text.replace("mkdir -p /tmp/x", "env >/dev/null"),
                   "r.sh").stdout
    assert a == b and a.strip().isdigit()


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(alphabet="0123456789", min_size=1, max_size=30),
                 st.text(alphabet="0123456789.esmhdinfty+- ", max_size=8)))
def test_sleep_durations_of_digits_as_the_pattern(s):
    """GNU sleep's operand: ASCII digits are read without the pattern, as it reads them."""
    from memcgsim.shell.commands.procutils import _DUR, _MULT, parse_duration
    m = _DUR.fullmatch(s)
    want = None if m is None else float(m.group(1)) * _MULT[m.group(2).lower()]
    try:
        got = parse_duration(s)
    except ValueError:
        got = None
    assert got == want


def test_backquotes_unquoted_with_and_without_backslashes(monkeypatch):
    """`...`'s text as the parser gets it: \\$ and \\\\ unquoted, the rest kept."""
    from memcgsim.shell import parser
    seen = []
    real = parser.parse
    monkeypatch.setattr(parser, "parse", lambda src, *a: seen.append(src.text) or real(src, *a))
    for text, inner in (("`cat a`", "cat a"), ("`echo \\$x \\\\ \\a`", "echo $x \\ \\a")):
        compile_word(Src(text, 1), 0, len(text))
        assert seen.pop() == inner
