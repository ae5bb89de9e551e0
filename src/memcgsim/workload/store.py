"""The run store: one SQLite file (stdlib ``sqlite3``, WAL journal).

Location: ``--db PATH``, else ``$MEMCGSIM_DB``, else ``$XDG_DATA_HOME/memcgsim/runs.sqlite``
(``~/.local/share/memcgsim/runs.sqlite``). A run keeps its parameters (the full
workload spec as canonical JSON, exactly as run), design, boot line, cgroup mode,
CPUs, seed, summary, its time series (one row per sample, pins by kind as JSON)
and its status: ``running`` while it is written (with the writing process's pid,
host and boot id), then ``finished``, ``interrupted`` or ``failed``; a ``running``
run whose process is gone reads as ``abandoned``.

Writers wait for a locked database (SQLite's busy timeout, retried with backoff,
:func:`retry`); what cannot be written in time goes to a side file
(``recorder.py``) that :meth:`Store.import_run` takes later.
"""
from __future__ import annotations

import builtins  # Store.list shadows list in its class body: annotations there say builtins.list
import csv
import io
import json
import os
import socket
import sqlite3
import time
import uuid as uuidlib

from .metrics import COLUMNS, LATER_COLUMNS as LATER_SAMPLE_COLUMNS

#: how long a write waits for a locked database before giving up (seconds);
#: ``$MEMCGSIM_DB_WAIT`` overrides it
DEFAULT_WAIT = 60.0

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
  {", ".join(f"{c} {'REAL' if c == 't' else 'INTEGER'}"
             + ("" if c in LATER_SAMPLE_COLUMNS else " NOT NULL") for c in COLUMNS)},
  pins TEXT NOT NULL,
  PRIMARY KEY (run_id, t)
);
"""

#: columns added to ``runs`` after the first schema (added to older stores on open)
LATER_COLUMNS = (
    ("status", "TEXT NOT NULL DEFAULT 'finished'"), ("uuid", "TEXT"), ("pid", "INTEGER"),
    ("host", "TEXT"), ("boot_id", "TEXT"), ("proc_start", "INTEGER"), ("ended", "TEXT"),
    ("error", "TEXT"),
)

#: the run columns a run dict carries (besides series and pins)
RUN_COLUMNS = ("id", "name", "workload", "design", "boot", "cgroup", "cpus", "seed", "hours",
               "sample_interval", "params", "summary", "sweep", "created", "wall_seconds",
               "status", "uuid", "pid", "host", "boot_id", "proc_start", "ended", "error")

STATUSES = ("running", "finished", "interrupted", "failed")

SQLITE_MAGIC = b"SQLite format 3\x00"


class Locked(ValueError):
    """The database stayed locked by another connection for the whole wait."""

    def __init__(self, detail: str = "database is locked") -> None:
        super().__init__(f"the run store stayed locked by another connection ({detail}); "
                         "set $MEMCGSIM_DB_WAIT to wait longer")


def default_path() -> str:
    env = os.environ.get("MEMCGSIM_DB")
    if env:
        return env
    base = os.environ.get("XDG_DATA_HOME") or os.path.join(os.path.expanduser("~"), ".local", "share")
    return os.path.join(base, "memcgsim", "runs.sqlite")


def default_wait() -> float:
    """``$MEMCGSIM_DB_WAIT`` seconds, else :data:`DEFAULT_WAIT`."""
    v = os.environ.get("MEMCGSIM_DB_WAIT")
    try:
        w = float(v) if v else DEFAULT_WAIT
    except ValueError:
        raise ValueError(f"MEMCGSIM_DB_WAIT must be a number of seconds, not {v!r}") from None
    if not w >= 0 or w == float("inf"):
        raise ValueError(f"MEMCGSIM_DB_WAIT must be a finite number of seconds >= 0, not {v!r}")
    return w


def run_label(r: dict) -> str:
    """``design[+boot]`` as curves are labelled."""
    boot = r.get("boot") or ""
    return r["design"] + (f"+{boot.split('=', 1)[-1]}" if boot else "")


def check_file(path: str, must_exist: bool) -> None:
    """Refuse, with a clear message, a path that is not a run store: missing (when
    ``must_exist``: read commands never create one), a directory, or not SQLite."""
    if not os.path.exists(path):
        if must_exist:
            raise ValueError(f"no run store at {path} (churn and sweep create one; check --db)")
        return
    if os.path.isdir(path):
        raise ValueError(f"{path} is a directory, not a run store")
    with open(path, "rb") as f:
        head = f.read(len(SQLITE_MAGIC))
    if head and head != SQLITE_MAGIC:
        raise ValueError(f"{path} is not a memcgsim run store (not an SQLite database)")
    if not head and must_exist:
        raise ValueError(f"{path} is empty, not a memcgsim run store")


def is_locked(e: Exception) -> bool:
    msg = str(e).lower()
    return isinstance(e, sqlite3.OperationalError) and ("locked" in msg or "busy" in msg)


def retry(fn, wait: float, give_up=lambda: False):
    """``fn()``, retried while the database is locked, with exponential backoff
    (50 ms doubling to 2 s) for at most ``wait`` seconds; raises :class:`Locked`
    when the wait is over or ``give_up()`` says so."""
    deadline = time.monotonic() + wait
    delay = 0.05
    while True:
        try:
            return fn()
        except sqlite3.OperationalError as e:
            if not is_locked(e):
                raise
            left = deadline - time.monotonic()
            if left <= 0 or give_up():
                raise Locked(str(e)) from None
        time.sleep(min(delay, left))
        delay = min(delay * 2, 2.0)


# --------------------------------------------------------------- liveness
def boot_id() -> str:
    """This machine's boot id (``/proc/sys/kernel/random/boot_id``), or ``""``."""
    try:
        with open("/proc/sys/kernel/random/boot_id") as f:
            return f.read().strip()
    except OSError:
        return ""


