"""The busybox userland (shell/commands/userland.py) against the host's busybox
1.35: the same command in the same directory tree, on the model with
``userland="busybox"`` and as ``busybox APPLET ...`` in a temporary directory;
stdout, stderr and the exit status must agree byte for byte."""
from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess

import pytest

import memcgsim
from memcgsim.kernel.sizes.bootpids import script_pid
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
    # date -d: parse_datestr's forms
    "date -u -d '2021-03-01 10:20' +%s", "date -u -d 2021.03.01-10:20:30 +%s",
    "date -u -d 2021-02-30 +%F", "date -d 2021-13-01", "date -d '1 hour ago'", "date -d @5.5",
    "date -u -d @86400 +%F",
    # diff: unified hunks only, the names without times
    "diff g d/h", "diff g g", "diff -U 0 g d/h", "diff -q g d/h", "diff nope g", "diff -u f g",
    # options busybox does not take
    "cat -E g", "cat -s g", "rm --force nope", "rm -rfv nope", "mkdir -vp x/y", "mkdir --pa x",
    "mkdir -m", "head --lines=1 g", "tail -q -n1 g", "ls --color=never d", "sort -h g",
    "wc --lines g", "cp -t", "mv -Z f x", "ls -l -- -x",
    "mkdir -v x", "mkdir -pv d/y", "grep -Y x g",
    # ls without -l (bbls.py)
    "ls -r", "ls -S", "ls -p", "ls -x", "ls -C", "ls -Cs", "ls -t", "ls -R", "ls -1 nope d",
    "ls -s d", "ls -A d", "ls -a d", "ls -ldn nope", "ls --help",
    # free: its options (the figures are the host's: test_free_columns)
    "free -t", "free -x", "free -", "free --help", "free -t -m",
    # seq, dd, find, grep, timeout: messages and options
    "seq -f %g 3", "seq 3 -1 1", "seq -1 1", "seq -w 1 3", "seq -s: 1 3",
    "dd if=g of=o bs=1x", "dd bogus=1", "dd if=g bs=0", "dd if=g count=x",
    "find -name", "find . -bogus", "find . -type z", "find . -name g",
    "find . -perm 644 -name g", "find . -perm -700 -name e", "find . -perm /111 -name x",
    "find . -perm 600 -name g", "find . -perm x", "find . -perm -u+w,g+r -name f",
    "grep '\\(' g", "grep -E '(' g", "grep -e '(' -e x g", "grep -A1 hello g",
    "grep -B1 world g", "grep -C1 -n o g g", "grep -A z x g", "grep --color=never o g",
    "grep -vA1 h g",
    "timeout 1", "timeout", "timeout --foreground 1 true", "timeout -s BOGUS 1 true",
    "timeout x true", "timeout 1 false", "timeout -k 1 1 true", "timeout 2 sh -c 'exit 3'",
    "cat --help", "cat --help x", "cat --version",
    # cut's LIST, sort's -k/-t, uniq's OUTFILE, sed's and awk's messages and dialects
    "cut -c 0 g", "cut -f a g", "cut -d ab -f1 g", "cut -c 3-1 g", "cut -f 1,a g",
    "cut -c '' g", "cut -c 0-2 g", "cut -d '' -f1 g", "cut -c -2 g",
    "sort -k 0 g", "sort -k x g", "sort -t ab g", "uniq g nope/x",
    "sed -e bogus g", "sed 's/x/y' g", "sed -e k g", "sed -e 3, g", "sed -i s/l/L/ nope",
    "sed -n p nope g",
    "awk 'BEGIN{print 1/0}'", "awk '{' g", "awk 'BEGIN { print substr(\"hello\", 0, 2) }'",
    "awk 'BEGIN { print substr(\"hello\", -1, 3), substr(\"hello\", 2) }'",
    "awk 'BEGIN { print 2^31 }'", "awk 'BEGIN { print sqrt(4) }'",
    "awk 'BEGIN { print int(-3.5), index(\"\", \"\"), index(\"abc\", \"c\") }'",
    "awk -f nope", "awk", "awk '{ print $NF }' g",
    "awk 'BEGIN { printf \"%d %i %x %u %o|%5d|\\n\", 3221225472, -2147483649, 5e9, -5, 1e10, 2147483648 }'",
    "awk 'BEGIN { printf \"%d %X %c\\n\", 2147483647.9, -0.5, 65; print sprintf(\"%d\", 1e19) }'",
    "awk 'BEGIN { while ((\"cat g\" | getline l) > 0) n++; print n, NR, l; print system(\"exit 3\") }'",
    "awk '{ \"echo \" $1 | getline y; print NR, y }' g",
    # numbers: my_strtod (hex, octal), strtod's inf/nan, OC_COMPARE's difference
    "awk 'BEGIN { print \"0x1A\"+0, \"010\"+0, 011, 0x10, \"inf\"+0, -\"nan\", \"0x1p3\"+0, 09.5, 0x1p3 }'",
    "awk 'BEGIN { n = split(\"0x10 011 inf nan 0x1p3 08 12abc 1e3 \", a); for (i = 1; i <= n + 1; i++) printf \"%s:%s:%d \", a[i], a[i] + 0, (a[i] < 2) }'",
    "awk 'BEGIN { n = \"nan\" + 0; print (n == 1), (n < 1), (n > 1), (n != 1), (n <= 1), (n >= 1), (n == n) }'",
    "awk 'BEGIN { print \"b\" | \"sort\"; print \"a\" | \"sort\"; print \"own\"; print close(\"sort\"); print \"end\" | \"cat\" }'",
    "awk '{ print | \"sort -r\" } END { print NR }' g",
    "awk 'BEGIN { print \"x\" | \"cat >/dev/null; exit 2\"; print close(\"cat >/dev/null; exit 2\"), close(\"none\"), system(\"exit 3\") }'",
    "awk 'BEGIN { print 1.5.3 }'", "awk 'BEGIN { print \"abc' g", "awk 'BEGIN { x = 1 +' g",
    # a path ending in a slash, "." or ".." names the directory reached, never a link
    "stat -c '%n %F' /proc/self/fd/.. /proc/self/ /proc/self/. /proc/self",
    "readlink -v /proc/self/fd/..",
    # readlink: one FILE exactly and -fnvsq (readlink.c's "=1"); failures silent
    # unless -v, and -f's silent always (its own realpath: test_readlink_links)
    "readlink f", "readlink -v f", "readlink -v nope", "readlink f g", "readlink",
    "readlink -v", "readlink -e f", "readlink -z f", "readlink --verbose f",
    "readlink -f nope", "readlink -f nope/", "readlink -fv d/nope/x", "readlink -vn f",
    "readlink -f f/..", "readlink -f g/", "readlink -v ''", "readlink -sq f",
    # /bin/kill is busybox's (kill alone is bash's builtin: bash_cases/signal_reports)
    "/bin/kill -l", "/bin/kill -l 9", "/bin/kill -l KILL", "/bin/kill -s BOGUS 1",
    "/bin/kill abc", "/bin/kill", "/bin/kill -9 999999",
    # fold, expand, strings, tty, mknod (commands/textfmt.py, links.py)
    "fold -w 3 g", "fold -3 g", "fold -b2 g", "fold -w 0 g", "fold -w x g", "fold nope g",
    "fold -s -w 4 g", "expand -t 3 g", "expand -t 2,5 g", "expand -x g", "expand nope",
    "strings g", "strings -n 2 -o g", "strings -t x -n 3 g", "strings -n 0 g", "strings -f g g",
    "strings -x g", "strings nope", "tty", "tty -s", "tty -x", "mknod", "mknod p", "mknod q p",
    "mknod f p", "mknod q p 1 2", "mknod q z",
    # cmp's EOF (cmp.c fmt_eof: the name alone)
    "cmp g f", "cmp f g", "cmp -l g d/h", "cmp -s g f",
]

