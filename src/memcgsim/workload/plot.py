"""Curves of stored runs on one figure (matplotlib, Agg) and a self-contained HTML
report (figures inlined as SVG, tables of summaries and parameters)."""
from __future__ import annotations

import html
import io
import json

from .store import run_label

METRICS = {
    "dying": "dying memory cgroups",
    "live": "live cgroups",
    "memcg_ids": "memcg IDs in use",
    "pinned_bytes": "memory pinned by dying cgroups (MiB)",
    "memcgs_visited": "memcgs visited by reclaim (cumulative)",
    "pages_allocated": "pages allocated",
    "running": "running instances",
}


def _plt():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def figure(runs: list[dict], metrics: list[str]):
    """One subplot per metric, one curve per run, time in hours."""
    for m in metrics:
        if m not in METRICS:
            raise ValueError(f"unknown metric {m!r}; known: {', '.join(METRICS)}")
    plt = _plt()
    fig, axes = plt.subplots(len(metrics), 1, figsize=(8, 3.2 * len(metrics)), squeeze=False,
                             sharex=True)
    labels = _labels(runs)
    for ax, m in zip(axes[:, 0], metrics):
        for r, label in zip(runs, labels):
            xs = [s["t"] / 3600 for s in r["series"]]
            ys = [s[m] / 2**20 if m == "pinned_bytes" else s[m] for s in r["series"]]
            ax.plot(xs, ys, label=label, drawstyle="steps-post")
        ax.set_ylabel(METRICS[m], fontsize=8)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=8)
    axes[-1, 0].set_xlabel("simulated time (h)")
    wls = sorted({r["workload"] for r in runs})
    fig.suptitle(", ".join(wls))
    fig.tight_layout()
    return fig


def _labels(runs: list[dict]) -> list[str]:
    """``design[+boot]``, with the workload and seed added where they differ."""
    multi_wl = len({r["workload"] for r in runs}) > 1
    multi_seed = len({r["seed"] for r in runs}) > 1
    out = []
    for r in runs:
        label = run_label(r)
        if multi_wl:
            label = f"{r['workload']} {label}"
        if multi_seed:
            label += f" seed {r['seed']}"
        out.append(label)
    return out


def save(runs: list[dict], metrics: list[str], out: str) -> None:
    fig = figure(runs, metrics)
    # fixed metadata: the same runs give the same bytes
    meta = {"Date": None} if out.endswith(".svg") else {"Software": "memcgsim"}
    if out.endswith(".svg"):
        import matplotlib
        matplotlib.rcParams["svg.hashsalt"] = "memcgsim"
    fig.savefig(out, metadata=meta)
    _plt().close(fig)


def svg_text(runs: list[dict], metrics: list[str]) -> str:
    import matplotlib
    matplotlib.rcParams["svg.hashsalt"] = "memcgsim"
    fig = figure(runs, metrics)
    buf = io.StringIO()
    fig.savefig(buf, format="svg", metadata={"Date": None})
    _plt().close(fig)
    text = buf.getvalue()
    return text[text.index("<svg"):]


def report(runs: list[dict], metrics: list[str], out: str) -> None:
    """A single HTML file: the figure, a summary table and each run's parameters."""
    keys = ("jobs_started", "cgroups_removed", "dying_final", "dying_max", "memcg_ids_max",
            "pinned_bytes_max", "memcgs_visited", "reclaim_passes",
            "memcgs_visited_per_reclaim_pass")
    e = html.escape
    rows = []
    for r, label in zip(runs, _labels(runs)):
        s = r["summary"]
        pins = ", ".join(f"{k} {v}" for k, v in s.get("pins_final", {}).items()) or "-"
        rows.append("<tr>" + "".join(f"<td>{e(str(x))}</td>" for x in
                    (r["id"], r["name"], label, r["cgroup"], r["cpus"], r["seed"],
                     *(s.get(k, "") for k in keys), pins)) + "</tr>")
    head = "".join(f"<th>{e(h)}</th>" for h in
                   ("id", "name", "kernel", "cgroup", "cpus", "seed", *keys, "pins (final)"))
    params = "".join(f"<h3>run {r['id']}: {e(r['name'])}</h3><pre>"
                     f"{e(json.dumps(r['params'], indent=1, sort_keys=True))}</pre>" for r in runs)
    page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>memcgsim churn report</title>
<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse;font-size:13px}}
td,th{{border:1px solid #ccc;padding:3px 6px;text-align:right}}pre{{font-size:11px;background:#f6f6f6;padding:6px}}</style>
</head><body>
<h1>memcgsim churn report</h1>
<h2>Curves</h2>
{svg_text(runs, metrics)}
<h2>Summary</h2>
<table><tr>{head}</tr>
{"".join(rows)}
</table>
<h2>Parameters</h2>
{params}
</body></html>
"""
    with open(out, "w", encoding="utf-8") as f:
        f.write(page)
