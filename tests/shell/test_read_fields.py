"""``read``'s fields (shell/readsplit.py, each shell's own splitter) against the
host's bash, dash and busybox sh on 300 random lines each: escaped separators, IFS white space and not, the last
variable's rest, ``-r``."""
from __future__ import annotations

import random
import shutil
import subprocess

import pytest

from memcgsim.shell.readsplit import bb_read_fields, dash_read_fields, read_fields

#: the IFS values tried (index -> value); the lines' alphabet holds each separator
IFSES = (" ", ":", ": ", " :", ",", "", "\t", " \t\n")
SCRIPT = r"""
while IFS='|' read -r k rf n line; do
  case $k in 0) I=' ';; 1) I=':';; 2) I=': ';; 3) I=' :';; 4) I=',';; 5) I='';;
    6) I=$(printf '\t');; 7) unset I;; esac
  printf '%s\n' "$line" | {
    if [ "$k" = 7 ]; then unset IFS; else IFS=$I; fi
    case $n in
      1) read $rf v1; printf '%s\036' "$v1";;
      2) read $rf v1 v2; printf '%s\037%s\036' "$v1" "$v2";;
      3) read $rf v1 v2 v3; printf '%s\037%s\037%s\036' "$v1" "$v2" "$v3";;
    esac; }
done < cases.txt
"""


def _cases(seed: int, n: int) -> list[tuple[int, bool, int, str]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        line = "".join(rng.choice("ab  ::,\\\t") for _ in range(rng.randint(0, 12)))
        out.append((rng.randrange(len(IFSES)), rng.random() < 0.3, rng.randint(1, 3), line))
    return out


@pytest.mark.parametrize("shell,split", [("bash", read_fields), ("dash", dash_read_fields),
                                         ("busybox", bb_read_fields)])
def test_fields_as_the_hosts_shell(tmp_path, shell, split):
    if not shutil.which(shell):
        pytest.skip(f"{shell} is not installed")
    cases = _cases(7, 300)
    (tmp_path / "cases.txt").write_text("".join(f"{k}|{'-r' if r else ''}|{n}|{line}\n"
                                                for k, r, n, line in cases))
    argv = ["busybox", "sh", "-c", SCRIPT] if shell == "busybox" else [shell, "-c", SCRIPT]
    out = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, timeout=60).stdout
    got = [rec.split("\037") for rec in out.split("\036")[:-1]]
    assert len(got) == len(cases)
    for (k, r, n, line), host in zip(cases, got):
        ifs = None if k == 7 else IFSES[k]
        assert split(line, ifs, n, r) == host, (shell, line, IFSES[k], r, n)
