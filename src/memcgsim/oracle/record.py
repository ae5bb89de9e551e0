"""Recordings of real kernels, and re-recording the conformance suite.

``python -m memcgsim.oracle.record [CASE...] [--kernel 5.10|6.1] [--dir DIR]``
re-records every case of ``tests/conformance/cases.toml`` (or the named ones) with the
oracle (2 CPUs unless a case sets ``cpus``, 1 GiB) into ``tests/conformance/recordings/``.

A recording is a header of ``# key: value`` lines, the script's stdout and stderr, and
the oracle's ``[kernel-oracle]`` line::

    # memcgsim conformance recording
    # case: seed-kmem_test
    # kernel: linux-image-5.10.0-46-amd64 5.10.262-1
    # design: 5.10
    # cgroup: v1
    ...
    # conform: tolerance 5% 65536
    #--- stdout
    ...
    #--- stderr
    ...
    #--- end
    [kernel-oracle] kernel=... accel=tcg cgroup=v1 rc=0 boot_s=... run_s=... total_s=...

A case whose outcome is a race on the real kernel sets ``runs = N`` in cases.toml (one
kernel's: ``runs_by_kernel."5.10" = N``): its recording holds N runs of the script, the
first as above and each further one after a ``#--- run K`` line (its own ``# status:``,
stdout, stderr, end and footer).
``--append CASE --kernel K FILE...`` adds the runs of recordings made apart (``memcgsim
oracle SCRIPT --record FILE`` with the case's options) to the case's recording.
"""
from __future__ import annotations

import argparse
import os
import re
import shlex
import sys
import tomllib
from dataclasses import dataclass, field

from . import OracleError

HERE = os.path.dirname(os.path.abspath(__file__))
SUITE = os.path.normpath(os.path.join(HERE, "..", "..", "..", "tests", "conformance"))
CPUS, MEM = 2, "1G"


@dataclass
class Run:
    """One run of the script on the real kernel."""
    stdout: str
    stderr: str
    status: int
    footer: str = ""

    @property
    def run_s(self) -> float | None:
        """The script's duration on the guest (the footer's ``run_s``)."""
        m = re.search(r"\brun_s=([\d.]+)", self.footer)
        return float(m.group(1)) if m else None


@dataclass
class Recording:
    """A recording: the header and its first run; further runs in ``more``."""
    stdout: str
    stderr: str
    status: int
    header: dict[str, str] = field(default_factory=dict)
    conform: list[str] = field(default_factory=list)
    footer: str = ""
    more: list[Run] = field(default_factory=list)

    run_s = Run.run_s

    @property
    def runs(self) -> list[Run]:
        return [Run(self.stdout, self.stderr, self.status, self.footer)] + self.more

    @property
    def design(self) -> str:
        return self.header.get("design", "")


def write_recording(path: str, rec: Recording) -> None:
    lines = ["# memcgsim conformance recording"]
    lines += [f"# {k}: {v}" for k, v in rec.header.items()]
    lines += [f"# conform: {d}" for d in rec.conform]
    body = "\n".join(lines) + "\n"
    for n, run in enumerate(rec.runs, 1):
        if n > 1:
            body += f"#--- run {n}\n"
        body += f"# status: {run.status}\n#--- stdout\n" + _block(run.stdout)
        body += "#--- stderr\n" + _block(run.stderr) + "#--- end\n" + run.footer + "\n"
    with open(path, "w", encoding="utf-8", errors="surrogateescape", newline="") as f:
        f.write(body)


def _block(text: str) -> str:
    if text and not text.endswith("\n"):
        text += "\n#--- no newline at end\n"
    return text


def _unblock(text: str) -> str:
    if text.endswith("\n#--- no newline at end\n"):
        return text[: -len("\n#--- no newline at end\n")]
    return text


RUN_SEP = re.compile(r"^#--- run \d+\n", re.M)


def parse_recording(text: str) -> Recording:
    first, *others = RUN_SEP.split(text)
    rec = _parse_run(first)
    rec.more = [Run(r.stdout, r.stderr, r.status, r.footer) for r in map(_parse_run, others)]
    return rec


