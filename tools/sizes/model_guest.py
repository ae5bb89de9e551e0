"""What the model_*.py tools share: their command line (SCRIPT, --kernel, --cgroup,
--cpus, --seed) and the model kernel booted as `memcgsim conform` boots the oracle's
guest (busybox init and userland, the script's output a tty)."""
from __future__ import annotations

import argparse


def guest_parser(doc: str | None, kernel: str = "6.1", cgroup: str = "v2") -> argparse.ArgumentParser:
    """A parser with the options every model_*.py tool takes (described by the first
    paragraph of ``doc``); a tool adds its own after."""
    ap = argparse.ArgumentParser(description=(doc or "").split("\n\n")[0])
    ap.add_argument("script")
    ap.add_argument("--kernel", default=kernel)
    ap.add_argument("--cgroup", default=cgroup)
    ap.add_argument("--cpus", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--sched-pace", type=float, default=1.0,
                    help="PELT's clock this many times the model's (conform's 'pace sched')")
    return ap


def guest_kernel(a: argparse.Namespace):
    """The model kernel for parsed options ``a``, booted as the oracle's guest is."""
    from memcgsim import Kernel
    k = Kernel(design=a.kernel, cgroup=a.cgroup, nr_cpus=a.cpus, seed=a.seed,
               init="busybox", userland="busybox",
               sched_pace=getattr(a, "sched_pace", 1.0))
    k.stdio_tty = True
    return k
