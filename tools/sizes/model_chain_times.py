"""The model's side of tools/sizes/stock_trace.py ``--jbd2`` traces (docs/fidelity.md
item 257 of stock36): the same events, named as the guest's trace names them, at
the model's times, so that tools/sizes/chain_read_race.py reads both alike:

    PYTHONPATH=src python tools/sizes/model_chain_times.py SCRIPT --kernel 5.10 \\
        [--cgroup v1] [--cpus 2] [--seed 0] [--gp MS] > /tmp/model.txt

Prints `CPU MS EVENT TASK ARGS`: ``dcw`` (a drop_caches write), ``crw`` (a memory
css's ``css_release_work_fn``, ``w=`` its cgroup's path), ``cfw`` (its
``css_free_rwork_fn``), ``cgroup_release`` (the self css's ``css_release_work_fn``:
``nr_dying_descendants`` goes down, ``path=``), ``cst`` (a ``cgroup.stat`` read) and
``mark`` (each line the script prints). ``--gp`` sets the model's grace period
(``clock.RCU_GRACE_PERIOD_NS``, 1 ms as kept). A debugging aid: the model is
otherwise unchanged.
"""
import sys

from model_guest import guest_kernel, guest_parser     # tools/sizes/

from memcgsim.fs import cgroup_files, procfs
from memcgsim.kernel import cgroup, clock
from memcgsim.shell import run_script


def main(argv: list[str]) -> int:
    """Run the script and print the chain's events."""
    ap = guest_parser(__doc__, kernel="5.10", cgroup="v2")
    ap.add_argument("--gp", type=float, default=None)
    a = ap.parse_args(argv)
    if a.gp is not None:
        clock.RCU_GRACE_PERIOD_NS = int(a.gp * 1e6)
    box: list = []

    def out(ev: str, args: str = "") -> None:
        k = box[0]
        t = k.current
        cpu = t.cpu if t is not None else 0
        who = f"{t.comm}-{t.pid}" if t is not None else "-"
        sys.stdout.write(f"{cpu} {k.clock.now_ns / 1e6:.3f} {ev} {who}{args}\n")

    def wrap(owner, name: str, show) -> None:
        fn = getattr(owner, name)

        def traced(*args):
            line = show(*args)
            if line is not None:
                out(*line)
            return fn(*args)
        setattr(owner, name, traced)

    def path(css) -> str:
        return css.cgroup.path if css.cgroup is not None else "?"

    wrap(cgroup.CgroupCore, "css_release_work_fn",
         lambda self, css: ("crw", f" w={path(css)}") if css.ss == "memory"
         else ("cgroup_release", f" path={path(css)}"))
    wrap(cgroup.CgroupCore, "css_free_rwork_fn",
         lambda self, css: ("cfw", f" w={path(css)}") if css.ss == "memory" else None)
    wrap(cgroup_files, "r_stat", lambda fs, c, task: ("cst", ""))
    wrap(procfs.ProcFs, "_drop_caches", lambda self, data, task: ("dcw", f" write={data.decode().strip()}"))
    k = guest_kernel(a)
    box.append(k)

    def echo(stream: str, text: str) -> None:
        for line in text.splitlines():
            out("mark", " " + line)
    res = run_script(k, open(a.script).read(), a.script, seed=a.seed, echo=echo)
    sys.stdout.write(f"status {res.status}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
