"""Record what busybox 1.35's sh prints for each script here: ``NAME.sh`` ->
``NAME.json`` (stdout, stderr, status), as the guests' /bin/sh runs them.

    python tests/shell/ash_cases/record.py [NAME...]

Each script runs as ``busybox sh NAME.sh`` from a fresh directory holding it, with
the guests' environment (busybox's applets without a PATH search); scripts that
write /sys/fs/cgroup or /proc/sys do not belong here.
"""
from __future__ import annotations

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from shell_cases import cases as _cases, record, run_in_temp  # noqa: E402

ENV = {"PATH": "/bin:/sbin", "HOME": "/root", "LC_ALL": "C"}


def run_ash(name: str) -> dict:
    """busybox sh's stdout, stderr and status for ``NAME.sh``."""
    return run_in_temp(["busybox", "sh", name + ".sh"], HERE, name, ENV)


def cases() -> list[str]:
    """The scripts' names."""
    return _cases(HERE)


def main(names: list[str]) -> int:
    return record(HERE, run_ash, names, sys.stderr)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
