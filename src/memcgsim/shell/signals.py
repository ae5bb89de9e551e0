"""The signal dispositions bash 5.2 sets in its own processes, as /proc/PID/status
``SigIgn``/``SigCgt`` (and stat fields 33 and 34) show them. Non-interactive,
without job control (a script, ``bash -c``), measured on bash 5.2.15 by
calibration/bash-signals.sh (recordings/bash-signals--host-bash-5.2.15.txt; the
6.1 guest's bash prints the same but for the process substitutions, the guest
having no /dev/fd: recordings/bash-signals--6.1-v2.txt):

- the shell at start-up ignores SIGQUIT (sig.c ``initialize_shell_signals``) and
  catches SIGCHLD (jobs.c ``sigchld_handler``): SigIgn 4, SigCgt 0x10000;
- a forked subshell (``( )``, ``$( )``, a pipeline's shells) gives SIGQUIT back
  to SIG_DFL and catches SIGINT (execute_cmd.c ``execute_in_subshell``:
  ``reset_signal_handlers``, then ``set_sigint_handler``: ``termsig_sighandler``)
  unless SIGINT is ignored: SigIgn 0, SigCgt 0x10002; traps with actions are reset;
- an asynchronous one (``&``) ignores SIGINT and SIGQUIT (``setup_async_signals``):
  SigIgn 6, SigCgt 0x10000; a simple command run so keeps them through its
  execve, the commands of an async ``( )`` or ``{ }`` get them back;
- a shell waiting for a foreground child catches SIGINT meanwhile (jobs.c
  ``wait_for``: ``wait_sigint_handler``) unless it ignores it;
- before a command's execve the child gives back what bash ignored itself
  (``restore_original_signals``): the program sees a ``trap ''`` signal or one
  ignored on entry ignored, the others SIG_DFL (the kernel's
  ``flush_signal_handlers`` resets the caught ones).

bash's own SIGINT handlers end the process by SIGINT (``termsig_handler``, or
``wait_sigint_handler`` once the child is gone), which the model does at once
(``Task.sigfatal``)."""

from ..kernel.signum import SIGCHLD, SIGINT, SIGQUIT

#: SIGINT and SIGQUIT, as ``setup_async_signals`` ignores them
ASYNC_SIGNALS = (SIGINT, SIGQUIT)
#: the same as a mask of signal bits
ASYNC_BITS = 1 << SIGINT | 1 << SIGQUIT


def initialize_shell_signals(sys, task) -> int:
    """A new bash process's start-up: SIGQUIT ignored, SIGCHLD caught. Returns
    the bits it ignored itself (not a SIGQUIT ignored on entry)."""
    sigaction = getattr(sys, "sigaction", None)
    ignored = getattr(task, "sigignore", None)
    if sigaction is None or ignored is None:
        return 0
    sigaction(task, SIGCHLD, False, True, True)
    if ignored >> SIGQUIT & 1:
        return 0
    sigaction(task, SIGQUIT, True)
    return 1 << SIGQUIT


def subshell_signals(sys, task, own: int) -> None:
    """A forked subshell (``execute_in_subshell``): what its parent ignored
    itself (``own``) back to SIG_DFL, then SIGINT caught unless ignored
    (``set_sigint_handler``) and SIGCHLD caught (``sigchld_handler``)."""
    sigactions = getattr(sys, "sigactions", None)
    if sigactions is None or getattr(task, "sigignore", None) is None:
        return
    # the calls' outcome in one (the system's ``sigactions``): the restored bits
    # are SIG_DFL when SIGINT's state is asked
    dfl = own & ASYNC_BITS
    catch = 0
    if not ((task.sigignore | task.sigfatal) & ~dfl) >> SIGINT & 1:
        catch = 1 << SIGINT
    if not task.sigcaught >> SIGCHLD & 1:
        catch |= 1 << SIGCHLD
    if dfl or catch:
        sigactions(task, dfl, catch, catch)


def async_signals(sys, task) -> int:
    """``setup_async_signals`` for ``task``: the bits of SIGINT and SIGQUIT it made
    ignored (not those already ignored)."""
    sigaction = getattr(sys, "sigaction", None)
    ignored = getattr(task, "sigignore", None)
    if sigaction is None or ignored is None:
        return 0
    newly = 0
    for sig in ASYNC_SIGNALS:
        if not ignored >> sig & 1:
            sigaction(task, sig, True)
            newly |= 1 << sig
    return newly


def restore_original_signals(sys, task, bits: int) -> None:
    """``restore_original_signals`` of what bash ignored itself (``bits``), in a
    command's process before its execve."""
    if bits & ASYNC_BITS:
        sys.sigactions(task, bits & ASYNC_BITS)


def wait_sigint(sys, task) -> int:
    """``wait_for`` about to wait for a foreground child: SIGINT caught meanwhile
    by ``wait_sigint_handler``, which only notes it (``wait_sigint_received``),
    unless ignored or trapped. Returns what :func:`end_wait_sigint` restores:
    0 nothing, 1 SIG_DFL, 2 bash's ``termsig_sighandler``."""
    caught = getattr(task, "sigcaught", None)
    if caught is None or not hasattr(sys, "sigaction") or task.sigignore >> SIGINT & 1:
        return 0
    if caught >> SIGINT & 1:
        if not task.sigfatal >> SIGINT & 1:
            return 0            # trapped: the trap runs once the command is done
        prev = 2
    else:
        prev = 1
    sys.sigaction(task, SIGINT, False, True)
    return prev


def end_wait_sigint(sys, task, prev: int, child) -> None:
    """``wait_for`` done: SIGINT's handler back (``restore_sigint_handler``). A
    SIGINT received meanwhile is dropped if the child did not die of it (it
    "caught" it: ``child_caught_sigint``), else the shell kills itself with it."""
    if not prev or not task.alive:
        return
    sys.sigaction(task, SIGINT, False, prev == 2, True)
    if task.sigpending >> SIGINT & 1:
        task.sigpending &= ~(1 << SIGINT)
        if getattr(child, "exit_signal", None) == SIGINT:
            sys.kill(task.pid, SIGINT, task)


def procsub_signals(sys, task) -> int:
    """A process substitution's child (``process_substitute``, forked
    asynchronously): SIGQUIT ignored as well as SIGINT caught (the subshell's
    ``set_sigint_handler``). Returns the bit of a SIGQUIT it newly ignored."""
    if getattr(task, "sigignore", 1) >> SIGQUIT & 1 or not hasattr(sys, "sigaction"):
        return 0
    sys.sigaction(task, SIGQUIT, True)
    return 1 << SIGQUIT
