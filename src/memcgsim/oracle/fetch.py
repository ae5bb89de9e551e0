"""Fetch Debian kernel, busybox-static and bash-static packages with a private apt
configuration (the machine's own apt sources are never touched) into a per-user cache.

Cache: ``$XDG_CACHE_HOME/memcgsim`` or ``~/.cache/memcgsim``::

    apt/        private sources.list, lists, archives
    debs/       downloaded .deb files
    x/<deb>/    each .deb unpacked (dpkg-deb -x)
"""
from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
from dataclasses import dataclass

from . import OracleError

#: series -> (pinned package, pinned version, Debian suite, archive URL)
SERIES = {
    "5.10": ("linux-image-5.10.0-46-amd64", "5.10.262-1", "bullseye-security",
             "http://deb.debian.org/debian-security"),
    "6.1": ("linux-image-6.1.0-56-amd64", "6.1.192-2", "bookworm",
            "http://deb.debian.org/debian"),
}
KEYRING = "/usr/share/keyrings/debian-archive-keyring.gpg"
#: guest userland, from the same suite as the host-independent bookworm archive
USERLAND = ("busybox-static", "bash-static")


def cache_dir() -> str:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "memcgsim")


def _mirrors() -> dict[str, str]:
    """Mirror hosts the machine's own apt sources use for debian and debian-security."""
    found = {"debian": "http://deb.debian.org/debian",
             "debian-security": "http://deb.debian.org/debian-security"}
    texts = []
    for p in ["/etc/apt/sources.list", *glob.glob("/etc/apt/sources.list.d/*")]:
        try:
            with open(p, encoding="utf-8", errors="replace") as f:
                texts.append(f.read())
        except OSError:
            pass
    for url in re.findall(r"(https?://\S+?/debian(?:-security)?)/?(?=\s|$)", "\n".join(texts)):
        if "snapshot.debian.org" in url:
            continue
        key = "debian-security" if url.endswith("-security") else "debian"
        found[key] = url
    return found


def _sources() -> str:
    m = _mirrors()
    keyring = f" [signed-by={KEYRING}]" if os.path.exists(KEYRING) else ""
    # point releases lag: bookworm's newest kernel build may be in bookworm-security
    return (f"deb{keyring} {m['debian-security']} bullseye-security main\n"
            f"deb{keyring} {m['debian']} bookworm bookworm-updates main\n"
            f"deb{keyring} {m['debian-security']} bookworm-security main\n")


def _apt_opts() -> list[str]:
    root = os.path.join(cache_dir(), "apt")
    for d in ("etc/sources.list.d", "etc/preferences.d", "state/lists/partial",
              "cache/archives/partial"):
        os.makedirs(os.path.join(root, d), exist_ok=True)
    sl = os.path.join(root, "etc", "sources.list")
    text = _sources()
    if not os.path.exists(sl) or open(sl).read() != text:
        with open(sl, "w") as f:
            f.write(text)
    status = os.path.join(root, "state", "status")
    if not os.path.exists(status):
        open(status, "w").close()
    return ["-o", f"Dir::Etc::sourcelist={sl}",
            "-o", f"Dir::Etc::sourceparts={root}/etc/sources.list.d",
            "-o", f"Dir::Etc::preferencesparts={root}/etc/preferences.d",
            "-o", f"Dir::State={root}/state", "-o", f"Dir::State::status={status}",
            "-o", f"Dir::Cache={root}/cache", "-o", "APT::Architecture=amd64",
            "-o", "APT::Sandbox::User=root" if os.geteuid() == 0 else "Debug::NoLocking=1",
            "-o", "Debug::NoLocking=1", "-q"]


def _run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    if shutil.which(cmd[0]) is None:
        raise OracleError(f"{cmd[0]} not found (it comes with Debian's apt/dpkg)")
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode != 0:
        tail = (r.stderr or r.stdout).strip().splitlines()[-3:]
        raise OracleError(f"{' '.join(cmd[:2])} failed: " + " / ".join(tail))
    return r


def apt_update() -> None:
    _run(["apt-get", *_apt_opts(), "update"])


def _lists_fresh() -> bool:
    lists = glob.glob(os.path.join(cache_dir(), "apt", "state", "lists", "*Packages*"))
    return len(lists) >= 3


def candidate(pkg: str) -> str | None:
    r = subprocess.run(["apt-cache", *_apt_opts(), "show", "--no-all-versions", pkg],
                       capture_output=True, text=True)
    m = re.search(r"^Version: (\S+)", r.stdout, re.M)
    return m.group(1) if r.returncode == 0 and m else None


def versions(pkg: str) -> list[str]:
    r = subprocess.run(["apt-cache", *_apt_opts(), "madison", pkg], capture_output=True,
                       text=True)
    return [l.split("|")[1].strip() for l in r.stdout.splitlines() if l.count("|") >= 2]


def newest_kernel(series: str) -> tuple[str, str]:
    """(package, version) of the pinned kernel if the archive still has it, else the
    newest build of the series there."""
    pkg, ver, _, _ = SERIES[series]
    if ver in versions(pkg):
        return pkg, ver
    r = _run(["apt-cache", *_apt_opts(), "pkgnames", f"linux-image-{series}.0-"])
    rx = re.compile(rf"^linux-image-{re.escape(series)}\.0-(\d+)-amd64$")
    abis = sorted((int(m.group(1)), n) for n in r.stdout.split() if (m := rx.match(n)))
    if not abis:
        raise OracleError(f"no linux-image-{series}.0-*-amd64 in Debian's archive")
    name = abis[-1][1]
    v = candidate(name)
    if v is None:
        raise OracleError(f"apt-cache has no version of {name}")
    return name, v


