"""busybox applets' binary pages (kernel/fork.py ``BUSYBOX_EXIT_PAGES``,
``busybox_text``, ``ProgramImage.exit_text``), the vforked child of a program that
is nowhere (shell/interp.py ``_spawn_exec_fail``) and the ash family's unknown
command (no fork), against calibration/busybox-applet-pages.sh's recordings."""
import re
from pathlib import Path

import pytest

import memcgsim
from memcgsim.fs.procmaps import BUSYBOX
from memcgsim.kernel.fork import (BUSYBOX_ANON_PAGES, BUSYBOX_BLOCK_PAGES,
                                  BUSYBOX_DEFAULT_BLOCK_PAGES, BUSYBOX_EXIT_PAGES, GUEST_IMAGES,
                                  busybox_text)

REC = Path(__file__).resolve().parents[2] / "calibration" / "recordings"


def _pagemaps(kernel: str) -> dict[str, int]:
    """The recording's blocked processes: the binary's pages each maps (``f``)."""
    text = (REC / f"busybox-applet-pages--{kernel}-v2.txt").read_text()
    return {m.group(1): m.group(2).count("f")
            for m in re.finditer(r"^== (\S+) .*\n.*\n.*\npages: (.*)$", text, re.M)}


@pytest.mark.parametrize("kernel", ["5.10", "6.1"])
def test_block_pages_are_the_recorded_pagemaps(kernel):
    maps = _pagemaps(kernel)
    assert maps["sleep"] == maps["time-parent"] == BUSYBOX_DEFAULT_BLOCK_PAGES == 347
    assert maps["cat"] == BUSYBOX_BLOCK_PAGES["cat"] == 352
    assert maps["head"] == BUSYBOX_BLOCK_PAGES["head"]
    assert maps["sh-read"] == BUSYBOX_BLOCK_PAGES["sh"] == 363


def test_pages_are_whole_fault_around_windows_past_the_start_up():
    # the start-up's 315 pages, then 16 a window (.text's last 5 pages a part window)
    layout = sum(p[2] for p in BUSYBOX.parts)
    assert layout == 485
    for name, pages in BUSYBOX_EXIT_PAGES.items():
        assert (pages - 315) % 16 in (0, 5), name
        f = busybox_text(name)
        assert f["text"][1] + f["exit_text"] == pages
        assert GUEST_IMAGES[name].text[1] + GUEST_IMAGES[name].exit_text == pages


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
    # xargs's own 51 faults with its argument buffer's 9 heap pages (the guests' 50-51)
    out = _time("echo x > /tmp/one\n"
                "for c in 'xargs true' 'xargs nosuch' 'xargs /tmp/nosuch' 'xargs -P 2 nosuch'; do\n"
                "  busybox time -o /tmp/t -f \"$c %R %x\" $c < /tmp/one 2>&1; cat /tmp/t; done\n"
                "PATH=/bin busybox time -f 'PATH=/bin %R %x' xargs nosuch < /tmp/one 2>&1\n"
                "busybox time -f 'find %R %x' find /tmp/one /tmp/one -exec nosuch {} ';' 2>&1\n"
                "echo $$; sh -c 'echo $$'\n")
    assert out[:15] == [
        "xargs true 51 0",
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
        assert (r["bss"] - 3, r["heap"] - 2) == (bss, heap), name
        assert 0 <= r["stack"] - 1 - stack <= 1, name
        img = GUEST_IMAGES[name]
        assert img.anon_pages == GUEST_IMAGES["true"].anon_pages + bss + heap + stack
