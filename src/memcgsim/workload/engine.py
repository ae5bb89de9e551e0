"""The churn engine: job instances arriving and leaving on the simulated clock,
each a cgroup's lifecycle driven through the ``Kernel`` API.

An instance, as a container runtime (runc) or systemd runs one:

1. ``mkdir`` its cgroup under the parent slice (or reuse the job's persistent one);
2. the manager forks the init, moves it in (``cgroup.procs``), and it execs: its
   image (anon pages, page tables, VMAs) is charged to the new cgroup;
3. init forks ``tasks - 1`` workers: their kernel stacks, task structures and
   page tables are charged in init's context, to the cgroup (``copy_process``);
4. anon faults, private files written (page cache charged to the cgroup), the
   job's shared files read (charged only to the first instance that brings the
   pages in: ``filemap_add_folio`` charges the task that adds the page), files
   created (inode + dentry, SLAB_ACCOUNT), failed lookups (negative dentries),
   sockets; optionally a helper forked and exec'ed inside;
5. at the end of its lifetime: sockets closed, the helper moved to the parent
   (the seed's pattern), every task exits, files removed unless kept, ``rmdir``.

What is left pinning a removed cgroup is the model's business: the engine only
counts it (``metrics.py``). Randomness: ``random.Random`` seeded per job class from
the run's seed; time: the kernel clock only.
"""
from __future__ import annotations

import copy
import errno
import heapq
import random
import time

from .. import gcpolicy
from ..kernel.clock import NSEC_PER_SEC
from ..kernel.dcache import NumberedNames
from ..machine import Kernel
from ..sysapi import TaskKilled
from . import metrics
from .spec import Job, Workload

PAGE = 4096
SOCK_INODE_SIZE = 704   # sizeof(struct socket_alloc) on x86_64 v5.x


class Instance:
    __slots__ = ("job", "idx", "name", "path", "cgrp", "tasks", "helper", "files", "socks",
                 "start")

    def __init__(self, job: Job, idx: int, name: str, path: str, start: float) -> None:
        self.job = job
        self.idx = idx
        self.name = name
        self.path = path
        self.cgrp = None
        self.tasks: list = []
        self.helper = None
        self.files: list[str] = []
        self.socks = None
        self.start = start


class Abandoned(BaseException):
    """Raised into a running :class:`Engine` (churn's SIGINT/SIGTERM handling) to give
    up the event in progress: the run ends at its last sample, not sampled again
    (the kernel is left halfway through the event)."""


