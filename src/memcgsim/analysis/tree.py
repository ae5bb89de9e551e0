"""The memory cgroup hierarchy, live and dying, with usage and pins."""
from __future__ import annotations

from ..kernel.cgroup import ONLINE
from .explain import walk_pins


def tree_lines(k, pins=None) -> list[dict]:
    """The memory cgroup hierarchy, live and dying, pre-order, with usage and pins
    (``pins``: a :func:`~.explain.walk_pins` result to reuse)."""
    if pins is None:
        pins = walk_pins(k)
    out = []

    def visit(m, depth):
        c = m.cgroup
        out.append({"path": c.path, "depth": depth, "cgroup_id": c.ino,
                    "state": m.state if c.removed or m.state != ONLINE else "online",
                    "usage_bytes": m.memory.usage * k.page_size,
                    "nr_descendants": c.nr_descendants,
                    "nr_dying_descendants": c.nr_dying_descendants,
                    "pins": {kind: len(v) for kind, v in sorted(pins.get(m, {}).items())
                             if kind not in ("child css", "memcg id")}})
        for child in k.memcg_children.get(m, ()):
            visit(child, depth + 1)

    visit(k.memcg.root_mem_cgroup, 0)
    return out


def tree_text(rows: list[dict]) -> str:
    """:func:`tree_lines` rows, indented by depth."""
    lines = []
    for row in rows:
        name = row["path"].rsplit("/", 1)[-1] or "/"
        pins = ", ".join(f"{n} {kind}" for kind, n in row["pins"].items()) or "-"
        lines.append(f"{'  ' * row['depth']}{name}  [{row['state']}]  usage={row['usage_bytes']}"
                     f"  nr_descendants={row['nr_descendants']}"
                     f"  nr_dying_descendants={row['nr_dying_descendants']}  pins: {pins}")
    return "\n".join(lines) + "\n"
