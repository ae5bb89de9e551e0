"""dash 0.5.12's pieces (shell/dash.py) on their own: the arithmetic grammar's
errors, ``echo``, the syntax errors' words; the values are the host dash's
(``dash -c`` in a temporary directory)."""
from __future__ import annotations

import pytest

from memcgsim.shell import dash


@pytest.mark.parametrize("expr,err", [
    (" 2 ** 3 ", "expecting primary"), ("x++", "expecting primary"), ("2#101", "expecting EOF"),
    ("1?2", "expecting ':'"), ("(1", "expecting ')'"), ("1+", "expecting primary"),
    ("08", "expecting EOF"), ("a[1]", "expecting EOF"),
    ("1<<3", None), ("x=y=3", None), ("(1+2)*3", None), ("-!~x", None), ("1?2:3", None),
    ("x+=2", None), ("0x1f+010", None), ("", "expecting primary"), (" ", "expecting primary"),
])
def test_arith_check(expr, err):
    got = dash.arith_check(expr)
    assert got == (None if err is None else f'arithmetic expression: {err}: "{expr}"')


@pytest.mark.parametrize("expr,values,err", [
    ("x+1", {"x": "abc"}, "Illegal number: abc"), ("x=5", {"x": "abc"}, None),
    ("x+=1", {"x": "abc"}, "Illegal number: abc"), ("x+1", {"x": " 0x10"}, None),
    ("x", {"x": "1 "}, None), ("x", {"x": "-3"}, None), ("x", {"x": ""}, None),
    ("u+1", {}, None), ("x", {"x": "08"}, "Illegal number: 08"),
])
def test_arith_check_values(expr, values, err):
    """``lookupvarint``: a variable read must hold a number (or nothing)."""
    assert dash.arith_check(expr, values.get) == err


@pytest.mark.parametrize("args,out", [
    (["a\\tb\\\\c", "-n", "x"], "a\tb\\c -n x\n"), (["-n", "y"], "y"), (["-e", "z"], "-e z\n"),
    (["a\\cb", "c"], "a"), (["\\0101\\101\\x41"], "AA\\x41\n"), ([], "\n"),
])
def test_echo(args, out):
    assert dash.echo(args) == out


@pytest.mark.parametrize("ash_words,words", [
    ('unexpected "("', '"(" unexpected'), ("unexpected newline", "newline unexpected"),
    ('unexpected end of file (expecting "fi")', 'end of file unexpected (expecting "fi")'),
    ("missing '}'", "Missing '}'"), ("unterminated quoted string", "Unterminated quoted string"),
    ("bad for loop variable", "Bad for loop variable"), ("Bad fd number", "Bad fd number"),
])
def test_syntax_words(ash_words, words):
    assert dash.syntax_words(ash_words) == words
