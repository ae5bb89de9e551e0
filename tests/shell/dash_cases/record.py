"""Record what dash 0.5.12 (Debian 12's /bin/sh) prints for each script here: ``NAME.sh`` ->
``NAME.json`` (stdout, stderr, status), as the gnu userland's sh runs them.

    python tests/shell/dash_cases/record.py [NAME...]

Each script runs as ``sh NAME.sh`` by the host's dash (``executable="dash"``: its
$0 and its messages' name ``sh``) from a fresh directory holding it; scripts must be
read-only (nothing outside that directory written, nothing under /sys or /proc/sys).
"""
from __future__ import annotations

import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from shell_cases import cases as _cases, record, run_in_temp  # noqa: E402

ENV = {"PATH": "/bin:/sbin", "HOME": "/root", "LC_ALL": "C"}


def run_dash(name: str) -> dict:
    """dash's stdout, stderr and status for ``NAME.sh``."""
    return run_in_temp(["sh", name + ".sh"], HERE, name, ENV, executable=shutil.which("dash"))


def cases() -> list[str]:
    """The scripts' names."""
    return _cases(HERE)


def main(names: list[str]) -> int:
    return record(HERE, run_dash, names, sys.stderr)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
