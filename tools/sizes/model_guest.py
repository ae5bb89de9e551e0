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
    ap.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                    help="set kernel/sched.py's constant NAME (MODULE.NAME: kernel/MODULE.py's)"
                    " before the boot, as tools/conform_seeds.py --set")
    return ap


def apply_sets(sets: list[str]) -> None:
    """``--set NAME=VALUE``: kernel/sched.py's constant (``MODULE.NAME``: that kernel
    module's) set to VALUE (a switch 0 or 1, or a number), as tools/conform_seeds.py
    sets it."""
    import importlib
    for item in sets:
        name, _, value = item.partition("=")
        mod, _, name = name.rpartition(".")
        module = importlib.import_module(f"memcgsim.kernel.{mod or 'sched'}")
        old = getattr(module, name)
        setattr(module, name, bool(int(value)) if isinstance(old, bool) else type(old)(float(value)))


def guest_kernel(a: argparse.Namespace):
    """The model kernel for parsed options ``a``, booted as the oracle's guest is."""
    from memcgsim import Kernel
    apply_sets(getattr(a, "set", []))
    k = Kernel(design=a.kernel, cgroup=a.cgroup, nr_cpus=a.cpus, seed=a.seed,
               init="busybox", userland="busybox",
               sched_pace=getattr(a, "sched_pace", 1.0))
    k.stdio_tty = True
    return k
