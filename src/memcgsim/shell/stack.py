"""The script bash's own stack: how deep it is when it forks, and which ``[stack]``
pages it writes there (docs/fidelity.md item 60).

A fork write-protects the parent's stack; what the parent writes before its child
has exec'd (or exited) is copied and charged to the parent's memcg then (mm/memory.c
``wp_page_copy``), and a page the stack reaches for the first time is charged where
the shell is (``do_anonymous_page``). Which pages those are is the depth of the
parent's frames, which is the shape of the script, not a constant: bash 5.2
(execute_cmd.c) runs a list ``a; b; c`` as the left-deep tree its grammar builds
(parse.y ``command_connect``), so ``execute_connection`` recurses into the list's
earlier commands: ``a`` runs two connections deep (``execute_command`` →
``execute_command_internal`` → ``execute_connection`` a level), and a loop's, an
``if``'s, a function's frames add to that. The figures are bash-static 5.2.15's
(Debian, the guests' script bash), measured by calibration/shell-stack-sp.sh: the
user stack pointer of the bash (``/proc/PID/syscall``) while it waits for the
command it forked, below its initial stack pointer (``/proc/PID/stat``
startstack), in each shape: recordings/shell-stack-sp--6.1-v2.txt, --5.10-v2.txt and
--host-bash-static.txt (the same bytes on the three: user space's frames).

Page indices count from the stack's top (0: the page of ``argv``/``envp``), as
the image's 4 written pages (kernel/fork.py ``BASH_IMAGE``: the guests' bash has 4
present pages of a 33-page ``[stack]`` at its start, item 52).
"""
from __future__ import annotations

from functools import lru_cache

from .malloc import PAGE

#: Where bash's initial stack pointer lies below the end of its ``[stack]``: the
#: argument and environment strings, the auxiliary vector, argv/envp, and
#: fs/binfmt_elf.c ``create_elf_tables``' ``arch_align_stack`` (a random 0..8191
#: bytes an exec): the mean of 80 execs of the guests' bash run as the oracle runs a
#: script, 4212 on 6.1 and 4859 on 5.10 (min 752 / 624, max 8592 / 8720;
#: calibration/shell-stack-start.sh, recordings/shell-stack-start--K-v2.txt). The
#: model takes the mean, as ``kernel/mmap.py`` ``thp_blocks`` does a mapping's random
#: offset; a real run's pages lie up to a page either side.
STACK_START = 4536

#: A list's connection levels (execute_cmd.c ``execute_connection``): the commands
#: before the last of ``a; b; c`` run one level deeper each; a level reached as a
#: connection's first (``execute_command`` → ``execute_command_internal``) 384 bytes,
#: as a ``;``/newline connection's second (``execute_command_internal`` alone) 352;
#: ``&&``/``||`` run both sides through ``execute_command``: 384 each
#: (shell-stack-sp.sh: for-fg-padN 384 a ``:``, top-and-first/-second, batch-s).
LIST_FIRST = 384
LIST_SECOND = 352
ANDOR_LEVEL = 384
#: A compound command's frames around its body (``execute_for_command``,
#: ``execute_while_command``, ``execute_if_command``, ``execute_case_command``, a
#: group's ``execute_command_internal``) and a function call's (``execute_function``
#: with its body's group: 656 in all, 400 past the group's): for-fg-pad0, for2-fg,
#: for3-fg (288 a ``for``), while-fg-padN, if-fg-padN, top-case, group-fg-padN,
#: top-func1/-func2, func-fg-padN. An arithmetic ``for`` is taken as a ``for``.
FOR_FRAME = 288
WHILE_FRAME = 336
IF_FRAME = 288
CASE_FRAME = 288
GROUP_FRAME = 256
FUNCTION_FRAME = 656 - GROUP_FRAME

#: Per way of forking, where the parent then is below its initial stack pointer for
#: a command alone on a top-level line (bytes): a foreground command waits in
#: ``waitchld``'s wait4 1624 bytes down (top-fg; the same for a ``( list )``), a
#: pipeline in ``execute_pipeline``'s 2376, a command substitution reads its pipe in
#: ``read_comsub`` (subst.c: ``buf[COMSUB_PIPEBUF]``, 4096 bytes, on the stack) 7000
#: down (a job and a process substitution taken as a foreground command).
FORK_SP = {"fg": 1624, "pipeline": 2376, "comsub": 7000}
#: What the parent writes before its child has exec'd, by the walks of
#: shell-stack-sp.sh on both guests (WALK=1: each shape in its own cgroup,
#: /proc/kpagecgroup): the pages charged to that cgroup lie from ``FORK_REACH`` above
#: that pointer to ``FORK_BELOW`` under it. A foreground command's reach is at least
#: 440 and under 584 bytes (6.1 for-fg-pad8, -pad16): the frames up to
#: ``execute_disk_command``'s (512); a command substitution's at least 3241 and under
#: 4777 (5.10 for-comsub-pad0, -pad4): the 4096 of the buffer and the frames above it
#: (4352); a job's and a stage's as a foreground command's (top-bg, top-pipeline: the
#: same pages). Below the pointer, where ``fork`` itself runs under
#: ``make_child``: at least 88 bytes (5.10 for-fg-pad16 copied the page 88 bytes
#: under its pointer), under 584 (6.1 for-fg-pad16): their middle, 336; a command
#: substitution forks above the buffer it then reads into (``command_substitute``
#: → ``make_child``, then ``read_comsub``): nothing under the read's pointer (6.1
#: top-comsub-redir copied no page from 1640 bytes under it).
FORK_REACH = {"fg": 512, "pipeline": 512, "comsub": 4352}
FORK_BELOW = {"fg": 336, "pipeline": 336, "comsub": 0}
#: How far below that pointer bash's stack is first written while it waits (the
#: SIGCHLD frame the kernel pushes, ``sigchld_handler`` → ``waitchld``): at least 2632
#: bytes (6.1 for-fg-pad32 faulted a new page 2632 under its pointer) and under 4184
#: (5.10 for-fg-pad16 none 4184 under): their middle, 3408. Such a page is new,
#: charged where the shell is (``do_anonymous_page``), not copied: the child has gone.
SIGFRAME_REACH = 3408
#: The pages of ``[stack]`` a bash has written at its start (kernel/fork.py
#: ``BASH_IMAGE``/``GUEST_BASH`` areas: 4).
STACK_IMAGE_PAGES = 4


def fork_stack_pages(depth: int, kind: str) -> tuple[int, int, int]:
    """The stack pages a bash ``depth`` bytes into its frames (past a top-level
    command's) writes after forking for ``kind`` (``fg``, ``pipeline``, ``comsub``):
    the first and last copied (counted from the top), and the deepest page it then
    writes at all (the signal frame's: new if never reached before)."""
    sp = STACK_START + FORK_SP[kind] + depth
    return ((sp - FORK_REACH[kind]) // PAGE, (sp + FORK_BELOW[kind]) // PAGE,
            (sp + SIGFRAME_REACH) // PAGE)


@lru_cache(maxsize=None)
def list_depths(n: int, level: int = LIST_FIRST, second: int = LIST_SECOND) -> tuple[int, ...]:
    """The depth each of a list's ``n`` commands runs at past the list's own:
    ``(n-1-i)`` connection levels, the last hop a second's (not for the first)."""
    if n == 1:
        return (0,)
    return ((n - 1) * level,) + tuple((n - 1 - i) * level + second for i in range(1, n))
