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
