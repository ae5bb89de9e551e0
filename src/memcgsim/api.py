"""``memcgsim.run()``: a bash script run on a freshly booted model kernel, as
``memcgsim run`` does, and its :class:`Result`.

>>> import memcgsim
>>> r = memcgsim.run("mkdir /sys/fs/cgroup/memory/a && echo made", kernel="5.12")
>>> r.stdout, r.status
('made\\n', 0)
>>> r.kernel.memory_cgroup_count()
2
"""
from __future__ import annotations

import os
from typing import Callable, Iterable

from .codecache import dataclass
from .designs import NEWEST
from .machine import Kernel
from .shell.interp import Result as ShellResult
from .shell.interp import run_script

__all__ = ["run", "Result", "read_script"]


@dataclass(kw_only=True)
class Result(ShellResult):
    """What a script run left: its output and exit status (the fields of the shell's
    result: ``stdout``, ``stderr``, ``status``, ``output``, the ``("out" | "err",
    text)`` chunks in the order written, and ``not_modelled``, the commands the model
    lacks by calls), and the model kernel it ran on, which stays inspectable (and
    runnable: ``kernel.advance(60)``) after the script's end."""

    kernel: Kernel
    """The model kernel, as the script left it."""
    name: str = "bash"
    """The script's name, as ``$0`` and error messages give it."""
    ended_at: float = 0.0
    """Simulated seconds since boot when the script's shell exited."""

    def snapshot(self):
        """The model's state now, as ``memcgsim run``'s reports take it
        (`memcgsim.analysis.snapshot.take`: counts, dying cgroups, tree)."""
        from .analysis.snapshot import take
        return take(self.kernel, at_end=self.kernel.now == self.ended_at, with_tree=True)

    def explain(self, top: int | None = 5, full: bool = False,
                as_json: bool = False) -> "str | dict":
        """What pins each dying memory cgroup now, as ``memcgsim run --explain
        [--top N | --full]`` prints it: the ``top`` patterns of pins by bytes (all
        with None), or with ``full`` every cgroup and every holder. With
        ``as_json``, the document ``--explain --json`` prints (a ``snapshot`` of
        docs/explain.schema.json)."""
        from .analysis import snapshot as sn
        from .analysis.patterns import explain_text
        if as_json:
            return sn.snapshot_json(sn.take(self.kernel, at_end=self.kernel.now == self.ended_at))
        from .analysis.explain import explain
        return explain_text(explain(self.kernel), top=None if full else top, full=full)

    def tree(self, as_json: bool = False) -> "str | list[dict]":
        """The memory cgroup hierarchy now, live and dying, with usage and pins, as
        ``memcgsim run --tree`` prints it; with ``as_json``, one dict per cgroup."""
        from .analysis.tree import tree_lines, tree_text
        rows = tree_lines(self.kernel)
        return rows if as_json else tree_text(rows)

    def prometheus(self) -> str:
        """The counts now as a Prometheus text exposition, as ``memcgsim run
        --prometheus`` prints it."""
        from .analysis.prometheus import exposition
        return exposition([self.snapshot()])

    def summary(self) -> dict:
        """The counts ``memcgsim compare`` shows for the kernel now
        (`memcgsim.analysis.summary.summary`)."""
        from .analysis.summary import summary
        return summary(self.kernel)


def read_script(path: "str | os.PathLike") -> tuple[str, str]:
    """A script file's text (bytes that are not UTF-8 kept as surrogate escapes, line
    ends as they are: bash reads a CR of a CRLF line as part of the line) and its name
    (the file's base name)."""
    with open(path, encoding="utf-8", errors="surrogateescape", newline="") as f:
        return f.read(), os.path.basename(os.fspath(path))


def run(script: "str | os.PathLike", *, kernel: str = NEWEST, cgroup: str = "v1",
        cpus: int = 2, nodes: int = 1, mem: "str | int | None" = None, seed: int = 0,
        boot: str = "",
        init: str = "systemd", userland: str = "gnu", pace: float = 1.0,
        name: str | None = None,
        args: Iterable[str] = (),
        at: Iterable[tuple[float, Callable[[Kernel, float], object]]] = (),
        echo: Callable[[str, str], object] | None = None,
        on_kernel: Callable[[Kernel], object] | None = None) -> Result:
    """Boot a model kernel and run ``script`` on it as root, as ``memcgsim run`` does
    (the options have its names and defaults); the script's shell exits at the end,
    what it left running goes on in the model.

    - ``script``: the script's text, or a path (``pathlib.Path``) to read it from.
    - ``kernel``: a design of ``memcgsim.DESIGNS`` ("3.10-rhel7", "5.10", "5.12",
      "seed-v1", "5.13", "6.1", "lru-reparent"); default 6.1, the newest.
    - ``cgroup``: "v1" mounts the memory hierarchy at /sys/fs/cgroup/memory
      (default), "v2" cgroup2 at /sys/fs/cgroup.
    - ``cpus``: simulated CPUs (default 2); ``nodes``: NUMA nodes (default 1).
    - ``mem``: the host's RAM, bytes or a size such as "64G" (default: the oracle
      guests' 1 GiB): MemTotal, the zone watermarks, when kswapd wakes.
    - ``seed``: seeds ``$RANDOM`` and the model (default 0).
    - ``boot``: the kernel command line, ``cgroup.memory=nokmem`` and/or
      ``nosocket`` (default empty).
    - ``init``: the user space that booted, "systemd" (default: +memory at the
      cgroup2 root, v1 use_hierarchy) or "busybox" (the kernel's defaults).
    - ``userland``: whose programs the script runs, "gnu" (default: coreutils'
      messages and statuses) or "busybox" (1.35's, as the oracle's guests).
    - ``pace``: multiplies the simulated cost of fork, exec, exit and cgroup
      mkdir/rmdir (default 1).
    - ``name``: the script's ``$0``; default a path's base name, else "bash".
    - ``args``: its positional parameters.
    - ``at``: ``(seconds, fn)`` pairs; ``fn(kernel, seconds)`` is called at that
      simulated time while the script runs (to read the model, not to change it).
    - ``echo``: ``echo(stream, text)`` gets the output as it is written ("out" or
      "err"); ``on_kernel``: called with the kernel before the script starts.

    A bad option raises ``ValueError``; a missing script file ``OSError``. The
    script's own errors are bash's: in ``stderr`` and ``status``.
    """
    if isinstance(script, os.PathLike):
        text, base = read_script(script)
        name = base if name is None else name
    else:
        text = script
    name = "bash" if name is None else name
    k = Kernel(design=kernel, cgroup=cgroup, nr_cpus=cpus, nodes=nodes, mem=mem, seed=seed,
               boot=boot,
               init=init, pace=pace, userland=userland)
    for t, fn in at:
        k.clock.call_at(int(t * 1e9), fn, k, t)
    if on_kernel is not None:
        on_kernel(k)
    res = run_script(k, text, name, args=args, seed=seed, echo=echo)
    from dataclasses import fields     # here: .codecache imports it first, without inspect
    return Result(**{f.name: getattr(res, f.name) for f in fields(res)}, kernel=k, name=name,
                  ended_at=k.now)
