"""Differential runs of busybox sh: each snippet as ``sh -c SNIPPET`` by the host's
busybox sh (in a fresh temporary directory, the guests' environment) and by the
model's busybox sh (``--userland busybox``); prints the snippets whose stdout,
stderr or status differ.

    .venv/bin/python tools/ash_diff.py FILE     # one snippet a line ('#' lines skipped)
    .venv/bin/python tools/ash_diff.py --dash FILE      # the host's dash, --userland gnu
    .venv/bin/python tools/ash_diff.py --bash FILE      # the host's bash, --userland gnu

With ``--dash`` the host's shell is dash (Debian's /bin/sh) and the model's the
gnu userland's ``sh``; with ``--bash`` both are bash.

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

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests", "shell"))
from shell_cases import sandboxed  # noqa: E402

ENV = {"PATH": "/bin:/sbin", "HOME": "/root", "LC_ALL": "C"}


def host(snippet: str, shell: str = "busybox") -> tuple[str, str, int]:
    """The host's ``busybox sh -c SNIPPET`` (or dash's, as Debian's /bin/sh: its
    $0 and its messages' name sh; or bash's), in a PID namespace of its own
    (tests/shell/shell_cases.py ``SANDBOX``: a snippet's ``kill -1`` reaches nothing else)."""
    argv, program = {"busybox": (["busybox", "sh"], None), "dash": (["sh"], "/bin/dash"),
                     "bash": (["bash"], None)}[shell]
    with tempfile.TemporaryDirectory() as d:
        r = subprocess.run(sandboxed([*argv, "-c", snippet], program), cwd=d, env=ENV,
                           capture_output=True, text=True, timeout=20, stdin=subprocess.DEVNULL)
    return r.stdout, r.stderr, r.returncode


def model(snippet: str, shell: str = "busybox") -> tuple[str, str, int]:
    """The model's ``sh -c SNIPPET`` (``bash -c`` for bash; the guests' bash writes
    it to a file first)."""
    assert "\nASH_DIFF_EOF\n" not in snippet
    sh = "bash" if shell == "bash" else "sh"
    wrapper = f"cd /tmp\ncat > s.txt <<'ASH_DIFF_EOF'\n{snippet}\nASH_DIFF_EOF\nexec {sh} -c \"$(cat s.txt)\"\n"
    kernel = (Kernel(design="6.1", cgroup="v2", init="busybox", userland="busybox") if shell == "busybox"
              else Kernel(design="6.1", cgroup="v2", userland="gnu"))
    r = run_script(kernel, wrapper, "bash")
    return r.stdout, r.stderr, r.status


def main(args: list[str]) -> int:
    shell = args[0][2:] if args[:1] in (["--dash"], ["--bash"]) else "busybox"
    if len(args) != 1 + (shell != "busybox"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    path = args[-1]
    with open(path) as f:
        snippets = [s.rstrip("\n").replace("\\n", "\n") for s in f
                    if s.strip() and not s.startswith("#")]
    differ = 0
    for s in snippets:
        h, m = host(s, shell), model(s, shell)
        if h != m:
            differ += 1
            print(f"=== {s!r}\n  host:  {h!r}\n  model: {m!r}")
    print(f"{differ} of {len(snippets)} differ", file=sys.stderr)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
