"""The compiled path measured in bench/README.md ("Compiled hot paths (mypyc), session
9"): the kernel model's hot call graph (churn's and the seed's) compiled together by
mypyc, in place beside the ``.py`` (``src/memcgsim/kernel/NAME.cpython-*.so`` and the
group's shared library ``src/*__mypyc.cpython-*.so``). Python imports an extension
module before a ``.py`` of the same name, so the ``.py`` stays the fallback
(``--purge`` removes the ``.so`` files). mypyc compiles only code that type-checks
and enforces the annotations at run time (a wrong one raises TypeError there): run
the tests against the compiled tree after any change to these modules.

Usage: ``PYTHONPATH=DIR-WITH-MYPY python bench/mypyc_build.py [--purge] [--list]``
(``pip install --target DIR mypy setuptools``; needs a C compiler and Python's
headers). Without mypy or a compiler it says so and exits with status 0, leaving
the pure path.
"""
from __future__ import annotations

from inplace_build import ROOT, build_in_place, main

#: the modules compiled together: the hot path's whole typed call graph (a native
#: object read from interpreted code goes through getset descriptors, slower than
#: 3.11's inline caches: compiling part of it costs more, bench/README.md)
MODULES = [
    f"memcgsim/kernel/{m}.py" for m in (
        "clock", "cgroup", "filemap", "fork", "idr", "lru", "memcontrol", "mmap",
        "page_alloc", "page_counter", "percpu", "slab", "slub", "vmstat", "xarray")
]


def build(opt_level: str) -> int:
    """Compile MODULES in place; 0 also when no compiler or mypy (pure path kept)."""
    try:
        from mypyc.build import mypycify
    except ImportError as e:
        print(f"mypyc_build: {e.name} not installed (pip install mypy setuptools): "
              "the pure-Python path is kept")
        return 0
    # the rest of the program is read for its types, its own errors not reported
    return build_in_place("mypyc_build", lambda: mypycify(
        ["--follow-imports=silent", "--ignore-missing-imports", *MODULES],
        opt_level=opt_level, target_dir=str(ROOT / "build" / "mypyc")))


if __name__ == "__main__":
    main("mypyc_build", __doc__, lambda a: build(a.opt),
         lambda ap: ap.add_argument("-O", dest="opt", default="3",
                                    help="C optimisation level (mypyc's)"))
