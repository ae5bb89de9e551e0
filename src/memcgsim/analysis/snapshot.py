"""Reports of the model's state at one simulated time, and the documents that
hold them: text, JSON (docs/explain.schema.json) and the run's result."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..kernel.cgroup import ONLINE
from ..kernel.memcontrol import MemCgroup
from .cost import sum_costs, sum_give_backs
from .explain import DyingCgroup, cgroup_json, explain, walk_pins
from .patterns import explain_text, group, group_json
from .tree import tree_lines, tree_text


def counts(k, pins=None, dying: list[DyingCgroup] | None = None) -> dict:
    """The counts a report and the Prometheus families give: memory cgroups by css
    state, references on dying ones by kind, their bytes, IDs in use, num_cgroups."""
    if pins is None:
        pins = walk_pins(k)
    if dying is None:
        dying = explain(k, pins=pins)
    states: dict[str, int] = defaultdict(int)
    for obj in k.memcg.handles.values():
        if isinstance(obj, MemCgroup):
            states[obj.state] += 1
    kinds: dict[str, int] = defaultdict(int)
    for m, by_kind in pins.items():
        if m.state != ONLINE:
            for kind, items in by_kind.items():
                kinds[kind] += len(items)
    return {"memory_cgroups": dict(sorted(states.items())),
            "dying_memcgs": len(dying),
            "dying_bytes": sum(d.bytes for d in dying),
            # summed from the costs explain() found, not walked again
            "dying_cost": sum_costs(d.cost for d in dying).as_dict(),
            "dying_give_back": sum_give_backs(d.give_back for d in dying).as_dict(),
            "dying_pins": dict(sorted(kinds.items())),
            "memcg_ids_in_use": len(k.memcg.idr),
            "num_cgroups": k.memory_root.nr_cgrps}


def fmt_t(t: float) -> str:
    """A simulated time as written in reports and labels: the shortest decimal that
    reads back as the same float, without a trailing ``.0`` (``1``, ``3.3594``)."""
    r = repr(float(t))
    return r[:-2] if r.endswith(".0") else r


@dataclass
class Snapshot:
    """The model's state at simulated time ``t`` (``at_end``: when the script ended)."""
    t: float
    at_end: bool
    counts: dict
    dying: list[DyingCgroup] | None = None
    tree: list[dict] | None = None


def take(k, at_end: bool, with_explain: bool = True, with_tree: bool = False) -> Snapshot:
    """A snapshot of ``k`` now; reads only."""
    pins = walk_pins(k)
    dying = explain(k, pins=pins)
    return Snapshot(t=round(k.now, 9), at_end=at_end, counts=counts(k, pins, dying),
                    dying=dying if with_explain else None,
                    tree=tree_lines(k, pins) if with_tree else None)


def snapshot_json(s: Snapshot) -> dict:
    """One snapshot as JSON (``snapshot`` in docs/explain.schema.json)."""
    out: dict = {"t": s.t, "at_end": s.at_end, "counts": s.counts}
    if s.dying is not None:
        out["patterns"] = [group_json(g) for g in group(s.dying)]
        out["dying"] = [cgroup_json(d) for d in s.dying]
    if s.tree is not None:
        out["tree"] = s.tree
    return out


def document(snaps: list[Snapshot]):
    """The one JSON document of a run's reports: a snapshot, or a list of them
    (times ascending) when ``--at`` asked for several."""
    if len(snaps) == 1:
        return snapshot_json(snaps[0])
    return [snapshot_json(s) for s in snaps]


def snapshot_text(s: Snapshot, top: int | None = 5, full: bool = False) -> str:
    """One snapshot as text: its time, the tree, the explanation."""
    when = f"{fmt_t(s.t)} s" + (" (the script's end)" if s.at_end else "")
    parts = [f"== memcgsim at {when}\n"]
    if s.tree is not None:
        parts.append(tree_text(s.tree))
    if s.dying is not None:
        parts.append(explain_text(s.dying, top=top, full=full))
    return "".join(parts)


def result_json(k, design: str, script: str, res) -> dict:
    """``run --json`` without reports: the run's result (``result`` in the schema)."""
    return {"kernel": design, "script": script, "status": res.status,
            "stdout": res.stdout, "stderr": res.stderr, "t": round(k.now, 9),
            "counts": counts(k)}
