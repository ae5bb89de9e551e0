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

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"

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


def compiled() -> list[Path]:
    """The extension modules built in place under src/."""
    return sorted((SRC / "memcgsim").rglob("*.so"))


def purge() -> int:
    """Remove the built extension modules (the pure-Python path again)."""
    gone = compiled()
    for p in gone:
        p.unlink()
    print(f"cython_build: removed {len(gone)} extension modules")
    return 0


def build(jobs: int) -> int:
    """Compile MODULES in place; 0 also when no compiler or Cython (pure path kept)."""
    try:
        from Cython.Build import cythonize
        from setuptools import Distribution, Extension
    except ImportError as e:
        print(f"cython_build: {e.name} not installed (pip install 'cython>=3'): "
              "the pure-Python path is kept")
        return 0
    exts = [Extension(m[:-3].replace("/", "."), [str(SRC / m)]) for m in MODULES]
    os.chdir(SRC)       # module names from paths relative to src/
    try:
        mods = cythonize(exts, compiler_directives=DIRECTIVES, quiet=True, nthreads=jobs,
                         build_dir=str(ROOT / "build" / "cython"))
        dist = Distribution({"ext_modules": mods})
        cmd = dist.get_command_obj("build_ext")
        cmd.inplace = True
        cmd.parallel = jobs
        cmd.build_temp = str(ROOT / "build" / "cython-obj")
        cmd.build_lib = str(ROOT / "build" / "cython-lib")
        dist.run_command("build_ext")
    except Exception as e:          # no compiler, a compile error: keep the pure path
        print(f"cython_build: build failed ({type(e).__name__}: {e}): "
              "the pure-Python path is kept")
        purge()
        return 0
    print(f"cython_build: {len(compiled())} extension modules built under src/")
    return 0


def main() -> int:
    """Command line: build, --purge or --list."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--purge", action="store_true", help="remove the extension modules")
    ap.add_argument("--list", action="store_true", help="list the extension modules built")
    ap.add_argument("-j", type=int, default=os.cpu_count() or 1, help="parallel jobs")
    a = ap.parse_args()
    if a.list:
        for p in compiled():
            print(p.relative_to(ROOT))
        return 0
    if a.purge:
        return purge()
    return build(a.j)


if __name__ == "__main__":
    sys.exit(main())
