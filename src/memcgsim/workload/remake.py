"""The command that re-makes a stored run (``memcgsim runs show``).

A run of a shipped preset becomes ``churn --preset NAME`` with a ``--set`` for
every parameter that differs from the preset; any other workload is re-made from
its stored parameters (``runs show RUN --params`` writes them as a JSON
workload file that ``churn --workload`` reads).
"""
from __future__ import annotations

import shlex

from .presets import PRESETS
from .spec import Dist


def _text(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)
    if isinstance(v, dict):             # a distribution
        return Dist(**v).text()
    return str(v)


def _sets(base: dict, params: dict, prefix: str = "") -> list[str] | None:
    """``KEY=VALUE`` for each key of ``params`` that differs from ``base``; None
    when they cannot be expressed as ``--set`` (different keys or job lists)."""
    out = []
    if set(base) != set(params):
        return None
    for key in sorted(params):
        a, b = base[key], params[key]
        if key == "jobs":
            if len(a) != len(b) or [j.get("name") for j in a] != [j.get("name") for j in b]:
                return None
            for i, (ja, jb) in enumerate(zip(a, b)):
                sub = _sets(ja, jb, f"jobs.{i}.")
                if sub is None:
                    return None
                out += sub
        elif a != b:
            out.append(f"{prefix}{key}={_text(b)}")
    return out


def command(run: dict, db: str | None = None) -> str:
    """A shell command that re-makes ``run`` (a stored run: params, design, boot,
    cpus, seed) byte for byte, its wall time apart; ``db``: the store it is in,
    when not the default."""
    p = run["params"]
    kernel = run["design"] + (f",{run['boot']}" if run["boot"] else "")
    tail = ["--kernel", kernel, "--cpus", str(run["cpus"]), "--seed", str(run["seed"])]
    name = p.get("name")
    if name in PRESETS:
        base = PRESETS[name]().to_dict()
        sets = _sets(base, p)
        if sets is not None:
            words = ["memcgsim", "churn", "--preset", name, *tail]
            for item in sets:
                if item.startswith("hours="):
                    words += ["--hours", item.split("=", 1)[1]]
                elif item.startswith("sample_interval="):
                    words += ["--sample-interval", item.split("=", 1)[1]]
                else:
                    words += ["--set", item]
            return shlex.join(words)
    f = f"run-{run['id']}.json"
    show = ["memcgsim", "runs", "show", str(run["id"]), "--params"] + (["--db", db] if db else [])
    return (shlex.join(show) + " > " + f
            + " && " + shlex.join(["memcgsim", "churn", "--workload", f, *tail]))
