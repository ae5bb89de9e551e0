"""The run store: one SQLite file (stdlib ``sqlite3``).

Location: ``--db PATH``, else ``$MEMCGSIM_DB``, else ``$XDG_DATA_HOME/memcgsim/runs.sqlite``
(``~/.local/share/memcgsim/runs.sqlite``). A run keeps its parameters (the full
workload spec as canonical JSON), design, boot line, cgroup mode, CPUs, seed,
summary and its time series (one row per sample, pins by kind as JSON).
"""
from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import time

from .metrics import COLUMNS

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS runs (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  name TEXT NOT NULL, workload TEXT NOT NULL, design TEXT NOT NULL, boot TEXT NOT NULL,
  cgroup TEXT NOT NULL, cpus INTEGER NOT NULL, seed INTEGER NOT NULL, hours REAL NOT NULL,
  sample_interval REAL NOT NULL, params TEXT NOT NULL, summary TEXT NOT NULL,
  sweep TEXT, created TEXT NOT NULL, wall_seconds REAL
);
CREATE TABLE IF NOT EXISTS samples (
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  {", ".join(f"{c} {'REAL' if c == 't' else 'INTEGER'} NOT NULL" for c in COLUMNS)},
  pins TEXT NOT NULL,
  PRIMARY KEY (run_id, t)
);
"""


def default_path() -> str:
    env = os.environ.get("MEMCGSIM_DB")
    if env:
        return env
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(base, "memcgsim", "runs.sqlite")


def run_label(r: dict) -> str:
    """``design[+boot]`` as curves are labelled."""
    boot = r.get("boot") or ""
    return r["design"] + (f"+{boot.split('=', 1)[-1]}" if boot else "")


class Store:
    def __init__(self, path: str | None = None) -> None:
        self.path = path or default_path()
        d = os.path.dirname(os.path.abspath(self.path))
        os.makedirs(d, exist_ok=True)
        self.db = sqlite3.connect(self.path)
        self.db.execute("PRAGMA foreign_keys = ON")
        self.db.executescript(SCHEMA)

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ---------------------------------------------------------------- write
    def add(self, res: dict, name: str | None = None, sweep: str | None = None) -> int:
        """Store a result of ``engine.run``; returns the run id."""
        label = name or f"{res['workload']}/{run_label(res)}/s{res['seed']}"
        with self.db:
            cur = self.db.execute(
                "INSERT INTO runs (name, workload, design, boot, cgroup, cpus, seed, hours,"
                " sample_interval, params, summary, sweep, created, wall_seconds)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (label, res["workload"], res["design"], res["boot"], res["cgroup"], res["cpus"],
                 res["seed"], res["hours"], res["sample_interval"],
                 json.dumps(res["params"], sort_keys=True), json.dumps(res["summary"], sort_keys=True),
                 sweep, time.strftime("%Y-%m-%dT%H:%M:%S"), res.get("wall_seconds")))
            rid = cur.lastrowid
            ph = ",".join("?" * (len(COLUMNS) + 2))
            self.db.executemany(
                f"INSERT INTO samples (run_id, {', '.join(COLUMNS)}, pins) VALUES ({ph})",
                [(rid, *(row[c] for c in COLUMNS), json.dumps(p, sort_keys=True))
                 for row, p in zip(res["series"], res["pins"])])
        return rid

    # ----------------------------------------------------------------- read
    def list(self, workload: str | None = None, sweep: str | None = None) -> list[dict]:
        q = ("SELECT id, name, workload, design, boot, cgroup, cpus, seed, hours, sweep, created,"
             " wall_seconds, summary FROM runs")
        conds, args = [], []
        if workload:
            conds.append("workload = ?")
            args.append(workload)
        if sweep:
            conds.append("sweep = ?")
            args.append(sweep)
        if conds:
            q += " WHERE " + " AND ".join(conds)
        cols = ("id", "name", "workload", "design", "boot", "cgroup", "cpus", "seed", "hours",
                "sweep", "created", "wall_seconds", "summary")
        out = []
        for row in self.db.execute(q + " ORDER BY id", args):
            d = dict(zip(cols, row))
            d["summary"] = json.loads(d["summary"])
            out.append(d)
        return out

    def resolve(self, ref: str) -> int:
        """A run by id, or the newest run of that name."""
        if str(ref).isdigit():
            row = self.db.execute("SELECT id FROM runs WHERE id = ?", (int(ref),)).fetchone()
        else:
            row = self.db.execute("SELECT id FROM runs WHERE name = ? ORDER BY id DESC LIMIT 1",
                                  (ref,)).fetchone()
        if row is None:
            raise ValueError(f"no run {ref!r} in {self.path}")
        return row[0]

    def get(self, ref) -> dict:
        rid = self.resolve(str(ref))
        cols = ("id", "name", "workload", "design", "boot", "cgroup", "cpus", "seed", "hours",
                "sample_interval", "params", "summary", "sweep", "created", "wall_seconds")
        row = self.db.execute(f"SELECT {', '.join(cols)} FROM runs WHERE id = ?", (rid,)).fetchone()
        d = dict(zip(cols, row))
        d["params"] = json.loads(d["params"])
        d["summary"] = json.loads(d["summary"])
        d["series"], d["pins"] = self.series(rid)
        return d

    def series(self, rid: int) -> tuple[list[dict], list[dict]]:
        rows = self.db.execute(f"SELECT {', '.join(COLUMNS)}, pins FROM samples WHERE run_id = ?"
                               " ORDER BY t", (rid,)).fetchall()
        return ([dict(zip(COLUMNS, r[:-1])) for r in rows], [json.loads(r[-1]) for r in rows])


# ---------------------------------------------------------------- export
def flat_rows(runs: list[dict]) -> tuple[list[str], list[list]]:
    """One row per (run, sample): run columns, metric columns, one column per pin
    kind (the union over the runs, sorted)."""
    kinds = sorted({k for r in runs for p in r["pins"] for k in p})
    header = ["run_id", "name", "design", "boot", "seed", *COLUMNS, *(f"pins_{k}" for k in kinds)]
    rows = []
    for r in runs:
        for s, p in zip(r["series"], r["pins"]):
            rows.append([r["id"], r["name"], r["design"], r["boot"], r["seed"],
                         *(s[c] for c in COLUMNS), *(p.get(k, 0) for k in kinds)])
    return header, rows


def export(runs: list[dict], fmt: str, out: str | None) -> bytes | None:
    """CSV, JSON (runs with parameters, summary and series) or Parquet (pyarrow)."""
    if fmt == "json":
        keep = ("id", "name", "workload", "design", "boot", "cgroup", "cpus", "seed", "hours",
                "sample_interval", "params", "summary", "series", "pins")
        data = (json.dumps([{k: r[k] for k in keep} for r in runs], indent=1, sort_keys=True)
                + "\n").encode()
    elif fmt == "csv":
        header, rows = flat_rows(runs)
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)
        data = buf.getvalue().encode()
    elif fmt == "parquet":
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError:
            raise ValueError("Parquet export needs pyarrow: pip install 'memcgsim[churn]'") from None
        if not out or out == "-":
            raise ValueError("Parquet export needs -o FILE")
        header, rows = flat_rows(runs)
        table = pa.table({h: [r[i] for r in rows] for i, h in enumerate(header)})
        pq.write_table(table, out)
        return None
    else:
        raise ValueError(f"unknown format {fmt!r}")
    if out and out != "-":
        with open(out, "wb") as f:
            f.write(data)
        return None
    return data