def _parse_run(text: str) -> Recording:
    head, sep, rest = text.partition("#--- stdout\n")
    if not sep:
        raise ValueError("not a memcgsim recording (no '#--- stdout' line)")
    out, sep, rest = rest.partition("#--- stderr\n")
    err, sep2, tail = rest.partition("#--- end\n")
    if not (sep and sep2):
        raise ValueError("truncated recording (no '#--- stderr' or '#--- end' line)")
    header, conform, status = {}, [], None
    for line in head.splitlines():
        m = re.match(r"^# ([\w-]+): ?(.*)$", line)
        if not m:
            continue
        if m.group(1) == "conform":
            conform.append(m.group(2))
        elif m.group(1) == "status":
            status = int(m.group(2))
        else:
            header[m.group(1)] = m.group(2)
    footer = tail.strip()
    if status is None:
        m = re.search(r"\brc=(-?\d+)", footer)
        status = int(m.group(1)) if m else 0
    return Recording(_unblock(out), _unblock(err), status, header, conform, footer)


def read_recording(path: str) -> Recording:
    # newline="": a CR the script wrote (a CRLF script's echo) stays in its output
    with open(path, encoding="utf-8", errors="surrogateescape", newline="") as f:
        return parse_recording(f.read())


# ---------------------------------------------------------------- the suite


@dataclass
class Case:
    name: str
    script: str           # path
    cgroup: str
    kernels: list[str]
    conform: list[str]
    by_kernel: dict[str, list[str]]
    known: dict[str, str]  # kernel -> why the model is known to disagree
    boot: str = ""
    cpus: int = CPUS      # virtual CPUs of the guest (and of the model's kernel)
    runs: int = 1         # runs to record (more than one for a race on the real kernel)
    mem: str = MEM        # the guest's RAM (qemu -m; the model's ``--mem``)
    runs_by_kernel: dict[str, int] = field(default_factory=dict)  # kernel -> its runs
    slow: tuple[str, ...] = ()  # kernels whose model comparison runs only with ``-m slow``

    def decls(self, kernel: str) -> list[str]:
        return self.conform + self.by_kernel.get(kernel, [])

    def runs_on(self, kernel: str) -> int:
        """The runs recorded on ``kernel``: ``runs_by_kernel``'s, else ``runs``."""
        return self.runs_by_kernel.get(kernel, self.runs)

    def recording(self, kernel: str, suite: str = SUITE) -> str:
        return os.path.join(suite, "recordings", f"{self.name}--{kernel}-{self.cgroup}.txt")


def load_suite(suite: str = SUITE) -> list[Case]:
    with open(os.path.join(suite, "cases.toml"), "rb") as f:
        data = tomllib.load(f)
    out = []
    for c in data.get("case", []):
        kernels = c.get("kernels", ["5.10", "6.1"])
        slow = tuple(c.get("slow", ()))
        if not set(slow) <= set(kernels):
            raise OracleError(f"case {c['name']}: slow = {list(slow)} names a kernel not "
                             f"in its kernels {kernels}")
        out.append(Case(c["name"], os.path.join(suite, c["script"]), c.get("cgroup", "v1"),
                        kernels, c.get("conform", []),
                        c.get("conform_by_kernel", {}), c.get("known", {}),
                        c.get("boot", ""), int(c.get("cpus", CPUS)), int(c.get("runs", 1)),
                        str(c.get("mem", MEM)),
                        {k: int(v) for k, v in c.get("runs_by_kernel", {}).items()}, slow))
    return out


def record_case(case: Case, kernel: str, suite: str = SUITE, stream: bool = False,
                command: str = "") -> str:
    from .fetch import fetch_kernel
    from .qemu import run
    from ..api import read_script
    text = read_script(case.script)[0]
    kt = fetch_kernel(kernel)

    def one():
        # on a loaded host the TCG guest may fail the early timer check and panic
        # before the script starts: boot it again (the script never ran)
        for attempt in range(3):
            try:
                return run(kt, text, cgroup=case.cgroup, cpus=case.cpus, mem=case.mem,
                           boot=case.boot, stream=stream, name=os.path.basename(case.script))
            except OracleError as e:
                if "timer doesn't work" not in str(e) or attempt == 2:
                    raise
                print(f"  {case.name}: the guest panicked at boot (timer check); again",
                      file=sys.stderr)
    runs = [one() for _ in range(case.runs_on(kernel))]
    r = runs[0]
    header = {"case": case.name, "script": os.path.relpath(case.script, suite),
              "kernel": r.kernel, "uname": r.uname, "design": kernel, "cgroup": case.cgroup,
              "cpus": str(case.cpus), "mem": case.mem, "boot": case.boot, "accel": r.accel,
              "command": command or
              f"python -m memcgsim.oracle.record {case.name} --kernel {kernel}"}
    if len(runs) > 1:
        header["runs"] = str(len(runs))
    path = case.recording(kernel, suite)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    write_recording(path, Recording(r.stdout, r.stderr, r.status, header, case.decls(kernel),
                                    r.footer(), [Run(x.stdout, x.stderr, x.status, x.footer())
                                                 for x in runs[1:]]))
    return path


