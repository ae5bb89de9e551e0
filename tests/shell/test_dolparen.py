"""A ``$(...)``'s parse in the parent and the unwind-protect saves in bash's arena
(shell/dolparen.py, shell/execframes.py; docs/fidelity.md item 221): what bash
5.2.15 allocates for them (calibration/parse-tree-malloc.sh with ``MTR=mtrbt``)."""
from __future__ import annotations

from types import SimpleNamespace

from memcgsim import Kernel
from memcgsim.shell import dolparen, execframes, interp, run_script
from memcgsim.shell.malloc import Heap


def _sh() -> SimpleNamespace:
    return SimpleNamespace(heap=Heap(None, None, top=0, brk=0), uw_cache=[], uw_used=[],
                           noexec=None, ps_chunks=(), wdcache=[], wlcache=[],
                           cur_cmd="echo $(cat /proc/self/status)")


def test_unwind_protect_mem_saves_fill_the_cache_up_to_128():
    """Each save is a new chunk (28 bytes and the variable's, at least 32); run,
    the frame's elements go to the cache, the newest first, and those past
    ``UWCACHESIZE`` are freed."""
    sh = _sh()
    n = execframes.save_mem(sh, execframes.EXECUTE_FUNCTION_SAVES, execframes.EXECUTE_FUNCTION_ELTS)
    assert n == 12 and [c[1] for c in sh.uw_used[4:]] == [48, 48, 48, 48, 240, 48, 48, 48]
    execframes.run_frame(sh, n)
    assert sh.uw_used == [] and len(sh.uw_cache) == 12
    assert sh.uw_cache[0][1] == 48 and sh.uw_cache[3][1] == 240     # the last saved first
    for _ in range(12):
        execframes.run_frame(sh, execframes.save_mem(sh, (32,) * 10, 2))
    assert len(sh.uw_cache) == execframes.UWCACHESIZE
    execframes.run_frame(sh, execframes.save_mem(sh, (32,) * 7, 2))
    top = sh.heap.top
    execframes.run_frame(sh, execframes.save_mem(sh, (32,) * 7, 2))
    assert len(sh.uw_cache) == execframes.UWCACHESIZE and sh.heap.top == top   # freed, reused


def test_a_dollar_paren_moves_pipestatus_and_keeps_the_prologues_saves():
    """``xparse_dolparen``: the ``PIPESTATUS`` copy replaces the array (the old
    one freed), ``parse_prologue``'s ten saves and three elements go to the cache,
    the parse's buffers and tree are freed."""
    sh = _sh()
    node = interp._parse_program("cat /proc/self/status\n")
    dolparen.xparse_dolparen(sh, node)
    first = sh.ps_chunks
    assert [c[1] for c in first] == [48, 48, 48, 32]
    assert sh.uw_used == [] and len(sh.uw_cache) == 13
    assert sorted(c[1] for c in sh.uw_cache).count(240) == 1
    dolparen.xparse_dolparen(sh, node)
    assert sh.ps_chunks != first and len(sh.uw_cache) == 23


def _parses(monkeypatch, text: str) -> int:
    n = [0]
    orig = dolparen.xparse_dolparen

    def count(sh, node):
        if sh.noexec is None:
            n[0] += 1
        return orig(sh, node)
    monkeypatch.setattr(dolparen, "xparse_dolparen", count)     # interp calls it there
    k = Kernel(design="6.1", cgroup="v2", init="busybox", userland="busybox")
    assert run_script(k, text, "t.sh").status == 0
    return n[0]


def test_double_quotes_parse_a_dollar_paren_twice_backquotes_never(monkeypatch):
    """subst.c: ``string_extract_double_quoted`` skips a quoted ``$(...)`` with
    ``extract_command_subst`` before the quoted text is expanded; a backquoted
    command is only scanned for its closing quote."""
    assert _parses(monkeypatch, 'a=$(echo x)\n') == 1
    assert _parses(monkeypatch, 'echo "$(echo x) $(echo y)"\n') == 4
    assert _parses(monkeypatch, 'echo `echo x` "`echo y`"\n') == 0
