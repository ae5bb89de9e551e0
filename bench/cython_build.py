"""The compiled path measured in bench/README.md ("Compiled hot paths (Cython), session
7"): the model's hot modules compiled by Cython 3, unchanged, in place, as extension
modules beside their ``.py`` (``src/memcgsim/**/NAME.cpython-*.so``). Python imports an
extension module before a ``.py`` of the same name, so the compiled path replaces the
pure one module by module and the ``.py`` stays the fallback (``--purge`` removes the
``.so`` files). Compiled in Cython's pure-Python mode with Python's semantics kept:
annotations are not read as C types (``annotation_typing=False``), functions stay
introspectable (``binding=True``), division and indexing as Python's.

Not part of ``make`` or CI: it did not pay (~4-7 % fewer instructions, no CPU time
gained; bench/README.md). Kept to re-measure on another interpreter or Cython.

Usage: ``PYTHONPATH=DIR-WITH-CYTHON python bench/cython_build.py [--purge] [--list] [-j N]``
(``pip install --target DIR 'cython>=3'``; needs a C compiler). Without Cython or a
compiler it says so and exits with status 0, leaving the pure path.
"""
from __future__ import annotations

import os

from inplace_build import ROOT, SRC, build_in_place, main

#: the modules compiled: the kernel model's hot ones (churn spends ~80 % of its
#: time in kernel/, the seed loop ~85 %: bench/README.md)
MODULES = [
    "memcgsim/kernel/buffer.py", "memcgsim/kernel/cgroup.py", "memcgsim/kernel/clock.py",
    "memcgsim/kernel/dcache.py", "memcgsim/kernel/filemap.py", "memcgsim/kernel/fork.py",
    "memcgsim/kernel/idr.py", "memcgsim/kernel/lru.py", "memcgsim/kernel/memcontrol.py",
    "memcgsim/kernel/mmap.py", "memcgsim/kernel/page_alloc.py",
    "memcgsim/kernel/page_counter.py", "memcgsim/kernel/percpu.py",
    "memcgsim/kernel/pipe.py", "memcgsim/kernel/remote.py", "memcgsim/kernel/sched.py",
    "memcgsim/kernel/slab.py", "memcgsim/kernel/slub.py", "memcgsim/kernel/vmalloc.py",
    "memcgsim/kernel/vmscan.py", "memcgsim/kernel/vmstat.py",
    "memcgsim/kernel/writeback.py", "memcgsim/kernel/xarray.py",
]

#: Cython's directives: Python's semantics, the source's names and signatures kept
DIRECTIVES = {
    "language_level": 3,
    "binding": True,
    "annotation_typing": False,
    "embedsignature": True,
    "always_allow_keywords": True,
}


def build(jobs: int) -> int:
    """Compile MODULES in place; 0 also when no compiler or Cython (pure path kept)."""
    try:
        from Cython.Build import cythonize
        from setuptools import Extension
    except ImportError as e:
        print(f"cython_build: {e.name} not installed (pip install 'cython>=3'): "
              "the pure-Python path is kept")
        return 0
    exts = [Extension(m[:-3].replace("/", "."), [str(SRC / m)]) for m in MODULES]
    return build_in_place("cython_build", lambda: cythonize(
        exts, compiler_directives=DIRECTIVES, quiet=True, nthreads=jobs,
        build_dir=str(ROOT / "build" / "cython")), jobs)


if __name__ == "__main__":
    main("cython_build", __doc__, lambda a: build(a.j),
         lambda ap: ap.add_argument("-j", type=int, default=os.cpu_count() or 1,
                                    help="parallel jobs"))
