"""The model's obj stocks at each line a script prints (docs/fidelity.md item 482): after
each output line, each CPU's obj stock (its objcg's cgroup and ``nr_bytes``), the
objcgs' ``nr_charged_bytes`` and the v1 kmem counters, as tools/sizes/obj_replay.py
rebuilds them from a guest's ``stock_trace.py --obj`` trace. ``--cred-blob N``
charges a cred's LSM blob of N bytes (kernel/sizes ``CRED_SECURITY``) for the run.

    PYTHONPATH=src python tools/sizes/model_obj_stocks.py SCRIPT --kernel 5.10 \
        [--cgroup v1] [--cpus 2] [--seed 0] [--cred-blob 8]

A debugging aid: it reads the model's state, the model itself is unchanged.
"""
import sys

from model_guest import guest_kernel, guest_parser     # tools/sizes/

from memcgsim.kernel import sizes
from memcgsim.oracle.image import RUN_PREFIX
from memcgsim.shell import run_script


def main(argv: list[str]) -> int:
    """Run the script and print the stocks after each output line."""
    ap = guest_parser(__doc__, kernel="5.10", cgroup="v1")
    ap.add_argument("--cred-blob", type=int, default=None)
    a = ap.parse_args(argv)
    if a.cred_blob is not None:
        sizes.CRED_SECURITY[a.kernel] = a.cred_blob
    k = guest_kernel(a)
    # as memcgsim.oracle.cli's model run: the script from /oracle/bin, the guest's prefix
    k.stdio_paths = ("/dev/null", "/dev/ttyS1", "/dev/ttyS2")
    k.script_dir = "/oracle/bin"
    k.script_argv0 = "/bin/bash"
    k.script_prefix = len(RUN_PREFIX.encode())
    mc = k.memcg
    out = sys.stdout.write

    def name(o) -> str:
        if o is None:
            return "-"
        return getattr(o.memcg.cgroup, "name", "?") or "root"

    def echo(stream: str, text: str) -> None:
        for line in text.splitlines():
            out(f"== {line}\n")
            objcgs = {st.cached_objcg for st in mc.stocks if st.cached_objcg is not None}
            objcgs |= {m.objcg for m in mc.idr.values() if m is not None and m.objcg is not None}
            out("   stocks " + " ".join(f"cpu{c}={name(st.cached_objcg)}:{st.nr_bytes}"
                                       for c, st in enumerate(mc.stocks))
                + " ncb " + " ".join(f"{name(o)}:{o.nr_charged_bytes}" for o in objcgs
                                     if o.nr_charged_bytes)
                + " kmem " + " ".join(f"{getattr(m.cgroup, 'name', '?')}:{m.kmem.usage}"
                                      for m in mc.idr.values()
                                      if m is not None and m is not mc.root_mem_cgroup
                                      and not k.dfl) + "\n")
    res = run_script(k, open(a.script).read(), a.script, seed=a.seed, echo=echo)
    out(f"status {res.status}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
