"""The oracle boots again when the host's load failed a guest's boot (qemu.py
``LOAD_PANICS``), and only then: a fake qemu stands in for the guest."""
from __future__ import annotations

import sys

import pytest

from memcgsim.oracle import OracleError, fetch, qemu

#: a stand-in for qemu: serial files from "-serial file:PATH" (console, out, err,
#: ctl); the Nth boot's console text is PANICS[N] if any, else the script runs
FAKE = """import pathlib, sys
serial = [a[5:] for a in sys.argv if a.startswith("file:")]
count = pathlib.Path(sys.argv[0]).with_suffix(".n")
n = int(count.read_text()) if count.exists() else 0
count.write_text(str(n + 1))
panics = %r
if n < len(panics):
    pathlib.Path(serial[0]).write_text(panics[n])
    sys.exit(0)
pathlib.Path(serial[1]).write_text("hello\\n")
pathlib.Path(serial[3]).write_text("uname=6.1.0\\nstart=1.0\\nend=1.5\\nrc=0\\n")
"""


def _fake_guest(tmp_path, monkeypatch, panics: list[str]):
    script = tmp_path / "qemu.py"
    script.write_text(FAKE % (panics,))
    exe = tmp_path / "qemu"
    exe.write_text(f"#!/bin/sh\nexec {sys.executable} {script} \"$@\"\n")
    exe.chmod(0o755)
    monkeypatch.setattr(qemu, "require_qemu", lambda: str(exe))
    monkeypatch.setattr(qemu, "kvm_usable", lambda: False)
    monkeypatch.setattr(fetch, "fetch_userland", lambda: {"busybox": "", "bash": ""})
    monkeypatch.setattr(qemu, "build_initramfs", lambda *a, **k: b"")
    monkeypatch.setattr(qemu, "make_disk", lambda path, size: open(path, "wb").close())
    kernel = fetch.KernelTree("linux-image-test", "1", str(tmp_path), "vmlinuz", "", "")
    return kernel, script.with_suffix(".n")


def test_a_timer_check_panic_boots_again(tmp_path, monkeypatch):
    panic = "Kernel panic - not syncing: IO-APIC + timer doesn't work!  Boot with apic=debug\n"
    kernel, count = _fake_guest(tmp_path, monkeypatch, [panic, panic])
    r = qemu.run(kernel, "echo hello", accel=None, timeout=60)
    assert (r.stdout, r.status, count.read_text()) == ("hello\n", 0, "3")


def test_other_boot_failures_are_reported_at_once(tmp_path, monkeypatch):
    kernel, count = _fake_guest(tmp_path, monkeypatch, ["Kernel panic - not syncing: VFS\n"])
    with pytest.raises(OracleError, match="stopped before the script finished"):
        qemu.run(kernel, "echo hello", timeout=60)
    assert count.read_text() == "1"


def test_retries_end(tmp_path, monkeypatch):
    panic = "IO-APIC + timer doesn't work!\n"
    kernel, count = _fake_guest(tmp_path, monkeypatch, [panic] * 9)
    with pytest.raises(OracleError, match="IO-APIC"):
        qemu.run(kernel, "echo hello", timeout=60)
    assert count.read_text() == str(1 + qemu.BOOT_RETRIES)
