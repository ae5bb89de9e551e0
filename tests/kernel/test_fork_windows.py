"""A fork's child faults its binary's text and .rodata again, window by window
(kernel/fork.py ``ASH_FORK_CHILD_WINDOWS`` and the paths' windows, ``WINDOWED``,
``Processes.map_code``, ``exit_path_pages``), against calibration/busybox-fork-windows.sh's
recordings; a process a signal kills takes no exit path's faults; bash's command
substitution parses its text again in the child."""
import re
from pathlib import Path

import pytest

import memcgsim
from memcgsim.kernel.fork import (ASH_CHILD_IO_WINDOWS, ASH_COMSUB_CHILD_WINDOWS, ASH_EVAL_WINDOWS,
                                  ASH_EXIT_WINDOWS, ASH_FORK_CHILD_WINDOWS, BASH_CHILD_PATHS,
                                  BASH_EXEC_WINDOWS, BASH_EXIT_WINDOWS, BASH_FORK_CHILD_WINDOWS,
                                  BASH_SCRIPT_CHILD_WINDOWS, BASH_START_MASK, WINDOWED,
                                  bash_ro, bash_window_pages,
                                  BUSYBOX_EXIT_WINDOWS, BUSYBOX_RELRO_PAGES,
                                  BUSYBOX_SH_EXEC_CHILD_FAULTS, BUSYBOX_SH_EXEC_CHILD_REST,
                                  applet_code_windows, ro, window_mask, window_pages)
from memcgsim.shell.malloc import BUSYBOX_SH_CHILD_WRITES

REC = Path(__file__).resolve().parents[2] / "calibration" / "recordings"


def _children(kernel: str) -> dict[str, list[dict]]:
    """The recording's tasks by label: comm, windows (a mask, ``pre``: before its
    execve), faults, MM_SHMEMPAGES copied by the fork and at most."""
    text = (REC / f"busybox-fork-windows--{kernel}-v2.txt").read_text()
    out: dict[str, list[dict]] = {}
    for m in re.finditer(r"^(\S+) (\d+) (\S+) (bb|bash) (.*)$", text, re.M):
        f = dict(kv.split("=", 1) for kv in m.group(5).split(" ") if "=" in kv)
        rd = bash_ro if m.group(4) == "bash" else ro
        t = {"comm": m.group(3), "bin": m.group(4), "f": int(f["f"] or 0),
             "mask": window_mask([int(w) for w in f["tw"].split(",") if w]
                                 + list(rd(*[int(w) for w in f["ro"].split(",") if w]))),
             "rs0": int(f.get("rs0", -1)), "rs": int(f.get("rs", -1))}
        if "pre" in f:
            t["pre"] = int(f["pre"])
            pre = re.search(r"pre=\d+ prew=(.*?) tw=", m.group(5)).group(1).split()
            # before its execve: the forking program's windows (bash's, busybox sh's)
            prd = bash_ro if f.get("rs0") == "9" else ro
            t["premask"] = window_mask([int(w[1:]) for w in pre if w[0] == "T"]
                                       + list(prd(*[int(w[1:]) for w in pre if w[0] == "R"])))
        out.setdefault(m.group(1), []).append(t)
    return out


def _child(rec, label: str) -> dict:
    """The task ``label``'s busybox sh forked (its comm sh, or its applet's)."""
    (t,) = [t for t in rec[label] if t["bin"] == "bb" and "pre" not in t
            and t["comm"] != "sh-" and not re.match(r"sh-\d", t["comm"])]
    return t


CORE = ASH_FORK_CHILD_WINDOWS
SUB_EXIT = ASH_EVAL_WINDOWS + ASH_EXIT_WINDOWS
COMSUB = ASH_EVAL_WINDOWS + ASH_CHILD_IO_WINDOWS + ASH_COMSUB_CHILD_WINDOWS
#: each forked child's paths, as the model composes them (shell/interp.py)
PATHS = {
    "sh-sub": CORE + SUB_EXIT,
    "sh-sub-echo": CORE + SUB_EXIT + applet_code_windows("echo"),
    "sh-bg": CORE + SUB_EXIT + ASH_CHILD_IO_WINDOWS,
    "sh-comsub-colon": CORE + COMSUB + ASH_EXIT_WINDOWS,
    "sh-comsub-echo": CORE + COMSUB + ASH_EXIT_WINDOWS + applet_code_windows("echo"),
    "sh-seq": CORE + COMSUB + applet_code_windows("seq") + BUSYBOX_EXIT_WINDOWS,
    "sh-seqfork": CORE + applet_code_windows("seq") + BUSYBOX_EXIT_WINDOWS,
    "sh-head": CORE + applet_code_windows("head") + BUSYBOX_EXIT_WINDOWS,
    "sh-basename": CORE + applet_code_windows("basename") + BUSYBOX_EXIT_WINDOWS,
    "sh-pipe": CORE + ASH_EVAL_WINDOWS + ASH_CHILD_IO_WINDOWS + applet_code_windows("seq")
    + BUSYBOX_EXIT_WINDOWS,
}


