"""The kmallocs an ``execve`` makes and frees again before it returns.

They hold no memory once the exec is done, but SLUB places them on the exec'ing CPU
between the objects that stay: a transient object that takes a CPU slab's last free
slot makes SLUB take the next slab, and its free into the now full slab freezes that
slab onto the CPU's partial list (``__slab_free`` → ``put_cpu_partial``). So which
slabs the commands' and the cgroups' objects land in, and which empty slabs the
lists keep, move with them.

Traced on both guests (tools/sizes/exec-kmallocs-trace.sh: the kmem:kmalloc and
kmem:kfree tracepoints of a forked shell's execve of busybox's ``true``; recordings
tools/sizes/recordings/exec-kmallocs-trace--{5.10,6.1}-v2-2cpu.txt), each on the
exec'ing CPU and in this order, the same sizes on 5.10.262 and 6.1.192:

- fs/exec.c ``alloc_bprm``: ``kzalloc(sizeof(*bprm))``, 416 bytes (kmalloc-512),
  freed at the end of ``do_execveat_common`` (``free_bprm``);
- security/tomoyo/domain.c ``tomoyo_find_next_domain`` (``security_bprm_check``:
  Debian's CONFIG_LSM lists tomoyo, which runs without a policy loaded, every task in
  the kernel's domain): ``ee = kzalloc(sizeof(*ee))`` (296 bytes, kmalloc-512),
  ``ee->tmp = kzalloc(TOMOYO_EXEC_TMPSIZE)`` (4096); ``tomoyo_realpath_nofollow`` →
  ``tomoyo_realpath_from_path``: a ``PAGE_SIZE`` buffer kmalloc'd and freed at once,
  the name it returns ``tomoyo_encode`` kmalloc'd (20 bytes for ``/bin/true``,
  kmalloc-32); the function's end frees the name, ``ee->tmp`` and ``ee``;
- fs/binfmt_elf.c ``load_elf_phdrs``: the program headers (560 bytes: busybox's 10,
  kmalloc-1k), freed when ``load_elf_binary`` is done, after ``begin_new_exec`` has
  dropped the old mm.

After the exec a static program's start-up reads /proc/self/exe (``ProgramImage.
static``): fs/proc/base.c ``do_proc_readlink`` takes a ``kmalloc(PATH_MAX)`` buffer
on 6.1 (kmalloc-4k, ``proc_pid_readlink`` in the 6.1 traces at every busybox exec),
a page from ``__get_free_page`` on 5.10 (no slab object: none in 5.10's traces);
design switch ``proc_readlink_kmalloc``.

Before all of them ``execve`` copies its path in: fs/exec.c ``do_execve`` →
``getname`` → ``__getname``, a ``names_cache`` object (``PATH_MAX`` bytes, 8 to a
32 KiB slab; fs/dcache.c ``vfs_caches_init``: not accounted), freed by ``putname``
at the end of ``do_execveat_common`` (v5.10 and v6.1). It costs nothing on a CPU
whose ``names_cache`` slab has room, but the first exec on a CPU takes a slab that
stays there (SLUB's CPU slab): at 16-64 CPUs the guests' ``slabinfo`` lines of
cgroup-cost.sh count one new ``names_cache`` slab for each CPU the mkdir and rmdir
loops reach that the boot had not used (docs/fidelity.md item 172; the commands' own
``mkdir``/``rmdir``/``open`` path walks take and give back the same object on the
same CPU and are not modelled).

Not modelled: a dynamic program's interpreter's headers and name (the guests'
programs are static).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .slub import CPU, CPU_PARTIAL

if TYPE_CHECKING:
    from . import KernelCore
    from .slab import KmemCache

#: the request sizes, as traced (bytes_req): ``struct linux_binprm``, ``struct
#: tomoyo_execve``, ``TOMOYO_EXEC_TMPSIZE`` and the realpath buffer (``PAGE_SIZE``),
#: ``tomoyo_encode``'s name of a short path, busybox's 10 ``elf_phdr``s
BPRM_SIZE = 416
TOMOYO_EXECVE_SIZE = 296
TOMOYO_BUF_SIZE = 4096
TOMOYO_NAME_SIZE = 20
ELF_PHDRS_SIZE = 560
#: ``PATH_MAX`` (include/uapi/linux/limits.h): a ``names_cache`` object
NAMES_SIZE = 4096


class ExecKmallocs:
    """The transient kmallocs of one design's ``execve`` (:meth:`begin` before the old
    mm goes, :meth:`end` once the new image's objects are made), on the exec'ing
    CPU; ``tomoyo``: the design's LSMs include TOMOYO (``exec_tomoyo``)."""
    __slots__ = ("k", "tomoyo", "readlink", "_caches")

    def __init__(self, kernel: "KernelCore", tomoyo: bool, readlink: bool) -> None:
        self.k = kernel
        self.tomoyo = tomoyo
        #: ``do_proc_readlink``'s buffer is a kmalloc (``proc_readlink_kmalloc``)
        self.readlink = readlink
        self._caches: tuple | None = None

    def caches(self) -> tuple["KmemCache", ...]:
        """bprm's, ee's, the buffers', the name's and the headers' kmalloc caches, and
        ``names_cache`` (made at the first exec)."""
        c = self._caches
        if c is None:
            kp = self.k.slab.kmalloc_plain
            c = self._caches = (kp(BPRM_SIZE), kp(TOMOYO_EXECVE_SIZE), kp(TOMOYO_BUF_SIZE),
                                kp(TOMOYO_NAME_SIZE), kp(ELF_PHDRS_SIZE),
                                self.k.slab.cache("names_cache", NAMES_SIZE, account=False))
        return c

    def begin(self, cpu: int) -> tuple:
        """``getname`` of the path, ``alloc_bprm``, TOMOYO's
        ``tomoyo_find_next_domain`` (all freed again) and ``load_elf_phdrs``, up to
        ``begin_new_exec``. Returns what :meth:`end` frees."""
        bprm_c, ee_c, buf_c, name_c, phdr_c, names_c = self.caches()
        filename = _take(names_c, cpu)
        bprm = _take(bprm_c, cpu)
        if self.tomoyo and not (_room(buf_c, cpu) >= 2 and _room(ee_c, cpu)
                                and _room(name_c, cpu)):
            # (with room on every CPU slab the objects come and go from them,
            # frozen, and change nothing)
            ee = _take(ee_c, cpu)
            tmp = _take(buf_c, cpu)
            _give(buf_c, cpu, _take(buf_c, cpu))       # the realpath buffer
            _give(name_c, cpu, _take(name_c, cpu))
            _give(buf_c, cpu, tmp)
            _give(ee_c, cpu, ee)
        return bprm, _take(phdr_c, cpu), filename

    def end(self, cpu: int, held: tuple) -> None:
        """``load_elf_binary``'s ``kfree(elf_phdata)``, then ``free_bprm`` and
        ``putname``."""
        bprm_c, _, _, _, phdr_c, names_c = self.caches()
        bprm, phdrs, filename = held
        _give(phdr_c, cpu, phdrs)
        _give(bprm_c, cpu, bprm)
        _give(names_c, cpu, filename)

    def read_self_exe(self, cpu: int) -> None:
        """A static program's readlink of /proc/self/exe after its exec:
        ``do_proc_readlink``'s buffer, where it is a kmalloc."""
        if self.readlink:
            c = self.caches()[2]
            if not _room(c, cpu):
                _give(c, cpu, _take(c, cpu))


def _room(c: "KmemCache", cpu: int) -> int:
    """Free objects in ``cpu``'s CPU slab of cache ``c``."""
    sl = c.slub
    sid = sl.cpu_slab[cpu]
    return 0 if sid is None else sl.objects - sl.inuse[sid]


def _take(c: "KmemCache", cpu: int) -> Any:
    """One object of ``c`` on ``cpu``: from the CPU slab's freelist (its slab id), else
    ``KmemCache.place``'s slow path (its placements)."""
    sl = c.slub
    sid = sl.cpu_slab[cpu]
    if sid is not None and sl.inuse[sid] < sl.objects:
        sl.inuse[sid] += 1
        return sid
    return c.place(1, cpu)


def _give(c: "KmemCache", cpu: int, p: Any) -> None:
    """``kfree`` on ``cpu`` of what :func:`_take` returned: into a frozen slab its
    count only, else ``__slab_free`` (``SlubLists.free``)."""
    if type(p) is int:
        sl = c.slub
        w = sl.where[p]
        if w == CPU or w == CPU_PARTIAL:
            sl.inuse[p] -= 1
        else:
            sl.free(cpu, ((p, 1),))
    else:
        c.unplace(p, cpu, 1)
