"""Record what real bash prints for each script here: ``NAME.sh`` -> ``NAME.json``
(stdout, stderr, status; pids in job reports replaced by ``N``).

    python tests/shell/bash_cases/record.py [NAME...]

Each script runs as ``bash NAME.sh`` from a fresh directory holding it, with a
fixed environment; files it makes under /tmp are its own business (and the model's
file system's, when the test runs it).
"""
from __future__ import annotations

import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from shell_cases import run_in_temp  # noqa: E402

ENV = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "HOME": "/root", "LC_ALL": "C"}


def normalize(stderr: str) -> str:
    """Job reports name pids, which differ from run to run: the first process's
    after the line number, the others' at the start of their own lines."""
    stderr = re.sub(r"(line \d+: ) *\d+ (?=[A-Z])", r"\1N ", stderr)
    return re.sub(r"(?m)^ +\d+ (?=[A-Za-z0-9 ]*\| )", "     N ", stderr)


def run_bash(name: str) -> dict:
    r = run_in_temp(["bash", name + ".sh"], HERE, name, ENV)
    return {**r, "stderr": normalize(r["stderr"])}


def cases() -> list[str]:
    return sorted(f[:-3] for f in os.listdir(HERE) if f.endswith(".sh"))


def main(names: list[str]) -> int:
    for name in names or cases():
        with open(os.path.join(HERE, name + ".json"), "w") as f:
            json.dump(run_bash(name), f, indent=1)
            f.write("\n")
        print(name, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