@pytest.mark.parametrize("kernel", ["5.10", "6.1"])
def test_fork_children_fault_the_traced_windows(kernel):
    rec = _children(kernel)
    for label, windows in PATHS.items():
        t = _child(rec, label)
        mask = window_mask(windows)
        assert t["mask"] == mask, label
        # the fork copied .data.rel.ro's unwritten pages; the rest are the windows'
        assert t["rs0"] == BUSYBOX_RELRO_PAGES
        assert t["rs"] == BUSYBOX_RELRO_PAGES + window_pages(mask), label
    # `$(seq 1 5000)`'s child: 335 pages, every .rodata window, 16 of .text
    assert _child(rec, "sh-seq")["rs"] == 335
    # a loop's three substitutions fault the same, each from nothing
    loop = [t for t in rec["sh-loop"] if t["comm"] == "sh"]
    assert len(loop) == 3 and {t["mask"] for t in loop} == {_child(rec, "sh-seq")["mask"]}
    # children that exec: the fork's windows, a pipeline stage's expansion and dup2's
    (sleep,) = [t for t in rec["sh-exec"] if t["comm"].startswith("sleep")]
    assert sleep["premask"] == window_mask(CORE)
    assert sleep["pre"] in (BUSYBOX_SH_EXEC_CHILD_FAULTS, BUSYBOX_SH_EXEC_CHILD_FAULTS + 1)
    (cat,) = [t for t in rec["sh-pipe"] if t["comm"].startswith("cat")]
    assert cat["premask"] == window_mask(CORE + ASH_EVAL_WINDOWS + ASH_CHILD_IO_WINDOWS)
    assert BUSYBOX_SH_EXEC_CHILD_REST == (BUSYBOX_SH_EXEC_CHILD_FAULTS - BUSYBOX_SH_CHILD_WRITES
                                          - len(CORE))
    # the self-killed sh: its kill builtin's windows, no exit path after
    killed, kill0 = _child_sh(rec, "sh-killed"), _child_sh(rec, "sh-kill0-exit")
    assert killed["mask"] == kill0["mask"]


def _child_sh(rec, label: str) -> dict:
    (t,) = [t for t in rec[label] if re.match(r"sh-\d", t["comm"])]
    return t


def _run(lines: str) -> list[str]:
    r = memcgsim.run(lines, kernel="6.1", cgroup="v2", init="busybox", userland="busybox")
    return r.stdout.split("\n")


def test_forked_children_fault_by_window_and_killed_ones_skip_their_exit():
    out = _run("t() { busybox time -o /tmp/t -f \"$1 %R %M\" sh -c \"$2\" > /dev/null 2>&1;"
               " cat /tmp/t; }\n"
               "t sub '( : ); :'\nt seq 'x=$(seq 1 5000)'\nt colon 'x=$(:)'\n"
               "t head 'head -n 0 /dev/null; :'\nt seqfork 'seq 1 5000; :'\n"
               "t killed 'kill -9 $$'\nt c ':'\n")
    got = {line.split()[0]: line.split()[1:] for line in out if line}
    # busybox time's %R of the sh and its children (guests: the sh's faults after its
    # exec and its child's traced, 3-4 of its exec's untraced; seq's 100-101 measured)
    assert got["c"] == ["43", "6304"]
    assert got["sub"][0] == "79"          # guests 78-79: 16 windows, calibrated 26 in all
    assert got["head"][0] == "84"         # 83-84: its 19 windows
    assert got["seqfork"][0] == "85"      # 85: 21 windows
    assert got["colon"][0] == "83"        # 81-82: 18 windows
    assert got["seq"] == ["99", "6592"]   # 100-101 (93 when its child faulted a subshell's)
    # a signal's victim runs no exit path: sh -c ':''s window 2 is its kill builtin's
    assert got["killed"][0] == "45"       # 43-44 (46 when the image's count held it)


