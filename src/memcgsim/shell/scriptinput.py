"""Where bash's reads of its script file leave the file's offset (fd 255's ``pos``
in /proc/PID/fdinfo), from bash 5.2's buffered input (input.c).

bash reads a script through a buffered stream (``fd_to_buffered_stream``): a buffer
of ``min(st_size, MAX_INPUT_BUFFER_SIZE)`` bytes (8192; 1 for an empty file), filled
by one ``read`` when the parser has taken every byte of it (``b_fill_buffer``,
``bufstream_getc``). The parser takes a line at a time (parse.y ``shell_getc``) and a
whole command before it runs it, so by then it has taken the input through the end
of the command's last line, and past the bodies of the here-documents of the lines
it took (parse.y ``gather_here_documents`` after the newline). Before each fork (jobs.c ``make_child``:
``sync_buffered_stream (default_buffered_input)``) bash seeks the file back over what
it read and has not parsed and empties the buffer, so that the child could read on
from there; the next line then fills the buffer again from that point.

The oracle's guests run the script with a line of their own before its first one
(oracle/image.py ``RUN_PREFIX``): ``prefix`` counts its bytes.
"""
from __future__ import annotations

#: input.c ``MAX_INPUT_BUFFER_SIZE``
MAX_INPUT_BUFFER_SIZE = 8192


class ScriptInput:
    """bash's buffered stream on its script file (``BUFFERED_STREAM``): the file's
    offset (``pos``), the end of what the parser has taken (``taken``)."""
    __slots__ = ("size", "bufsize", "line_ends", "bodies", "pos", "taken")

    def __init__(self, text: str, prefix: int = 0) -> None:
        data = text.encode("utf-8", "surrogateescape")
        self.size = prefix + len(data)
        self.bufsize = min(self.size, MAX_INPUT_BUFFER_SIZE) or 1
        #: the offset past each line's newline (line N at index N - 1)
        self.line_ends = [prefix + i + 1 for i, c in enumerate(data) if c == 10]
        #: each here-document's body: where it starts, where its delimiter line ends
        self.bodies = _heredoc_bodies(text, prefix)
        self.pos = 0
        self.taken = 0

    def take_through(self, line: int) -> None:
        """The parser has taken the input through the end of ``line`` (1-based; a
        last line without a newline: to the end of the file), each empty buffer
        filled by a ``read`` of ``bufsize`` bytes from the offset."""
        ends = self.line_ends
        end = ends[line - 1] if 0 < line <= len(ends) else self.size
        for start, stop in self.bodies:
            if start <= end < stop:
                end = stop      # a body that starts on a line taken is read with it
        if end <= self.taken:
            return
        self.taken = end
        while self.pos < end:
            self.pos = min(self.pos + self.bufsize, self.size)

    def sync(self) -> None:
        """``sync_buffered_stream``: seek back over the bytes read and not taken."""
        self.pos = self.taken


def _heredoc_bodies(text: str, prefix: int) -> list[tuple[int, int]]:
    """The here-documents' bodies of ``text`` in file offsets (shell/scan.py's
    ``heredoc_body`` regions: from the body's first line to past its delimiter's),
    in order; none for a text the scanner rejects (bash stops at the error)."""
    if "<<" not in text:
        return []
    from .scan import Scan
    try:
        scan = Scan(text, len(text), False)
        scan.commands(0, "top")
    except Exception:       # a syntax error, reported where the script runs
        return []

    def off(i: int) -> int:
        return prefix + len(text[:i].encode("utf-8", "surrogateescape"))
    return sorted((off(r.start), off(r.end)) for r in scan.regions if r.kind == "heredoc_body")