def proc_start(pid: int) -> int | None:
    """Start time of process ``pid`` in clock ticks since boot (field 22 of
    ``/proc/PID/stat``), None when it is gone or a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2:].split()
    if fields[0] in ("Z", "X"):
        return None
    return int(fields[19])


def writer_identity() -> dict:
    """What marks a run as this process's: pid, host, boot id, start time."""
    pid = os.getpid()
    return {"pid": pid, "host": socket.gethostname(), "boot_id": boot_id(),
            "proc_start": proc_start(pid)}


def effective_status(r: dict) -> str:
    """The stored status, except that a ``running`` run whose writer is gone (on
    this host: another boot, no such process, or another process with its pid) is
    ``abandoned``. A run written on another host keeps ``running``."""
    st = r.get("status") or "finished"
    if st != "running" or r.get("host") != socket.gethostname():
        return st
    if r.get("boot_id") and r["boot_id"] != boot_id():
        return "abandoned"
    if r.get("pid") is None:
        return st
    start = proc_start(r["pid"])
    if start is None or (r.get("proc_start") is not None and start != r["proc_start"]):
        return "abandoned"
    return st


def new_uuid() -> str:
    return uuidlib.uuid4().hex


def now_text() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S")


class Store:
    """A connection to the run store.

    ``create=False`` (read commands) refuses a missing file instead of creating
    an empty store; a file that is not SQLite is refused either way. ``wait``:
    seconds a statement waits for a locked database.
    """

    def __init__(self, path: str | None = None, create: bool = True,
                 wait: float | None = None) -> None:
        self.path = path or default_path()
        self.wait = default_wait() if wait is None else wait
        check_file(self.path, must_exist=not create)
        if create:
            os.makedirs(os.path.dirname(os.path.abspath(self.path)), exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=min(self.wait, 1.0), isolation_level=None)
        try:
            retry(lambda: self._setup(create), self.wait)
        except sqlite3.DatabaseError as e:
            self.db.close()
            if is_locked(e):
                raise
            raise ValueError(f"{self.path} is not a memcgsim run store ({e})") from None
        except BaseException:
            self.db.close()
            raise

    def _setup(self, create: bool) -> None:
        db = self.db
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not {"runs", "samples"} <= tables:
            if not create:
                raise ValueError(f"{self.path} is an SQLite database but not a memcgsim run "
                                 "store (no runs table)")
            db.executescript(SCHEMA)
        later = [("runs", c, t) for c, t in LATER_COLUMNS] + \
            [("samples", c, "INTEGER") for c in LATER_SAMPLE_COLUMNS]

        def missing() -> list:
            have = {tb: {r[1] for r in db.execute(f"PRAGMA table_info({tb})")}
                    for tb in ("runs", "samples")}
            return [(tb, c, t) for tb, c, t in later if c not in have[tb]]
        if missing():
            db.execute("BEGIN IMMEDIATE")
            try:
                for tb, c, t in missing():
                    db.execute(f"ALTER TABLE {tb} ADD COLUMN {c} {t}")
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        db.execute("PRAGMA foreign_keys = ON")
        if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            try:
                db.execute("PRAGMA journal_mode = WAL")
            except sqlite3.OperationalError as e:
                if not is_locked(e):
                    raise       # locked: stays as it is; the next writer tries again

    def close(self) -> None:
        self.db.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def set_wait(self, seconds: float) -> None:
        """SQLite's busy timeout for the next statements."""
        self.db.execute(f"PRAGMA busy_timeout = {int(max(seconds, 0) * 1000)}")

    def transaction(self, fn):
        """``fn(db)`` in one ``BEGIN IMMEDIATE`` transaction (rolled back on error)."""
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        try:
            out = fn(db)
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise
        return out

    # ---------------------------------------------------------------- write
    @staticmethod
    def _insert_run(db, meta: dict) -> int:
        cols = [c for c in RUN_COLUMNS if c != "id" and c in meta]
        vals = [json.dumps(meta[c], sort_keys=True) if c in ("params", "summary") else meta[c]
                for c in cols]
        marks = ",".join("?" * len(cols))
        cur = db.execute(f"INSERT INTO runs ({', '.join(cols)}) VALUES ({marks})", vals)
        return cur.lastrowid

    @staticmethod
    def _insert_samples(db, rid: int, series, pins) -> None:
        ph = ",".join("?" * (len(COLUMNS) + 2))
        db.executemany(
            f"INSERT OR REPLACE INTO samples (run_id, {', '.join(COLUMNS)}, pins) VALUES ({ph})",
            [(rid, *(row.get(c) if c in LATER_SAMPLE_COLUMNS else row[c] for c in COLUMNS),
              json.dumps(p, sort_keys=True))
             for row, p in zip(series, pins)])

    @staticmethod
    def _end(db, rid: int, status: str, summary: dict, wall, error) -> None:
        db.execute("UPDATE runs SET status = ?, summary = ?, wall_seconds = ?, ended = ?,"
                   " error = ? WHERE id = ?",
                   (status, json.dumps(summary, sort_keys=True), wall, now_text(), error, rid))

    def begin_run(self, meta: dict) -> int:
        """Insert a ``running`` run (``meta``: the run columns); its id."""
        return self.transaction(lambda db: self._insert_run(db, meta))

    def add_samples(self, rid: int, series: builtins.list[dict],
                    pins: builtins.list[dict]) -> None:
        self.transaction(lambda db: self._insert_samples(db, rid, series, pins))

    def end_run(self, rid: int, status: str, summary: dict, wall_seconds=None,
                error: str | None = None) -> None:
        if status not in STATUSES[1:]:
            raise ValueError(f"bad final status {status!r}")
        self.transaction(lambda db: self._end(db, rid, status, summary, wall_seconds, error))

    def add(self, res: dict, name: str | None = None, sweep: str | None = None) -> int:
        """Store a finished result of ``engine.run`` in one transaction (waiting for a
        locked database, :func:`retry`); returns the run id."""
        meta = run_meta(res, name or f"{res['workload']}/{run_label(res)}/s{res['seed']}",
                        sweep=sweep)
        meta.update(status="finished", summary=res["summary"],
                    wall_seconds=res.get("wall_seconds"), ended=now_text())

        def tx(db):
            rid = self._insert_run(db, meta)
            self._insert_samples(db, rid, res["series"], res["pins"])
            return rid
        return retry(lambda: self.transaction(tx), self.wait)

    def import_run(self, doc: dict) -> int:
        """Store a run written to a side file (``recorder.write_side_file``): a run
        of the same uuid already stored (begun before the database locked) is
        completed, else the run is added; its id."""
        meta = {c: doc[c] for c in RUN_COLUMNS if c in doc and c != "id"}

        def tx(db):
            row = None
            if meta.get("uuid"):
                row = db.execute("SELECT id FROM runs WHERE uuid = ?", (meta["uuid"],)).fetchone()
            if row is None:
                rid = self._insert_run(db, meta)
            else:
                rid = row[0]
                cols = [c for c in meta if c != "uuid"]
                db.execute(f"UPDATE runs SET {', '.join(f'{c} = ?' for c in cols)} WHERE id = ?",
                           [json.dumps(meta[c], sort_keys=True) if c in ("params", "summary")
                            else meta[c] for c in cols] + [rid])
                db.execute("DELETE FROM samples WHERE run_id = ?", (rid,))
            self._insert_samples(db, rid, doc["series"], doc["pins"])
            return rid
        return retry(lambda: self.transaction(tx), self.wait)

    # ----------------------------------------------------------------- read
    def list(self, workload: str | None = None,
             sweep: str | None = None) -> builtins.list[dict]:
        """Runs (no series), oldest first, with ``status`` as :func:`effective_status`
        reads it and ``samples`` (how many are stored)."""
        cols = [c for c in RUN_COLUMNS if c != "params"]
        q = (f"SELECT {', '.join(cols)}, (SELECT count(*) FROM samples s WHERE s.run_id = runs.id)"
             " FROM runs")
        conds, args = [], []
        if workload:
            conds.append("workload = ?")
            args.append(workload)
        if sweep:
            conds.append("sweep = ?")
            args.append(sweep)
        if conds:
            q += " WHERE " + " AND ".join(conds)
        out = []
        for row in self.db.execute(q + " ORDER BY id", args):
            d = dict(zip(cols, row))
            d["samples"] = row[-1]
            d["summary"] = json.loads(d["summary"])
            d["status"] = effective_status(d)
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
        row = self.db.execute(f"SELECT {', '.join(RUN_COLUMNS)} FROM runs WHERE id = ?",
                              (rid,)).fetchone()
        d = dict(zip(RUN_COLUMNS, row))
        d["params"] = json.loads(d["params"])
        d["summary"] = json.loads(d["summary"])
        d["status"] = effective_status(d)
        d["series"], d["pins"] = self.series(rid)
        return d

    def series(self, rid: int) -> tuple[builtins.list[dict], builtins.list[dict]]:
        rows = self.db.execute(f"SELECT {', '.join(COLUMNS)}, pins FROM samples WHERE run_id = ?"
                               " ORDER BY t", (rid,)).fetchall()
        return ([dict(zip(COLUMNS, r[:-1])) for r in rows], [json.loads(r[-1]) for r in rows])


def run_meta(res: dict, name: str, sweep: str | None = None) -> dict:
    """The run columns of a result of ``engine.run`` (or of an engine about to run)."""
    return {"name": name, "workload": res["workload"], "design": res["design"],
            "boot": res["boot"], "cgroup": res["cgroup"], "cpus": res["cpus"],
            "seed": res["seed"], "hours": res["hours"], "sample_interval": res["sample_interval"],
            "params": res["params"], "summary": {}, "sweep": sweep, "created": now_text(),
            "status": "running", "uuid": new_uuid(), **writer_identity()}


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
    """CSV, JSON (runs with parameters, status, summary and series) or Parquet (pyarrow)."""
    if fmt == "json":
        keep = ("id", "name", "workload", "design", "boot", "cgroup", "cpus", "seed", "hours",
                "sample_interval", "params", "status", "summary", "series", "pins")
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
