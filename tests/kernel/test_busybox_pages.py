"""busybox applets' binary pages (kernel/fork.py ``BUSYBOX_APPLET_WINDOWS``,
``busybox_text``, ``Processes.map_code``), the vforked child of a program that is
nowhere (shell/interp.py ``_spawn_exec_fail``) and the ash family's unknown command (no
fork), against calibration/busybox-applet-pages.sh's and busybox-applet-windows.sh's
recordings."""
import re
from pathlib import Path

import pytest

import memcgsim
from memcgsim.fs.procmaps import BUSYBOX
from memcgsim.kernel.fork import (ASH_EXIT_WINDOWS, BUSYBOX_ANON_PAGES, BUSYBOX_APPLET_WINDOWS,
                                  BUSYBOX_BLOCK_WINDOWS, BUSYBOX_EXIT_WINDOWS,
                                  BUSYBOX_START_WINDOWS, GUEST_IMAGES, START_MASK,
                                  busybox_text, window_mask, window_pages)

REC = Path(__file__).resolve().parents[2] / "calibration" / "recordings"


def _pagemaps(kernel: str) -> dict[str, int]:
    """The recording's blocked processes: the binary's pages each maps (``f``)."""
    text = (REC / f"busybox-applet-pages--{kernel}-v2.txt").read_text()
    return {m.group(1): m.group(2).count("f")
            for m in re.finditer(r"^== (\S+) .*\n.*\n.*\npages: (.*)$", text, re.M)}


@pytest.mark.parametrize("kernel", ["5.10", "6.1"])
def test_block_pages_are_the_recorded_pagemaps(kernel):
    maps = _pagemaps(kernel)
    assert maps["sleep"] == maps["time-parent"] == busybox_text("sleep")["text"][1] == 347
    assert busybox_text("time")["text"][1] == 347
    assert maps["cat"] == busybox_text("cat")["text"][1] == 352
    assert maps["head"] == busybox_text("head")["text"][1]
    assert maps["sh-read"] == busybox_text("sh")["text"][1] == 363


def _windows(kernel: str) -> dict[str, tuple[str, set[int], int]]:
    """busybox-applet-windows' tasks: label -> (comm, text windows, MM_SHMEMPAGES)."""
    text = (REC / f"busybox-applet-windows--{kernel}-v2.txt").read_text()
    out = {}
    for m in re.finditer(r"^(\S+) \d+ (\S+)-\d+ f=\d* w=(\S*) sh=\d+ rs=(\d+)", text, re.M):
        ws = {int(w) for w in m.group(3).split(",") if w}
        out.setdefault(m.group(1), []).append((m.group(2), ws, int(m.group(4))))
    return out


@pytest.mark.parametrize("kernel", ["5.10", "6.1"])
def test_exit_windows_are_the_traced_faults(kernel):
    # every applet's windows by its exit: the start-up's, its own and exit's (busybox
    # sh's exitshell: window 2 only); the pages, fault-around's windows clipped
    rec = _windows(kernel)
    # the header page, .text's windows, .rodata's (RODATA_MASK) and .data.rel.ro's 5
    assert 1 + window_pages(window_mask(BUSYBOX_START_WINDOWS)) + 91 == 315
    assert window_pages(START_MASK) == window_pages(window_mask(BUSYBOX_START_WINDOWS)) + 86
    assert sum(p[2] for p in BUSYBOX.parts) == 485
    for name in ("true", "false", "sleep", "cat", "echo", "seq", "grep", "cut", "sort", "sed",
                 "awk", "ls", "stat", "mkdir", "rmdir", "cp", "rm", "basename", "expr",
                 "printf", "env", "id", "uname", "date", "ps", "free", "md5sum",
                 "wc", "tail", "sh-c"):
        (comm, ws, pages), = [t for t in rec[name] if t[0] != "busybox"]
        applet = "sh" if name == "sh-c" else name
        f = busybox_text(applet)
        assert ws == set(BUSYBOX_START_WINDOWS) | set(BUSYBOX_APPLET_WINDOWS[applet]) | \
            set(ASH_EXIT_WINDOWS if applet == "sh" else BUSYBOX_EXIT_WINDOWS), name
        assert 1 + window_pages(f["exit_windows"]) + 5 == pages, name
        assert GUEST_IMAGES[applet].exit_windows == f["exit_windows"]
    # a NOFORK applet run by xargs or find maps its own windows there; a missing
    # program's vforked child none; busybox sh's echo and printf builtins theirs
    own = {label: ws for label, ts in rec.items() for comm, ws, _ in ts
           if comm in ("xargs", "find", "sh")}
    assert own["xargs-true"] - own["xargs-missing"] == set(BUSYBOX_APPLET_WINDOWS["true"])
    assert own["xargs-echo"] - own["xargs-missing"] == set(BUSYBOX_APPLET_WINDOWS["echo"])
    assert own["find-true"] - own["find-print"] == set(BUSYBOX_APPLET_WINDOWS["true"])
    assert own["find-missing"] == own["find-print"]
    assert own["sh-c-echo"] - own["sh-c"] == set(BUSYBOX_APPLET_WINDOWS["echo"])
    assert own["sh-c-true"] == own["sh-c"]
    # the failed child's message and exit: exit's windows alone
    (_, child, pages), = [t for t in rec["time-missing"] if not t[1] & {0}]
    assert child == set(BUSYBOX_EXIT_WINDOWS) - set(BUSYBOX_START_WINDOWS) and pages == 21
    assert set(BUSYBOX_BLOCK_WINDOWS["time"]) < set(BUSYBOX_APPLET_WINDOWS["time"])


