"""The busybox userland (shell/commands/userland.py) against the host's busybox
1.35: the same command in the same directory tree, on the model with
``userland="busybox"`` and as ``busybox APPLET ...`` in a temporary directory;
stdout, stderr and the exit status must agree byte for byte."""
from __future__ import annotations

import shlex
import shutil
import subprocess

import pytest

import memcgsim
from memcgsim.shell.commands.bbps import smart_ulltoa4
from memcgsim.shell.commands.userland import MESSAGES, QUIRKS, STATUS, USERLANDS

#: the tree every case starts from (run by the host's bash and by the model)
SETUP = "mkdir -p d e/x; : > f; printf 'hello\\nworld\\n' > g; printf 'x\\n' > d/h"

CASES = [
    # mkdir
    "mkdir d", "mkdir a/b", "mkdir -p f/x/y", "mkdir -p f", "mkdir -p d", "mkdir f",
    "mkdir", "mkdir -p a//b/c", "mkdir -p d/h/z",
    # rmdir
    "rmdir nope", "rmdir f", "rmdir e", "rmdir e/x e", "rmdir -p e/x/y", "rmdir",
    "rmdir --ignore-fail-on-non-empty e",
    # rm
    "rm nope", "rm -f nope", "rm d", "rm -r nope", "rm -rf nope d", "rm", "rm -f",
    "rm -r e nope",
    # mv
    "mv nope x", "mv f nope/x", "mv f g nope", "mv f", "mv d d/sub", "mv f f", "mv g d",
    # cp
    "cp nope x", "cp d x", "cp f", "cp f g nope", "cp f nope/x", "cp g d",
    # cat
    "cat nope", "cat d", "cat nope g",
    # ls
    "ls nope", "ls -d nope d", "ls e", "ls nope f",
    # head / tail (head is the guest's HEAD shim over busybox head)
    "tail -c 32M g", "tail -c 32m g", "tail -c 2k g", "tail -c 1kB g", "tail -n 1 g",
    "tail nope", "tail -n 1 nope g", "tail -c +3 g", "tail -n +2 g",
    "head -n 1x g", "head -c 2 g", "head -c 2kB g", "head -c -2 g", "head nope",
    "head -n 1 nope g", "head -c 1M g", "head -c1K g",
    # sleep
    "sleep 0.01 0.01s", "sleep abc", "sleep 1e-2", "sleep -1", "sleep", "sleep .",
    "sleep 1S", "sleep .001m",
    # others
    "stat nope", "touch a/b", "find nope", "sort nope", "sort nope g", "grep x nope",
    "wc nope", "cut -f1 nope", "dd if=nope", "dd if=g of=/dev/null bs=4",
    "dd if=g of=/dev/null status=noxfer", "dd if=g of=/dev/null status=none",
    "timeout 1 nope",
    "wc g", "wc -l g", "wc -l g f", "wc -lc g", "wc -L g g", "wc -l nope g",
    "seq 3", "seq 1 x", "seq", "seq 1.5 3", "seq -w 8 10", "tee a/b", "uniq nope",
    "cut -c1 g", "cut g", "sort -r g", "stat -c %s g", "touch -c nope", "cat -n g",
    "ls -1 d e", "ls -F", "mkdir -m 700 -p q/r", "dd if=g bs=1 count=3", "tr", "basename",
    "truncate -s 1k nope/x", "grep -c l g", "sync",
    "ps -p 1", "ps -o bogus", "ps -o pid,,", "ps -x",
    "ln f g", "ln nope h", "ln -s f g", "ln -sf f g", "ln d dd", "ln -f f f", "ln f d",
    "ln -s f nope/x", "ln g nope/x",
    # options busybox does not take
    "cat -E g", "cat -s g", "rm --force nope", "rm -rfv nope", "mkdir -vp x/y", "mkdir --pa x",
    "mkdir -m", "head --lines=1 g", "tail -q -n1 g", "ls --color=never d", "sort -h g",
    "wc --lines g", "cp -t", "mv -Z f x", "ls -l -- -x",
    "mkdir -v x", "mkdir -pv d/y", "grep -Y x g",
]


@pytest.mark.parametrize("ul,text", [(0, "   0"), (9999, "9999"), (12956, " 12m"),
                                     (47292, " 46m"), (9500, "9500"), (10100, "9.8m"),
                                     (130000, "126m"), (2 * 1024 * 1024, "2.0g")])
def test_smart_ulltoa4(ul, text):
    """libbb's four-character scaled numbers (ps VSZ and RSS in KiB); 12956 and
    47292 KiB are the host's busybox ps's `` 12m`` and `` 46m``."""
    assert smart_ulltoa4(ul) == text


