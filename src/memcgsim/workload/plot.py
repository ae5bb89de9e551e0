"""Curves of stored runs on one figure (matplotlib, Agg) and a self-contained HTML
report (figures inlined as SVG, tables of summaries and parameters).

Every curve has its own line style and marker, so curves that coincide stay
visible; identical curves are also named in a note under the axes.
"""
from __future__ import annotations

import html
import io
import json
import os

from .store import run_label
from .units import MiB, human_bytes

#: metric -> axis label (with its unit)
METRICS = {
    "dying": "dying memory cgroups",
    "live": "live cgroups",
    "memcg_ids": "memcg IDs in use",
    "pinned_bytes": "memory pinned by dying cgroups (MiB)",
    "slab_bytes": "Slab, /proc/meminfo (MiB)",
    "percpu_bytes": "Percpu, /proc/meminfo (MiB)",
    "memcgs_visited": "memcgs visited by reclaim (cumulative)",
    "pages_allocated": "pages allocated",
    "running": "running instances",
}

#: line styles and markers, taken in turn by the curves of one axes
STYLES = ("-", "--", "-.", ":")
MARKERS = ("o", "s", "^", "D", "v", "x", "+", "*")

#: formats and the metadata that keeps their bytes the same for the same runs
_METADATA = {"png": {"Software": "memcgsim"}, "svg": {"Date": None},
             "svgz": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None},
             "ps": {"CreationDate": None}, "eps": {"CreationDate": None}}


def _plt():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def check_metrics(metrics: list[str]) -> None:
    for m in metrics:
        if m not in METRICS:
            raise ValueError(f"unknown metric {m!r}; known: {', '.join(METRICS)}")


def formats() -> list[str]:
    """The image formats this matplotlib writes (file extensions)."""
    from matplotlib.backend_bases import FigureCanvasBase
    return sorted(FigureCanvasBase.get_supported_filetypes())


def check_format(out: str) -> str:
    """The format of an output file name (its extension), refused with the list of
    supported ones when matplotlib cannot write it."""
    ext = os.path.splitext(out)[1].lstrip(".").lower()
    known = formats()
    if not ext:
        raise ValueError(f"{out}: give the image file an extension to pick its format "
                         f"({', '.join(known)})")
    if ext not in known:
        raise ValueError(f"{out}: matplotlib cannot write .{ext} files; formats: "
                         f"{', '.join(known)}")
    return ext


#: the metrics in bytes, drawn in MiB
BYTE_METRICS = frozenset({"pinned_bytes", "slab_bytes", "percpu_bytes"})


def _values(r: dict, m: str) -> list:
    """The curve of ``m``: MiB for bytes; NaN (a gap) where a sample has no value
    (stored before the metric was sampled)."""
    scale = MiB if m in BYTE_METRICS else 1
    return [float("nan") if s.get(m) is None else s[m] / scale for s in r["series"]]


def identical_groups(runs: list[dict], labels: list[str], m: str) -> list[list[str]]:
    """Labels of runs whose curves of ``m`` coincide (same times, same values),
    groups of two or more."""
    by: dict = {}
    for r, label in zip(runs, labels):
        key = tuple((s["t"], s[m]) for s in r["series"])
        by.setdefault(key, []).append(label)
    return [g for g in by.values() if len(g) > 1]


