"""The model's signal numbers: x86-64's (arch/x86/include/uapi/asm/signal.h), one
table for the kernel model, the shell and its commands."""

#: signal names without ``SIG`` to their numbers, in number order (``kill -l``)
SIGNALS = {
    "HUP": 1, "INT": 2, "QUIT": 3, "ILL": 4, "TRAP": 5, "ABRT": 6, "BUS": 7, "FPE": 8,
    "KILL": 9, "USR1": 10, "SEGV": 11, "USR2": 12, "PIPE": 13, "ALRM": 14, "TERM": 15,
    "STKFLT": 16, "CHLD": 17, "CONT": 18, "STOP": 19, "TSTP": 20, "TTIN": 21, "TTOU": 22,
    "URG": 23, "XCPU": 24, "XFSZ": 25, "VTALRM": 26, "PROF": 27, "WINCH": 28, "IO": 29,
    "PWR": 30, "SYS": 31,
}
#: numbers to names without ``SIG``
SIGNAMES = {v: k for k, v in SIGNALS.items()}

SIGHUP = SIGNALS["HUP"]
SIGINT = SIGNALS["INT"]
SIGQUIT = SIGNALS["QUIT"]
SIGKILL = SIGNALS["KILL"]
SIGPIPE = SIGNALS["PIPE"]
SIGTERM = SIGNALS["TERM"]
SIGCHLD = SIGNALS["CHLD"]
SIGCONT = SIGNALS["CONT"]
SIGSTOP = SIGNALS["STOP"]
#: ``_NSIG`` (64): the highest signal number, SIGRTMAX to the kernel
SIGRTMAX = 64

#: ``SIG_KERNEL_STOP_MASK``: whose default action stops the task (include/linux/signal.h)
SIG_KERNEL_STOP = frozenset(SIGNALS[n] for n in ("STOP", "TSTP", "TTIN", "TTOU"))
#: the same as a mask of the model's signal bits (bit N for signal N)
SIG_KERNEL_STOP_BITS = sum(1 << n for n in SIG_KERNEL_STOP)
#: ``SIG_KERNEL_IGNORE_MASK``: whose default action is to do nothing
SIG_KERNEL_IGNORE = frozenset(SIGNALS[n] for n in ("CONT", "CHLD", "WINCH", "URG"))
#: the signals whose default action ends the task (``sig_fatal`` with SIG_DFL):
#: every other one up to SIGRTMAX, the real-time ones included
SIG_DEFAULT_FATAL = frozenset(range(1, SIGRTMAX + 1)) - SIG_KERNEL_STOP - SIG_KERNEL_IGNORE
