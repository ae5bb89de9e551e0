"""How many Python frames memcgsim's shell can nest on an 8 MiB C stack before
CPython overflows it (SIGSEGV) rather than raising RecursionError: the measure behind
shell/depth.py's FRAME_BYTES.

    python bench/recursion_depth.py [LIMIT...]

Each LIMIT runs, in a child process with RLIMIT_STACK 8 MiB, an endlessly recursing
bash function under the model with sys.setrecursionlimit(LIMIT) (the shell's own
raising bypassed) and prints how it ended and how deep the function got.
"""
from __future__ import annotations

import re
import resource
import subprocess
import sys

CHILD = r"""
import sys
from memcgsim.shell import depth
depth.stack_frames = lambda: {limit}
from memcgsim import Kernel
from memcgsim.shell import run_script
r = run_script(Kernel(design="6.1", cgroup="v2"), "n=0\nf() {{ n=$((n+1)); f; }}\nf\n", "rec.sh")
print(r.stderr.strip())
"""


def main(argv: list[str]) -> int:
    limits = [int(a) for a in argv] or [10000, 15000, 20000, 25000]
    stack = 8 << 20

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_STACK, (stack, resource.getrlimit(resource.RLIMIT_STACK)[1]))
    for limit in limits:
        r = subprocess.run([sys.executable, "-c", CHILD.format(limit=limit)], capture_output=True,
                           text=True, preexec_fn=cap)
        m = re.search(r"\((\d+) functions deep\)", r.stdout)
        how = (f"signal {-r.returncode}" if r.returncode < 0 else
               f"RecursionError reported at {m[1]} functions deep" if m else r.stdout.strip())
        print(f"limit {limit:6d} ({stack // limit} B a frame): {how}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
