"""``bc`` (shell/commands/bc.py) against the host's GNU bc 1.07.1 on generated
arithmetic, and what the model leaves out."""
import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fakesys_commands import FakeSys, run

BC = shutil.which("bc")


def _host_is_1_07():
    return BC is not None and subprocess.run([BC, "--version"], capture_output=True,
                                             text=True).stdout.startswith("bc 1.07.1")


NUMBER = st.sampled_from(["0", "1", "2", "7", "10", "0.5", "1.25", "3.14159", "100", "0.001",
                          "12345678901234567890", "2.50", "9", ".3", "1000.0001"])


@st.composite
def expression(draw, depth=0):
    if depth > 2 or draw(st.booleans()):
        n = draw(NUMBER)
        return f"(-{n})" if draw(st.integers(0, 4)) == 0 else n   # no "--" token
    op = draw(st.sampled_from(["+", "-", "*", "/", "%", "^", "<", "=="]))   # && jumps: adr differs
    left = draw(expression(depth + 1))
    right = draw(st.sampled_from(["2", "3", "-1", "0"])) if op == "^" else draw(expression(depth + 1))
    return f"({left}{op}{right})"


@pytest.mark.skipif(not _host_is_1_07(), reason="needs the host's GNU bc 1.07.1")
@settings(max_examples=300, deadline=None)
@given(st.integers(0, 25), st.sampled_from([10, 10, 16, 2, 8, 20]), expression())
def test_bc_as_gnu_bc(scale, obase, expr):
    prog = f"scale={scale}; obase={obase}; {expr}\n"
    host = subprocess.run([BC], input=prog, capture_output=True, text=True,
                          env={"LC_ALL": "C", "PATH": "/usr/bin:/bin"})
    r = run(FakeSys(), ["bc"], prog)
    assert (r.out, r.err, r.status) == (host.stdout, host.stderr, host.returncode)


def test_the_math_library_is_not_modelled():
    r = run(FakeSys(), ["bc", "-l"], "scale=20; 4*a(1)\n1/3\n")
    assert r.out == ".33333333333333333333\n"
    assert r.err == "bc: the math library's a() is not modelled\n"
