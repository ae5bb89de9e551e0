"""The model's side of tools/sizes/move-charge-full-trace.sh (docs/fidelity.md item 69):
run a script on the model as the oracle's guest boots and print, between the script's
output lines, every page-counter charge and uncharge of a memcg's ``memory`` counter
and every stock event (``try_charge``, ``refill_stock``, ``drain_stock``,
``drain_all_stock``, ``cancel_charge``) as `CPU MS EVENT TASK-PID ARGS`, memcgs by
their cgroup's name; 1-page events counted per step (`count STEP CPU TASK EVENT ARGS
N`), as the guest's trace prints them. After each output line, each CPU's stock.

    PYTHONPATH=src python tools/sizes/model_stock_trace.py SCRIPT --kernel 5.10 \
        [--cgroup v1] [--cpus 2] [--seed 0]

A debugging aid: it wraps the model's methods, the model itself is unchanged.
"""
import sys
from collections import Counter

from model_guest import guest_kernel, guest_parser     # tools/sizes/

from memcgsim.kernel import memcontrol
from memcgsim.kernel.page_counter import PageCounter
from memcgsim.shell import run_script


def main(argv: list[str]) -> int:
    """Run the script and print the trace."""
    a = guest_parser(__doc__, kernel="5.10", cgroup="v1").parse_args(argv)
    k = guest_kernel(a)
    mc = k.memcg
    counts: Counter = Counter()
    step = ["boot"]
    out = sys.stdout.write

    def name(m) -> str:
        if m is None:
            return "-"
        if m is mc.root_mem_cgroup:
            return "root"
        n = getattr(m.cgroup, "name", "?")
        return n + ("(dying)" if m.offline_at is not None else "")

    def owner(counter) -> str | None:
        for m in list(mc.idr.values()) + [mc.root_mem_cgroup]:
            if m is not None and m.memory is counter:
                return name(m)
        return None

    def ev(what: str, args: str) -> None:
        t = k.current
        who = f"{t.comm}-{t.pid}"
        if args.endswith(" nr=1"):
            counts[f"{t.cpu} {who} {what}{args}"] += 1
            return
        out(f"{t.cpu} {k.clock.now_ns / 1e6:.3f} {what} {who}{args}\n")

    def flush() -> None:
        for key, n in counts.items():
            out(f"count {step[0]} {key} {n}\n")
        counts.clear()

    def wrap(cls, meth: str, fmt) -> None:
        orig = getattr(cls, meth)

        def f(self, *args, **kw):
            s = fmt(self, *args)
            if s is not None:
                ev(meth, s)
            return orig(self, *args, **kw)
        setattr(cls, meth, f)

    MC = memcontrol.MemoryController
    wrap(MC, "try_charge", lambda s, m, n, *r: f" memcg={name(m)} nr={n}")
    wrap(MC, "refill_stock", lambda s, m, n: f" memcg={name(m)} nr={n}")
    wrap(MC, "refill_stock_each", lambda s, m, n: f" memcg={name(m)} n={n} each")
    wrap(MC, "drain_stock", lambda s, st: (
        f" memcg={name(st.cached)} nr={st.nr_pages}" if st.cached is not None else None))
    wrap(MC, "drain_all_stock", lambda s, m: f" memcg={name(m)} stocks=" + ",".join(
        f"{name(st.cached)}:{st.nr_pages}" for st in s.stocks))
    wrap(MC, "drain_local_stock", lambda s, cpu: f" cpu={cpu}")
    wrap(MC, "cancel_charge", lambda s, m, n: f" memcg={name(m)} nr={n}")

    def counter_fmt(tag):
        def f(c, n):
            o = owner(c)
            return None if o is None else f" {tag}={o} nr={n}"
        return f
    wrap(PageCounter, "try_charge", counter_fmt("counter"))
    wrap(PageCounter, "charge", counter_fmt("forced"))
    wrap(PageCounter, "uncharge", counter_fmt("counter"))

    def echo(stream: str, text: str) -> None:
        for line in text.splitlines():
            flush()
            step[0] = line.split(":")[0].replace(" ", "_") or "-"
            out(f"== {stream}: {line}\n")
            out("   stocks: " + " ".join(
                f"cpu{c}={name(st.cached)}:{st.nr_pages}" for c, st in enumerate(mc.stocks))
                + "\n")
    text = open(a.script).read()
    res = run_script(k, text, a.script, seed=a.seed, echo=echo)
    flush()
    out(f"status {res.status}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
