"""The files of the interface-only cgroup2 controllers (kernel/cgroup_ifaces.py):
cpuset, cpu, io, hugetlb, rdma, misc, their cftype arrays of v5.10 and v6.1 and
what each write takes, with the kernel's errno, read back as the kernel prints it.
Checked on both guests (tests/conformance/scripts/v2-controller-files.sh): the
files a child has, their modes and defaults, and a sweep of writes.

- cpu (kernel/sched/core.c ``cpu_files[]``): ``cpu.weight`` and
  ``cpu.weight.nice`` set the group's shares (``sched_group_set_shares``; -ERANGE
  outside 1..10000 / -20..19; -EINVAL while idle); ``cpu.max``
  (``cpu_period_quota_parse``, ``tg_set_cfs_bandwidth``: quota and period at
  least 1 ms, the period at most 1 s, a burst no larger than the quota);
  v6.1: ``cpu.idle`` (Linux commit 304000390f88 "sched: Cgroup SCHED_IDLE
  support" (in v5.15)) and ``cpu.max.burst`` (f4183717b370 "sched/fair:
  Introduce the burstable CFS controller" (in v5.14)).
- cpuset (kernel/cgroup/cpuset.c ``dfl_files[]``): ``cpulist_parse`` of
  ``cpuset.cpus`` (-ERANGE past the last CPU), ``nodelist_parse`` of
  ``cpuset.mems`` then a subset of the online nodes (-EINVAL); effective masks
  the cgroup's own within its parent's, the parent's when empty; v5.10's
  ``validate_change`` refuses to shrink a parent below a child (-EBUSY), 6.1's
  does not on cgroup2 (design ``cpuset_child_subset``); ``cpuset.cpus.partition``:
  5.10 takes "member" and a valid "root", 6.1 also "isolated" and keeps an
  invalid one, saying why.
- io (block/blk-cgroup.c, blk-throttle.c ``throtl_files``, blk-iocost.c
  ``ioc_files``): ``blkg_conf_prep``'s "MAJ:MIN" (-EINVAL unparsed, -ENODEV for a
  device the system lacks: the model has its disk, virtio's 254:0);
  ``io.max`` (``tg_set_limit``: ``blkg_conf_prep`` first makes the cgroup's block
  group on the disk and its ancestors', kernel/blk_cgroup.py), ``io.weight``'s
  default (``ioc_weight_write``; a device's weight -EOPNOTSUPP: iocost is not
  enabled on it, checked before any block group is made).
- hugetlb (mm/hugetlb_cgroup.c): per huge page size (2MB, 1GB), limits
  ``page_counter_memparse``d and rounded down to whole huge pages; v6.1 adds
  ``numa_stat``.
- rdma (kernel/cgroup/rdma.c): no RDMA device: -ENODEV after the limits parse.
- misc (kernel/cgroup/misc.c, v6.1): no resource has a capacity: -EINVAL.

Not modelled: what the settings do; io.stat and cpu.stat's figures (no I/O or CPU
time is accounted per cgroup: empty, 0).
"""
from __future__ import annotations

import errno
import re

from ..kernel import NR_CPUS
from ..kernel.cgroup_ifaces import GROUP_CONTROLLER
from ..kernel.page_counter import PAGE_COUNTER_MAX
from .cftypes import CFTYPE_NOT_ON_ROOT as NR, CFTYPE_ONLY_ON_ROOT as OR, CfType
from .cftypes.parse import kstrtoll, kstrtoull, page_counter_memparse, strstrip
from .vfs import oserror

U64 = (1 << 64) - 1
NSEC_PER_USEC = 1000
#: ``min_cfs_quota_period`` (1 ms), ``max_cfs_quota_period`` (1 s), ns
MIN_CFS_PERIOD, MAX_CFS_PERIOD = 1_000_000, 1_000_000_000
#: ``max_cfs_runtime``: ``MAX_BW`` ((1 << 44) - 1 us) in ns
MAX_CFS_RUNTIME = ((1 << 44) - 1) * NSEC_PER_USEC
#: ``sched_prio_to_weight``: nice -20..19
PRIO_TO_WEIGHT = (88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916,
                  9548, 7620, 6100, 4904, 3906, 3121, 2501, 1991, 1586, 1277,
                  1024, 820, 655, 526, 423, 335, 272, 215, 172, 137,
                  110, 87, 70, 56, 45, 36, 29, 23, 18, 15)
