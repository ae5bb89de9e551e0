"""shell/stack.py against the stack pointers calibration/shell-stack-sp.sh recorded:
the depth each shape puts the forking bash at is the sum of its frames."""
from pathlib import Path

import pytest

from memcgsim.shell.stack import (ANDOR_LEVEL, CASE_FRAME, FOR_FRAME, FORK_SP, FUNCTION_FRAME,
                                  GROUP_FRAME, IF_FRAME, LIST_FIRST, LIST_SECOND, WHILE_FRAME,
                                  fork_stack_pages, list_depths)

REC = Path(__file__).parents[2] / "calibration" / "recordings"


def _below_start(name: str) -> dict[str, int]:
    out = {}
    for line in (REC / name).read_text().splitlines():
        f = line.split()
        if len(f) > 5 and f[1] == "syscall" and f[5] == "below-start":
            out[f[0]] = int(f[6])
    return out


FG, COMSUB, PIPE = FORK_SP["fg"], FORK_SP["comsub"], FORK_SP["pipeline"]
FUNC = FUNCTION_FRAME + GROUP_FRAME
#: shape -> the model's depth of its fork (the shapes of shell-stack-sp.sh)
SHAPES = {
    "top-fg": FG, "top-comsub": COMSUB, "top-subshell": FG, "top-pipeline": PIPE,
    "top-fg-redir": FG, "top-comsub-redir": COMSUB, "top-pipeline-last": PIPE,
    "top-group": FG + GROUP_FRAME, "top-if": FG + IF_FRAME, "top-case": FG + CASE_FRAME,
    "top-and-first": FG + list_depths(2, ANDOR_LEVEL, ANDOR_LEVEL)[0],
    "top-and-second": FG + list_depths(2, ANDOR_LEVEL, ANDOR_LEVEL)[1],
    "top-list2-first": FG + LIST_FIRST,
    "top-func1": FG + LIST_SECOND + FUNC, "top-func2": FG + LIST_SECOND + 2 * FUNC,
    "top-func1-comsub": COMSUB + LIST_SECOND + FUNC,
    "for2-fg": FG + 2 * FOR_FRAME, "for3-fg": FG + 3 * FOR_FRAME,
    "batch-s": COMSUB + FOR_FRAME + list_depths(5)[2],
    "batch-e": FG + FOR_FRAME + list_depths(3)[0],
    **{f"for-fg-pad{p}": FG + FOR_FRAME + list_depths(p + 1)[0]
       for p in (0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32)},
    **{f"for-comsub-pad{p}": COMSUB + FOR_FRAME + list_depths(p + 1)[0] for p in (0, 1, 2, 4, 8, 16)},
    **{f"while-fg-pad{p}": FG + WHILE_FRAME + list_depths(p + 2)[0] for p in (0, 4, 16)},
    **{f"if-fg-pad{p}": FG + IF_FRAME + list_depths(p + 1)[0] for p in (0, 4, 16)},
    **{f"group-fg-pad{p}": FG + GROUP_FRAME + list_depths(p + 1)[0] for p in (0, 4, 16)},
    **{f"func-fg-pad{p}": FG + LIST_SECOND + FUNC + list_depths(p + 1)[0] for p in (0, 4, 16)},
}


def test_every_shape_of_the_host_recording_is_its_frames():
    got = _below_start("shell-stack-sp--host-bash-static.txt")
    assert set(SHAPES) <= set(got)
    assert {s: got[s] for s in SHAPES} == SHAPES


@pytest.mark.parametrize("kernel", ["6.1", "5.10"])
def test_the_guests_bash_forks_as_deep(kernel):
    got = _below_start(f"shell-stack-sp--{kernel}-v2.txt")
    assert len(got) == 18
    assert {s: SHAPES[s] for s in got} == got


def test_pages_of_a_top_level_command_and_the_loop_of_the_conformance_case():
    # a command alone on a line: the page under the top's (the guests': +30 or +31 of 33)
    assert fork_stack_pages(0, "fg") == (1, 1, 2)
    # tests/conformance/scripts/shell-stack-depth-pin.sh's command substitution, the
    # third of 29 in a for: two pages copied, one more reached (6.1 walk: +27, +28
    # copied in d6, +26 faulted in d1)
    depth = FOR_FRAME + list_depths(29)[2]
    first, last, deep = fork_stack_pages(depth, "comsub")
    assert (last - first, deep - last) == (1, 1)