def _time(lines: str) -> list[str]:
    r = memcgsim.run(lines, kernel="6.1", cgroup="v2", init="busybox", userland="busybox")
    return r.stdout.split("\n")


def test_maxrss_counts_the_applets_pages_and_its_exit_path():
    out = _time("for p in 'true' 'sleep 0' 'id'; do\n"
                "  busybox time -o /tmp/t -f \"$p %M %x\" $p > /dev/null; cat /tmp/t; done\n"
                "busybox time -f 'sh %R %M' sh -c 'nosuch 2>/dev/null; :' 2>&1\n")
    # (1 vdso page + the binary's + 13 anon pages) x 4 kB, taken for pages (x4); id's
    # 3 heap pages more (BUSYBOX_ANON_PAGES): 6416, as the 6.1 guest's
    assert out[:3] == ["true 5856 0", "sleep 0 6112 0", "id 6416 0"]
    # the ash family reports an unknown command itself: no child, sh's own faults
    assert out[3] == "sh 43 6304"


def test_a_missing_program_fails_in_a_vforked_child():
    out = _time("busybox time -f '%R %M %x' no-such 2>&1\n"
                "busybox time -f '%R %M %x' /tmp/no-such 2>&1\n")
    # the child: 4 faults (3 without the PATH search), its parent's counters and its
    # exit path's 21 pages: 22 pages, 88 kB, 352 as busybox prints it
    assert out[:6] == ["time: can't execute 'no-such': No such file or directory",
                       "Command exited with non-zero status 127", "4 352 127",
                       "time: can't execute '/tmp/no-such': No such file or directory",
                       "Command exited with non-zero status 127", "3 352 127"]


def test_spawn_of_a_missing_program_forks_a_silent_child():
    # busybox's spawn (xargs, find -exec): a vforked child per failed execvp, one
    # fault per execve tried (PATH /bin:/sbin: 2; a path: 1), _exit(111), no message
    # of its own: xargs and find print theirs (127; find's -exec false, status 0);
    # xargs's own 51 faults with its argument buffer's 9 heap pages, and the NOFORK
    # true's window one more (the guests' 50-51: traced, true's window is a fault of
    # xargs', 47 against 46 from its exec; the model's base faults are cat's)
    out = _time("echo x > /tmp/one\n"
                "for c in 'xargs true' 'xargs nosuch' 'xargs /tmp/nosuch' 'xargs -P 2 nosuch'; do\n"
                "  busybox time -o /tmp/t -f \"$c %R %x\" $c < /tmp/one 2>&1; cat /tmp/t; done\n"
                "PATH=/bin busybox time -f 'PATH=/bin %R %x' xargs nosuch < /tmp/one 2>&1\n"
                "busybox time -f 'find %R %x' find /tmp/one /tmp/one -exec nosuch {} ';' 2>&1\n"
                "echo $$; sh -c 'echo $$'\n")
    assert out[:15] == [
        "xargs true 52 0",
        "xargs: nosuch: No such file or directory", "Command exited with non-zero status 127",
        "xargs nosuch 53 127",
        "xargs: /tmp/nosuch: No such file or directory", "Command exited with non-zero status 127",
        "xargs /tmp/nosuch 52 127",
        "xargs: nosuch: No such file or directory", "Command exited with non-zero status 127",
        "xargs -P 2 nosuch 53 127",
        "xargs: nosuch: No such file or directory", "Command exited with non-zero status 127",
        "PATH=/bin 52 127",
        "find: nosuch: No such file or directory", "find: nosuch: No such file or directory"]
    assert out[15] == "find 47 0"


def _traced(kernel: str) -> dict[str, dict[str, int]]:
    """calibration/busybox-applet-anon.sh's applets (part 1, in order): the pages
    each wrote by area."""
    text = (REC / f"busybox-applet-anon--{kernel}-v2.txt").read_text()
    labels = re.findall(r"^== (\S+)$", text.split("--- part 2")[0], re.M)
    # the probe's own bash first, then each command's task
    rows = re.findall(r"^\S+-\d+ faults=\d+ t=\S+ (.*)$", text.split("--- per task")[1], re.M)[1:]
    return {label: {a: int(w) for a, w, _ in re.findall(r"(\w+)=(\d+)/(\d+)", row)}
            for label, row in zip(labels, rows)}


