"""Write src/memcgsim/shell/commands/busybox_noexec.py: the applets of busybox 1.35
(Debian 12 busybox-static, what the oracle's guests run) that busybox sh runs
without an execve, found by running each under strace on the host's binary.

Debian's build sets FEATURE_SH_STANDALONE and FEATURE_PREFER_APPLETS, not
FEATURE_SH_NOFORK (debian/config/pkg/static of busybox 1:1.35.0-4+deb12u1): ash's
``shellexec`` looks a name without "/" up as an applet first (``find_applet_by_name``)
and ``tryexec`` runs one whose ``applet_flags`` hold the NOEXEC bit (an
``APPLET_NOEXEC`` or ``APPLET_NOFORK`` line in its source: applets/applet_tables.c
sets both bits for NOFORK) with ``run_noexec_applet_and_exit`` in the shell's own
process, another by ``execve("/proc/self/exe")``. So ``busybox sh -c 'exec APPLET
--help'`` makes one execve (the shell's) for the first kind and two for the other
(``--help`` stops every applet in ``run_applet_no_and_exit`` but test, [, [[, true,
false and echo, run bare).

The NOFORK ones among them (``APPLET_NOFORK``: rmdir, mkdir, echo, true...) are
found the same way through ``spawn_and_wait`` (libbb/vfork_daemon_rexec.c, with
FEATURE_PREFER_APPLETS: ``run_nofork_applet`` in the caller's process, no fork; a
NOEXEC one forked, ``run_noexec_applet_and_exit`` without an execve; any other
spawned: vfork and ``execve("/proc/self/exe")``), which find's ``-exec`` and xargs
call: ``busybox find / -maxdepth 0 -exec APPLET --help ;`` makes no fork (clone,
fork, vfork) for a NOFORK applet.

    python tools/busybox_noexec.py [/bin/busybox]     (needs strace)
"""
import os
import subprocess
import sys
import tempfile

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "memcgsim", "shell", "commands",
                   "busybox_noexec.py")
#: applets that take ``--help`` as an operand (appletlib.c ``show_usage_if_dash_dash_help``)
BARE = ("test", "[", "[[", "true", "false", "echo")


def execves(bb: str, applet: str) -> int:
    """How many execve calls ``busybox sh -c 'exec APPLET [--help]'`` makes."""
    cmd = f"exec {applet}" + ("" if applet in BARE else " --help")
    with tempfile.TemporaryDirectory() as d:
        log = os.path.join(d, "strace")
        subprocess.run(["strace", "-f", "-qq", "-e", "trace=execve", "-o", log, bb, "sh", "-c", cmd],
                       cwd=d, stdin=subprocess.DEVNULL, capture_output=True, timeout=10)
        with open(log) as f:
            return sum("execve(" in line for line in f)


def forks(bb: str, applet: str) -> int:
    """How many forks (clone, fork, vfork) ``busybox find / -maxdepth 0 -exec
    APPLET [--help] ;`` makes (spawn_and_wait)."""
    cmd = [bb, "find", "/", "-maxdepth", "0", "-exec", applet] + (
        [] if applet in BARE else ["--help"]) + [";"]
    with tempfile.TemporaryDirectory() as d:
        log = os.path.join(d, "strace")
        subprocess.run(["strace", "-f", "-qq", "-e", "trace=clone,clone3,fork,vfork", "-o", log]
                       + cmd, cwd=d, stdin=subprocess.DEVNULL, capture_output=True, timeout=10)
        with open(log) as f:
            return sum(("clone" in line or "fork(" in line) and "resumed" not in line
                       for line in f)


def main() -> None:
    bb = sys.argv[1] if len(sys.argv) > 1 else "/bin/busybox"
    version = subprocess.run([bb], capture_output=True, text=True).stdout.split("\n", 1)[0]
    applets = subprocess.run([bb, "--list"], capture_output=True, text=True).stdout.split()
    noexec = []
    for a in applets:
        if a == "busybox":
            continue
        n = execves(bb, a)
        if n not in (1, 2):
            raise SystemExit(f"{a}: {n} execve calls")
        if n == 1:
            noexec.append(a)
    nofork = [a for a in noexec if forks(bb, a) == 0]
    with open(OUT, "w") as f:
        f.write('"""busybox 1.35\'s applets that busybox sh runs in its own process (no\n'
                'execve: the NOEXEC bit of ``applet_flags``) and those of them that\n'
                'spawn_and_wait runs without a fork (NOFORK), written by\n'
                'tools/busybox_noexec.py from the host\'s busybox: do not edit."""\n\n')
        f.write(f"#: {version}\n")
        for name, names in (("NOEXEC", noexec), ("NOFORK", nofork)):
            f.write(f"{name} = frozenset((\n")
            line = "   "
            for a in names:
                item = f" {a!r},"
                if len(line) + len(item) > 90:
                    f.write(line + "\n")
                    line = "   "
                line += item
            f.write(line + "\n))\n")
    print(f"{len(noexec)} of {len(applets) - 1} applets run without execve, "
          f"{len(nofork)} of them without a fork")


if __name__ == "__main__":
    main()
