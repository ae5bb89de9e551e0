"""Soak: long seeded random-operations runs of the state machine's rules
(``tests/test_state_machine.py``) on a ``Kernel(debug=True)``, every call checked.

The rules, their argument strategies and bundles are read from the hypothesis
machine (``sampled_from``/``integers``/``booleans`` are drawn here from a seeded
``random.Random``), so this driver and the CI test share one set of rules. A run is
``--steps`` rule calls on a fresh kernel, then the machine's ``teardown`` (which
checks everything again); runs go on until ``--ops`` steps or ``--minutes``. A
failing run is shrunk (steps removed while the same failure remains, ddmin-style)
and printed as a Python snippet that replays it::

    python bench/soak.py --design 5.13 --mode v1 --ops 1000000
    python bench/soak.py --all --minutes 10          # every design x v1/v2 (make soak)
    python bench/soak.py --design 5.13 --plain ...   # the same runs, debug=False
"""
from __future__ import annotations

import argparse
import functools
import os
import random
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tests"))

from hypothesis.stateful import RULE_MARKER, MultipleResults  # noqa: E402

import test_state_machine as tsm  # noqa: E402
from memcgsim import Kernel  # noqa: E402
from memcgsim.designs import DESIGNS  # noqa: E402
from memcgsim.sysapi import TaskKilled  # noqa: E402


#: what a run can fail with (TaskKilled is a BaseException: an OOM victim's
#: syscall does not return; a rule that lets it escape is a failure too)
_FAILURES = (Exception, TaskKilled)


# ------------------------------------------------------------------ the rules
class _Draw:
    """Evaluates a strategy's repr (``integers(min_value=0, max_value=3)``) into a
    sampler of a seeded ``random.Random``."""
    NAMES = {
        "integers": lambda min_value, max_value: lambda r: r.randint(min_value, max_value),
        "booleans": lambda: lambda r: r.random() < 0.5,
        "sampled_from": lambda xs: (lambda seq: lambda r: r.choice(seq))(list(xs)),
    }

    @classmethod
    def sampler(cls, strategy):
        return eval(repr(strategy), {"__builtins__": {}}, dict(cls.NAMES))


@functools.lru_cache(maxsize=None)
def rules_of(machine_cls) -> dict:
    """name -> (targets, {arg: ("bundle", name, consume) | ("draw", sampler)}) (read
    once per class: every run shares it, read-only)."""
    out = {}
    for name in dir(machine_cls):
        r = getattr(getattr(machine_cls, name), RULE_MARKER, None)
        if r is None:
            continue
        args = {}
        for a, s in r.arguments.items():
            bundle = getattr(s, "name", None)
            if type(s).__name__ == "Bundle":
                args[a] = ("bundle", bundle, bool(getattr(s, "consume", False)))
            else:
                args[a] = ("draw", _Draw.sampler(s))
        out[name] = (tuple(r.targets), args)
    return out


def machine(design: str, mode: str, debug: bool = True):
    """A state machine of ``design``/``mode`` whose kernel is ``Kernel(debug=debug)``;
    ``do(rule, **args)`` runs a rule and the machine's invariants but
    ``invariants_hold`` (the debug hook already checks after every call)."""
    base = tsm._machine(design, mode)

    class Soak(base):
        def __init__(self):
            # the machine boots ``tsm.Kernel(...)``: lend it one with ``debug``
            tsm.Kernel = functools.partial(Kernel, debug=debug)
            try:
                super().__init__()
            finally:
                tsm.Kernel = Kernel

        def do(self, rule, **args):
            r = getattr(self, rule)(**args)
            self.rstat_kernel_stack_is_exact()
            return r

    Soak.__name__ = base.__name__ + ("_debug" if debug else "_plain")
    return Soak()