#: ``ls -l`` lines, compared with the date column made ``DATE`` (the model keeps
#: no file times: every file is as old as the moment ls runs)
LS_LONG = ["ls -l g", "ls -l d", "ls -ln g", "ls -ld d", "ls -lh g", "ls -lnh d", "ls -ls",
           "ls -l", "ls -lr", "ls -lS", "ls -lp", "ls -lF", "ls -lA d", "ls -lR",
           "ls -ld nope d", "ls -l /dev/null /dev/zero", "ls -l --color=never d", "ls -lsh",
           "ls -l e"]
_DATE = re.compile(r"[A-Z][a-z]{2} [ \d]\d (\d\d:\d\d|  \d{4}) ")


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
                     "ps -o 'pid=A B,comm' -o ppid=; echo $$",
                     init="busybox", userland="busybox")
    lines = r.stdout.splitlines()
    assert lines[0] == "PID   USER     COMMAND"
    assert "    2 root     [kworker/0:1]" in lines
    assert any(ln.endswith(" root     sleep 5") for ln in lines)
    assert "PID   C LONGUSERNAME" in lines and "    2 k root" in lines
    assert "    2 [kworker/0:1]" in lines
    sh = int(lines[-1])     # the guests' boot's pids before it (docs/fidelity.md item 100)
    assert sh == script_pid("6.1", "v1", 2)
    assert "A B COMMAND          " in lines and f"{sh + 1:>3} sleep{sh:>17}" in lines


