"""Workload specifications: dataclasses, TOML loading (``tomllib``) and overrides.

A workload is a host (cgroup version, parent slice, reclaim pressure) and a list
of job classes, each arriving at its own rate and living for a distribution of
lifetimes. Every random draw comes from one ``random.Random(seed)`` in the engine,
so a spec, a design and a seed determine a run byte for byte.
"""
from __future__ import annotations

import copy
import json
import math
import tomllib
from dataclasses import asdict, dataclass, field, fields


#: the most samples a run may take (hours * 3600 / sample_interval): every one is a
#: stored row and its events are scheduled at the start; a week at 1 s is 604,800
MAX_SAMPLES = 1_000_000


@dataclass
class Dist:
    """A distribution of seconds: "fixed" (``value``), "exp" (mean ``value``),
    "uniform" (``lo``..``hi``) or "lognormal" (median ``value``, ``sigma``)."""
    kind: str = "fixed"
    value: float = 60.0
    lo: float = 0.0
    hi: float = 0.0
    sigma: float = 1.0

    def draw(self, rng) -> float:
        k = self.kind
        if k == "fixed":
            return self.value
        if k == "exp":
            return rng.expovariate(1.0 / self.value)
        if k == "uniform":
            return rng.uniform(self.lo, self.hi)
        if k == "lognormal":
            return rng.lognormvariate(math.log(self.value), self.sigma)
        raise ValueError(f"unknown distribution {k!r}")

    def validate(self, where: str = "lifetime") -> None:
        """Finite, non-negative parameters; ``exp`` and ``lognormal`` need a
        positive ``value``, ``uniform`` ``lo <= hi``."""
        if self.kind not in ("fixed", "exp", "uniform", "lognormal"):
            raise ValueError(f"{where}: unknown distribution {self.kind!r} "
                             "(fixed, exp, uniform, lognormal)")
        for n in ("value", "lo", "hi", "sigma"):
            v = getattr(self, n)
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) \
                    or v < 0:
                raise ValueError(f"{where}: {n} must be a finite number >= 0, not {v!r}")
        if self.kind in ("exp", "lognormal") and self.value <= 0:
            raise ValueError(f"{where}: the {self.kind} distribution needs a value > 0")
        if self.kind == "uniform" and self.lo > self.hi:
            raise ValueError(f"{where}: uniform needs lo <= hi, not {self.lo} > {self.hi}")

    def text(self) -> str:
        """The ``--set`` form that :meth:`parse` reads back to this distribution."""
        if self.kind == "uniform":
            return f"uniform:{self.lo!r}:{self.hi!r}"
        if self.kind == "lognormal":
            return f"lognormal:{self.value!r}:{self.sigma!r}"
        return f"{self.kind}:{self.value!r}"

    @classmethod
    def parse(cls, v) -> "Dist":
        """A number (fixed), a dict, or a string: "exp:600", "uniform:60:300",
        "lognormal:600:1.2", "fixed:30"."""
        if isinstance(v, Dist):
            return v
        if isinstance(v, (int, float)):
            return cls("fixed", float(v))
        if isinstance(v, dict):
            bad = set(v) - {"kind", "value", "lo", "hi", "sigma"}
            if bad:
                raise ValueError(f"unknown distribution keys: {', '.join(sorted(bad))}")
            return cls(**v)
        parts = str(v).split(":")
        kind = parts[0]
        want = {"uniform": (2, 2), "lognormal": (1, 2), "fixed": (1, 1), "exp": (1, 1)}
        if kind not in want:
            raise ValueError(f"unknown distribution {v!r} (fixed:S, exp:MEAN, uniform:LO:HI, "
                             "lognormal:MEDIAN[:SIGMA])")
        try:
            nums = [float(x) for x in parts[1:]]
        except ValueError:
            nums = []
        lo, hi = want[kind]
        if not lo <= len(nums) <= hi:
            raise ValueError(f"bad distribution {v!r} (fixed:S, exp:MEAN, uniform:LO:HI, "
                             "lognormal:MEDIAN[:SIGMA])")
        if kind == "uniform":
            return cls(kind, 0.0, nums[0], nums[1])
        if kind == "lognormal":
            return cls(kind, nums[0], sigma=nums[1] if len(nums) > 1 else 1.0)
        return cls(kind, nums[0])


