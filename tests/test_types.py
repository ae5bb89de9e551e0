"""The kernel model type-checks under mypy (bench/README.md "Compiled hot paths
(mypyc), session 9"): its annotations are what mypyc would compile against, and
a wrong one is a crash there. Skipped where mypy is not installed."""
from __future__ import annotations

import glob
import os
import subprocess
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_kernel_package_type_checks():
    pytest.importorskip("mypy")
    files = sorted(glob.glob(os.path.join(ROOT, "src", "memcgsim", "kernel", "*.py")))
    r = subprocess.run([sys.executable, "-m", "mypy", "--ignore-missing-imports",
                        "--follow-imports=silent", "--no-incremental", *files],
                       capture_output=True, text=True, cwd=ROOT)
    assert r.returncode == 0, r.stdout[-4000:] + r.stderr[-2000:]
