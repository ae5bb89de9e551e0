"""The real-kernel oracle: boot a Debian kernel under qemu, run a script in it as root,
and compare what it prints with the model (``memcgsim oracle``, ``memcgsim conform``)."""


class OracleError(Exception):
    """A failure to report to the user in one line (missing tool, failed download...)."""
