"""``sort -V`` (gnulib's ``filevercmp``), ``-M`` and ``-z`` against the host's GNU sort."""
import os
import shutil
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fakesys_commands import FakeSys, run
from memcgsim.shell.commands.filevercmp import filevercmp

SORT = shutil.which("sort")
LINE = st.text(alphabet="a1z0.9~-_Z ", max_size=8)


def _host(argv: list[str], data: bytes) -> bytes:
    return subprocess.run([SORT] + argv, input=data, capture_output=True, check=True,
                          env={**os.environ, "LC_ALL": "C"}).stdout


@pytest.mark.skipif(SORT is None, reason="no sort on this machine")
@settings(max_examples=200, deadline=None)
@given(st.lists(LINE, max_size=12), st.sampled_from([["-V"], ["-rV"], ["-uV"], ["-sV"],
                                                      ["-k2V", "-t."], ["-zV"]]))
def test_sort_V_as_gnu_sort(lines, argv):
    data = "".join(ln + ("\0" if "-zV" in argv else "\n") for ln in lines).encode()
    assert run(FakeSys(), ["sort"] + argv, data).out.encode() == _host(argv, data)


def test_filevercmp_orders():
    """The order coreutils' sort -V gives these (checked on the host, LC_ALL=C)."""
    names = [b"", b".", b"..", b".Z", b".a", b".0", b"1.2.9", b"1.2.10", b"a~", b"a", b"a1",
             b"a01.txt", b"a2", b"a10", b"foo.tar.gz"]
    for i, a in enumerate(names):
        for b in names[i + 1:]:
            assert filevercmp(a, b) <= 0 <= filevercmp(b, a), (a, b)


MONTH = st.sampled_from(["jan", " Feb", "MAR", "xyz", "", "dec 1", "Dec", "may", "ju"])


@pytest.mark.skipif(SORT is None, reason="no sort on this machine")
@settings(max_examples=100, deadline=None)
@given(st.lists(MONTH, max_size=10), st.sampled_from([["-M"], ["-rM"], ["-k2M"], ["-uM"]]))
def test_sort_M_as_gnu_sort(lines, argv):
    data = "".join(ln + "\n" for ln in lines).encode()
    assert run(FakeSys(), ["sort"] + argv, data).out.encode() == _host(argv, data)
