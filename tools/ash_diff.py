"""Differential runs of busybox sh: each snippet as ``sh -c SNIPPET`` by the host's
busybox sh (in a fresh temporary directory, the guests' environment) and by the
model's busybox sh (``--userland busybox``); prints the snippets whose stdout,
stderr or status differ.

    .venv/bin/python tools/ash_diff.py FILE     # one snippet a line ('#' lines skipped)

Snippets must be read-only (no writes outside the temporary directory, nothing
under /sys or /proc/sys): the host runs them.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile

from memcgsim import Kernel
from memcgsim.shell import run_script

ENV = {"PATH": "/bin:/sbin", "HOME": "/root", "LC_ALL": "C"}


def host(snippet: str) -> tuple[str, str, int]:
    """The host's ``busybox sh -c SNIPPET``."""
    with tempfile.TemporaryDirectory() as d:
        r = subprocess.run(["busybox", "sh", "-c", snippet], cwd=d, env=ENV, capture_output=True,
                           text=True, timeout=20, stdin=subprocess.DEVNULL)
    return r.stdout, r.stderr, r.returncode


def model(snippet: str) -> tuple[str, str, int]:
    """The model's ``sh -c SNIPPET`` (the guests' bash writes it to a file first)."""
    assert "\nASH_DIFF_EOF\n" not in snippet
    wrapper = f"cd /tmp\ncat > s.txt <<'ASH_DIFF_EOF'\n{snippet}\nASH_DIFF_EOF\nexec sh -c \"$(cat s.txt)\"\n"
    r = run_script(Kernel(design="6.1", cgroup="v2", init="busybox", userland="busybox"),
                   wrapper, "bash")
    return r.stdout, r.stderr, r.status


def main(path: str) -> int:
    with open(path) as f:
        snippets = [s.rstrip("\n").replace("\\n", "\n") for s in f
                    if s.strip() and not s.startswith("#")]
    differ = 0
    for s in snippets:
        h, m = host(s), model(s)
        if h != m:
            differ += 1
            print(f"=== {s!r}\n  host:  {h!r}\n  model: {m!r}")
    print(f"{differ} of {len(snippets)} differ", file=sys.stderr)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