def test_bash_command_substitution_parses_again_in_the_child():
    out = _run("busybox time -o /tmp/t -f '%R' bash -c 'x=$(seq 1 5000); exit 3' 2>/dev/null\n"
               "tail -n 1 /tmp/t\n"
               "busybox time -o /tmp/t -f '%R' bash -c 'sleep 0; :'; cat /tmp/t\n")
    # userland-time-rusage's guests 199 (184 without the child's parse: 18 faults;
    # 202 before its windows: a ``bash -c``'s child faults no script step's window 20)
    assert out[0] == "201"
    assert out[1] == "167"            # guests 167-169


#: bash's children by path, composed as the model composes them (shell/interp.py
#: ``make_child``, ``bash_child_exits``): the label's bash's child, its windows
BASH_PATHS = {
    "bash-sub": ("paren", ()), "bc-bg": ("job", ()), "bc-colon": ("comsub", ()),
    "sc-sub": ("paren", BASH_SCRIPT_CHILD_WINDOWS), "sc-bg": ("job", BASH_SCRIPT_CHILD_WINDOWS),
    "sc-colon": ("comsub", BASH_SCRIPT_CHILD_WINDOWS)}


@pytest.mark.parametrize("kernel", ["5.10", "6.1"])
def test_bash_children_fault_the_traced_windows(kernel):
    rec = _children(kernel)
    # an exec'd bash: its start-up's windows, 489 pages with the header's and
    # .data.rel.ro's (9, which a fork copies)
    (c,) = [t for t in rec["bash-c"] if t["comm"].startswith("bash-")]
    assert c["mask"] | WINDOWED == BASH_START_MASK and c["rs"] == 1 + 9 + bash_window_pages(
        BASH_START_MASK & ~WINDOWED)
    for label, (kind, script) in BASH_PATHS.items():
        (t,) = [t for t in rec[label] if t["comm"] == "bash"]
        mask = window_mask(BASH_FORK_CHILD_WINDOWS + script + BASH_CHILD_PATHS[kind][0]
                           + BASH_EXIT_WINDOWS)
        assert t["mask"] == mask, label
        assert t["rs0"] == 9 and t["rs"] == 9 + bash_window_pages(mask), label
    # a ``bash -c``'s second subshell maps the same; a builtin stage's are the stage's
    # and echo's (20-23: not modelled)
    assert {t["mask"] for t in rec["bc-sub2"] if t["comm"] == "bash"} == {
        t["mask"] for t in rec["bash-sub"] if t["comm"] == "bash"}
    (stage,) = [t for t in rec["bc-pipe-b"] if t["comm"] == "bash"]
    assert stage["mask"] == window_mask(BASH_FORK_CHILD_WINDOWS + BASH_CHILD_PATHS["stage"][0]
                                        + BASH_EXIT_WINDOWS + (20, 21, 22, 23))
    # a child that execs: the fork's windows and the exec path's, before its execve
    (sleep,) = [t for t in rec["bash-exec"] if t["comm"].startswith("sleep")]
    assert sleep["premask"] == window_mask(BASH_FORK_CHILD_WINDOWS + BASH_EXEC_WINDOWS)


def test_bash_children_fault_by_path():
    out = _run("t() { bash -c \"$2\"' ; read -r a b c d e f g h i j k l < /proc/$$/stat;"
               " echo \"'\"$1\"' $k\"'; }\n"
               "t sub '( : )'\nt sub2 '( : ); ( : )'\nt bg ': & wait'\nt colon 'x=$(:)'\n"
               "t exec 'sleep 0'\n")
    got = dict(line.split() for line in out if line)
    # the children's faults (cminflt), the guests' (busybox-fork-windows.sh: 5.10, 6.1)
    assert got["sub"] == "42"        # 43, 43
    assert got["sub2"] == "84"       # 43 + 41, 43 + 41
    assert got["bg"] == "39"         # 39, 38 (7 before: the job's lump was not counted)
    assert got["colon"] == "46"      # 46, 46
    assert got["exec"] == "61"       # 24-25 + 38 (sleep), 23-24 + 39
