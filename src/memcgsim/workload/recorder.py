"""Streaming one run into the store without losing it.

The run row is written when the run starts (``running``), its samples as they
come, in batches (one transaction at most every ``FLUSH_SECONDS`` of wall time),
and its final status at the end. While the database is locked by another
connection the run goes on: the samples wait in memory and each batch tries
again briefly (``TRY_SECONDS``); the end waits with backoff up to the store's
wait (``$MEMCGSIM_DB_WAIT``, 60 s by default). A run that still cannot be written
goes, whole, to a side file next to the database (``DB.pending/RUN.json``) that
``memcgsim runs import`` stores later: a run is never discarded.
"""
from __future__ import annotations

import glob
import json
import os
import sqlite3
import tempfile
import time

from .store import Locked, Store, check_file, default_wait, now_text, retry

#: a batch of samples is written at most this often (wall seconds)
FLUSH_SECONDS = 0.5
#: while the run goes on, a batch waits this long for a locked database
TRY_SECONDS = 0.05
#: side files: format tag
SIDE_FORMAT = "memcgsim-run/1"


def pending_dir(db_path: str) -> str:
    """Where runs that could not be stored in ``db_path`` wait for ``runs import``."""
    return os.path.abspath(db_path) + ".pending"


def pending_files(db_path: str) -> list[str]:
    return sorted(glob.glob(os.path.join(pending_dir(db_path), "*.json")))


class Recorder:
    """One run's writer. ``meta``: the run columns (``store.run_meta``), status
    ``running``. Samples are kept in memory as well, for the side file."""

    def __init__(self, db_path: str, meta: dict, wait: float | None = None,
                 give_up=lambda: False, notify=None) -> None:
        self.path = db_path
        self.meta = meta
        self.wait = default_wait() if wait is None else wait
        self.give_up = give_up
        self.notify = notify
        self.store: Store | None = None
        self.rid: int | None = None
        self.series: list[dict] = []
        self.pins: list[dict] = []
        self.stored = 0                 # samples already in the database
        self.last_try = 0.0
        self.side_file: str | None = None
        check_file(db_path, must_exist=False)

    # ------------------------------------------------------------------ API
    def start(self) -> None:
        """Write the ``running`` row now if the database lets us within a moment."""
        self._try(TRY_SECONDS)

    def sample(self, row: dict, pins: dict) -> None:
        self.series.append(row)
        self.pins.append(pins)
        if time.monotonic() - self.last_try >= FLUSH_SECONDS:
            self._try(TRY_SECONDS)

    def finish(self, status: str, summary: dict, wall_seconds: float | None,
               error: str | None = None) -> None:
        """Write the remaining samples and the final status, waiting for a locked
        database; else write the side file. Sets ``rid`` or ``side_file``."""
        self.meta.update(status=status, summary=summary, wall_seconds=wall_seconds,
                         ended=now_text(), error=error)
        try:
            ok = self._flush(TRY_SECONDS, final=True)
            if not ok and self.wait > TRY_SECONDS and not self.give_up():
                if self.notify is not None:
                    self.notify(f"the run store {self.path} is locked by another connection; "
                                f"waiting up to {self.wait:g} s ($MEMCGSIM_DB_WAIT)")
                ok = self._flush(self.wait, final=True)
        except sqlite3.DatabaseError:       # e.g. the file was replaced meanwhile
            ok = False
        if not ok:
            self.side_file = write_side_file(self.path, self.doc())
        if self.store is not None:
            self.store.close()
            self.store = None

    def doc(self) -> dict:
        """The whole run as a side file holds it."""
        return {"format": SIDE_FORMAT, "db": os.path.abspath(self.path), **self.meta,
                "series": self.series, "pins": self.pins}

    # ------------------------------------------------------------- internals
    def _try(self, wait: float) -> bool:
        self.last_try = time.monotonic()
        try:
            return self._flush(wait, final=False)
        except sqlite3.DatabaseError:
            return False            # the end tries again, or writes the side file

    def _flush(self, wait: float, final: bool) -> bool:
        """One transaction: the row (if not yet written), the waiting samples, and
        the final status if ``final``. False when the database stayed locked."""
        try:
            if self.store is None:
                self.store = Store(self.path, create=True, wait=wait)
            self.store.set_wait(min(wait, 1.0))
            series, pins = self.series[self.stored:], self.pins[self.stored:]
            meta = self.meta

            def tx(db):
                rid = self.rid
                if rid is None:
                    first = dict(meta, status="running", summary={}) if not final else meta
                    rid = Store._insert_run(db, first)
                Store._insert_samples(db, rid, series, pins)
                if final:
                    Store._end(db, rid, meta["status"], meta["summary"], meta["wall_seconds"],
                               meta.get("error"))
                return rid
            rid = retry(lambda: self.store.transaction(tx), wait, self.give_up)
        except Locked:
            return False
        self.rid = rid
        self.stored += len(series)
        return True


def write_side_file(db_path: str, doc: dict) -> str:
    """Write a run that could not be stored; its path. Next to the database when
    that directory is writable, else in the temporary directory."""
    name = f"run-{doc['uuid']}.json"
    for d in (pending_dir(db_path), os.path.join(tempfile.gettempdir(), "memcgsim-pending")):
        try:
            os.makedirs(d, exist_ok=True)
            path = os.path.join(d, name)
            tmp = path + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                json.dump(doc, f, sort_keys=True)
                f.flush()
                os.fsync(f.fileno())
            os.replace(tmp, path)
            return path
        except OSError:
            continue
    raise OSError(f"cannot write the run to a side file in {pending_dir(db_path)} or the "
                  "temporary directory")


def read_side_file(path: str) -> dict:
    """A side file's run, checked."""
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise ValueError(f"{path}: not a memcgsim run side file ({e})") from None
    if not isinstance(doc, dict) or doc.get("format") != SIDE_FORMAT:
        raise ValueError(f"{path}: not a memcgsim run side file (format {SIDE_FORMAT})")
    return doc