def _host(tmp_path, cmd: str) -> tuple[str, str, int]:
    subprocess.run(["bash", "-c", SETUP], cwd=tmp_path, check=True)
    argv = shlex.split(cmd)
    if argv[0] == "head":
        # the guest's /bin/head: oracle/image.py's HEAD shim in front of busybox head
        from memcgsim.oracle.guestbin import HEAD
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
@pytest.mark.parametrize("cmd", LS_LONG)
def test_ls_long_as_the_hosts_busybox(tmp_path, cmd):
    """busybox ls -l's columns, total and -h/-n/-s/-F/-p forms; dates aside."""
    if b"v1.35" not in subprocess.run(["busybox"], capture_output=True).stdout:
        pytest.skip("the host's busybox is not 1.35")
    host, model = _host(tmp_path, cmd), _model(cmd)
    assert [_DATE.sub("DATE ", x) if isinstance(x, str) else x for x in model] == \
           [_DATE.sub("DATE ", x) if isinstance(x, str) else x for x in host]
    assert _DATE.search(model[0]) or not model[0]


def test_ls_long_of_cgroupfs():
    """What the 6.1 guest's busybox printed for cgroup v2 and v1 files (``memcgsim
    oracle``, Dec 2026): a hierarchy root is dr-xr-xr-x with 2 + children links, a
    child 0755, files of size 0, ``total 0``; the date is ls.c's ``Mon DD HH:MM``
    (the model's time: Mar 1 2021, when the files are looked at)."""
    r = memcgsim.run("mkdir /sys/fs/cgroup/t1; ls -l /sys/fs/cgroup/t1 | head -3; "
                     "ls -ld /sys/fs/cgroup /sys/fs/cgroup/t1; ls -lh /sys/fs/cgroup/t1 | head -2;"
                     "ls -s /sys/fs/cgroup/t1 | head -2; ls -l /proc/meminfo",
                     userland="busybox", init="busybox", cgroup="v2", kernel="6.1")
    assert r.stdout == (
        "total 0\n"
        "-r--r--r--    1 root     root             0 Mar  1 00:00 cgroup.controllers\n"
        "-r--r--r--    1 root     root             0 Mar  1 00:00 cgroup.events\n"
        "dr-xr-xr-x    3 root     root             0 Mar  1 00:00 /sys/fs/cgroup\n"
        "drwxr-xr-x    2 root     root             0 Mar  1 00:00 /sys/fs/cgroup/t1\n"
        "total 0      \n"
        "-r--r--r--    1 root     root           0 Mar  1 00:00 cgroup.controllers\n"
        "total 0\n"
        "     0 cgroup.controllers\n"
        "-r--r--r--    1 root     root             0 Mar  1 00:00 /proc/meminfo\n")
    r = memcgsim.run("M=/sys/fs/cgroup/memory; mkdir $M/t1 $M/t1/a; "
                     "ls -ld /sys/fs/cgroup $M $M/t1 $M/t1/a",
                     userland="busybox", init="busybox", cgroup="v1", kernel="6.1")
    # v1's /sys/fs/cgroup is the guest's tmpfs: 01777, 20 bytes an entry
    assert [ln[:ln.index("Mar")] for ln in r.stdout.splitlines()] == [
        "drwxrwxrwt    3 root     root            60 ", "dr-xr-xr-x    3 root     root             0 ",
        "drwxr-xr-x    3 root     root             0 ", "drwxr-xr-x    2 root     root             0 "]


@pytest.mark.parametrize("t,now,text", [(0, 0, "Mar  1 00:00"), (0, 3600 * 24 * 200, "Mar  1  2021"),
                                        (1000, 0, "Mar  1  2021"), (600, 0, "Mar  1 00:10")])
def test_ls_time(t, now, text):
    """ls.c: ``Mon DD HH:MM`` within half a year back and 15 minutes ahead."""
    from memcgsim.shell.commands.libbb import ls_time
    from memcgsim.shell.commands.sysutils import BOOT_EPOCH
    assert ls_time(BOOT_EPOCH + t, BOOT_EPOCH + now) == text


