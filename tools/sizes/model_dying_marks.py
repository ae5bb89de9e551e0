"""The model's side of tools/sizes/stock_trace.py --offline's traces (docs/fidelity.md
item 241 of stock35): after each line the script prints, the removed memcgs the model
still has (offline, not freed) with their css references by holder, and each CPU's
stock, to set beside the guest's (a removed memcg is one between its
``mem_cgroup_css_offline`` and its ``mem_cgroup_css_free`` in the trace).

    PYTHONPATH=src python tools/sizes/model_dying_marks.py SCRIPT --kernel 5.10 \\
        [--cgroup v1] [--cpus 2] [--seed 0]

A debugging aid: it reads the model's state, the model itself is unchanged.
"""
import sys

from model_guest import guest_kernel, guest_parser     # tools/sizes/

from memcgsim.shell import run_script


def main(argv: list[str]) -> int:
    """Run the script and print each line with the dying memcgs after it."""
    a = guest_parser(__doc__, kernel="5.10", cgroup="v2").parse_args(argv)
    k = guest_kernel(a)
    mc = k.memcg

    def name(m) -> str:
        if m is None:
            return "-"
        return "root" if m is mc.root_mem_cgroup else getattr(m.cgroup, "name", "?")

    def echo(stream: str, text: str) -> None:
        for line in text.splitlines():
            dying = sorted(mc.dying_memcgs(), key=name)
            held = " ".join(f"{name(m)}[{','.join(f'{h}:{n}' for h, n in m.holders.items() if n)}]"
                            for m in dying)
            stocks = " ".join(f"cpu{c}={name(st.cached)}:{st.nr_pages}"
                              for c, st in enumerate(mc.stocks) if st.cached is not None)
            sys.stdout.write(f"{k.clock.now_ns / 1e6:10.3f} {line[:50]:50} | {len(dying)} {held}"
                             f" | {stocks}\n")
    res = run_script(k, open(a.script).read(), a.script, seed=a.seed, echo=echo)
    sys.stdout.write(f"status {res.status}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
