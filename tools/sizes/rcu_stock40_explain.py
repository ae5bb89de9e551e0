"""What keeps the model's removed cgroups at the end of a script with
kernel/fork.py ``EXIT_RCU_FREES`` on or off (docs/fidelity.md item 351): the
script run in the model booted as the oracle's guest (tools/sizes/model_guest.py),
cut before the first line matching ``--stop-before`` (a final ``rmdir`` that
would hide them), then ``memcgsim.analysis.explain.explain_json`` printed.

    PYTHONPATH=src .venv/bin/python tools/sizes/rcu_stock40_explain.py on|off SCRIPT \\
        --kernel 5.10 --cgroup v2 --cpus 8 [--stop-before REGEX]
"""
from __future__ import annotations

import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model_guest import guest_kernel, guest_parser  # noqa: E402  (tools/sizes/)

from memcgsim.analysis.explain import explain_json  # noqa: E402
from memcgsim.kernel import fork  # noqa: E402
from memcgsim.shell import run_script  # noqa: E402


def main(argv: list[str]) -> int:
    """Run the script, print the explanation."""
    if not argv or argv[0] not in ("on", "off"):
        sys.stderr.write(__doc__)
        return 2
    fork.EXIT_RCU_FREES = argv[0] == "on"
    ap = guest_parser(__doc__, kernel="5.10", cgroup="v2")
    ap.add_argument("--stop-before", default=None)
    a = ap.parse_args(argv[1:])
    lines = open(a.script).read().splitlines(keepends=True)
    if a.stop_before:
        pat = re.compile(a.stop_before)
        lines = lines[:next((i for i, ln in enumerate(lines) if pat.search(ln)), len(lines))]
    k = guest_kernel(a)
    run_script(k, "".join(lines), a.script, seed=a.seed)
    print(json.dumps(explain_json(k), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
