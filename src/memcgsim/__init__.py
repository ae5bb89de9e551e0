"""memcgsim: an executable, deterministic model of the Linux memory controller.

Run a reproducer script against a kernel design and read what it left:

>>> import memcgsim
>>> r = memcgsim.run("cat /proc/cgroups | grep memory", kernel="5.12")
>>> r.stdout
'memory\\t1\\t1\\t1\\n'
>>> print(r.explain())
no dying memory cgroups
<BLANKLINE>

Or drive the model call by call with a `Kernel` (the syscall-like API the shell
uses). `DESIGNS` holds the kernel designs, each a `KernelDesign` (a set of switches,
each citing the kernel change behind it). A `ModelBug` is raised when the model
breaks one of its own invariants.
"""
from typing import TYPE_CHECKING

from .designs import DESIGNS, KernelDesign, get_design
from .kernel.bug import ModelBug
from .machine import Kernel

if TYPE_CHECKING:
    from .api import Result, run

__all__ = ["run", "Result", "Kernel", "KernelDesign", "DESIGNS", "get_design", "ModelBug"]
__version__ = "0.1.0"


def __getattr__(name: str):
    # run and Result load the shell (bashlex and the commands) on first use:
    # ``import memcgsim`` for the Kernel alone does not pay for it
    if name in ("run", "Result"):
        from . import api
        value = globals()[name] = getattr(api, name)
        return value
    raise AttributeError(f"module 'memcgsim' has no attribute {name!r}")