@pytest.mark.parametrize("val,bs,unit,text", [
    (0, 1, 0, "0"), (6, 1, 0, "6"), (5000, 1, 0, "4.9K"), (4096, 1, 0, "4.0K"),
    (2000000, 1, 0, "1.9M"), (1972 * 1024, 0, 0, "2M"), (4096, 0, 0, "4K"),
    (199180288, 1, 1 << 20, "190"), (25276203008, 1, 1 << 30, "24"), (1023, 1, 0, "1023"),
    (1048575, 1, 0, "1024.0K")])
def test_make_human_readable_str(val, bs, unit, text):
    """libbb's sizes: the host's busybox ls -lh and free -m/-g/-h figures."""
    from memcgsim.shell.commands.libbb import make_human_readable_str
    assert make_human_readable_str(val, bs, unit) == text


_FREE_ROW = re.compile(r"^(Mem: |Swap:)( +\S+)+$")


@pytest.mark.skipif(shutil.which("busybox") is None, reason="busybox is not installed")
@pytest.mark.parametrize("opt", ["", "-k", "-m", "-g", "-h", "-b", "x", "-mx"])
def test_free_columns(tmp_path, opt):
    """busybox free's header and its columns' right edges (the figures are the
    host's and the model's /proc/meminfo's: free's own against the 6.1 guest's
    are in docs/fidelity.md item 26)."""
    host = subprocess.run(["busybox", "free"] + opt.split(), capture_output=True, text=True)
    model = memcgsim.run(f"free {opt}", userland="busybox", init="busybox").stdout
    hl, ml = host.stdout.splitlines(), model.splitlines()
    assert len(hl) == len(ml) == 3 and hl[0] == ml[0]
    for h, m in zip(hl[1:], ml[1:]):
        assert _FREE_ROW.match(m)
        assert [x.end() for x in re.finditer(r"\S+", h)] == [x.end() for x in re.finditer(r"\S+", m)]


