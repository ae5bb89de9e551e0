"""Boot a kernel under qemu with the oracle initramfs and a scratch ext4 disk; run one
script; collect its stdout (ttyS1), stderr (ttyS2) and exit status (ttyS3), apart from
the kernel's console (ttyS0)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

from . import OracleError
from .fetch import KernelTree
from .image import build_initramfs, make_disk, modules_in_order

QEMU = "qemu-system-x86_64"


@dataclass
class OracleRun:
    stdout: str
    stderr: str
    status: int
    kernel: str           # "linux-image-... VERSION"
    uname: str
    accel: str
    cgroup: str
    cpus: int
    mem: str
    boot: str
    boot_s: float
    run_s: float
    total_s: float
    console: str = ""
    notes: list[str] = field(default_factory=list)

    def footer(self) -> str:
        """The line every recording ends with."""
        boot = f" cmdline={self.boot!r}" if self.boot else ""
        return (f"[kernel-oracle] kernel={self.kernel} accel={self.accel} "
                f"cgroup={self.cgroup} rc={self.status} boot_s={self.boot_s:.2f} "
                f"run_s={self.run_s:.2f} total_s={self.total_s:.2f}{boot}")


def parse_control(text: str) -> dict[str, str]:
    """key=value lines the guest init writes to ttyS3; other lines go under "notes"."""
    out: dict[str, str] = {}
    notes = []
    for line in text.replace("\r", "").splitlines():
        m = re.match(r"^(uname|start|end|rc)=(.*)$", line)
        if m:
            out[m.group(1)] = m.group(2).strip()
        elif line.strip():
            notes.append(line.strip())
    out["notes"] = "\n".join(notes)
    return out


def parse_mem(size: str) -> str:
    """qemu's -m argument from 1G, 1024M, 512 (MiB)..."""
    m = re.fullmatch(r"(\d+)\s*([kKmMgG]?)(i?[bB])?", size.strip())
    if not m:
        raise OracleError(f"bad memory size {size!r} (e.g. 1G, 768M)")
    n, unit = int(m.group(1)), (m.group(2) or "M").upper()
    mib = {"K": n // 1024, "M": n, "G": n * 1024}[unit]
    if mib < 128:
        raise OracleError(f"memory size {size!r} too small (at least 128M)")
    return f"{mib}M"


def kvm_usable() -> bool:
    """Whether to try KVM: /dev/kvm opens and the CPU shows vmx/svm (in a nested VM
    without them /dev/kvm may exist while KVM cannot run a guest)."""
    if not os.path.exists("/dev/kvm") or not os.access("/dev/kvm", os.R_OK | os.W_OK):
        return False
    try:
        with open("/proc/cpuinfo") as f:
            flags = f.read()
    except OSError:
        return False
    return bool(re.search(r"^flags\s*:.*\b(vmx|svm)\b", flags, re.M))


def require_qemu() -> str:
    q = shutil.which(QEMU)
    if q is None:
        raise OracleError(f"{QEMU} not found: install Debian's qemu-system-x86 "
                          "(apt-get install --no-install-recommends qemu-system-x86)")
    return q


def _argv(qemu, kernel, initrd, disk, d, accel, cpus, mem, cmdline):
    a = [qemu, "-accel", accel, "-cpu", "host" if accel == "kvm" else "max",
         "-smp", str(cpus), "-m", mem, "-nodefaults", "-display", "none", "-no-reboot",
         "-monitor", "none", "-kernel", kernel, "-initrd", initrd, "-append", cmdline]
    for n in ("console", "out", "err", "ctl"):
        a += ["-serial", f"file:{os.path.join(d, n)}"]
    if disk:
        a += ["-drive", f"file={disk},format=raw,if=virtio,cache=unsafe"]
    return a


#: boots of a loaded host's TCG guest that fail before init, tried again: the
#: IO-APIC timer check (arch/x86/kernel/apic/io_apic.c ``check_timer``) counts
#: ticks over a busy-wait that a descheduled vCPU thread misses, and panics
LOAD_PANICS = (b"IO-APIC + timer doesn't work",)
#: how many more times such a boot is tried
BOOT_RETRIES = 3


class _Tail:
    """Streams a growing file to a writer."""

    def __init__(self, path: str, out) -> None:
        self.path, self.out, self.pos = path, out, 0

    def poll(self) -> None:
        if self.out is None or not os.path.exists(self.path):
            return
        with open(self.path, "rb") as f:
            f.seek(self.pos)
            chunk = f.read()
        if chunk:
            self.pos += len(chunk)
            self.out.write(chunk.decode("utf-8", "replace"))
            self.out.flush()


def run(kernel: KernelTree, script: str, cgroup: str = "v1", cpus: int = 2,
        mem: str = "1G", boot: str = "", disk_mb: int = 1024, timeout: float = 3600,
        stream: bool = False, accel: str | None = None, console_out=None,
        name: str = "script") -> OracleRun:
    """Boot ``kernel``, run ``script`` (bash text) as root with its working directory on
    an ext4 disk, and return what it printed."""
    qemu = require_qemu()
    from .fetch import fetch_userland
    user = fetch_userland()
    mem = parse_mem(mem)
    moddir = os.path.join(kernel.root, "lib", "modules", kernel.uname) if kernel.uname else ""
    modules = modules_in_order(moddir) if moddir and os.path.isdir(moddir) else []
    with tempfile.TemporaryDirectory(prefix="memcgsim-oracle-") as d:
        initrd = os.path.join(d, "initrd.cpio")
        with open(initrd, "wb") as f:
            f.write(build_initramfs(user["busybox"], user["bash"], script, cgroup,
                                    modules, disk=True, name=name))
        disk = os.path.join(d, "disk.img")
        make_disk(disk, disk_mb)
        cmdline = f"console=ttyS0 panic=-1 oops=panic {boot}".strip()
        accels = [accel] if accel else (["kvm", "tcg"] if kvm_usable() else ["tcg"])
        # a boot the host's load failed is tried again on the same accelerator
        accels += accels[-1:] * BOOT_RETRIES
        for i, acc in enumerate(accels):
            for n in ("console", "out", "err", "ctl"):
                open(os.path.join(d, n), "wb").close()
            t0 = time.monotonic()
            tails = [_Tail(os.path.join(d, "out"), sys.stdout if stream else None),
                     _Tail(os.path.join(d, "err"), sys.stderr if stream else None),
                     _Tail(os.path.join(d, "console"), console_out)]
            p = subprocess.Popen(_argv(qemu, kernel.vmlinuz, initrd, disk, d, acc, cpus,
                                       mem, cmdline),
                                 stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE)
            try:
                while p.poll() is None:
                    if time.monotonic() - t0 > timeout:
                        p.kill()
                        p.wait()
                        raise OracleError(f"the guest did not finish in {timeout:g} s")
                    for t in tails:
                        t.poll()
                    time.sleep(0.2)
            except KeyboardInterrupt:
                p.kill()
                p.wait()
                raise
            for t in tails:
                t.poll()
            total = time.monotonic() - t0
            qerr = p.stderr.read().decode("utf-8", "replace")
            ctl = parse_control(open(os.path.join(d, "ctl"), "rb").read().decode("utf-8", "replace"))
            if "start" not in ctl and i + 1 < len(accels):
                if acc != accels[i + 1] and p.returncode != 0:
                    continue        # KVM did not work: fall back to TCG
                with open(os.path.join(d, "console"), "rb") as f:
                    if any(m in f.read() for m in LOAD_PANICS):
                        continue
            break
        console = open(os.path.join(d, "console"), "rb").read().decode("utf-8", "replace")
        out = open(os.path.join(d, "out"), "rb").read().decode("utf-8", "surrogateescape")
        err = open(os.path.join(d, "err"), "rb").read().decode("utf-8", "surrogateescape")
    if "rc" not in ctl:
        tail = "\n".join(console.replace("\r", "").splitlines()[-15:])
        why = qerr.strip() or "the guest stopped before the script finished"
        raise OracleError(f"{why}\n--- last console lines:\n{tail}")
    start, end = float(ctl.get("start", 0)), float(ctl.get("end", 0))
    return OracleRun(stdout=out, stderr=err, status=int(ctl["rc"]), kernel=kernel.label,
                     uname=ctl.get("uname", ""), accel=acc, cgroup=cgroup, cpus=cpus,
                     mem=mem, boot=boot, boot_s=start, run_s=end - start, total_s=total,
                     console=console, notes=[n for n in ctl["notes"].splitlines() if n])
