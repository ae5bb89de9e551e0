"""What bench/cython_build.py and bench/mypyc_build.py share: extension modules built
in place under ``src/`` beside their ``.py`` (which stays the fallback), listed with
``--list`` and removed with ``--purge``."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"


def compiled() -> list[Path]:
    """The extension modules built in place under src/."""
    return sorted(SRC.rglob("*.so"))


def purge(tool: str) -> int:
    """Remove the built extension modules (the pure-Python path again)."""
    gone = compiled()
    for p in gone:
        p.unlink()
    print(f"{tool}: removed {len(gone)} extension modules")
    return 0


def build_in_place(tool: str, make: Callable[[], list], jobs: int = 1) -> int:
    """Build the extension modules ``make`` returns (run from ``src/``: module names
    from paths relative to it) in place; on any failure (no compiler, a compile or
    type error) the pure path is kept. 0 either way."""
    os.chdir(SRC)
    try:
        from setuptools import Distribution
        dist = Distribution({"ext_modules": make()})
        cmd = dist.get_command_obj("build_ext")
        cmd.inplace = True
        cmd.parallel = jobs
        cmd.build_temp = str(ROOT / "build" / f"{tool}-obj")
        cmd.build_lib = str(ROOT / "build" / f"{tool}-lib")
        dist.run_command("build_ext")
    except (Exception, SystemExit) as e:
        print(f"{tool}: build failed ({type(e).__name__}: {e}): the pure-Python path is kept")
        purge(tool)
        return 0
    print(f"{tool}: {len(compiled())} extension modules built under src/")
    return 0


def main(tool: str, doc: str, build: Callable[[argparse.Namespace], int],
         options: Callable[[argparse.ArgumentParser], None]) -> None:
    """Command line: build (``options`` adds the tool's own), --purge or --list."""
    ap = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    ap.add_argument("--purge", action="store_true", help="remove the extension modules")
    ap.add_argument("--list", action="store_true", help="list the extension modules built")
    options(ap)
    a = ap.parse_args()
    if a.list:
        for p in compiled():
            print(p.relative_to(ROOT))
        sys.exit(0)
    sys.exit(purge(tool) if a.purge else build(a))
