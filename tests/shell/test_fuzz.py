"""Random and malformed scripts never make the interpreter raise."""
from __future__ import annotations

import glob
import os
import sys

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

sys.path.insert(0, os.path.dirname(__file__))
from fakesys import FAKE_COMMANDS, FakeSys  # noqa: E402

from memcgsim.shell import run_script  # noqa: E402

TOKENS = ["echo", "x", "$x", "${x:-y}", "$((1+", "))", "$(", ")", "`", "'", '"', "(", ")", "{", "}", ";",
          "&", "&&", "||", "|", "!", ">", "<", ">>", "2>&1", "/tmp/f", "if", "then", "fi", "for", "in",
          "do", "done", "while", "case", "esac", ";;", "[[", "]]", "[", "]", "-e", "((", "local", "f()",
          "return", "break", "sleep", "1", "wait", "kill", "$!", "$$", "*", "{1..3}", "\n", "<<EOF",
          "EOF", "=", "a=1", "exit", "set", "-e", "cat", "seq", "#", "\\", "$@", "shift", "x=(", "${#x}"]
REPRO = sorted(glob.glob("/work/shared/reproducers/*.sh")) + ["/work/shared/seed/kmem_test.sh"]
TEXTS = [open(p, encoding="utf-8").read() for p in REPRO if os.path.exists(p)]


def check(text: str) -> None:
    r = run_script(FakeSys(), text, "fuzz.sh", commands=FAKE_COMMANDS)
    assert isinstance(r.status, int) and 0 <= r.status <= 255
    assert "internal error" not in r.stderr, r.stderr


FAST = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


@FAST
@given(st.lists(st.sampled_from(TOKENS), max_size=25).map(" ".join))
@example("kill ${#x}")          # kill 0: the shell's process group (FakeSys.kill_pgrp)
def test_token_soup(text):
    check(text)


@FAST
@given(st.text(alphabet=st.characters(min_codepoint=1, max_codepoint=0x2FF), max_size=60))
def test_random_text(text):
    check(text)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.integers(0, len(TEXTS) - 1), st.floats(0, 1))
def test_truncated_reproducers(i, frac):
    text = TEXTS[i]
    # the loops are long: shorten iteration counts, keep the syntax
    text = text.replace("1..500", "1..3").replace("100000", "5").replace("i < 1000", "i < 3")
    text = text.replace("seq 1 100", "seq 1 3")
    check(text[: int(len(text) * frac)])
