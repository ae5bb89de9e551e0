"""NUL bytes in what bash runs: a script file whose first line (two after ``#!``) holds
one is refused (``check_binary_file``, status 126), NULs later in it are dropped
(parse.y ``shell_getc``); ``source`` deletes every other NUL of a run, refuses a file
past 256 deletions and stops at the first NUL left (builtins/evalfile.c). Each case
against the host's bash in a temporary directory (nothing under /sys or /proc)."""
from __future__ import annotations

import os
import subprocess
import tempfile

import pytest

from memcgsim import Kernel
from memcgsim.shell.builtins import evalfile_nuls, is_binary
from memcgsim.shell.interp import run_script


def _nuls(n: int, unit: str = r"\0") -> str:
    """A printf that appends ``n`` copies of ``unit`` to f."""
    return f"i=0; while [ $i -lt {n} ]; do printf '{unit}'; i=$((i+1)); done >> f\n"


CASES = {
    "source: 512 NULs in a row (256 deleted)": "printf 'echo x\\n' > f\n" + _nuls(512)
    + "printf '\\necho y\\n' >> f; . ./f; echo rc=$?\n",
    "source: 513 NULs in a row (257 deleted)": "printf 'echo x\\n' > f\n" + _nuls(513)
    + "printf '\\necho y\\n' >> f; . ./f; echo rc=$?\n",
    "source: 256 NULs apart": "printf 'echo x\\n' > f\n" + _nuls(256, r"#\0")
    + "printf '\\necho y\\n' >> f; source ./f; echo rc=$?\n",
    "source: 257 NULs apart": "printf 'echo x\\n' > f\n" + _nuls(257, r"#\0")
    + "printf '\\necho y\\n' >> f; source ./f; echo rc=$?\n",
    "source: a NUL in the first line": "printf 'echo hi\\0\\necho two\\n' > f; . ./f; echo rc=$?\n",
    "bash FILE: a NUL in the first line": "printf 'echo hi\\0\\n' > f; bash ./f; echo rc=$?\n",
    "bash FILE: #! and a NUL in line 2": "printf '#!/bin/sh\\necho a\\0\\n' > f; bash f; echo rc=$?\n",
    "bash FILE: #! and a NUL in line 3": "printf '#!/bin/sh\\necho a\\necho b\\0c\\n' > f; "
    "bash f; echo rc=$?\n",
}


@pytest.mark.parametrize("name", list(CASES))
def test_nul_bytes_as_the_hosts_bash(name):
    text = CASES[name]
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "t.sh"), "w") as f:
            f.write(text)
        host = subprocess.run(["bash", "t.sh"], cwd=d, capture_output=True, text=True,
                              env={"PATH": "/usr/bin:/bin", "LC_ALL": "C"}, timeout=60)
    r = run_script(Kernel(design="6.1", cgroup="v2"), text, "t.sh")
    assert (r.stdout, r.stderr, r.status) == (host.stdout, host.stderr, host.returncode)


def test_script_file_with_a_nul_in_its_first_line():
    """The script memcgsim runs is refused as bash refuses it: ``t.sh: t.sh: cannot
    execute binary file``, 126; a NUL after the first line is dropped."""
    r = run_script(Kernel(design="6.1", cgroup="v2"), "echo a\0\necho b\n", "t.sh")
    assert (r.stdout, r.stderr, r.status) == ("", "t.sh: t.sh: cannot execute binary file\n", 126)
    r = run_script(Kernel(design="6.1", cgroup="v2"), "echo a\necho b\0c\n", "t.sh")
    assert (r.stdout, r.stderr, r.status) == ("a\nbc\n", "", 0)


def test_check_binary_file_and_evalfile_rules():
    assert is_binary("\x7fELF\x02") and is_binary("x\0\n") and not is_binary("x\n\0")
    assert is_binary("#!/bin/sh\nx\0\n") and not is_binary("#!/bin/sh\nx\n\0")
    assert evalfile_nuls("a\0\0\0b") == "a" and evalfile_nuls("a\0b\0c") == "abc"
    assert evalfile_nuls("\0" * 512) == "" and evalfile_nuls("\0" * 513) is None