class Engine:
    """One run: a workload on one design, boot line, CPU count and seed.

    ``on_sample(row, pins)`` is called with each sample as it is taken (the
    store's recorder); setting ``stop_requested`` ends the run after the event
    in progress (SIGINT, SIGTERM), with a last sample at that simulated time;
    :class:`Abandoned` raised into it ends it at once, except while it samples
    (``sampling``).
    """

    def __init__(self, wl: Workload, design: str, boot: str = "", cpus: int = 2,
                 seed: int = 0, hours: float | None = None,
                 sample_interval: float | None = None, progress=None,
                 on_sample=None) -> None:
        if hours is not None or sample_interval is not None:
            wl = copy.deepcopy(wl)
            if hours is not None:
                wl.hours = hours
            if sample_interval is not None:
                wl.sample_interval = sample_interval
        wl.validate()
        self.wl = wl
        self.design, self.boot, self.cpus, self.seed = design, boot, cpus, seed
        self.end = wl.hours * 3600.0
        self.interval = wl.sample_interval
        self.progress = progress
        self.on_sample = on_sample
        self.stop_requested = False
        self.stopped_at: float | None = None
        self.abandoned = False
        self.sampling = False
        self.k = Kernel(design=design, cgroup=wl.cgroup, nr_cpus=cpus, seed=seed, boot=boot,
                        mem=wl.mem or None)
        self.tracker = metrics.Tracker(self.k)
        self.counts = {"started": 0, "finished": 0, "skipped": 0, "failed": 0, "removed": 0}
        self.series: list[dict] = []
        self.pins: list[dict] = []
        self._heap: list = []
        self._seq = 0
        self.running: dict[str, Instance] = {}     # reuse: job name -> running instance
        self.events = 0
        self._setup()

    # ---------------------------------------------------------------- setup
    def _setup(self) -> None:
        k, wl = self.k, self.wl
        self.base = "/sys/fs/cgroup" if wl.cgroup == "v2" else "/sys/fs/cgroup/memory"
        self.mgr = k.spawn("bash")      # containerd / systemd: lives in the root cgroup
        root = k.memory_root.cgrp
        if wl.parent:
            self.ppath = f"{self.base}/{wl.parent}"
            k.mkdir(self.ppath, self.mgr)
            self.pcgrp = root.children[wl.parent]
            if wl.cgroup == "v2":
                k.write(self.ppath + "/cgroup.subtree_control", "+memory", self.mgr)
        else:
            self.ppath, self.pcgrp = self.base, root
        if wl.cgroup == "v1" and wl.move_charge:
            k.write(self.base + "/memory.move_charge_at_immigrate", "1\n", self.mgr)
            if wl.parent:
                k.write(self.ppath + "/memory.move_charge_at_immigrate", "1\n", self.mgr)
        for d in ("/var/lib", "/var/lib/churn", "/var/cache", "/var/cache/churn"):
            k.mkdir(d, self.mgr)
        self.rngs = {}
        for j in wl.jobs:
            k.mkdir(f"/var/lib/churn/{j.name}", self.mgr)
            if j.shared_pages:
                # the job's image/toolchain: on disk, not yet in the page cache
                k.truncate(f"/var/cache/churn/{j.name}", j.shared_pages * PAGE, self.mgr)
            self.rngs[j.name] = random.Random(f"{self.seed}:{j.name}")
            self._schedule_arrival(j, 0.0, 0)
        t = 0.0
        n = 0
        while t <= self.end + 1e-9:
            self._push(t, 0, self._sample, t)
            n += 1
            t = n * self.interval
        if wl.drop_caches_every > 0:
            self._push(wl.drop_caches_every, 1, self._drop_caches)
        if wl.reclaim_every > 0:
            self._push(wl.reclaim_every, 1, self._reclaim)

    def _push(self, t: float, prio: int, fn, *args) -> None:
        """Events at the same time: samples first (prio 0), then the rest in the
        order they were scheduled."""
        self._seq += 1
        heapq.heappush(self._heap, (t, prio, self._seq, fn, args))

    def _schedule_arrival(self, job: Job, now: float, idx: int) -> None:
        if job.max_instances and idx >= job.max_instances:
            return
        if job.rate_per_hour <= 0:
            return
        if job.arrival == "fixed":
            t = now + 3600.0 / job.rate_per_hour if idx else now
        else:
            t = now + self.rngs[job.name].expovariate(job.rate_per_hour / 3600.0)
        if t < self.end:
            self._push(t, 1, self._arrive, job, idx)

    # ------------------------------------------------------------------ run
    def run(self) -> dict:
        heap = self._heap
        k = self.k
        wall = time.perf_counter()
        prog = self.progress
        with gcpolicy.long_run():
            try:
                self._loop(heap, k, prog)
            except Abandoned:
                self.stopped_at = k.now
                self.abandoned = True
        if prog is not None and self.stopped_at is None:
            prog(self.end)
        self.wall_seconds = time.perf_counter() - wall
        return self.result()

    def _loop(self, heap: list, k: Kernel, prog) -> None:
        """The events in time order until the end or a stop request. The clock is
        advanced as ``Kernel.advance_to`` does, without its calls."""
        clock = k.clock
        end = self.end
        while heap:
            if self.stop_requested:
                self.stopped_at = k.now
                if not self.series or self.series[-1]["t"] < k.now:
                    self._sample(k.now)
                break
            t, _, _, fn, args = heapq.heappop(heap)
            if t > end:
                break
            if t > clock.now_ns / NSEC_PER_SEC:
                clock.run_until(int(t * NSEC_PER_SEC))
            fn(*args)
            self.events += 1
            if prog is not None and not self.events & 63:
                prog(t)

    def result(self) -> dict:
        """Everything a store keeps of the run; deterministic (``wall_seconds`` apart).
        ``params`` is the workload exactly as run (its ``hours`` and
        ``sample_interval`` those of the run)."""
        summary = metrics.summarize(self.series, self.pins, self.counts)
        summary["model_events"] = self.events
        return {"workload": self.wl.name, "design": self.design, "boot": self.boot,
                "cgroup": self.wl.cgroup, "cpus": self.cpus, "seed": self.seed,
                "hours": self.wl.hours, "sample_interval": self.interval,
                "params": self.wl.to_dict(), "series": self.series, "pins": self.pins,
                "summary": summary}

    # --------------------------------------------------------------- events
    def _sample(self, t: float) -> None:
        self.sampling = True
        try:
            row, pins = metrics.sample(self.k, self.tracker, t, self.counts)
            self.series.append(row)
            self.pins.append(pins)
            if self.on_sample is not None:
                self.on_sample(row, pins)
        finally:
            self.sampling = False

    def _drop_caches(self) -> None:
        """``echo 3 > /proc/sys/vm/drop_caches``: page cache and slab shrinkers."""
        self.k.write("/proc/sys/vm/drop_caches", "3\n", self.mgr)
        self._push(self.k.now + self.wl.drop_caches_every, 1, self._drop_caches)

    def _reclaim(self) -> None:
        """Proactive reclaim of the parent slice through ``memory.high``: the write
        reclaims down to it (``memory_high_write``), walking every memcg below,
        dying ones included; then the limit goes back to max."""
        k, p = self.k, self.ppath
        k.write(p + "/memory.high", str(self.wl.reclaim_to_pages * PAGE), self.mgr)
        k.write(p + "/memory.high", "max", self.mgr)
        self._push(k.now + self.wl.reclaim_every, 1, self._reclaim)

    def _arrive(self, job: Job, idx: int) -> None:
        now = self.k.now
        self._schedule_arrival(job, now, idx + 1)
        if job.reuse_cgroup:
            if job.name in self.running:
                self.counts["skipped"] += 1     # the unit is still active
                return
            name = f"{job.name}.service"
        else:
            name = f"{job.name}-{idx}"
        inst = Instance(job, idx, name, f"{self.ppath}/{name}", now)
        self.counts["started"] += 1
        try:
            self._start(inst)
        except (OSError, TaskKilled):
            self.counts["failed"] += 1
            self._stop(inst, failed=True)
            return
        if job.reuse_cgroup:
            self.running[job.name] = inst
        life = max(job.lifetime.draw(self.rngs[job.name]), 0.0)
        self._push(now + life, 1, self._finish, inst)

    def _start(self, inst: Instance) -> None:
        k, job, mgr = self.k, inst.job, self.mgr
        if inst.name not in self.pcgrp.children:
            k.mkdir(inst.path, mgr)
            if job.memory_high_pages:
                k.write(inst.path + "/memory.high", str(job.memory_high_pages * PAGE), mgr)
        inst.cgrp = self.pcgrp.children[inst.name]
        init = k.fork(mgr, job.init_program)
        inst.tasks.append(init)
        k.write(inst.path + "/cgroup.procs", f"{init.pid}\n", mgr)
        k.exec(init, "/bin/" + job.init_program, [job.init_program])
        for _ in range(job.tasks - 1):
            t = k.fork(init)
            inst.tasks.append(t)
            if job.exec_program:
                k.exec(t, "/bin/" + job.exec_program, [job.exec_program])
        if job.anon_pages:
            k.alloc_anon(init, job.anon_pages * PAGE)
        wdir = f"/var/lib/churn/{job.name}/{inst.idx}"
        if job.cache_pages or job.files:
            k.mkdir(wdir, mgr)
        if job.cache_pages:
            # a written file: extended, then its pages brought into the cache by init
            # (add_to_page_cache charges init's memcg, as a write does); the
            # simulator keeps no file bytes
            f = wdir + "/out"
            k.truncate(f, job.cache_pages * PAGE, init)
            self._fault_in(f, init)
            inst.files.append(f)
        if job.shared_pages:
            self._fault_in(f"/var/cache/churn/{job.name}", init)
        for i in range(job.files):
            f = f"{wdir}/f{i}"
            k.truncate(f, 0, init)
            inst.files.append(f)
        if job.negative_dentries:
            k.lookup_missing(f"/var/lib/churn/{job.name}",
                             NumberedNames(f".probe-{inst.idx}-", 0, job.negative_dentries),
                             init)
        if job.sockets:
            slab = k.slab
            with k.running(init):
                c = slab.cache("sock_inode_cache", SOCK_INODE_SIZE)
                inst.socks = (c, slab.kmem_cache_alloc_many(c, job.sockets))
        if job.helper:
            h = k.fork(init, "sleep")
            k.exec(h, "/bin/sleep", ["sleep", "infinity"])
            inst.helper = h

    def _fault_in(self, path: str, task) -> None:
        f = self.k.open(path, "r", task)
        try:
            f.read_discard()        # the bytes are not the engine's business
        finally:
            f.close()

    def _finish(self, inst: Instance) -> None:
        self._stop(inst, failed=False)
        self.counts["finished"] += 1

    def _stop(self, inst: Instance, failed: bool) -> None:
        k, mgr, job = self.k, self.mgr, inst.job
        if inst.socks is not None and inst.tasks:
            with k.running(inst.tasks[0]):
                k.slab.kmem_cache_free_many(*inst.socks)
            inst.socks = None
        h = inst.helper
        if h is not None and h.alive:
            # the seed's pattern: the helper leaves the cgroup before rmdir
            k.write(self.ppath + "/cgroup.procs", f"{h.pid}\n", mgr)
            if job.helper_lifetime > 0:
                self._push(inst.start + job.helper_lifetime, 1, self._helper_exit, h)
        for t in reversed(inst.tasks):
            k.exit(t)
            k.reap(t)
        inst.tasks = []
        if not job.keep_files or failed:
            for f in inst.files:
                k.unlink(f, mgr)
            if inst.files:
                k.rmdir(f"/var/lib/churn/{job.name}/{inst.idx}", mgr)
        if job.reuse_cgroup:
            self.running.pop(job.name, None)
        elif inst.cgrp is not None:
            try:
                k.rmdir(inst.path, mgr)
            except OSError as e:
                if e.errno != errno.EBUSY:
                    raise
                return
            self.counts["removed"] += 1
            self.tracker.removed(inst.cgrp.subsys.get("memory"))

    def _helper_exit(self, h) -> None:
        self.k.exit(h)
        self.k.reap(h)


def run(wl: Workload, design: str, boot: str = "", cpus: int = 2, seed: int = 0,
        hours: float | None = None, sample_interval: float | None = None,
        progress=None) -> dict:
    """Run a workload; the result dict (see ``Engine.result``) plus ``wall_seconds``."""
    e = Engine(wl, design, boot, cpus, seed, hours, sample_interval, progress)
    res = e.run()
    res["wall_seconds"] = round(e.wall_seconds, 3)
    return res