def download(pkg: str, version: str) -> str:
    """The unpacked tree of ``pkg`` ``version`` (downloaded and unpacked if needed)."""
    x = os.path.join(cache_dir(), "x", f"{pkg}_{version}")
    if os.path.isdir(x) and os.path.exists(os.path.join(x, ".complete")):
        return x
    debs = os.path.join(cache_dir(), "debs")
    os.makedirs(debs, exist_ok=True)
    fname = f"{pkg}_{version.replace(':', '%3a')}_amd64.deb"
    path = os.path.join(debs, fname)
    if not os.path.exists(path):
        _run(["apt-get", *_apt_opts(), "download", f"{pkg}={version}"], cwd=debs)
        if not os.path.exists(path):
            got = glob.glob(os.path.join(debs, f"{pkg}_*.deb"))
            if not got:
                raise OracleError(f"apt-get download {pkg}={version} left no .deb")
            path = max(got, key=os.path.getmtime)
    shutil.rmtree(x, ignore_errors=True)
    os.makedirs(x)
    _run(["dpkg-deb", "-x", path, x])
    open(os.path.join(x, ".complete"), "w").close()
    return x


@dataclass(frozen=True)
class KernelTree:
    package: str
    version: str
    root: str       # unpacked package
    vmlinuz: str
    config: str
    uname: str      # lib/modules/<uname>

    @property
    def label(self) -> str:
        return f"{self.package} {self.version}"


def _kernel_from_tree(pkg: str, ver: str, x: str) -> KernelTree:
    vm = sorted(glob.glob(os.path.join(x, "boot", "vmlinuz-*")))
    cf = sorted(glob.glob(os.path.join(x, "boot", "config-*")))
    if not vm:
        raise OracleError(f"no boot/vmlinuz-* in {x}")
    uname = os.path.basename(vm[0])[len("vmlinuz-"):]
    return KernelTree(pkg, ver, x, vm[0], cf[0] if cf else "", uname)


def _recorded(series: str) -> tuple[str, str] | None:
    """The kernel this cache fetched last for ``series`` (avoids the network)."""
    p = os.path.join(cache_dir(), f"kernel-{series}")
    if os.path.exists(p):
        pkg, ver = open(p).read().split()
        if os.path.exists(os.path.join(cache_dir(), "x", f"{pkg}_{ver}", ".complete")):
            return pkg, ver
    return None


def fetch_kernel(series: str, refresh: bool = False) -> KernelTree:
    if series not in SERIES:
        raise OracleError(f"unknown kernel series {series!r}; known: {', '.join(SERIES)}")
    got = None if refresh else _recorded(series)
    if got is None:
        if refresh or not _lists_fresh():
            apt_update()
        got = newest_kernel(series)
        download(*got)
        with open(os.path.join(cache_dir(), f"kernel-{series}"), "w") as f:
            f.write(" ".join(got) + "\n")
    return _kernel_from_tree(*got, os.path.join(cache_dir(), "x", f"{got[0]}_{got[1]}"))


def kernel_from_path(path: str) -> KernelTree:
    """A kernel given by path: a bzImage/vmlinuz file, an unpacked package tree, or a .deb."""
    if path.endswith(".deb"):
        info = _run(["dpkg-deb", "-f", path, "Package", "Version"]).stdout
        fields = dict(l.split(": ", 1) for l in info.strip().splitlines())
        x = os.path.join(cache_dir(), "x", f"{fields['Package']}_{fields['Version']}")
        if not os.path.exists(os.path.join(x, ".complete")):
            shutil.rmtree(x, ignore_errors=True)
            os.makedirs(x)
            _run(["dpkg-deb", "-x", path, x])
            open(os.path.join(x, ".complete"), "w").close()
        return _kernel_from_tree(fields["Package"], fields["Version"], x)
    if os.path.isdir(path):
        return _kernel_from_tree(os.path.basename(os.path.abspath(path)), "local", path)
    if not os.path.isfile(path):
        raise OracleError(f"no such kernel: {path}")
    return KernelTree(os.path.basename(path), "local", os.path.dirname(path) or ".",
                      path, "", "")


def fetch_userland() -> dict[str, str]:
    """Paths of static busybox and bash for the guest: the host's if installed
    (busybox-static, bash-static), else downloaded from Debian into the cache."""
    host = {"busybox": "/bin/busybox", "bash": "/bin/bash-static"}
    if all(_is_static(p) for p in host.values()):
        return host
    if not _lists_fresh():
        apt_update()
    out = {}
    for pkg, name, rel in (("busybox-static", "busybox", "bin/busybox"),
                           ("bash-static", "bash", "bin/bash-static")):
        if _is_static(host[name]):
            out[name] = host[name]
            continue
        ver = candidate(pkg)
        if ver is None:
            raise OracleError(f"{pkg} not found in Debian's archive")
        out[name] = os.path.join(download(pkg, ver), rel)
    return out


def _is_static(path: str) -> bool:
    if not os.path.isfile(path):
        return False
    with open(path, "rb") as f:
        head = f.read(1 << 16)
    return head[:4] == b"\x7fELF" and b"ld-linux" not in head
