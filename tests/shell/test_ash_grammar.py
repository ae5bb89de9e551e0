"""busybox sh's grammar in the model's parser (shell/scan.py ``Scan(ash=True)``):
what ash refuses parses under bash's grammar and fails under ash's, with ash's
words; ash's untyped ``${...}`` (``scan.ash_bad_param``); ash's wording of the
parser's bash messages (``ash.syntax_words``). End to end: ash_cases/syntax."""
from __future__ import annotations

import pytest

from memcgsim.shell import ash
from memcgsim.shell.parser import Src, parse
from memcgsim.shell.scan import AshSyntaxError, ash_bad_param


@pytest.mark.parametrize("text, words", [
    ("a=(1 2)", 'unexpected "("'),
    ("cat <<< x", "unexpected redirection"),
    ("echo a |& cat", 'unexpected "&"'),
    ("case x in x) echo;& esac", 'unexpected "&"'),
    ("for ((i=0;i<3;i++)); do :; done", "bad for loop variable"),
    ("for 1 in a; do :; done", "bad for loop variable"),
])
def test_ash_refuses_what_bash_reads(text, words):
    parse(Src(text))
    with pytest.raises(AshSyntaxError) as e:
        parse(Src(text, 1, True))
    assert e.value.msg == words


def test_double_paren_is_two_subshells_in_ash():
    assert type(parse(Src("((x=3))")).items[0][0]).__name__ == "ArithCmd"
    assert type(parse(Src("((x=3))", 1, True)).items[0][0]).__name__ == "Subshell"


@pytest.mark.parametrize("body, bad", [
    ("x^^", True), ("x,,", True), ("!x", True), ("x@Q", True), ("a[1]", True), ("x;", True),
    ("", True), ("x", False), ("#x", False), ("#", False), ("x:-a", False), ("x#a", False),
    ("x/a/b", False), ("x:1:2", False), ("10", False), ("@", False),
])
def test_ash_untyped_substitutions(body, bad):
    t = "${" + body + "}"
    assert ash_bad_param(t, 2, len(t) - 1) is bad


@pytest.mark.parametrize("bash_msg, words", [
    ("syntax error near unexpected token `;'", 'unexpected ";"'),
    ("syntax error near unexpected token `fi'", 'unexpected "fi"'),
    ("syntax error near unexpected token `newline'", "unexpected newline"),
    ("syntax error near unexpected token `>'", "unexpected redirection"),
    ("syntax error near unexpected token `echo'", "unexpected word"),
    ("unexpected EOF while looking for matching `\"'", "unterminated quoted string"),
    ("unexpected EOF while looking for matching `}'", "missing '}'"),
    ("syntax error: unexpected end of file", "unexpected end of file"),
])
def test_syntax_words(bash_msg, words):
    assert ash.syntax_words(bash_msg) == words