@dataclass
class Job:
    """One class of container, job or timer unit.

    Arrivals: Poisson at ``rate_per_hour`` (``arrival = "poisson"``) or one every
    3600/rate seconds (``"fixed"``); at most ``max_instances`` in all (0: no limit).
    """
    name: str = "job"
    rate_per_hour: float = 60.0
    arrival: str = "poisson"
    max_instances: int = 0
    lifetime: Dist = field(default_factory=lambda: Dist("exp", 600.0))
    #: processes: the container's init plus ``tasks - 1`` forked by it (kernel stacks,
    #: task structures and page tables charged to the container)
    tasks: int = 10
    #: programs the forked tasks exec ("" = none: they keep the parent's image)
    exec_program: str = ""
    #: the container's init program (exec'ed inside the cgroup, like runc)
    init_program: str = "sleep"
    anon_pages: int = 256
    #: private files written per instance: pages of page cache
    cache_pages: int = 0
    #: keep the written files after the instance stops (logs, build output): their
    #: pages stay charged to the dying cgroup until reclaimed or dropped
    keep_files: bool = False
    #: shared files of the job class (images, caches), read by every instance: the
    #: first reader is charged, later instances hit the cache (no charge)
    shared_pages: int = 0
    #: failed lookups (negative dentries, on the memcg's list_lru)
    negative_dentries: int = 0
    #: files created (an inode and a dentry each, SLAB_ACCOUNT)
    files: int = 0
    #: sockets: ``sock_inode_cache`` objects (SLAB_ACCOUNT since Linux commit
    #: 5d097056c9a0 ("kmemcg: account certain kmem allocations to memcg") (v4.5));
    #: the socket's own ``sk_memcg`` css reference is not in the model
    sockets: int = 0
    #: bpf maps (not in the kernel model yet: must be 0)
    bpf_maps: int = 0
    #: the seed's pattern: a helper forked and exec'ed in the cgroup, moved to the
    #: parent before rmdir, living ``helper_lifetime`` seconds (0: to the end)
    helper: bool = False
    helper_lifetime: float = 0.0
    #: systemd's persistent cgroups: one cgroup per job class, reused by every
    #: instance (an instance arriving while one runs is skipped, as a timer is)
    reuse_cgroup: bool = False
    #: memory.high of each instance's cgroup in pages (cgroup v2; 0 = max)
    memory_high_pages: int = 0


@dataclass
class Workload:
    name: str = "custom"
    description: str = ""
    cgroup: str = "v2"
    #: the slice containers live under (created at boot)
    parent: str = "workload.slice"
    #: v1: ``memory.move_charge_at_immigrate`` of the root (the seed writes 1)
    move_charge: bool = False
    #: write 3 to /proc/sys/vm/drop_caches every so many seconds (0: never)
    drop_caches_every: float = 0.0
    #: proactive reclaim: every so many seconds, set the parent's memory.high to
    #: ``reclaim_to_pages`` and back to max (senpai-like; cgroup v2; 0: never)
    reclaim_every: float = 0.0
    reclaim_to_pages: int = 0
    #: simulated length of a run, in hours
    hours: float = 24.0
    sample_interval: float = 300.0
    jobs: list[Job] = field(default_factory=lambda: [Job()])
    #: the host's RAM (``Kernel(mem=...)``, e.g. "64G"); empty: the guests' 1 GiB
    mem: str = ""

    def to_dict(self) -> dict:
        """The spec as a table; ``mem`` only when set (the parameters of the runs
        stored before it existed stay the same)."""
        d = asdict(self)
        if not d["mem"]:
            del d["mem"]
        return d

    def canonical(self) -> str:
        """Deterministic JSON of the spec (the store's parameters)."""
        return json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_dict(cls, d: dict) -> "Workload":
        if not isinstance(d, dict):
            raise ValueError(f"a workload must be a table of keys, not {d!r}")
        d = copy.deepcopy(d)
        known = {f.name for f in fields(cls)}
        bad = set(d) - known - {"job"}
        if bad:
            raise ValueError(f"unknown workload keys: {', '.join(sorted(bad))}")
        jobs = d.pop("jobs", None) or d.pop("job", None) or [{}]
        w = cls(**d)
        w.jobs = [_job(j) for j in jobs]
        w.validate()
        return w

    def validate(self) -> None:
        """Refuse, with the key's name, a value the engine cannot run: wrong types,
        negative or non-finite numbers, unknown choices."""
        _text(self, "workload", "name", "description", "parent")
        if self.cgroup not in ("v1", "v2"):
            raise ValueError(f"cgroup must be v1 or v2, not {self.cgroup!r}")
        if "/" in self.parent.strip("/"):
            raise ValueError(f"parent must be one cgroup name, not {self.parent!r}")
        _flag(self, "workload", "move_charge")
        _number(self, "workload", "hours", positive=True)
        _number(self, "workload", "sample_interval", positive=True)
        if self.hours * 3600 / self.sample_interval > MAX_SAMPLES:
            raise ValueError(f"workload: {self.hours:g} hours sampled every {self.sample_interval:g} s "
                             f"are more than {MAX_SAMPLES:,} samples: take a longer sample_interval")
        _number(self, "workload", "drop_caches_every")
        if not isinstance(self.mem, str):
            raise ValueError(f"workload: mem must be a size such as \"64G\", not {self.mem!r}")
        if self.mem:
            from ..kernel.sizes.hostmem import parse_mem
            try:
                parse_mem(self.mem)
            except ValueError as e:
                raise ValueError(f"workload: mem: {e}") from None
        _number(self, "workload", "reclaim_every")
        _whole(self, "workload", "reclaim_to_pages")
        if not isinstance(self.jobs, list) or not self.jobs:
            raise ValueError("a workload needs at least one job")
        for j in self.jobs:
            w = f"job {j.name!r}"
            _text(j, w, "name", "exec_program", "init_program")
            if not j.init_program:
                raise ValueError(f"{w}: init_program must not be empty")
            _number(j, w, "rate_per_hour")
            if j.arrival not in ("poisson", "fixed"):
                raise ValueError(f"{w}: arrival must be poisson or fixed, not {j.arrival!r}")
            _whole(j, w, "max_instances", "anon_pages", "cache_pages", "shared_pages",
                   "negative_dentries", "files", "sockets", "bpf_maps", "memory_high_pages")
            _whole(j, w, "tasks", least=1)
            _flag(j, w, "keep_files", "helper", "reuse_cgroup")
            _number(j, w, "helper_lifetime")
            if not isinstance(j.lifetime, Dist):
                raise ValueError(f"{w}: lifetime must be a distribution")
            j.lifetime.validate(f"{w}: lifetime")
            if j.bpf_maps:
                raise ValueError("bpf_maps: bpf map charging is not in the kernel model yet")
            if self.cgroup == "v1" and j.memory_high_pages:
                raise ValueError("memory_high_pages needs cgroup v2 (memory.high)")
        if self.cgroup == "v1" and self.reclaim_every:
            raise ValueError("reclaim_every needs cgroup v2 (memory.high)")
        if len({j.name for j in self.jobs}) != len(self.jobs):
            raise ValueError("job names must be unique")


