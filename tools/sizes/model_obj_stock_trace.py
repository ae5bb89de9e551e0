"""The model's side of ``stock_trace.py --rcu`` (docs/fidelity.md item 369): run a
script on the model booted as the oracle's guest and print each slab allocation or
free that moved one memcg's kernel memory (its objcg's bytes in a CPU's obj stock,
its ``nr_charged_bytes``, its v1 kmem counter's pages), as
`MS CPU TASK CALL CACHES | STATE`, between the script's output lines; the state is
each CPU's obj stock for that memcg's objcg (``-`` when it caches another), the
objcg's ``nr_charged_bytes`` and the v1 kmem pages (``-`` on cgroup v2).

    PYTHONPATH=src .venv/bin/python tools/sizes/model_obj_stock_trace.py SCRIPT \\
        --memcg g --kernel 5.10 --cgroup v1 [--cpus 2] [--exit-rcu-frees on|off]

A debugging aid: it wraps the model's methods, the model itself is unchanged.
"""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model_guest import guest_kernel, guest_parser  # noqa: E402  (tools/sizes/)

from memcgsim.kernel import fork, memcontrol, slab  # noqa: E402
from memcgsim.shell import run_script  # noqa: E402


def main(argv: list[str]) -> int:
    """Run the script and print the trace."""
    ap = guest_parser(__doc__, kernel="5.10", cgroup="v1")
    ap.add_argument("--memcg", default="g", help="the cgroup's name")
    ap.add_argument("--exit-rcu-frees", choices=("on", "off"), default=None)
    a = ap.parse_args(argv)
    if a.exit_rcu_frees is not None:
        fork.EXIT_RCU_FREES = a.exit_rcu_frees == "on"
    k = guest_kernel(a)
    mc = k.memcg
    out = sys.stdout.write
    depth = [0]

    def target():
        for m in mc.idr.values():
            if m is not None and getattr(m.cgroup, "name", None) == a.memcg:
                return m
        return None

    def state():
        m = target()
        if m is None or m.objcg is None:
            return None
        o = m.objcg
        st = " ".join(f"cpu{c}={s.nr_bytes}" if s.cached_objcg is o else f"cpu{c}=-"
                      for c, s in enumerate(mc.stocks))
        kmem = m.kmem.usage if not k.dfl else "-"
        return f"{st} charged={o.nr_charged_bytes} kmem={kmem}"

    def what(args) -> str:
        for x in args:
            specs = getattr(x, "specs", None)
            if specs is not None:
                try:
                    return ",".join(f"{c.name}x{n}" for c, n in specs)
                except (TypeError, AttributeError, ValueError):
                    return type(x).__name__
            name = getattr(x, "name", None)
            if isinstance(name, str):
                return name
        return ""

    def wrap(cls, meth: str) -> None:
        orig = getattr(cls, meth)

        def f(self, *args, **kw):
            if depth[0]:
                return orig(self, *args, **kw)
            before = state()
            depth[0] += 1
            try:
                return orig(self, *args, **kw)
            finally:
                depth[0] -= 1
                after = state()
                if after != before:
                    t = k.current
                    who = f"{t.comm}-{t.pid}" if t is not None else "-"
                    cpu = t.cpu if t is not None else "-"
                    out(f"{k.clock.now_ns / 1e6:.3f} {cpu} {who} {meth} {what(args)} | {after}\n")
        setattr(cls, meth, f)

    for meth in ("kmem_cache_alloc_held", "kmem_cache_free_held", "kmem_cache_free_held_pair",
                 "kmem_cache_alloc", "kmem_cache_free"):
        if callable(getattr(slab.Slab, meth, None)):
            wrap(slab.Slab, meth)
    for meth in ("drain_obj_stock", "refill_obj_stock", "obj_cgroup_charge", "drain_all_stock"):
        wrap(memcontrol.MemoryController, meth)

    def echo(stream: str, text: str) -> None:
        for line in text.splitlines():
            out(f"== {stream}: {line}   [{state()}]\n")
    run_script(k, open(a.script).read(), a.script, seed=a.seed, echo=echo)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