# --------------------------------------------------------------- run / replay
def generate(design, mode, seed, steps, debug=True, on_step=None):
    """Run ``steps`` random rule calls; return (ops, exception or None). An op is
    (rule, {arg: ("ref", value id) | ("lit", value)}); value ids are (op index, k).
    ``on_step(machine)`` runs after each op (tests)."""
    rng = random.Random(seed)
    rules = rules_of(tsm.KernelMachine)
    names = sorted(rules)
    ops = []
    state = _Replay(design, mode, debug)
    try:
        state.start()
        for i in range(steps):
            name = rng.choice(names)
            targets, spec = rules[name]
            args = {}
            for a, how in spec.items():
                if how[0] == "bundle":
                    ids = state.bundles[how[1]]
                    if not ids:
                        break
                    args[a] = ("ref", rng.choice(ids))
                else:
                    args[a] = ("lit", how[1](rng))
            else:
                ops.append((name, args))
                state.step(len(ops) - 1, name, args)
                if on_step is not None:
                    on_step(state.m)
        state.finish()
    except _FAILURES as e:         # noqa: BLE001 - any failure is reported
        return ops, e
    return ops, None


class _Replay:
    INIT = (("root_cgroup", "cgroups"), ("first_task", "tasks"))

    def __init__(self, design, mode, debug=True):
        self.design, self.mode, self.debug = design, mode, debug
        self.rules = rules_of(tsm.KernelMachine)
        self.values: dict = {}
        self.bundles = {"cgroups": [], "tasks": []}

    def start(self):
        self.m = machine(self.design, self.mode, self.debug)
        for j, (name, bundle) in enumerate(self.INIT):
            vid = (-1, j)
            self.values[vid] = getattr(self.m, name)()
            self.bundles[bundle].append(vid)

    def step(self, idx, name, args) -> bool:
        """Run one op; False (skipped) if a value it refers to is not in its bundle."""
        targets, spec = self.rules[name]
        call = {}
        for a, (how, v) in args.items():
            if how == "ref":
                if v not in self.bundles[spec[a][1]]:
                    return False
                call[a] = self.values[v]
            else:
                call[a] = v
        for a, (how, v) in args.items():
            if how == "ref" and spec[a][2]:
                self.bundles[spec[a][1]].remove(v)
        r = self.m.do(name, **call)
        results = list(r) if isinstance(r, MultipleResults) else [r]
        for t in targets:
            for j, x in enumerate(results):
                vid = (idx, j)
                self.values[vid] = x
                self.bundles[t].append(vid)
        return True

    def finish(self):
        self.m.teardown()


def replay(design, mode, ops, debug=True):
    """Run ``ops`` (skipping those whose values are gone); the exception or None."""
    st = _Replay(design, mode, debug)
    try:
        st.start()
        for i, (name, args) in enumerate(ops):
            st.step(i, name, args)
        st.finish()
    except _FAILURES as e:         # noqa: BLE001
        return e
    return None


def _message_line(err: BaseException) -> str:
    """The first line of the failure's message that says something: a ModelBug's
    KASAN-like report opens with a rule of ``=`` (its ``BUG: ...`` line follows);
    an assert's message may be empty."""
    for line in str(err).splitlines():
        if line.strip("= "):
            return line
    return ""


def signature(e) -> tuple:
    """What a shrunk run must still fail with: the type and the message's start
    (a ModelBug's ``BUG:`` line, not the rule that opens every report)."""
    return type(e).__name__, _message_line(e)[:60]