def test_busybox_ps_columns():
    """busybox ps: PID USER COMMAND (no TIME), a kernel thread as [comm]; a header
    sets its column's width; fields after args are dropped."""
    r = memcgsim.run("sleep 5 &\nps; ps -o pid,comm=C,user=LONGUSERNAME; ps -o pid=,args,user;"
                     "ps -o 'pid=A B,comm' -o ppid=",
                     init="busybox", userland="busybox")
    lines = r.stdout.splitlines()
    assert lines[0] == "PID   USER     COMMAND"
    assert "    2 root     [kworker/0:1]" in lines
    assert any(ln.endswith(" root     sleep 5") for ln in lines)
    assert "PID   C LONGUSERNAME" in lines and "    2 k root" in lines
    assert "    2 [kworker/0:1]" in lines
    assert "A B COMMAND          " in lines and "  5 sleep                4" in lines


def _host(tmp_path, cmd: str) -> tuple[str, str, int]:
    subprocess.run(["bash", "-c", SETUP], cwd=tmp_path, check=True)
    argv = shlex.split(cmd)
    if argv[0] == "head":
        # the guest's /bin/head: oracle/image.py's HEAD shim in front of busybox head
        from memcgsim.oracle.image import HEAD
        shim = tmp_path.parent / f"{tmp_path.name}-head"
        shim.write_text(HEAD.replace("#!/bin/busybox sh", f"#!{shutil.which('busybox')} sh")
                        .replace("/bin/busybox head", f"{shutil.which('busybox')} head"))
        shim.chmod(0o755)
        argv = [str(shim)] + argv[1:]
    else:
        argv = ["busybox"] + argv
    r = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True,
                       stdin=subprocess.DEVNULL, timeout=10)
    return r.stdout, r.stderr, r.returncode


def _model(cmd: str) -> tuple[str, str, int]:
    r = memcgsim.run(f"{SETUP}\n{cmd}\n", init="busybox", userland="busybox")
    return r.stdout, r.stderr, r.status


@pytest.mark.skipif(shutil.which("busybox") is None, reason="busybox is not installed")
@pytest.mark.parametrize("cmd", CASES)
def test_applet_as_the_hosts_busybox(tmp_path, cmd):
    if b"v1.35" not in subprocess.run(["busybox"], capture_output=True).stdout:
        pytest.skip("the host's busybox is not 1.35")
    assert _model(cmd) == _host(tmp_path, cmd)


@pytest.mark.skipif(shutil.which("busybox") is None, reason="busybox is not installed")
def test_getconf_is_the_guests_shim():
    """oracle/image.py's GETCONF run by the host's busybox sh, against the model."""
    from memcgsim.oracle.image import GETCONF
    for name in ("PAGESIZE", "PAGE_SIZE", "CLK_TCK", "LONG_BIT", ""):
        host = subprocess.run(["busybox", "sh", "-c", GETCONF, "getconf", name],
                              capture_output=True, text=True)
        r = memcgsim.run(f"getconf {name}", userland="busybox")
        assert (r.stdout, r.stderr, r.status) == (host.stdout, host.stderr, host.returncode)
    r = memcgsim.run("getconf _NPROCESSORS_CONF; nproc", cpus=4, userland="busybox")
    assert r.stdout == "4\n4\n"


def test_head_runs_as_busybox():
    """The guest's head is a shim that execs busybox: its process's comm is
    "busybox" (tests/conformance oom-group: ``Killed process (busybox)``)."""
    script = "sleep 1 | head -c 1 & sleep 0.1; cat /proc/$!/comm; wait"
    assert memcgsim.run(script, userland="busybox").stdout == "busybox\n"
    assert memcgsim.run(script).stdout == "head\n"


def test_gnu_is_the_default():
    """Without a userland the programs are GNU's (``memcgsim run``'s default)."""
    r = memcgsim.run("ls nope; echo $?; : > f; mkdir f")
    assert r.stdout == "2\n"
    assert r.stderr == "ls: cannot access 'nope': No such file or directory\n" \
                       "mkdir: cannot create directory 'f': File exists\n"


def test_every_userland_words_every_situation():
    assert set(MESSAGES) == set(STATUS) == set(QUIRKS) == set(USERLANDS)
    assert set(MESSAGES["gnu"]) == set(MESSAGES["busybox"])
    with pytest.raises(ValueError, match="userland must be"):
        memcgsim.run("true", userland="musl")
