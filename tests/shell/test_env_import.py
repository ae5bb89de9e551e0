"""A bash's start-up chunks by its environment (shell/envimport.py; calibration/
bash-c-env.sh, recorded on both guests: docs/fidelity.md item 400)."""
from __future__ import annotations

from memcgsim import Kernel
from memcgsim.shell import run_script
from memcgsim.shell.envimport import PLAIN_ENV, import_bytes
from memcgsim.shell.malloc import PAGE


def _vars(n: int) -> dict[str, str]:
    return {f"E{i:03d}": "v" * 20 for i in range(1, n + 1)}


def test_each_variable_costs_its_six_chunks_as_the_guests_tables_moved():
    """The guests' tables made after the import (a 1024-bucket HASH_TABLE at 37344
    with an empty environment) lie at 42464 with 20 variables, 88544 with 200 and
    37664 with the script's own environment (calibration/recordings/
    bash-c-env--6.1-v2.txt, 5.10 the same): 256 bytes a variable (two 32-byte
    names, a 32-byte value, a 64-byte SHELL_VAR, a 48-byte bucket and exportstr),
    320 for HOME, TERM, PATH, PWD, SHLVL and ``_``."""
    assert import_bytes(_vars(20)) == 42464 - 37344
    assert import_bytes(_vars(200)) == 88544 - 37344
    assert import_bytes(PLAIN_ENV) == 37664 - 37344


def test_a_table_past_twice_its_buckets_grows_fourfold():
    """hashlib.c ``hash_grow`` at the 2049th entry (46 of bash's own): a 4096-pointer
    array for the 1024 one, whose chunk the next requests take."""
    n = 2048 - 46
    assert import_bytes(_vars(n + 1)) - import_bytes(_vars(n)) == 256 + 32784 - 8208


def _heap_pages(exports: int) -> int:
    """The ``[heap]`` pages of a ``bash -c`` run with ``exports`` more variables, as
    the background subshell it forks maps them once the script has ended."""
    k = Kernel(design="6.1", cgroup="v2", init="busybox", userland="busybox")
    names = " ".join(f"E{i:03d}={'v' * 20}" for i in range(1, exports + 1))
    run_script(k, (f"export {names}\n" if exports else "")
               + "bash -c 'x=1; ( sleep 100; : ) &'\n", "t.sh")
    heaps = [len(t.mm.vmas["[heap]"].pages) for t in k.tasks.values()
             if t.mm is not None and "[heap]" in t.mm.vmas]
    assert len(heaps) == 1
    return heaps[0]


def test_a_bash_c_of_200_more_variables_writes_its_heap_that_much_further():
    """16 heap pages with the script's environment; 200 variables more move the top
    51200 bytes (12.5 pages) from page 15.5: 29 pages (the guests' `bash -c`, at
    its first fork, 19 and 34: the export environment's copies besides)."""
    assert _heap_pages(0) == 16
    assert (15 * PAGE + PAGE // 2 + 51200 + 16) // PAGE == 28
    assert _heap_pages(200) == 29