def shrink(design, mode, ops, err, budget_s=300.0):
    """ddmin: remove chunks of ops (keeping their indices, so value ids still
    match) while the same failure (type and message start) remains."""
    want = signature(err)
    deadline = time.monotonic() + budget_s
    items = list(enumerate(ops))

    def fails(sub):
        seq = [None] * (max((i for i, _ in sub), default=-1) + 1)
        for i, op in sub:
            seq[i] = op
        e = _replay_sparse(design, mode, seq)
        return e is not None and signature(e) == want

    n = 2
    while len(items) >= 2 and time.monotonic() < deadline:
        chunk = max(1, len(items) // n)
        reduced = False
        for start in range(0, len(items), chunk):
            sub = items[:start] + items[start + chunk:]
            if time.monotonic() > deadline:
                break
            if fails(sub):
                items = sub
                n = max(n - 1, 2)
                reduced = True
                break
        if not reduced:
            if chunk == 1:
                break
            n = min(len(items), n * 2)
    return items


def _replay_sparse(design, mode, seq):
    st = _Replay(design, mode, True)
    try:
        st.start()
        for i, op in enumerate(seq):
            if op is not None:
                st.step(i, *op)
        st.finish()
    except _FAILURES as e:         # noqa: BLE001
        return e
    return None


def _first_line(err: BaseException) -> str:
    """The failure's type and its message's first telling line (an assert's may be
    empty)."""
    line = _message_line(err)
    return f"{type(err).__name__}: {line[:200]}" if line else type(err).__name__


def snippet(design, mode, items, err) -> str:
    """The shrunk run as Python that replays it from the repository's root."""
    st = _Replay(design, mode, True)
    st.start()
    lines = [f"# {_first_line(err)}",
             "import sys; sys.path[:0] = ['bench', 'tests']",
             "from soak import machine",
             f"state = machine({design!r}, {mode!r})   # Kernel(debug=True)",
             "init0 = state.root_cgroup()", "init1 = state.first_task()"]

    def var(vid):
        i, j = vid
        return f"init{j}" if i < 0 else f"v{i}_{j}"

    for i, (name, args) in items:
        try:
            ok = st.step(i, name, args)
        except _FAILURES:          # noqa: BLE001 - the failure itself
            ok = True
        if not ok:
            continue
        targets = st.rules[name][0]
        call = ", ".join(f"{a}={var(v) if how == 'ref' else repr(v)}"
                         for a, (how, v) in args.items())
        lhs = f"{var((i, 0))} = " if targets else ""
        lines.append(f"{lhs}state.do({name!r}, {call})" if call else
                     f"{lhs}state.do({name!r})")
    lines.append("state.teardown()")
    return "\n".join(lines)


# ----------------------------------------------------------------------- main
def soak(design, mode, ops, steps, seed, minutes, debug=True, out=sys.stdout,
         shrink_s=300.0) -> dict:
    """Runs of ``steps`` ops from ``seed`` on until ``ops`` ops or ``minutes``."""
    done = runs = 0
    failures = []
    t0 = time.monotonic()
    c0 = time.process_time()
    s = seed
    while done < ops and time.monotonic() - t0 < minutes * 60:
        got, err = generate(design, mode, s, min(steps, ops - done), debug)
        done += len(got)
        runs += 1
        if err is not None:
            print(f"{design} {mode} seed {s}: FAILED after {len(got)} ops: "
                  f"{_first_line(err)}", file=out)
            items = shrink(design, mode, got, err, shrink_s)
            print(f"shrunk to {len(items)} ops:\n" + snippet(design, mode, items, err)
                  + "\n", file=out)
            failures.append((s, err))
        s += 1
    dt = time.monotonic() - t0
    cpu = time.process_time() - c0
    res = dict(design=design, mode=mode, ops=done, runs=runs, seconds=dt, cpu_seconds=cpu,
               ops_per_s=done / dt if dt else 0.0, failures=len(failures))
    print(f"{design:>10} {mode}: {done:,} ops in {runs} runs, {dt:.1f} s "
          f"({cpu:.1f} s CPU), {res['ops_per_s']:,.0f} ops/s "
          f"({done / cpu if cpu else 0:,.0f} per CPU s), {'debug' if debug else 'plain'}, "
          f"{len(failures)} failures", file=out, flush=True)
    return res


def combos():
    return [(d, m) for d in sorted(DESIGNS) for m in ("v1", "v2")
            if m == "v1" or DESIGNS[d].cgroup2]


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--design", action="append", help="design (repeatable; default 5.13)")
    p.add_argument("--mode", action="append", choices=("v1", "v2"))
    p.add_argument("--all", action="store_true", help="every design x v1/v2")
    p.add_argument("--ops", type=int, default=1_000_000, help="ops per design x mode")
    p.add_argument("--steps", type=int, default=200, help="ops per run (fresh kernel)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--minutes", type=float, default=10.0, help="cap per design x mode")
    p.add_argument("--plain", action="store_true", help="debug=False (for the ratio)")
    p.add_argument("--shrink-seconds", type=float, default=300.0)
    a = p.parse_args(argv)
    if a.all:
        todo = combos()
    else:
        designs = a.design or ["5.13"]
        for d in designs:
            if d not in DESIGNS:
                p.error(f"unknown design {d!r} (one of {', '.join(sorted(DESIGNS))})")
        todo = [(d, m) for d in designs for m in (a.mode or ["v1", "v2"])
                if m == "v1" or DESIGNS[d].cgroup2]
    bad = 0
    for d, m in todo:
        r = soak(d, m, a.ops, a.steps, a.seed, a.minutes, not a.plain,
                 shrink_s=a.shrink_seconds)
        bad += r["failures"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
