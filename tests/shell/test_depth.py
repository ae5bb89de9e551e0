"""How deep functions nest: bash's FUNCNEST (bash_cases/funcnest.sh compares with bash)
and the report when a script nests deeper than memcgsim's own stack lets it follow."""
from __future__ import annotations

import resource
import sys

import pytest

from memcgsim import Kernel
from memcgsim.shell import depth, run_script


@pytest.mark.parametrize("value, limit", [
    (None, 0), ("", 0), ("5", 5), (" 4", 4), ("4 ", 4), ("+3", 3), ("-3", -3),
    ("6x", 0), ("abc", 0), ("4_0", 0), ("0x10", 0), ("\u0663", 0), ({0: "5"}, 0)])
def test_funcnest_max_reads_funcnest_as_legal_number(value, limit):
    assert depth.funcnest_max(value) == limit


def test_stack_frames_follow_rlimit_stack(monkeypatch):
    for soft, frames in [(8 << 20, (8 << 20) // depth.FRAME_BYTES), (64 << 10, depth.MIN_FRAMES),
                         (resource.RLIM_INFINITY, depth.MAX_FRAMES), (1 << 40, depth.MAX_FRAMES)]:
        monkeypatch.setattr(resource, "getrlimit", lambda _r, s=soft: (s, resource.RLIM_INFINITY))
        assert depth.stack_frames() == frames


def test_recursion_past_the_stack_is_reported_on_its_line(monkeypatch):
    """An endless recursion (bash: SIGSEGV at its stack limit) ends the model's run with
    a message naming the script's line and the depth reached, status 2, no traceback;
    the recursion limit is Python's own again after the run."""
    before = sys.getrecursionlimit()
    monkeypatch.setattr(depth, "stack_frames", lambda: 2000)
    r = run_script(Kernel(design="6.1", cgroup="v2"), "n=0\nf() { n=$((n+1)); f; }\nf\necho after\n", "rec.sh")
    assert r.status == 2 and r.stdout == ""
    msg = r.stderr.strip()
    assert msg.startswith("memcgsim: rec.sh:2: nested deeper than memcgsim's own stack lets it follow (")
    levels = int(msg.split("(")[1].split()[0])
    assert 150 < levels < 2000 // 4, msg
    assert sys.getrecursionlimit() == before


def test_recursion_ends_only_the_subshell_it_met(monkeypatch):
    """A job's, a ( )'s, a stage's or a command substitution's recursion past the
    model's stack ends that subshell alone (status 2, the model's message on its
    stderr): bash would lose only the process whose stack overflowed; the script
    and its output go on."""
    monkeypatch.setattr(depth, "stack_frames", lambda: depth.MIN_FRAMES)
    r = run_script(Kernel(design="6.1", cgroup="v2"),
                   'f() { n=$((n+1)); f; }\necho before\nf &\nwait $!; echo "job $?"\n'
                   '( f ); echo "paren $?"\nf | cat; echo "pipe $?"\nx=$(f); echo "cs $? [$x]"\n'
                   'echo after\n', "rec.sh")
    assert (r.stdout, r.status) == ("before\njob 2\nparen 2\npipe 0\ncs 2 []\nafter\n", 0)
    lines = r.stderr.splitlines()
    assert len(lines) == 4 and all(
        ln.startswith("memcgsim: rec.sh:1: nested deeper than memcgsim's own stack lets it follow (")
        for ln in lines), r.stderr


def test_recursion_in_arithmetic_is_the_models_not_bashs(monkeypatch):
    """Python's stack met inside the arithmetic evaluator (a 1,500-deep nest of
    parentheses, which bash 5.2.15 evaluates: it has no limit there) is the
    model's report, not bash's ``expression recursion level exceeded`` (that is
    arith.py's ``MAX_EXPR_RECURSION_LEVEL``, bash_cases/arith_recursion)."""
    monkeypatch.setattr(depth, "stack_frames", lambda: 1000)
    e = "(" * 1500 + "1" + ")" * 1500
    r = run_script(Kernel(design="6.1", cgroup="v2"), f"echo $(( {e} ))\necho after\n", "rec.sh")
    assert r.status == 2 and r.stdout == "", r
    assert r.stderr.startswith("memcgsim: rec.sh:1: nested deeper than memcgsim's own stack lets it "
                               "follow (0 functions deep)"), r.stderr
