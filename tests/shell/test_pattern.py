"""The shell's pattern matcher (shell/pattern.py): its regex and backtracking forms
agree, ``!(P)`` is the complement of ``@(P)``, and compiling never warns."""
import warnings

from hypothesis import given, settings
from hypothesis import strategies as st

from memcgsim.shell.pattern import Pattern, compile_pattern

TOKENS = ["a", "b", "*", "?", "[ab]", "[!a]", "[[:alpha:]]", "[^[:digit:]]", "@(a|b)", "@(a|ab)",
          "*(a)", "+(ab)", "?(b)", "@(a*|b)", "\\*", "[a-c]", "[]a]", "["]
patterns = st.lists(st.sampled_from(TOKENS), max_size=5).map("".join)
subjects = st.text(alphabet="abc1*[]", max_size=7)


def backtracking(p: Pattern) -> Pattern:
    return Pattern(p.nodes, None)


@settings(max_examples=300, deadline=None)
@given(patterns, subjects)
def test_regex_and_backtracking_agree(pat, s):
    p = compile_pattern(pat, extglob=True)
    assert p.rx is not None
    q = backtracking(p)
    assert p.fullmatch(s) == q.fullmatch(s)
    for i in range(len(s) + 1):
        assert p.fullmatch(s, 0, i) == q.fullmatch(s, 0, i)
    m, n = p.search(s), q.search(s)
    assert (m is None) == (n is None)
    if m:
        assert m == n   # leftmost, then longest


def test_search_is_leftmost_longest_through_alternatives():
    for pat in ["@(a|ab)", "+(a|ab)", "*(b|ba)a"]:
        p = compile_pattern(pat, extglob=True)
        assert p.search("xaba") == backtracking(p).search("xaba")
    assert compile_pattern("@(a|ab)", extglob=True).search("xab") == (1, 3)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", "b", "*", "?", "[ab]", "a*"]), min_size=1, max_size=3), subjects)
def test_negation_is_the_complement(alts, s):
    body = "|".join(alts)
    assert compile_pattern(f"!({body})", True).fullmatch(s) != compile_pattern(f"@({body})", True).fullmatch(s)


def test_classes_never_warn():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for pat in ["*[![:digit:]]*", "[[:space:]]", "[[[:alpha:]]", "[][:alpha:]]", "[[=a=][.-.]]"]:
            compile_pattern(pat).fullmatch("x[")


def test_posix_class_idioms():
    assert compile_pattern("*[![:digit:]]*").fullmatch("4x")
    assert not compile_pattern("*[![:digit:]]*").fullmatch("42")
    lead = "   hi  "
    p = compile_pattern("[![:space:]]*")
    cut = next(i for i in range(len(lead) + 1) if p.fullmatch(lead, i))  # ${x%%[![:space:]]*}
    assert lead[cut:] == "hi  "