@pytest.mark.parametrize("kernel", ["5.10", "6.1"])
def test_applet_anon_pages_are_the_traced_writes(kernel):
    rows = _traced(kernel)
    base = rows["true"]
    assert base == {"data": 4, "bss": 3, "heap": 2, "stack": 1}
    for name in ("false", "mkdir", "rmdir", "rm", "cp"):
        assert rows[name] == base, name
    # the table's applets measured on small inputs: their .bss and heap pages past
    # true's exactly, their stack within the kernels' page of random offset
    for name, (bss, heap, stack) in BUSYBOX_ANON_PAGES.items():
        if name in ("wc", "head", "tr", "cut", "grep"):
            continue            # taken after 48 KiB of input (shell-applet-pages)
        r = rows[name]
        # ls's image holds an empty directory's heap: ``ls /``'s entries a page more
        # (shell/commands/bbls.py scan_heap_pages)
        assert (r["bss"] - 3, r["heap"] - 2 - (name == "ls")) == (bss, heap), name
        assert 0 <= r["stack"] - 1 - stack <= 1, name
        img = GUEST_IMAGES[name]
        assert img.anon_pages == GUEST_IMAGES["true"].anon_pages + bss + heap + stack


def test_nofork_applets_and_builtins_map_their_windows():
    # %M: xargs and find map a NOFORK true's window (16 pages), not a missing
    # program's (its vforked child maps none); busybox sh's echo builtin echo's, its
    # command substitution window 24, its kill builtin kill's (killed: no exit path):
    # the guests' 6256, 5984-6016, 6096-6128, 5840-5872, 6560, 6592, 6624-6640
    t = "busybox time -o /tmp/t -f %M "
    out = _time("echo x > /tmp/one\n"
                f"{t} xargs true < /tmp/one; cat /tmp/t\n"
                f"{t} xargs nosuch < /tmp/one 2>/dev/null\n"
                f"cat /tmp/t; {t} find /tmp/one -exec true {{}} ';'; cat /tmp/t\n"
                f"{t} find /tmp/one -exec nosuch {{}} ';' 2>/dev/null; cat /tmp/t\n"
                f"{t} sh -c 'echo x' >/dev/null; cat /tmp/t\n"
                f"{t} sh -c 'x=$(seq 1 5000)'; cat /tmp/t\n"
                f"{t} sh -c 'kill -9 $$'; cat /tmp/t\n")
    assert [ln for ln in out if ln.isdigit()] == ["6256", "6000", "6128", "5872", "6560",
                                                  "6592", "6640"]


def _heaps(kernel: str, probe: str = "busybox-applet-windows") -> dict[str, int]:
    """A probe's busybox tasks by label (busybox-applet-windows', or
    busybox-fork-windows' part 2): heap pages written."""
    text = (REC / f"{probe}--{kernel}-v2.txt").read_text()
    return {m.group(1): int(m.group(2)) for m in re.finditer(
        r"^(\S+) \d+ \S+ (?:bb (?:parent=\d+ )?)?f=.* heap=(\d+)/", text, re.M)}


@pytest.mark.parametrize("kernel", ["5.10", "6.1"])
def test_line_buffers_grow_with_the_longest_line(kernel):
    # lines of 3968..63488 bytes: heap pages past the 31-byte lines' run, as
    # line_buffer_pages says (cut -c: two buffers; grep's 4 KiB line a page over)
    from memcgsim.shell.commands._util import line_buffer_pages
    heap = _heaps(kernel)
    lengths = {"x4": 3968, "x8": 7936, "x16": 15872, "x32": 31744}
    for a, copies in (("sed", 1), ("uniq", 1), ("grep", 1), ("cut", 2)):
        for f, n in lengths.items():
            got = heap[f"{a}-{f}"] - heap[f"{a}-s"]
            want = line_buffer_pages(n, copies)
            assert got == want or (a, f) == ("grep", "x4") and got == want + 1, (a, f)
        assert abs(heap[f"{a}-w"] - heap[f"{a}-s"] - line_buffer_pages(63488, copies)) <= 1


