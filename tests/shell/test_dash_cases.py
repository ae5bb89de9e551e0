"""The model's dash (shell/dash.py, the gnu userland's ``sh``) against the real one:
each ``dash_cases/NAME.sh``, run by the model's ``sh`` under the gnu userland, prints
what dash 0.5.12 printed for it (``NAME.json``, made by ``dash_cases/record.py``).
Where dash 0.5.12 is installed, the stored outputs are checked against it too."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from memcgsim import Kernel

from shell_cases import expected, load_recorder, model

HERE = os.path.join(os.path.dirname(__file__), "dash_cases")
dash_record = load_recorder(HERE, "dash_record")
CASES = dash_record.cases()


def _expected(name: str) -> dict:
    return expected(HERE, name)


def _model(name: str) -> dict:
    return model(HERE, name, Kernel(design="6.1", cgroup="v2", userland="gnu"))


@pytest.mark.parametrize("name", CASES)
def test_model_prints_what_dash_printed(name):
    assert _model(name) == _expected(name)


def _dash_0512() -> bool:
    if not shutil.which("dash"):
        return False
    r = subprocess.run(["dpkg-query", "-W", "-f", "${Version}", "dash"], capture_output=True,
                       text=True) if shutil.which("dpkg-query") else None
    return r is not None and r.stdout.startswith("0.5.12")


@pytest.mark.skipif(not _dash_0512(), reason="dash 0.5.12 is not installed")
@pytest.mark.parametrize("name", CASES)
def test_stored_outputs_are_dash_0512s(name):
    """The stored outputs are what the host's dash 0.5.12 prints (checks the
    recordings, not the model)."""
    assert dash_record.run_dash(name) == _expected(name)
