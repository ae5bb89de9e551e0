"""The slab objects an ``open()`` of a /proc, sysfs or cgroup file takes and its
``read()`` and ``close()`` give back, on the opening CPU.

They hold no memory once the file is closed, but SLUB places them on the opening
CPU: the first open on a CPU whose slab of a cache has no room takes a slab that
stays there (SLUB's CPU slab, kernel/exec_kmallocs.py's pattern), and the filp,
freed a grace period after the close, keeps its slab's slot meanwhile.

Traced on both guests (tools/sizes/seq-read-trace.sh: kmem:kmalloc,
kmem_cache_alloc, kfree and kmem_cache_free of a command's task; recordings
tools/sizes/recordings/seq-read-trace--{5.10,6.1}-v2-2cpu.txt; docs/fidelity.md
item 201), in this order, v5.10 and v6.1 alike but where said:

- fs/namei.c ``getname_flags``: the path (``names_cache``, ``PATH_MAX``), freed at
  the end of ``do_sys_openat2`` (``putname``);
- fs/file_table.c ``__alloc_file``: the filp (256 bytes), freed by
  ``file_free_rcu`` a grace period after ``__fput``; security/security.c
  ``security_file_alloc``: its LSM blob (lsm_file_cache, 24 bytes), freed by
  ``__fput``;
- a /proc entry (fs/proc/inode.c ``proc_reg_open``): a ``pde_opener`` (40 bytes)
  unless the entry is permanent (``pde_is_permanent``: Linux commit d919b33dafb3
  ("proc: faster open/read/close with "permanent" files") (in v5.17); fs/proc/
  meminfo.c ``proc_meminfo_init`` → ``pde_make_permanent`` in v6.1, design switch
  ``proc_permanent``), freed by ``proc_reg_release``; a ``single_open`` file's
  ``seq_operations`` (fs/seq_file.c ``single_open``: 32 bytes, GFP_KERNEL_ACCOUNT:
  kmalloc-cg-32 on 6.1, kmalloc-32 on 5.10) and every seq file's ``seq_file``
  (``seq_open``: 120 bytes), freed by ``single_release`` / ``seq_release``;
- a kernfs file (fs/kernfs/file.c ``kernfs_fop_open``, sysfs and cgroup files):
  the ``kernfs_open_file`` (152 bytes, kmalloc-192), the ``seq_file`` (always
  made: ``seq_open``) and the node's ``kernfs_open_node`` (48 bytes on 5.10, 72 on
  6.1, freed at the last close: ``kfree_rcu`` on 6.1, Linux commit 086c00c719b6
  ("kernfs: make ->attr.open RCU protected.") (in v6.0), design switch
  ``kernfs_open_node_rcu``), and for a cgroup file kernel/cgroup/cgroup.c
  ``cgroup_file_open``'s ``cgroup_file_ctx`` (136 bytes, kmalloc-192), freed by
  ``kernfs_fop_release``;
- the first ``read()``: fs/seq_file.c ``seq_read_iter`` → ``seq_buf_alloc``, a
  ``PAGE_SIZE`` buffer (``kvmalloc(GFP_KERNEL_ACCOUNT)``: kmalloc-cg-4k on 6.1,
  kmalloc-4k on 5.10), freed and taken twice as large while one record overflows
  it (a ``single_open`` file's whole text is one record); cgroup2's memory.stat
  formats into a ``kmalloc(PAGE_SIZE)`` of its own (mm/memcontrol.c
  ``memory_stat_format`` v5.10, ``memory_stat_show`` v6.1), freed at once.

The model's reads make their text at the open (fs/procfs.py, fs/cgroupfs.py), so the
objects are taken and given back there, in the kernel's order, as if the file were
read and closed at once; the filp (and 6.1's open node) a grace period later
(``call_rcu`` on the opening CPU). Not modelled: the objects' charges (the accounted
ones' bytes, a grace period at most, within the CPU's object stock), a descriptor
held open across other work, ``/proc/PID/maps``' ``seq_open_private`` data, a
kernfs write's buffer (``kernfs_fop_write_iter``: the written bytes + 1).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .exec_kmallocs import NAMES_SIZE, _give, _take
from .slab import KMALLOC_MAX_CACHE_SIZE

if TYPE_CHECKING:
    from . import KernelCore

#: the request sizes, as traced (bytes_req): ``struct file`` and its LSM blob
#: (objsizes of filp and lsm_file_cache from the guests' slabinfo)
PDE_OPENER_SIZE = 40
SEQ_OPS_SIZE = 32
SEQ_FILE_SIZE = 120
KERNFS_OPEN_FILE_SIZE = 152
#: ``struct kernfs_open_node``: 5.10, 6.1
KERNFS_OPEN_NODE_SIZE = {"5.10": 48, "6.1": 72}
CGROUP_FILE_CTX_SIZE = 136
#: ``PAGE_SIZE``: the seq buffer's first size, memory.stat's format buffer
SEQ_BUF_SIZE = 4096

#: the kinds of file :meth:`OpenObjects.open` knows: no seq_file (a disk file, a
#: device, a sysctl); a /proc entry's ``single_open`` or ``seq_open`` file; a
#: process's; a sysfs file; a cgroup file
PLAIN, PROC_SINGLE, PROC_SEQ, PID_SINGLE, PID_SEQ, KERNFS, CGROUP = range(7)


class OpenObjects:
    """The transient objects of one design's ``open()`` of a pseudo file, taken and
    given back on the opening CPU (``enabled``: the model takes them)."""
    __slots__ = ("k", "enabled", "_c")

    def __init__(self, kernel: "KernelCore", enabled: bool = False) -> None:
        self.k = kernel
        self.enabled = enabled
        self._c: dict | None = None

    def _caches(self) -> dict:
        """The caches by role (made at the first open)."""
        c = self._c
        if c is None:
            k = self.k
            slab = k.slab
            sizes = k.sizes
            acct = slab.kmalloc_cache if k.design.kmalloc_cg_caches else slab.kmalloc_plain
            kp = slab.kmalloc_plain
            c = self._c = {
                "names": slab.cache("names_cache", NAMES_SIZE, account=False),
                "filp": slab.cache("filp", sizes.slab_objsize("filp")),
                "lsm": slab.cache("lsm_file_cache", sizes.slab_objsize("lsm_file_cache"),
                                  account=False),
                "pdeo": slab.cache("pde_opener", sizes.slab_objsize("pde_opener"),
                                   account=False),
                "ops": acct(SEQ_OPS_SIZE),
                "seq": slab.cache("seq_file", sizes.slab_objsize("seq_file"), account=False),
                "of": kp(KERNFS_OPEN_FILE_SIZE),
                "on": kp(KERNFS_OPEN_NODE_SIZE[sizes.release]),
                "ctx": kp(CGROUP_FILE_CTX_SIZE),
                "acct": acct,
                "plain": kp,
            }
        return c

    def open(self, cpu: int, kind: int, read: bool = False, stat_buf: bool = False,
             permanent: bool = False) -> tuple | None:
        """An ``open()`` on ``cpu`` of a file of ``kind`` and, with ``read``, its first
        ``read()``'s ``PAGE_SIZE`` buffer (none for ``PLAIN``): what the file holds
        while its text is made (``stat_buf``, cgroup2's memory.stat's own buffer,
        taken and freed within the show; ``permanent``, a /proc entry without a
        ``pde_opener``).
        Returns what :meth:`close` gives back (None when off)."""
        if not self.enabled:
            return None
        c = self._caches()
        names = _take(c["names"], cpu)
        filp = _take(c["filp"], cpu)
        lsm = _take(c["lsm"], cpu)
        held = []
        if kind == PROC_SINGLE or kind == PROC_SEQ:
            if not permanent:
                held.append((c["pdeo"], _take(c["pdeo"], cpu)))
        if kind == PROC_SINGLE or kind == PID_SINGLE:
            held.append((c["ops"], _take(c["ops"], cpu)))
        on = None
        if kind == KERNFS or kind == CGROUP:
            held.append((c["of"], _take(c["of"], cpu)))
        if kind != PLAIN:
            held.append((c["seq"], _take(c["seq"], cpu)))
        if kind == KERNFS or kind == CGROUP:
            on = _take(c["on"], cpu)
        ctx = _take(c["ctx"], cpu) if kind == CGROUP else None
        _give(c["names"], cpu, names)       # putname: the end of do_sys_openat2
        buf = None
        if read and kind != PLAIN:
            buf = self._buf(c, cpu, SEQ_BUF_SIZE)
            if stat_buf:
                fmt_c = c["plain"](SEQ_BUF_SIZE)
                _give(fmt_c, cpu, _take(fmt_c, cpu))
        return (cpu, kind, filp, lsm, held, on, ctx, buf)

    def close(self, token: tuple | None, nbytes: int = -1) -> None:
        """The read of ``nbytes`` done (-1: none, the file was opened for writing or
        its open failed) and the file closed: ``seq_read_iter`` frees the buffer
        and takes one twice as large while one record (a ``single_open`` file's
        whole text) overflows it; then ``kernfs_fop_release`` (the
        ``cgroup_file_ctx``, the open node, then ``seq_release``) or
        ``single_release`` / ``seq_release`` and ``proc_reg_release``'s
        ``pde_opener``; ``__fput``'s LSM blob; the filp a grace period later."""
        if token is None:
            return
        cpu, kind, filp, lsm, held, on, ctx, buf = token
        c = self._caches()
        if buf is not None and nbytes >= SEQ_BUF_SIZE and (
                kind == PROC_SINGLE or kind == PID_SINGLE or kind == KERNFS or kind == CGROUP):
            size = SEQ_BUF_SIZE
            while nbytes >= size and size < KMALLOC_MAX_CACHE_SIZE:
                _give(buf[0], cpu, buf[1])
                size <<= 1
                buf = self._buf(c, cpu, size)
        if ctx is not None:
            _give(c["ctx"], cpu, ctx)
        if on is not None:
            if self.k.design.kernfs_open_node_rcu:
                self.k.clock.call_rcu(_give, c["on"], cpu, on, cpu=cpu)
            else:
                _give(c["on"], cpu, on)
        if buf is not None:
            _give(buf[0], cpu, buf[1])
        for cache, p in reversed(held):
            _give(cache, cpu, p)
        _give(c["lsm"], cpu, lsm)
        self.k.clock.call_rcu(_give, c["filp"], cpu, filp, cpu=cpu)

    @staticmethod
    def _buf(c: dict, cpu: int, size: int) -> tuple:
        """``seq_buf_alloc(size)``: its cache and what :func:`_take` gave."""
        cache = c["acct"](size)
        return cache, _take(cache, cpu)
