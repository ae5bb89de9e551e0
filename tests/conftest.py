"""Signal dispositions as a terminal's shell gives them: a test suite started in the
background of a non-interactive shell inherits SIGINT and SIGQUIT ignored, which
execve keeps, so the host's bash (compared with the model) and `memcgsim run`
children would not die of them; they are reset here."""
import signal

if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)
if signal.getsignal(signal.SIGQUIT) == signal.SIG_IGN:
    signal.signal(signal.SIGQUIT, signal.SIG_DFL)