#: ``WEIGHT_IDLEPRIO``: an idle group's shares; ``MIN_SHARES``, ``MAX_SHARES``
WEIGHT_IDLEPRIO, MIN_SHARES, MAX_SHARES = 3, 2, 1 << 18
#: the block devices the model's system has (its disk, /dev/vda: virtio_blk's
#: major 254), as "MAJ:MIN" names
BLOCK_DEVS = ("254:0",)
#: ``MAX_NUMNODES`` of the guests' kernels (CONFIG_NODES_SHIFT 10)
MAX_NUMNODES = 1024
#: the huge page sizes (``hstates``: the 2 MiB default and, with pdpe1gb, 1 GiB)
HUGE_SIZES = (("2MB", 512), ("1GB", 1 << 18))
#: rdma.c ``rdmacg_resource_names``; misc.c ``misc_res_name`` (v6.1)
RDMA_RESOURCES = ("hca_handle", "hca_object")
MISC_RESOURCES = ("sev", "sev_es")


def _css(fs, c, ss: str) -> dict:
    return fs.k.ifaces.of(ss, c)


def _sscanf_llu(s: str):
    """``sscanf("%llu")`` of ``s``'s start (whitespace skipped, a sign taken, as
    ``simple_strtoull`` wraps it), or None when no digit comes."""
    m = re.match(r"\s*([+-]?)(\d+)", s)
    if m is None:
        return None
    v = min(int(m.group(2)), U64)
    return (-v) & U64 if m.group(1) == "-" else v


# -- cpu ------------------------------------------------------------------------
def _set_bandwidth(fs, css: dict, period_ns: int, quota_ns, burst_ns: int) -> None:
    """``tg_set_cfs_bandwidth``'s checks, then the new values (``quota_ns`` None:
    ``RUNTIME_INF``)."""
    if quota_ns is not None and quota_ns < MIN_CFS_PERIOD or period_ns < MIN_CFS_PERIOD:
        raise oserror(errno.EINVAL)
    if period_ns > MAX_CFS_PERIOD:
        raise oserror(errno.EINVAL)
    if quota_ns is not None and quota_ns > MAX_CFS_RUNTIME:
        raise oserror(errno.EINVAL)
    if quota_ns is not None and fs.k.design.cftypes == "6.1" and (
            burst_ns > quota_ns or burst_ns + quota_ns > MAX_CFS_RUNTIME):
        raise oserror(errno.EINVAL)
    css["period"] = period_ns // NSEC_PER_USEC
    css["quota"] = None if quota_ns is None else quota_ns // NSEC_PER_USEC
    css["burst"] = burst_ns // NSEC_PER_USEC


def r_cpu_max(fs, c, task) -> str:
    """``cpu_max_show``: the quota ("max") and the period, us."""
    css = _css(fs, c, "cpu")
    q = css["quota"]
    return f"{'max' if q is None else q} {css['period']}\n"


def w_cpu_max(fs, c, text, task) -> None:
    """``cpu_max_write`` → ``cpu_period_quota_parse``: "QUOTA [PERIOD]" (sscanf's
    "%20s %llu": the period kept when none parses), QUOTA a number or "max"."""
    css = _css(fs, c, "cpu")
    words = text.split()
    if not words:
        raise oserror(errno.EINVAL)
    tok = words[0][:20]
    period = _sscanf_llu(text[text.index(words[0]) + len(words[0]):]) if len(words) > 1 \
        else None
    period_ns = (css["period"] if period is None else period) * NSEC_PER_USEC & U64
    quota = _sscanf_llu(tok)
    if quota is not None:
        quota_ns = quota * NSEC_PER_USEC & U64
    elif tok == "max":
        quota_ns = None
    else:
        raise oserror(errno.EINVAL)
    _set_bandwidth(fs, css, period_ns, quota_ns, css["burst"] * NSEC_PER_USEC)


def r_cpu_burst(fs, c, task) -> str:
    """``cpu_cfs_burst_read_u64``, us."""
    return f"{_css(fs, c, 'cpu')['burst']}\n"