def _number(obj, where: str, *names: str, positive: bool = False) -> None:
    """Finite numbers, > 0 if ``positive`` else >= 0."""
    for n in names:
        v = getattr(obj, n)
        if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v) \
                or v < 0 or (positive and v == 0):
            raise ValueError(f"{where}: {n} must be a finite number "
                             f"{'> 0' if positive else '>= 0'}, not {v!r}")


def _whole(obj, where: str, *names: str, least: int = 0) -> None:
    for n in names:
        v = getattr(obj, n)
        if isinstance(v, float) and v.is_integer():
            v = int(v)
            setattr(obj, n, v)
        if isinstance(v, bool) or not isinstance(v, int) or v < least:
            raise ValueError(f"{where}: {n} must be a whole number >= {least}, not {v!r}")


def _flag(obj, where: str, *names: str) -> None:
    for n in names:
        v = getattr(obj, n)
        if not isinstance(v, bool):
            raise ValueError(f"{where}: {n} must be true or false, not {v!r}")


def _text(obj, where: str, *names: str) -> None:
    for n in names:
        v = getattr(obj, n)
        if not isinstance(v, str):
            raise ValueError(f"{where}: {n} must be a string, not {v!r}")


def _job(d: dict) -> Job:
    if isinstance(d, Job):
        return d
    known = {f.name for f in fields(Job)}
    bad = set(d) - known
    if bad:
        raise ValueError(f"unknown job keys: {', '.join(sorted(bad))}")
    if not isinstance(d, dict):
        raise ValueError(f"a job must be a table of keys, not {d!r}")
    d = dict(d)
    if "lifetime" in d:
        d["lifetime"] = Dist.parse(d["lifetime"])
    return Job(**d)


def load_toml(path: str) -> Workload:
    """A workload file: TOML, or JSON when the name ends in ``.json`` (what
    ``memcgsim runs show RUN --params`` prints)."""
    with open(path, "rb") as f:
        raw = f.read()
    try:
        if path.endswith(".json"):
            data = json.loads(raw)
        else:
            data = tomllib.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as e:
        raise ValueError(f"{path}: {e}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a workload is a table of keys")
    try:
        return Workload.from_dict(data.get("workload", data))
    except (TypeError, ValueError) as e:
        raise ValueError(f"{path}: {e}") from None


def set_path(d: dict, dotted: str, value) -> None:
    """Set ``a.b.0.c`` in nested dicts/lists (sweep parameters, ``--set``);
    ``jobs.*.x`` sets x in every job."""
    try:
        _set_path(d, dotted, value)
    except (KeyError, IndexError, TypeError, ValueError, AttributeError):
        raise ValueError(f"unknown parameter {dotted!r}") from None


def _set_path(d: dict, dotted: str, value) -> None:
    keys = dotted.split(".")
    cur = d
    for i, key in enumerate(keys[:-1]):
        if key == "*":
            for item in cur:
                _set_path(item, ".".join(keys[i + 1:]), value)
            return
        cur = cur[int(key)] if isinstance(cur, list) else cur[key]
    last = keys[-1]
    if isinstance(cur, list):
        cur[int(last)] = value
    else:
        if last not in cur:
            raise KeyError(last)
        cur[last] = value