def test_option_pages_copy_buffer_and_line_buffers_in_the_model():
    out = _time(
        "awk 'BEGIN { for (i = 0; i < 512; i++) printf \"%s\", \"0123456789abcdef0123456789abcdef\"; "
        "print \"\" }' > /tmp/x16; seq 40 > /tmp/s; echo x > /tmp/one\n"
        "t='busybox time -o /tmp/t -f %M'\n"
        "for c in 'grep -c 1 /tmp/s' 'grep -c 1 /tmp/x16' 'cut -c1 /tmp/s' 'cut -c1 /tmp/x16' "
        "'ls -ln /tmp/one' 'ls -l /tmp/one' 'ls /tmp/one'; do $t $c > /dev/null; cat /tmp/t; done\n"
        "mkfifo /tmp/f; cat /tmp/f > /dev/null & p=$!; exec 9> /tmp/f; head -c 70000 /dev/zero >&9\n"
        "sleep 1; awk '$6 == \"\" { print $1 }' /proc/$p/maps | tail -1; exec 9>&-; wait\n")
    m = [int(x) for x in out[:7]]
    # a 16384-byte line: grep's buffer 4 pages, cut's two 8 (x 16: %M's unit)
    assert (m[1] - m[0], m[3] - m[2]) == (4 * 16, 8 * 16)
    # ls -l's owner names: 2 heap pages and window 15's 16 pages past ls -ln's; the
    # long format's .bss page past ls's
    assert (m[5] - m[4], m[4] - m[6]) == ((2 + 16) * 16, 16)
    # cat reading a FIFO: its 64 KiB copy buffer
    lo, hi = (int(x, 16) for x in out[7].split("-"))
    assert hi - lo == 64 * 1024


@pytest.mark.parametrize("kernel", ["5.10", "6.1"])
def test_ls_heap_is_its_chunks_as_glibc_places_them(kernel):
    # ls and ls -1 of tmpfs directories of 0-1600 files (bbls.py LS_HEAP_TOP: the
    # layout's one fitted offset)
    from memcgsim.shell.commands.bbls import LS_EMPTY_HEAP_PAGES, scan_heap_pages
    heap = _heaps(kernel, "busybox-fork-windows")
    for n in (0, 10, 50, 100, 200, 400, 800, 1600):
        names = [f"f{i}" for i in range(n)]
        assert heap[f"ls-d{n}"] == heap[f"ls1-d{n}"] == scan_heap_pages(
            f"/tmp/bfw.d{n}", names, names), n
    assert LS_EMPTY_HEAP_PAGES == 3 == 2 + BUSYBOX_ANON_PAGES["ls"][1]


def test_ls_heap_grows_with_the_directory_in_the_model():
    out = _time("for n in 0 10 50 200 800; do mkdir /tmp/d$n; i=0\n"
                "  while [ $i -lt $n ]; do : > /tmp/d$n/f$i; i=$((i + 1)); done\n"
                "  busybox time -o /tmp/t -f %M ls /tmp/d$n > /dev/null; cat /tmp/t; done\n")
    m = [int(x) for x in out[:5]]
    # the recorded heap pages past the empty directory's 3 (x 16: %M's unit)
    assert [x - m[0] for x in m] == [0, 1 * 16, 3 * 16, 8 * 16, 33 * 16]


@pytest.mark.parametrize("kernel", ["5.10", "6.1"])
def test_sed_substitution_buffer_against_the_recording(kernel):
    # sed -n '$p' and sed p: the line buffer alone; s/a/b/ its second buffer and a page
    # (shell/commands/sed.py SUBST_BUFFER_PAGES): the rule 3 of 5 lengths exactly
    from memcgsim.shell.commands._util import line_buffer_pages
    heap = _heaps(kernel, "busybox-fork-windows")
    lengths = {4: 3968, 8: 7936, 16: 15872, 32: 31744, 64: 63488}
    for k, n in lengths.items():
        assert heap[f"sedn-x{k}"] == heap[f"sedp-x{k}"] == 4 + line_buffer_pages(n), k
    rule = [4 + line_buffer_pages(n, 2) + 1 for n in lengths.values()]
    got = [heap[f"sedout-x{k}"] for k in lengths]
    assert got == [7, 8, 12, 20, 34] and rule == [6, 8, 12, 20, 36]


def test_sed_substitution_buffer_in_the_model():
    out = _time(
        "awk 'BEGIN { for (k = 4; k <= 64; k *= 2) { f = \"/tmp/x\" k\n"
        "  for (i = 0; i < k * 16; i++) printf \"%s\", \"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ\" > f\n"
        "  print \"\" > f } }'\n"
        "for k in 4 8 16 32 64; do busybox time -o /tmp/t -f %M sed p /tmp/x$k > /dev/null\n"
        "  p=$(cat /tmp/t); busybox time -o /tmp/t -f %M sed s/a/b/ /tmp/x$k > /dev/null\n"
        "  echo $(( ($(cat /tmp/t) - p) / 16 )); done\n")
    # the pages s/a/b/ writes past sed p's (the guests' 3, 3, 5, 9, 15)
    assert out[:5] == ["2", "3", "5", "9", "17"]