def test_free_figures():
    """busybox free of the model's /proc/meminfo: KiB by default, -m rounded
    (libbb), buff/cache = Buffers + Cached + SReclaimable, used the rest."""
    r = memcgsim.run("cat /proc/meminfo; free; free -m", userland="busybox", init="busybox")
    mi = {ln.split(":")[0]: int(ln.split()[1]) for ln in r.stdout.splitlines() if ":" in ln
          and ln.split(":")[0][0].isupper() and ln.endswith("kB")}
    rows = [ln.split() for ln in r.stdout.splitlines() if ln.startswith("Mem:")]
    total, used, free, shared, cache, avail = map(int, rows[0][1:])
    assert (total, shared) == (mi["MemTotal"], mi["Shmem"])
    assert total == used + free + cache         # free runs after cat: its own figures
    assert abs(cache - (mi["Buffers"] + mi["Cached"] + mi["SReclaimable"])) < 64
    assert rows[1][1] == str((total + 512) // 1024)


@pytest.mark.skipif(shutil.which("busybox") is None, reason="busybox is not installed")
def test_timeout_signals_prog():
    """busybox timeout execs PROG: after the whole seconds (0.2 is 1) PROG dies of
    SIG, which bash reports (``Terminated``, or -k's SIGKILL as a job line) and
    $? is 128+SIG; the host's bash running the host's busybox."""
    script = ("timeout 0.2 sleep 3; echo a=$?\n"
              "timeout -k 1 1 sh -c 'trap \"\" TERM; sleep 3'; echo b=$?\n")
    bb = shutil.which("busybox")
    with_bb = script.replace("timeout", f"{bb} timeout")
    host = subprocess.run(["bash", "-c", with_bb], capture_output=True, text=True)
    r = memcgsim.run(script, userland="busybox", init="busybox")
    assert r.stdout == host.stdout == "a=143\nb=137\n"

    def norm(e):
        return re.sub(r"line (\d+): +\d+ Killed +.*timeout", r"line \1: N Killed timeout",
                      e.replace(f"{bb} ", ""))
    assert norm(r.stderr) == norm(host.stderr)


@pytest.mark.skipif(shutil.which("busybox") is None, reason="busybox is not installed")
def test_getconf_is_the_guests_shim():
    """oracle/image.py's GETCONF run by the host's busybox sh, against the model."""
    from memcgsim.oracle.guestbin import GETCONF
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


@pytest.mark.skipif(shutil.which("busybox") is None, reason="busybox is not installed")
def test_busybox_runs_its_applets():
    """``busybox APPLET``, ``busybox`` alone, ``--list`` and a name it lacks, as the
    host's bash runs them with the host's busybox."""
    if b"v1.35" not in subprocess.run(["busybox"], capture_output=True).stdout:
        pytest.skip("the host's busybox is not 1.35")
    script = ("busybox seq 2; busybox nosuch; echo $?; busybox --list | busybox wc -l\n"
              "busybox | head -1; busybox sh -c 'echo $0'; busybox busybox echo x\n")
    host = subprocess.run(["bash", "-c", script], capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=10)
    r = memcgsim.run(script, init="busybox", userland="busybox")
    assert (r.stdout, r.stderr, r.status) == (host.stdout, host.stderr, host.returncode)
    assert r.stdout.startswith("1\n2\n127\n269\nBusyBox v1.35")


def test_busybox_userland_has_the_guests_programs_only():
    """Under ``userland="busybox"`` /bin is the guest's (busybox's applets, bash and
    the shims): a program the model has but busybox lacks (pgrep, nohup, vmstat) is
    "command not found", 127, and not tallied as not modelled; under gnu it runs."""
    script = "pgrep -x nosuch; echo $?; vmstat -V >/dev/null; echo $?; ls / >/dev/null; echo $?\n"
    r = memcgsim.run(script, init="busybox", userland="busybox")
    assert r.stdout == "127\n127\n0\n"
    assert r.stderr.count(": command not found\n") == 2 and "pgrep" in r.stderr
    assert r.not_modelled == {}
    g = memcgsim.run(script)
    assert g.stdout == "1\n0\n0\n" and g.not_modelled == {}


#: symbolic links for readlink -f (busybox's ``xmalloc_realpath_coreutils``): a
#: dangling relative target is taken from the working directory, not the link's
LINKS = ("ln -s g l; ln -s nothere dl; ln -s /nothere/x dabs; ln -s l4 l4; "
         "ln -s nothere d/l5; ln -s ../g d/l6")


@pytest.mark.skipif(shutil.which("busybox") is None, reason="busybox is not installed")
@pytest.mark.parametrize("cmd", ["readlink l", "readlink -f l", "readlink -f dl",
                                 "readlink -f dabs", "readlink -f l4", "readlink -v l4",
                                 "readlink -f d/l5", "readlink -f d/l6", "readlink -fn d",
                                 "readlink -f d/nothere/", "readlink -f ./d//nothere//",
                                 "readlink -f l g", "readlink -v d/l6"])
def test_readlink_links(tmp_path, cmd):
    """busybox readlink over links, the working directory's name made ``CWD``."""
    if b"v1.35" not in subprocess.run(["busybox"], capture_output=True).stdout:
        pytest.skip("the host's busybox is not 1.35")
    subprocess.run(["bash", "-c", f"{SETUP}; {LINKS}"], cwd=tmp_path, check=True)
    h = subprocess.run(["busybox"] + shlex.split(cmd), cwd=tmp_path, capture_output=True,
                       text=True, stdin=subprocess.DEVNULL, timeout=10)
    r = memcgsim.run(f"{SETUP}; {LINKS}\npwd\n{cmd}\n", init="busybox", userland="busybox")
    cwd, _, out = r.stdout.partition("\n")
    assert (out.replace(cwd, "CWD"), r.stderr, r.status) == \
        (h.stdout.replace(str(tmp_path), "CWD"), h.stderr, h.returncode)


def test_fuzz_scripts_as_with_the_hosts_busybox(tmp_path):
    """tests/shell/fuzz28_busybox.sh (18 sets of applet uses) run by the host's bash
    with busybox's applets first on its PATH, and by the model's busybox userland:
    the same stdout, stderr and status."""
    if b"v1.35" not in subprocess.run(["busybox"], capture_output=True).stdout:
        pytest.skip("the host's busybox is not 1.35")
    bb = shutil.which("busybox")
    bindir = tmp_path / "bin"
    bindir.mkdir()
    applets = subprocess.run([bb, "--list"], capture_output=True, text=True).stdout.split()
    for a in applets:
        if a not in ("sh", "ash", "[", "[["):
            (bindir / a).symlink_to(bb)
    script = os.path.join(os.path.dirname(__file__), "fuzz28_busybox.sh")
    work = tmp_path / "w"
    work.mkdir()
    host = subprocess.run(["bash", script], cwd=work, capture_output=True, text=True, timeout=60,
                          env={"PATH": f"{bindir}:/usr/bin:/bin", "LC_ALL": "C", "HOME": "/root",
                               "TMPDIR": str(tmp_path)})
    with open(script) as f:
        r = memcgsim.run(f.read(), init="busybox", userland="busybox")
    assert (r.stdout, r.stderr.replace("bash: line", f"{script}: line"), r.status) == \
        (host.stdout, host.stderr, host.returncode)
