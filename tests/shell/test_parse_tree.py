"""bash's parse trees, function copies and ``execute_command`` frames in its arena
(shell/parsetree.py, shell/execframes.py; docs/fidelity.md items 211-213): the
structures bash 5.2 allocates for what it reads, checked against bash 5.2.15's own
calls (calibration/parse-tree-malloc.sh) and the guests' arena."""
from __future__ import annotations

import importlib.util
import os
from types import SimpleNamespace

from memcgsim import Kernel
from memcgsim.shell import interp, run_script
from memcgsim.shell import execframes
from memcgsim.shell.malloc import PAGE, Heap
from memcgsim.shell.parser import Src, parse
from memcgsim.shell.parsetree import definition_sizes, tree_sizes

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def test_a_for_loops_tree_is_bashs_structures_in_parse_order():
    """``for i in a b; do echo $i > f; done``: the name's word, the list's words and
    cells, the body's first word, its ``COMMAND`` and ``SIMPLE_COM`` (32, 24), its
    other word, the redirection's word and ``REDIRECT`` (48), then the ``FOR_COM``
    and its ``COMMAND`` (32 each)."""
    node = parse(Src("for i in a b; do echo $i > f; done\n"))
    assert tree_sizes(node) == (16, 2, 16, 2, 16, 16, 2, 16,
                                16, 5, 32, 24, 16, 16, 3, 16, 16, 2, 48,
                                32, 32)


def test_a_list_is_one_connection_a_separator():
    """``a; b && c``: two simple commands, then for ``&&`` and ``;`` a
    ``CONNECTION`` and its ``COMMAND`` each (command_connect)."""
    node = parse(Src("a; b && c\n"))
    sizes = tree_sizes(node)
    simple = (16, 2, 32, 24, 16)
    assert sizes == simple * 3 + (32, 32) + (32, 32)


def _capture(monkeypatch) -> list:
    shells: list = []
    orig = interp.Shell.define_function

    def define(self, name, body):
        shells.append(self)
        return orig(self, name, body)
    monkeypatch.setattr(interp.Shell, "define_function", define)
    return shells


def test_a_function_keeps_two_copies_of_its_body_until_unset(monkeypatch):
    """``bind_function_def`` and ``bind_function`` each keep a copy; ``unset -f``
    frees them, a redefinition replaces them."""
    shells = _capture(monkeypatch)
    k = Kernel(design="6.1", cgroup="v2", init="busybox", userland="busybox")
    r = run_script(k, "f() { echo a; }\ng() { echo b c; }\ng() { :; }\nunset -f f\ng\n", "t.sh")
    assert r.status == 0
    sh = shells[0]
    assert set(sh.func_chunks) == {"g"}
    body = parse(Src("g() { :; }\n")).items[0][0].body
    want = definition_sizes("g", "t.sh", body)
    # every request kept, its WORD_DESC and WORD_LIST cells from bash's caches
    # (shell/wordcache.py: the other definitions' cells, back there once freed)
    assert [sorted(c[1] for c in held[0] + held[2] + held[3]) for held in sh.func_chunks["g"]] == [
        sorted(max(32, (n + 8 + 15) & ~15) for n in sizes) for sizes in want]
    assert any(held[2] or held[3] for held in sh.func_chunks["g"])


def test_a_list_of_n_commands_holds_n_minus_1_frames():
    """``enter(sh, n)``: a bitmap (16 and 32 bytes) a level and two unwind-protect
    elements each, the elements malloc'd only when the cache has none (it keeps
    the freed ones); ``leave`` frees the innermost level's bitmap."""
    heap = Heap(None, None, top=0, brk=0)
    sh = SimpleNamespace(heap=heap, uw_cache=[], uw_used=[], noexec=None)
    frames = execframes.enter(sh, 3)
    assert [c[1] for c in frames] == [32, 48] * 3
    assert (len(sh.uw_used), len(sh.uw_cache)) == (6, 0)
    top = heap.top
    execframes.leave(sh, frames)
    assert len(frames) == 4 and (len(sh.uw_used), len(sh.uw_cache)) == (4, 2)
    inner = execframes.enter(sh, 1)
    assert (len(sh.uw_used), len(sh.uw_cache)) == (6, 0)   # from the cache
    assert heap.top == top                          # the bitmap's chunks again (tcache)
    execframes.leave(sh, inner)
    execframes.leave(sh, frames, 2)
    assert frames == [] and sh.uw_used == [] and len(sh.uw_cache) == 6


def _guest_top(path: str) -> float:
    spec = importlib.util.spec_from_file_location(
        "bash_heap_arena", os.path.join(ROOT, "calibration", "bash-heap-arena.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    with open(path, encoding="utf-8") as f:
        return mod.walk(mod.blocks(f.read()))["top"] / PAGE


def test_the_arena_at_round_0s_substitution_reaches_near_the_guests_top(monkeypatch):
    """calibration/runtime-cycle-arena.sh: the script bash's top chunk as it forks
    the probe before round 0's ``v=$(...)``: page 31.2 on the 6.1 guest (walked from
    /proc/PID/mem), 19.1 in the model without the loop's tree and the functions'
    copies, 27.1 with them (what is left: docs/fidelity.md item 211)."""
    guest = _guest_top(os.path.join(ROOT, "calibration", "recordings",
                                    "runtime-cycle-arena--6.1-v2.txt"))
    seen: list[float] = []
    orig = interp.Shell.run_external

    def run_external(self, argv, node, env):
        if argv[:2] == ["busybox", "sh"]:
            seen.append(self.heap.top / PAGE)
        return orig(self, argv, node, env)
    monkeypatch.setattr(interp.Shell, "run_external", run_external)
    with open(os.path.join(ROOT, "calibration", "runtime-cycle-arena.sh"), encoding="utf-8") as f:
        text = f.read()
    k = Kernel(design="6.1", cgroup="v2", init="busybox", userland="busybox")
    run_script(k, text, "runtime-cycle-arena.sh")
    assert 31 < guest < 32
    assert len(seen) == 1 and guest - 4.5 < seen[0] < guest + 1


def test_proc_maps_heap_ends_at_brk():
    """calibration/runtime-cycle-heap-extent.sh: ``[heap]`` in /proc/PID/maps spans
    the heap up to brk (the guest: 127 pages after round 0's ``v=$(...)``, 64 after
    its ``unset``), not to the last page written."""
    with open(os.path.join(ROOT, "calibration", "runtime-cycle-heap-extent.sh"), encoding="utf-8") as f:
        text = f.read()
    k = Kernel(design="6.1", cgroup="v2", init="busybox", userland="busybox")
    r = run_script(k, text, "runtime-cycle-heap-extent.sh")
    ext = {}
    for line in r.stdout.splitlines():
        if line.startswith("heap "):
            label, _, rng = line[5:].rpartition(": ")
            lo, hi = (int(x, 16) for x in rng.split("-"))
            ext[label] = (hi - lo) // PAGE
    assert ext["start"] == 34
    assert 120 <= ext["round 0 after v"] <= 127
    assert 56 <= ext["round 0 after unset"] <= 64
