"""``diff``'s edit scripts (shell/commands/compare.py) against the host's GNU diff
on random pairs of files: normal and unified hunks byte for byte."""
from __future__ import annotations

import random
import shutil
import subprocess

import pytest

from memcgsim.shell.commands.compare import _lines, _normal, _unified, diff_script


def _host_diff_38() -> bool:
    if not shutil.which("diff"):
        return False
    v = subprocess.run(["diff", "--version"], capture_output=True, text=True).stdout
    return "GNU diffutils" in v and " 3.8" in v.splitlines()[0]


def _pair(rng: random.Random, maxn: int, edits: int) -> tuple[bytes, bytes]:
    alpha = rng.choice(["ab", "abc", "abcdef", "aabbbc", "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"])
    a = [rng.choice(alpha) for _ in range(rng.randint(0, maxn))]
    b = list(a)
    for _ in range(rng.randint(0, edits)):
        op = rng.random()
        if op < 0.4 and b:
            del b[rng.randrange(len(b))]
        elif op < 0.8:
            b.insert(rng.randint(0, len(b)), rng.choice(alpha))
        elif b:
            b[rng.randrange(len(b))] = rng.choice(alpha)
    ta, tb = ("".join(x + "\n" for x in v).encode() for v in (a, b))
    if rng.random() < 0.1 and ta:
        ta = ta[:-1]
    return ta, tb


@pytest.mark.skipif(not _host_diff_38(), reason="GNU diff 3.8 is not installed")
@pytest.mark.parametrize("seed,maxn,edits", [(1, 30, 8), (2, 300, 40), (3, 1500, 200)])
def test_hunks_as_the_hosts_diff(tmp_path, seed, maxn, edits):
    rng = random.Random(seed)
    for _ in range(40 if maxn < 1000 else 8):
        ta, tb = _pair(rng, maxn, edits)
        (tmp_path / "a").write_bytes(ta)
        (tmp_path / "b").write_bytes(tb)
        la, lb = _lines(ta), _lines(tb)
        host = subprocess.run(["diff", "a", "b"], cwd=tmp_path, capture_output=True).stdout
        assert _normal(la, lb, diff_script(la, lb, 0)) == host, (ta, tb)
        c = rng.choice([0, 1, 3])
        host = subprocess.run(["diff", f"-U{c}", "a", "b"], cwd=tmp_path,
                              capture_output=True).stdout
        assert _unified(la, lb, diff_script(la, lb, c), c) == b"".join(
            host.splitlines(True)[2:]), (ta, tb, c)