def w_cpu_burst(fs, c, text, task) -> None:
    """``tg_set_cfs_burst``: write_u64, then ``tg_set_cfs_bandwidth`` with the
    group's quota and period."""
    burst = kstrtoull(text)
    if burst > U64 // NSEC_PER_USEC:
        raise oserror(errno.EINVAL)
    css = _css(fs, c, "cpu")
    q = css["quota"]
    _set_bandwidth(fs, css, css["period"] * NSEC_PER_USEC,
                   None if q is None else q * NSEC_PER_USEC, burst * NSEC_PER_USEC)


def _set_shares(css: dict, shares: int) -> None:
    """``sched_group_set_shares``: -EINVAL while idle; clamped."""
    if css["idle"]:
        raise oserror(errno.EINVAL)
    css["shares"] = min(max(shares, MIN_SHARES), MAX_SHARES)


def r_cpu_weight(fs, c, task) -> str:
    """``cpu_weight_read_u64``: the shares as a weight, rounded."""
    return f"{(_css(fs, c, 'cpu')['shares'] * 100 + 512) // 1024}\n"


def w_cpu_weight(fs, c, text, task) -> None:
    """``cpu_weight_write_u64``: 1..10000 (-ERANGE), as shares rounded."""
    w = kstrtoull(text)
    if not 1 <= w <= 10000:
        raise oserror(errno.ERANGE)
    _set_shares(_css(fs, c, "cpu"), (w * 1024 + 50) // 100)


def r_cpu_weight_nice(fs, c, task) -> str:
    """``cpu_weight_nice_read_s64``: the nice level whose weight is closest."""
    shares = _css(fs, c, "cpu")["shares"]
    last = None
    prio = 0
    for prio, w in enumerate(PRIO_TO_WEIGHT):
        delta = abs(w - shares)
        if last is not None and delta >= last:
            break
        last = delta
    else:
        prio = len(PRIO_TO_WEIGHT)
    return f"{prio - 21}\n"


def w_cpu_weight_nice(fs, c, text, task) -> None:
    """``cpu_weight_nice_write_s64``: -20..19 (-ERANGE), its weight as shares."""
    nice = kstrtoll(text)
    if not -20 <= nice <= 19:
        raise oserror(errno.ERANGE)
    _set_shares(_css(fs, c, "cpu"), PRIO_TO_WEIGHT[nice + 20])


def r_cpu_idle(fs, c, task) -> str:
    """``cpu_idle_read_s64``"""
    return f"{_css(fs, c, 'cpu')['idle']}\n"


def w_cpu_idle(fs, c, text, task) -> None:
    """``sched_group_set_idle``: 0 or 1 (-EINVAL); the shares become
    ``WEIGHT_IDLEPRIO``, and ``NICE_0_LOAD`` again when it leaves."""
    idle = kstrtoll(text)
    if idle not in (0, 1):
        raise oserror(errno.EINVAL)
    css = _css(fs, c, "cpu")
    if css["idle"] != idle:
        css["idle"] = idle
        css["shares"] = WEIGHT_IDLEPRIO if idle else 1024


# -- cpuset ---------------------------------------------------------------------
def parselist(buf: str, nbits: int) -> frozenset:
    """``bitmap_parselist``: comma-separated N, N-M or N-M:USED/GROUP regions;
    -EINVAL for anything else or N > M, -ERANGE for a number past ``nbits``."""
    out: set[int] = set()
    for region in buf.split(","):
        m = re.fullmatch(r"(\d+)(?:-(\d+)(?::(\d+)/(\d+))?)?", region)
        if m is None:
            raise oserror(errno.EINVAL)
        a = int(m.group(1))
        b = int(m.group(2)) if m.group(2) else a
        used, group = (int(m.group(3)), int(m.group(4))) if m.group(3) else (1, 1)
        if a > b or group == 0 or used > group:
            raise oserror(errno.EINVAL)
        if b >= nbits:
            raise oserror(errno.ERANGE)
        out.update(n for n in range(a, b + 1) if (n - a) % group < used)
    return frozenset(out)


def _effective(fs, c, key: str) -> frozenset:
    """``effective_cpus``/``effective_mems``: the root's all, else the cgroup's own
    within its parent's, or the parent's when that leaves none."""
    if c.parent is None:
        k = fs.k
        return frozenset(range(k.nr_cpus if key == "cpus" else k.nr_nodes))
    parent = _effective(fs, c.parent, key)
    own = _css(fs, c, "cpuset")[key] & parent if fs.k.ifaces.has("cpuset", c) else parent
    return own or parent


def _r_mask(key: str, effective: bool):
    def read(fs, c, task) -> str:
        """``cpuset_common_seq_show``: a mask as a list."""
        from ..shell.commands.taskset import cpulist_create     # (%*pbl)
        mask = _effective(fs, c, key) if effective else _css(fs, c, "cpuset")[key]
        return cpulist_create(mask) + "\n"
    return read


def _w_mask(key: str):
    def write(fs, c, text, task) -> None:
        """``cpuset_write_resmask`` → ``update_cpumask``/``update_nodemask``:
        ``strstrip``; empty clears; the list parsed against ``nr_cpu_ids`` CPUs
        (``MAX_NUMNODES`` nodes, then a subset of the online ones: -EINVAL); a
        child no longer within it: -EBUSY where the design says so."""
        k = fs.k
        buf = strstrip(text)
        nodes = k.nr_nodes
        trial = frozenset() if not buf else parselist(
            buf, k.nr_cpus if key == "cpus" else MAX_NUMNODES)
        if key == "mems" and any(n >= nodes for n in trial):
            raise oserror(errno.EINVAL)
        css = _css(fs, c, "cpuset")
        if trial == css[key]:
            return
        if k.design.cpuset_child_subset:
            for ch in c.children.values():
                if k.ifaces.has("cpuset", ch) and not _css(fs, ch, "cpuset")[key] <= trial:
                    raise oserror(errno.EBUSY)
        css[key] = trial
    return write


#: 6.1's ``perr_strings`` the model gives
PERR_NOTPART = "Parent is not a partition root"
PERR_CPUSEMPTY = "cpuset.cpus is empty"


def _partition_error(fs, c) -> str | None:
    """Why a partition root would be invalid: its parent is none (the hierarchy's
    root is one), or it has no CPUs of its own."""
    p = c.parent
    if p.parent is not None and _css(fs, p, "cpuset")["partition"] == "member":
        return PERR_NOTPART
    if not _css(fs, c, "cpuset")["cpus"]:
        return PERR_CPUSEMPTY
    return None


def r_partition(fs, c, task) -> str:
    """``sched_partition_show``: "member", "root" or "isolated", 6.1 adding
    "invalid (REASON)" to one that is not valid."""
    mode = _css(fs, c, "cpuset")["partition"]
    if mode != "member":
        why = _partition_error(fs, c)
        if why is not None:
            return f"{mode} invalid ({why})\n"
    return mode + "\n"


def w_partition(fs, c, text, task) -> None:
    """``sched_partition_write``: "root", "member", 6.1 also "isolated" (-EINVAL
    else); 5.10's ``update_prstate`` refuses a root that would be invalid
    (-EINVAL), 6.1 keeps it invalid."""
    buf = strstrip(text)
    modes = ("root", "member", "isolated") if fs.k.design.cftypes == "6.1" else ("root",
                                                                               "member")
    if buf not in modes:
        raise oserror(errno.EINVAL)
    css = _css(fs, c, "cpuset")
    old = css["partition"]
    css["partition"] = buf
    if buf != "member" and fs.k.design.cftypes != "6.1" and _partition_error(fs, c):
        css["partition"] = old
        raise oserror(errno.EINVAL)


# -- io -------------------------------------------------------------------------
def _blkg_conf_dev(buf: str) -> tuple[str, str]:
    """``blkg_conf_prep``'s device: "MAJ:MIN" first (-EINVAL if it does not parse,
    -ENODEV for a device the system lacks); the rest of the line."""
    m = re.match(r"\s*(\d+):(\d+)", buf)
    if m is None:
        raise oserror(errno.EINVAL)
    dev = f"{int(m.group(1))}:{int(m.group(2))}"
    if dev not in BLOCK_DEVS:
        raise oserror(errno.ENODEV)
    return dev, buf[m.end():]


def r_io_weight(fs, c, task) -> str:
    """``ioc_weight_show``: the default weight (no device has its own)."""
    return f"default {_css(fs, c, 'io')['weight']}\n"


def w_io_weight(fs, c, text, task) -> None:
    """``ioc_weight_write``: without a ':' "default N" or "N", 1..10000 (-EINVAL);
    a device's: -EOPNOTSUPP (iocost not enabled on it)."""
    if ":" not in text:
        m = re.match(r"default\s*(\d+)", text) or re.match(r"\s*(\d+)", text)
        if m is None or not 1 <= int(m.group(1)) <= 10000:
            raise oserror(errno.EINVAL)
        _css(fs, c, "io")["weight"] = int(m.group(1))
        return
    _blkg_conf_dev(text)
    raise oserror(errno.EOPNOTSUPP)


#: io.max's keys in ``tg_prfill_limit``'s order
IO_MAX_KEYS = ("rbps", "wbps", "riops", "wiops")


def r_io_max(fs, c, task) -> str:
    """``tg_print_limit``: a line per device with a limit, "max" for none."""
    out = []
    for dev, v in sorted(_css(fs, c, "io")["max"].items()):
        out.append(dev + "".join(f" {k}={'max' if x is None else x}"
                                 for k, x in zip(IO_MAX_KEYS, v)) + "\n")
    return "".join(out)


def w_io_max(fs, c, text, task) -> None:
    """``tg_set_limit``: "MAJ:MIN" then KEY=VALUE tokens (a number above 1 or
    "max"; 0: -ERANGE; else -EINVAL); riops and wiops capped at ``UINT_MAX``; a
    device left without limits is dropped."""
    dev, body = _blkg_conf_dev(text)
    fs.k.blkcg.blkg_conf_prep(c)
    limits = _css(fs, c, "io")["max"]
    v = list(limits.get(dev, (None,) * 4))
    for tok in body.split():
        key, eq, val = tok[:26].partition("=")
        n = None if val == "max" else _sscanf_llu(val) if eq else "bad"
        if n == "bad" or n is None and val != "max":
            raise oserror(errno.EINVAL)
        if n == 0:
            raise oserror(errno.ERANGE)
        if key not in IO_MAX_KEYS or n is not None and n <= 1:
            raise oserror(errno.EINVAL)
        i = IO_MAX_KEYS.index(key)
        v[i] = None if n is None or i >= 2 and n >= 0xFFFFFFFF or n == U64 else n
    if any(x is not None for x in v):
        limits[dev] = tuple(v)
    else:
        limits.pop(dev, None)


def r_empty(fs, c, task) -> str:
    """A file with no line to show here (io.stat: no I/O accounted; rdma, misc:
    no device or resource; io.cost.*: no device configured)."""
    return ""


# -- hugetlb --------------------------------------------------------------------
def _r_huge_limit(key: str, pages: int):
    top = PAGE_COUNTER_MAX // pages * pages

    def read(fs, c, task) -> str:
        """``hugetlb_cgroup_read_u64_max``: "max" for ``PAGE_COUNTER_MAX`` rounded
        down to whole huge pages (the limit ``hugetlb_cgroup_init`` sets), else
        bytes."""
        v = _css(fs, c, "hugetlb").get(key, top)
        return "max\n" if v == top else f"{v * 4096}\n"
    return read


def _w_huge_limit(key: str, pages: int):
    def write(fs, c, text, task) -> None:
        """``hugetlb_cgroup_write``: ``strstrip``, ``page_counter_memparse`` with
        "max", rounded down to whole huge pages."""
        n = page_counter_memparse(strstrip(text), "max", 4096, PAGE_COUNTER_MAX)
        _css(fs, c, "hugetlb")[key] = n // pages * pages
    return write


def _r_const(text: str):
    return lambda fs, c, task: text


def _r_numa_stat(fs, c, task) -> str:
    """``hugetlb_cgroup_read_numa_stat`` (cgroup2): total and each node's, 0."""
    nodes = fs.k.nr_nodes
    return "total=0" + "".join(f" N{n}=0" for n in range(nodes)) + "\n"


# -- rdma, misc -----------------------------------------------------------------
def w_rdma_max(fs, c, text, task) -> None:
    """``rdmacg_resource_set_max``: the device's name, then NAME=VALUE limits
    (``rdmacg_parse_limits``: a known name, "max" or a number ≥ 0, else -EINVAL);
    then the device: -ENODEV, the model has none."""
    words = strstrip(text).split(" ")
    for tok in words[1:]:
        name, eq, val = tok.partition("=")
        if not eq or name not in RDMA_RESOURCES or val != "max" and not re.fullmatch(
                r"\+?\d+", val):
            raise oserror(errno.EINVAL)
    raise oserror(errno.ENODEV)


def w_misc_max(fs, c, text, task) -> None:
    """``misc_cg_max_write``: "NAME VALUE" of a known resource, "max" or
    ``kstrtoul``; no resource has a capacity here: -EINVAL."""
    name, sp, rest = strstrip(text).partition(" ")
    if not sp or name not in MISC_RESOURCES:
        raise oserror(errno.EINVAL)
    if rest != "max":
        kstrtoull(rest)
    raise oserror(errno.EINVAL)


# -- the cftype arrays ------------------------------------------------------------
#: ``cpuset.cpus`` and ``cpuset.mems``' ``.max_write_len = (100U + 6 * NR_CPUS)``
#: (kernel/cgroup/cpuset.c ``dfl_files``, 5.10 and 6.1): a list of every CPU fits
CPUSET_MAX_WRITE_LEN = 100 + 6 * NR_CPUS


def iface_files(release: str, group: str) -> list[CfType]:
    """A file group's cftypes (kernel/cgroup_ifaces.py ``IFACE_GROUPS``), in the
    kernel's order, as ``cgroup_file_name`` names them."""
    new = release == "6.1"
    if group == "cpuset":
        return [CfType("cpuset.cpus", _r_mask("cpus", False), _w_mask("cpus"), NR,
                       CPUSET_MAX_WRITE_LEN),
                CfType("cpuset.mems", _r_mask("mems", False), _w_mask("mems"), NR,
                       CPUSET_MAX_WRITE_LEN),
                CfType("cpuset.cpus.effective", _r_mask("cpus", True)),
                CfType("cpuset.mems.effective", _r_mask("mems", True)),
                CfType("cpuset.cpus.partition", r_partition, w_partition, NR)]
    if group == "cpu":
        t = [CfType("cpu.weight", r_cpu_weight, w_cpu_weight, NR),
             CfType("cpu.weight.nice", r_cpu_weight_nice, w_cpu_weight_nice, NR)]
        if new:
            t.append(CfType("cpu.idle", r_cpu_idle, w_cpu_idle, NR))
        t.append(CfType("cpu.max", r_cpu_max, w_cpu_max, NR))
        if new:
            t.append(CfType("cpu.max.burst", r_cpu_burst, w_cpu_burst, NR))
        return t
    if group == "io":
        return [CfType("io.stat", r_empty), CfType("io.max", r_io_max, w_io_max, NR)]
    if group == "iocost":
        return [CfType("io.weight", r_io_weight, w_io_weight, NR),
                CfType("io.cost.qos", r_empty, w_io_cost, OR),
                CfType("io.cost.model", r_empty, w_io_cost, OR)]
    if group == "hugetlb":
        t = []
        for name, pages in HUGE_SIZES:
            p = f"hugetlb.{name}."
            t += [CfType(p + "max", _r_huge_limit(name, pages), _w_huge_limit(name, pages),
                         NR),
                  CfType(p + "rsvd.max", _r_huge_limit(name + ".rsvd", pages),
                         _w_huge_limit(name + ".rsvd", pages), NR),
                  CfType(p + "current", _r_const("0\n"), None, NR),
                  CfType(p + "rsvd.current", _r_const("0\n"), None, NR),
                  CfType(p + "events", _r_const("max 0\n"), None, NR),
                  CfType(p + "events.local", _r_const("max 0\n"), None, NR)]
            if new:
                t.append(CfType(p + "numa_stat", _r_numa_stat, None, NR))
        return t
    if group == "rdma":
        return [CfType("rdma.max", r_empty, w_rdma_max, NR),
                CfType("rdma.current", r_empty, None, NR)]
    if group == "misc" and new:
        return [CfType("misc.max", r_empty, w_misc_max, NR),
                CfType("misc.current", r_empty, None, NR),
                CfType("misc.capacity", r_empty, None, OR),
                CfType("misc.events", r_empty, None, NR)]
    return []


def w_io_cost(fs, c, text, task) -> None:
    """``ioc_qos_write``/``ioc_cost_model_write``: "MAJ:MIN ..." of a device (its
    errno); the settings are not modelled (fs/cftypes ``NOT_MODELLED``)."""
    _blkg_conf_dev(text)


#: (release, group) -> cftypes
IFACE_TABLES = {(rel, g): iface_files(rel, g) for rel in ("5.10", "6.1")
                for g in GROUP_CONTROLLER}
