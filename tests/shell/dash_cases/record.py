"""Record what dash 0.5.12 (Debian 12's /bin/sh) prints for each script here: ``NAME.sh`` ->
``NAME.json`` (stdout, stderr, status), as the gnu userland's sh runs them.

    python tests/shell/dash_cases/record.py [NAME...]

Each script runs as ``sh NAME.sh`` by the host's dash (``executable="dash"``: its
$0 and its messages' name ``sh``) from a fresh directory holding it; scripts must be
read-only (nothing outside that directory written, nothing under /sys or /proc/sys).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ENV = {"PATH": "/bin:/sbin", "HOME": "/root", "LC_ALL": "C"}


def run_dash(name: str) -> dict:
    """dash's stdout, stderr and status for ``NAME.sh``."""
    with tempfile.TemporaryDirectory() as d:
        shutil.copy(os.path.join(HERE, name + ".sh"), d)
        r = subprocess.run(["sh", name + ".sh"], executable="dash", cwd=d, env=ENV, capture_output=True,
                           text=True, timeout=120, stdin=subprocess.DEVNULL)
    return {"stdout": r.stdout, "stderr": r.stderr, "status": r.returncode}


def cases() -> list[str]:
    """The scripts' names."""
    return sorted(f[:-3] for f in os.listdir(HERE) if f.endswith(".sh"))


def main(names: list[str]) -> int:
    for name in names or cases():
        with open(os.path.join(HERE, name + ".json"), "w") as f:
            json.dump(run_dash(name), f, indent=1)
            f.write("\n")
        print(name, file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
