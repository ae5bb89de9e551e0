"""``memcgsim oracle`` (run a script on a real kernel under qemu) and ``memcgsim
conform`` (compare the model with real kernels, value by value)."""
from __future__ import annotations

import json
import os
import sys

from . import OracleError


def _read(path: str) -> tuple[str, str]:
    if path == "-":
        return sys.stdin.read(), "bash"
    from ..api import read_script
    return read_script(path)


def _kernel(spec: str, refresh: bool = False):
    from .fetch import SERIES, fetch_kernel, kernel_from_path
    if spec in SERIES:
        return fetch_kernel(spec, refresh=refresh)
    if os.path.exists(spec):
        return kernel_from_path(spec)
    raise OracleError(f"--kernel {spec}: not a known series ({', '.join(SERIES)}) "
                      "nor an existing kernel file, package tree or .deb")


def cmd_oracle(args) -> int:
    try:
        if args.script == "fetch" and not os.path.exists("fetch"):
            return _fetch(args.rest or ["5.10", "6.1"], args.refresh)
        if args.rest:
            raise OracleError(f"unexpected arguments: {' '.join(args.rest)}")
        from .qemu import run
        text, name = _read(args.script)
        kt = _kernel(args.kernel)
        console = open(args.console, "w") if args.console else None
        try:
            r = run(kt, text, cgroup=args.cgroup, cpus=args.cpus, mem=args.mem,
                    boot=args.boot, timeout=args.timeout, stream=True, console_out=console,
                    name=name)
        finally:
            if console:
                console.close()
        for n in r.notes:
            print(f"memcgsim oracle: guest: {n}", file=sys.stderr)
        if not args.quiet:
            print(r.footer(), file=sys.stderr)
        if args.record:
            from .record import Recording, write_recording
            header = {"script": args.script, "kernel": r.kernel, "uname": r.uname,
                      "design": args.kernel if not os.path.exists(args.kernel) else "",
                      "cgroup": r.cgroup, "cpus": str(r.cpus), "mem": args.mem,
                      "boot": r.boot, "accel": r.accel,
                      "command": "memcgsim oracle " + " ".join(sys.argv[2:])}
            write_recording(args.record, Recording(r.stdout, r.stderr, r.status, header,
                                                   args.declare or [], r.footer()))
        sys.stdout.flush()
        return r.status
    except OracleError as e:
        print(f"memcgsim oracle: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"memcgsim oracle: {e.filename or ''}: {e.strerror or e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("memcgsim oracle: interrupted", file=sys.stderr)
        return 130


def _fetch(series: list[str], refresh: bool) -> int:
    from .fetch import fetch_userland
    for s in series:
        kt = _kernel(s, refresh=refresh)
        print(f"{s}: {kt.label} -> {kt.vmlinuz}")
    u = fetch_userland()
    print(f"guest userland: busybox {u['busybox']}, bash {u['bash']}")
    from .qemu import require_qemu
    print(f"qemu: {require_qemu()}")
    return 0


def cmd_conform(args) -> int:
    from .conform import Rules, summarize
    from .record import read_recording
    try:
        if args.runs < 1:
            raise OracleError(f"--runs {args.runs}: at least one run")
        text, name = _read(args.script)
        recs = [read_recording(p) for p in (args.recorded or [])]
        pairs = []
        for p in args.pair or []:
            model, sep, real = p.partition("=")
            if not sep:
                raise OracleError(f"--pair {p}: expected MODEL=KERNEL, e.g. 5.10=5.10")
            pairs.append((model, real))
        if not pairs:
            pairs = [(r.design, r.design) for r in recs]
        if not pairs:
            raise OracleError("give --pair MODEL=KERNEL (e.g. --pair 6.1=6.1) or --recorded FILE")
        results, status = [], 0
        for model, real in pairs:
            rec = next((r for r in recs if r.design == real), None)
            if rec is None and len(recs) == 1 and len(pairs) == 1:
                rec = recs[0]
            cgroup = rec.header.get("cgroup", args.cgroup) if rec else args.cgroup
            cpus = int(rec.header.get("cpus", args.cpus)) if rec else args.cpus
            boot = rec.header.get("boot", args.boot) if rec else args.boot
            mem = rec.header.get("mem", args.mem) if rec else args.mem
            if rec is None:
                from .qemu import run
                from .record import Run
                kt = _kernel(real)
                runs = []
                for _ in range(args.runs):
                    r = run(kt, text, cgroup=cgroup, cpus=cpus, mem=mem, boot=boot,
                            timeout=args.timeout, stream=False, name=name)
                    runs.append(Run(r.stdout, r.stderr, r.status, r.footer()))
                decls = []
            else:
                runs, decls = rec.runs, rec.conform
            rules = Rules.parse(decls + (args.declare or []))
            best, items = conform_runs(text, name, model, cgroup, cpus, boot, runs, rules,
                                       mem=mem)
            label = runs[best].footer or (rec.header.get("kernel", "?") if rec else "?")
            if len(runs) > 1:
                label = f"run {best + 1} of {len(runs)}: {label}"
            s = summarize(items)
            status = max(status, 1 if s["disagreements"] else 0)
            results.append({"model": model, "kernel": real, "cgroup": cgroup, "cpus": cpus,
                            "real": label, "runs": len(runs), "run": best + 1,
                            "summary": s, "items": items})
        if args.json:
            out = [{**{k: v for k, v in r.items() if k != "items"},
                    "disagreements": [vars(i) | {"text": i.describe()} for i in r["items"]
                                      if not i.ok]} for r in results]
            json.dump(out, sys.stdout, indent=2)
            sys.stdout.write("\n")
        else:
            for r in results:
                s = r["summary"]
                print(f"== {name}: model {r['model']} vs real {r['kernel']} ({r['cgroup']}, "
                      f"{r['cpus']} CPUs)\n   {r['real']}")
                for i in r["items"]:
                    if not i.ok or args.verbose:
                        print(("   " if i.ok else " ✗ ") + i.describe())
                print(f"   {s['values_agree']}/{s['values']} values agree, "
                      f"{s['lines_text_differ']} lines differ in text, exit status "
                      f"{'agrees' if s['status_agree'] else 'differs'}"
                      f"{'' if s['disagreements'] else ': CONFORMS'}")
        return status
    except (OracleError, ValueError) as e:
        print(f"memcgsim conform: {e}", file=sys.stderr)
        return 2
    except OSError as e:
        print(f"memcgsim conform: {e.filename or ''}: {e.strerror or e}", file=sys.stderr)
        return 2


def conform_runs(text: str, name: str, design: str, cgroup: str, cpus: int, boot: str,
                 runs: list, rules, mem: str | None = None) -> tuple:
    """The model's design against real runs (``compare_runs``); with ``pace guest`` it
    runs at each run's pace and meets that run. ``mem``: the guest's RAM (qemu -m)."""
    from .conform import compare_runs
    if rules.pace or rules.sched_pace:
        def model(run):
            return run_model(text, name, design, cgroup, cpus, boot, guest_run_s=run.run_s,
                             mem=mem, sched_only=rules.sched_pace and not rules.pace)
        return compare_runs(runs, model, rules)
    return compare_runs(runs, run_model(text, name, design, cgroup, cpus, boot, mem=mem),
                        rules)


def run_model(text: str, name: str, design: str, cgroup: str, cpus: int, boot: str = "",
              seed: int = 0, guest_run_s: float | None = None, mem: str | None = None,
              sched_only: bool = False):
    """Run the script on the model as the oracle's guest boots (busybox: no +memory at
    the cgroup2 root, v1 use_hierarchy at the kernel's default, its file systems,
    busybox's applets).

    With ``guest_run_s`` (the script's duration on the guest), the model runs at the
    guest's pace: a first run measures the simulated time its task operations take
    (``Clock.busy_ns``) and the rest (sleeps), and the second stretches the former so
    the whole lasts ``guest_run_s``; ``sched_only``: that pace is the scheduler's
    PELT clock's alone (``Kernel(sched_pace=...)``), the costs stay calibrated."""
    from .. import Kernel
    from ..designs import DESIGNS
    from ..kernel.signum import SIGINT, SIGPIPE
    from ..shell import run_script
    from .image import RUN_PREFIX
    if design not in DESIGNS:
        raise OracleError(f"unknown model design {design!r}; known: {', '.join(DESIGNS)}")

    def once(pace: float):
        k = Kernel(design=design, cgroup=cgroup, nr_cpus=cpus, boot=boot, seed=seed,
                   init="busybox", userland="busybox", mem=mem,
                   **{"sched_pace" if sched_only else "pace": pace})
        k.stdio_tty = True      # the guest's script writes to ttyS1 and ttyS2
        # oracle/image.py INIT: cd /oracle/bin; /bin/bash NAME </dev/null >/dev/ttyS1 2>/dev/ttyS2
        k.stdio_paths = ("/dev/null", "/dev/ttyS1", "/dev/ttyS2")
        k.script_dir = "/oracle/bin"
        k.script_argv0 = "/bin/bash"
        # the guest's copy of the script starts with a line of its own (fd 255's offsets)
        k.script_prefix = len(RUN_PREFIX.encode())
        t0, b0 = k.clock.now_ns, k.clock.busy_ns
        res = run_script(k, text, name, seed=seed)
        return res, (k.clock.now_ns - t0) / 1e9, (k.clock.busy_ns - b0) / 1e9

    res, total, busy = once(1.0)
    if guest_run_s is not None and busy > 0:
        pace = (guest_run_s - (total - busy)) / busy
        if pace > 1.0:
            res = once(pace)[0]
    if res.signal and res.signal not in (SIGINT, SIGPIPE):
        # the guest's init (busybox ash) reports the script's death by a signal on
        # its stderr as sprint_status48 does: strsignal(), except SIGINT and SIGPIPE
        from ..shell.jobreport import signal_desc
        res.stderr += signal_desc(res.signal) + "\n"
    return res


def register(subparsers) -> None:
    o = subparsers.add_parser(
        "oracle", help="run a script as root on a real Linux kernel under qemu",
        description="Boot a real Debian kernel under qemu (KVM if usable, else TCG) and "
        "run SCRIPT in it as root, its working directory on a scratch ext4 disk; print "
        "its output and exit with its status. 'memcgsim oracle fetch [5.10] [6.1]' "
        "downloads kernels ahead of time.")
    o.add_argument("script", help="bash script, - for standard input, or 'fetch'")
    o.add_argument("rest", nargs="*", help=argparse_suppress())
    o.add_argument("--kernel", default="6.1",
                   help="5.10, 6.1 (Debian's build, fetched and cached) or a path to a "
                   "vmlinuz, an unpacked package or a .deb (default 6.1)")
    o.add_argument("--cgroup", choices=("v1", "v2"), default="v1",
                   help="v1: memory hierarchy at /sys/fs/cgroup/memory (default); v2: cgroup2")
    o.add_argument("--cpus", type=int, default=2, help="virtual CPUs (default 2)")
    o.add_argument("--mem", default="1G", help="guest memory (default 1G)")
    o.add_argument("--boot", default="", help="extra kernel command line (default: none)")
    o.add_argument("--timeout", type=float, default=3600,
                   help="seconds the guest may run (default 3600)")
    o.add_argument("--console", metavar="FILE",
                   help="save the kernel's console log (default: not saved)")
    o.add_argument("--record", metavar="FILE",
                   help="also write a conformance recording (default: none)")
    o.add_argument("--declare", action="append", metavar="DECL",
                   help="conform declaration to put in the recording (repeatable)")
    o.add_argument("--refresh", action="store_true",
                   help="with fetch: look for a newer build in the archive")
    o.add_argument("--quiet", action="store_true",
                   help="no [kernel-oracle] summary line on standard error")
    o.set_defaults(fn=cmd_oracle)
    c = subparsers.add_parser(
        "conform", help="compare the model with real kernels value by value",
        description="Run SCRIPT on the model and on a real kernel (or read a stored "
        "recording) and report value by value where they agree.")
    c.add_argument("script", help="bash script, or - for standard input")
    c.add_argument("--pair", action="append", metavar="MODEL=KERNEL",
                   help="model design = real kernel, e.g. 5.10=5.10 (repeatable; default: "
                        "each recording's own design against itself)")
    c.add_argument("--recorded", action="append", metavar="FILE",
                   help="a recording to use instead of booting the kernel (repeatable)")
    c.add_argument("--cgroup", choices=("v1", "v2"), default="v1",
                   help="without a recording: v1 (default) or v2; a recording's own is used")
    c.add_argument("--cpus", type=int, default=2,
                   help="without a recording: CPUs of the guest and the model (default 2)")
    c.add_argument("--mem", default="1G", help="guest memory (default 1G)")
    c.add_argument("--boot", default="",
                   help="without a recording: kernel command line (default: none)")
    c.add_argument("--timeout", type=float, default=3600,
                   help="seconds each guest run may take (default 3600)")
    c.add_argument("--runs", type=int, default=1, metavar="N",
                   help="run the script N times on the real kernel (a race): the model "
                   "must agree with one run, values that vary between runs within their "
                   "spread (default 1)")
    c.add_argument("--declare", action="append", metavar="DECL",
                   help="extra declaration, e.g. 'tolerance 5%% 4096' (repeatable)")
    c.add_argument("--json", action="store_true", help="machine-readable output")
    c.add_argument("-v", "--verbose", action="store_true", help="show agreeing values too")
    c.set_defaults(fn=cmd_conform)


def argparse_suppress():
    import argparse
    return argparse.SUPPRESS
