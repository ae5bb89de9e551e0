"""``expr`` against the host's coreutils expr."""
import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fakesys_commands import FakeSys, run

EXPR = shutil.which("expr")
TOKEN = st.sampled_from(["1", "0", "-3", "7", "00", "abc", "", "a1", "+", "-", "*", "/",
                         "%", "=", "!=", "<", ">=", "|", "&", ":", "a.*", "\\(b*\\)c",
                         "length", "substr", "index", "match", "(", ")", "12", "bbc"])


def _host(args):
    p = subprocess.run([EXPR] + args, capture_output=True, text=True,
                       env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"})
    return p.returncode, p.stdout, p.stderr.replace(EXPR, "expr")


@pytest.mark.skipif(EXPR is None, reason="no expr on this machine")
@settings(max_examples=400, deadline=None)
@given(st.lists(TOKEN, min_size=1, max_size=7))
def test_expr_as_coreutils(args):
    r = run(FakeSys(), ["expr"] + args, b"")
    st_, out, errt = _host(args)
    assert (r.status, r.out) == (st_, out)
    assert (r.err == "") == (errt == "")


@pytest.mark.parametrize("args,out,status", [
    (["1", "+", "2"], "3\n", 0), (["5", "%", "-3"], "2\n", 0), (["-7", "/", "2"], "-3\n", 0),
    (["abcbc", ":", "a\\(b.\\)"], "bc\n", 0), (["x", "=", "y"], "0\n", 1),
    (["length", "hello"], "5\n", 0), (["substr", "hello", "2", "3"], "ell\n", 0),
    (["99999999999999999999", "*", "3"], "299999999999999999997\n", 0)])
def test_expr_values(args, out, status):
    r = run(FakeSys(), ["expr"] + args, b"")
    assert (r.out, r.status) == (out, status)
