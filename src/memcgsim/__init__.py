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
#: ``typing.TYPE_CHECKING`` (mypy reads any name TYPE_CHECKING as true): the package
#: imports nothing before ``memcgsim run`` has turned the collector off
TYPE_CHECKING = False
if TYPE_CHECKING:
    from .api import Result, run
    from .designs import DESIGNS, KernelDesign, get_design
    from .kernel.bug import ModelBug
    from .machine import Kernel

__all__ = ["run", "Result", "Kernel", "KernelDesign", "DESIGNS", "get_design", "ModelBug"]
__version__ = "0.1.0"

#: the public names by the module that defines them, imported at their first use
_LAZY = {"run": "api", "Result": "api", "Kernel": "machine", "KernelDesign": "designs",
         "DESIGNS": "designs", "get_design": "designs", "ModelBug": "kernel.bug"}


def __getattr__(name: str):
    # each public name is imported at its first use: ``import memcgsim`` for the
    # Kernel alone does not load the shell (bashlex and the commands), and
    # ``memcgsim run`` imports the model with the collector off
    # (cli._collect_less: ~20 collections less, 8.5 M instructions, bench/README.md
    # session 20)
    mod = _LAZY.get(name)
    if mod is None:
        raise AttributeError(f"module 'memcgsim' has no attribute {name!r}")
    from importlib import import_module
    value = globals()[name] = getattr(import_module(f"{__name__}.{mod}"), name)
    return value


def __dir__() -> list[str]:
    """The module's names, the public ones not yet imported too."""
    return sorted({*globals(), *__all__})