def append_runs(path: str, files: list[str]) -> Recording:
    """Add the runs of the recordings ``files`` (the same script, recorded apart) to the
    recording at ``path``; its header's ``runs`` counts them all, and a ``run-N`` line
    gives the command that recorded each."""
    rec = read_recording(path)
    for f in files:
        more = read_recording(f)
        first = len(rec.runs) + 1
        rec.more += more.runs
        added = f"{first}" if len(more.runs) == 1 else f"{first}-{len(rec.runs)}"
        rec.header[f"run-{added}"] = more.header.get("command", os.path.basename(f))
    rec.header["runs"] = str(len(rec.runs))
    write_recording(path, rec)
    return rec


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m memcgsim.oracle.record",
                                description="re-record the conformance suite on real kernels")
    p.add_argument("cases", nargs="*", help="case names (default: all)")
    p.add_argument("--kernel", action="append", help="only these kernel series")
    p.add_argument("--dir", default=SUITE, help=f"suite directory (default {SUITE})")
    p.add_argument("--list", action="store_true", help="list the cases and stop")
    p.add_argument("--skip-existing", action="store_true",
                   help="leave cases that already have a recording")
    p.add_argument("--redeclare", action="store_true",
                   help="only rewrite the conform declarations of existing recordings "
                   "from cases.toml (no qemu)")
    p.add_argument("-v", "--verbose", action="store_true", help="stream the scripts' output")
    p.add_argument("--append", nargs="+", metavar="FILE",
                   help="add these recordings' runs to the one case's recording on the one "
                   "--kernel (no qemu)")
    a = p.parse_args(argv)
    try:
        cases = load_suite(a.dir)
        if a.append:
            if len(a.cases) != 1 or not a.kernel or len(a.kernel) != 1:
                raise OracleError("--append needs one case and one --kernel")
            case = next((c for c in cases if c.name == a.cases[0]), None)
            if case is None:
                raise OracleError(f"unknown case(s): {a.cases[0]}")
            try:
                rec = append_runs(case.recording(a.kernel[0], a.dir), a.append)
            except (OSError, ValueError) as e:
                raise OracleError(f"--append: {e}") from None
            print(f"{case.name} {a.kernel[0]}: {len(rec.runs)} runs", file=sys.stderr)
            return 0
        unknown = set(a.cases) - {c.name for c in cases}
        if unknown:
            raise OracleError(f"unknown case(s): {', '.join(sorted(unknown))}")
        status = 0
        for c in cases:
            if a.cases and c.name not in a.cases:
                continue
            for k in c.kernels:
                if a.kernel and k not in a.kernel:
                    continue
                path = c.recording(k, a.dir)
                if a.list:
                    print(f"{c.name} {k} {c.cgroup} -> {os.path.relpath(path)}")
                    continue
                if a.redeclare:
                    if os.path.exists(path):
                        rec = read_recording(path)
                        rec.conform = c.decls(k)
                        write_recording(path, rec)
                    continue
                if a.skip_existing and os.path.exists(path):
                    continue
                print(f"recording {c.name} on {k} ({c.cgroup})...", file=sys.stderr, flush=True)
                try:
                    path = record_case(c, k, a.dir, stream=a.verbose,
                                       command="python -m memcgsim.oracle.record "
                                       + shlex.join([c.name, "--kernel", k]))
                    rec = read_recording(path)
                    print(f"  {os.path.relpath(path)}: {rec.footer}", file=sys.stderr)
                except OracleError as e:
                    print(f"  failed: {e}", file=sys.stderr)
                    status = 1
        return status
    except OracleError as e:
        print(f"memcgsim: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
