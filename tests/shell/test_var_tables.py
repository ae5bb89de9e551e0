"""bash's start-up hash tables in the guests' arena: a new variable or function, or
one removed, writes its table's count and its bucket's slot (shell/vartable.py;
shell/startheap.py ``GUEST_HASH_TABLES``; docs/fidelity.md item 321), pages a forked
child may still map."""
from __future__ import annotations

from memcgsim import Kernel
from memcgsim.shell import run_script


def _copied(before: str, after: str) -> list[int]:
    """The ``[heap]`` pages the script's bash copies (a page it maps written with a
    new frame) while it runs ``before``, forks a subshell that blocks, runs
    ``after`` and lets the subshell go."""
    k = Kernel(design="6.1", cgroup="v2", init="busybox", userland="busybox")
    spawn, touch = k.spawn, k.touch
    first: list = []
    pages: set[int] = set()

    def my_spawn(*a, **kw):
        t = spawn(*a, **kw)
        first.append(t)
        return t

    def my_touch(task, area, lo, hi):
        vma = task.mm.vmas.get(area) if task is first[0] and area == "[heap]" else None
        old = {p: vma.pages.get(p) for p in range(lo, hi + 1)} if vma else {}
        touch(task, area, lo, hi)
        if vma is not None:
            pages.update(p for p in range(lo, hi + 1) if old[p] and vma.pages.get(p) != old[p])

    k.spawn, k.touch = my_spawn, my_touch
    run_script(k, f"mkfifo /tmp/f; exec 3<>/tmp/f\n{before}\n( read x < /tmp/f; : ) &\n"
                  f"{after}\necho go >&3; wait\n", "t.sh")
    return sorted(pages)


def test_a_new_variable_copies_the_tables_pages_a_child_maps():
    """``d=$!`` after a fork made ``d`` (hash_insert: the table's ``nentries`` on
    page 1, ``d``'s slot 379 on page 2): the guest's bash copied heap pages 1 and 2
    there (tools/sizes/recordings/shell-heap-trace-child--5.10-v2-2cpu-daemon-rmdir
    .txt.gz); assigning a variable that exists writes neither."""
    fork = [0, 5, 6, 13, 15, 18]        # the subshell's fork and job (kernel/fork.py)
    assert _copied("d=0", "d=1") == fork
    assert _copied("e=0", "d=1") == sorted(fork + [1, 2])


def test_unset_and_a_new_function_write_their_tables():
    """``unset e`` (hash_remove: slot 378, page 2, and the count) copies pages 1-2; a
    new function ``f`` is put in ``shell_function_defs`` and ``shell_functions``
    (their counts on pages 4 and 3, ``f``'s slot 377 on pages 5 and 4: page 5 the
    fork's own), a redefinition in neither."""
    fork = [0, 5, 6, 13, 15, 18]
    assert _copied("d=0; e=0", "unset e") == sorted(fork + [1, 2])
    assert _copied("d=0", "unset e") == fork
    assert _copied("g() { :; }", "f() { :; }") == sorted(fork + [3, 4])
    assert _copied("f() { :; }", "f() { :; }") == fork




def test_a_childs_names_stay_its_own():
    """A subshell's new variable enters its own copy of the bucket chains: ``ew``,
    made in a subshell, shares start-up ``OPTERR``'s bucket (889, page 3) there
    only, so the parent's ``unset OPTERR`` finds it its bucket's first and writes
    the slot."""
    fork = [0, 5, 6, 13, 15, 18]
    assert _copied("( ew=1 )", "unset OPTERR") == sorted(fork + [1, 3])