def figure(runs: list[dict], metrics: list[str]):
    """One subplot per metric, one curve per run (time in hours), each curve its
    own line style and marker; identical curves named under the axes."""
    check_metrics(metrics)
    plt = _plt()
    fig, axes = plt.subplots(len(metrics), 1, figsize=(8, 3.4 * len(metrics)), squeeze=False,
                             sharex=True)
    labels = _labels(runs)
    for ax, m in zip(axes[:, 0], metrics):
        for i, (r, label) in enumerate(zip(runs, labels)):
            xs = [s["t"] / 3600 for s in r["series"]]
            # about a dozen markers a curve; those of coinciding curves fall on
            # different samples
            step = max(len(runs), len(xs) // 12, 1)
            every = (i % step, step)
            ax.plot(xs, _values(r, m), label=label, drawstyle="steps-post",
                    linestyle=STYLES[i % len(STYLES)], marker=MARKERS[i % len(MARKERS)],
                    markevery=every, markersize=5, linewidth=1.4,
                    markerfacecolor="none" if i % 2 else None)
        ax.set_ylabel(METRICS[m], fontsize=8)
        ax.grid(True, color="0.88")
        ax.legend(fontsize=8)
        same = identical_groups(runs, labels, m)
        if same:
            ax.set_title("identical curves: " + "; ".join(" = ".join(g) for g in same),
                         fontsize=8, loc="right", color="0.3")
    axes[-1, 0].set_xlabel("simulated time (h)")
    wls = sorted({r["workload"] for r in runs})
    fig.suptitle(", ".join(wls))
    fig.tight_layout()
    return fig


def _labels(runs: list[dict]) -> list[str]:
    """``design[+boot]``, with the workload and seed added where they differ, and
    the run id where two would still read the same."""
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
    if len(set(out)) < len(out):
        out = [f"{label} (run {r['id']})" for label, r in zip(out, runs)]
    return out


def save(runs: list[dict], metrics: list[str], out: str) -> None:
    """Write the figure to ``out`` in the format its extension names."""
    import matplotlib
    ext = check_format(out)
    fig = figure(runs, metrics)
    if ext in ("svg", "svgz"):
        matplotlib.rcParams["svg.hashsalt"] = "memcgsim"
    try:
        fig.savefig(out, format=ext, metadata=_METADATA.get(ext))
    except OSError:
        raise
    except Exception as e:      # a backend that needs what is missing (LaTeX for pgf, ...)
        raise ValueError(f"{out}: cannot write .{ext}: {type(e).__name__}: {e}") from None
    finally:
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


#: the report's summary rows: summary key -> (header, formatter)
SUMMARY_ROWS = (
    ("status", "status", str),
    ("jobs_started", "jobs started", str),
    ("cgroups_removed", "cgroups removed", str),
    ("dying_final", "dying cgroups at the end", str),
    ("dying_max", "dying cgroups, most", str),
    ("memcg_ids_max", "memcg IDs in use, most", str),
    ("pinned_bytes_final", "memory pinned at the end", human_bytes),
    ("pinned_bytes_max", "memory pinned, most", human_bytes),
    ("slab_bytes_max", "Slab (meminfo), most", human_bytes),
    ("percpu_bytes_max", "Percpu (meminfo), most", human_bytes),
    ("reclaim_passes", "reclaim passes", str),
    ("memcgs_visited_per_reclaim_pass", "memcgs visited per reclaim pass", str),
    ("pins_final", "what pins them at the end (references)", None),
)


def report(runs: list[dict], metrics: list[str], out: str) -> None:
    """A single HTML file: the figure, a summary table (one column per run, one
    row per figure, with units) and each run's parameters."""
    e = html.escape
    labels = _labels(runs)
    head = "<th></th>" + "".join(
        f"<th>run {r['id']}<br><span class=k>{e(label)}</span></th>"
        for r, label in zip(runs, labels))
    rows = ["<tr><th>kernel · cgroup · CPUs · seed</th>" + "".join(
        f"<td>{e(run_label(r))} · {e(r['cgroup'])} · {r['cpus']} · {r['seed']}</td>"
        for r in runs) + "</tr>"]
    for key, name, fmt in SUMMARY_ROWS:
        cells = []
        for r in runs:
            s = dict(r["summary"], status=r.get("status", "finished"))
            if key == "pins_final":
                v = "<br>".join(f"{e(k)}: {n}" for k, n in s.get(key, {}).items()) or "none"
            else:
                v = e(fmt(s[key])) if key in s else "–"
            cells.append(f"<td>{v}</td>")
        rows.append(f"<tr><th>{e(name)}</th>{''.join(cells)}</tr>")
    params = "".join(f"<h3>run {r['id']}: {e(r['name'])}</h3><pre>"
                     f"{e(json.dumps(r['params'], indent=1, sort_keys=True))}</pre>" for r in runs)
    page = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>memcgsim churn report</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:1200px}}svg{{max-width:100%;height:auto}}
.wrap{{overflow-x:auto}}table{{border-collapse:collapse;font-size:13px}}
td,th{{border:1px solid #ccc;padding:3px 8px;text-align:right;vertical-align:top}}
tr th:first-child{{text-align:left;font-weight:normal;white-space:nowrap}}
.k{{font-weight:normal;color:#555}}pre{{font-size:11px;background:#f6f6f6;padding:6px;white-space:pre-wrap}}</style>
</head><body>
<h1>memcgsim churn report</h1>
<h2>Curves</h2>
{svg_text(runs, metrics)}
<h2>Summary</h2>
<div class=wrap><table><tr>{head}</tr>
{"".join(rows)}
</table></div>
<h2>Parameters</h2>
{params}
</body></html>
"""
    with open(out, "w", encoding="utf-8") as f:
        f.write(page)
