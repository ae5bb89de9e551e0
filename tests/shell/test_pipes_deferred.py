"""A :class:`Deferred` stage (a command substitution's reader) is not switched to
while its first read would only sleep: its code starts once the pipe has data or
no writer, and a signal that kills it meanwhile reaches its ``killed`` handler."""
from types import SimpleNamespace

from memcgsim.shell.pipes import Deferred, Pipe, PipeIn, PipeOut, run_stages, yield_turn
from memcgsim.sysapi import TaskKilled


def _writer(out: PipeOut, log: list, data: bytes, turn_first: bool, turn_after: bool,
            then=None):
    log.append("w start")
    if turn_first:
        yield_turn()
    if then is not None:
        then()
        yield_turn()
    if data:
        out.write(data)
        log.append("w wrote")
        if turn_after:
            yield_turn()
    log.append("w end")
    return 0
    yield   # a generator, as stages are


def _reader(src: PipeIn, log: list, got: list):
    log.append("r start")
    try:
        while True:
            d = src.read(4096)
            if not d:
                return 0
            got.append(d)
    except TaskKilled as e:
        log.append(f"r killed {e.signal}")
        return 128 + e.signal
    yield


def _run(data: bytes, turn_first: bool, turn_after: bool = False, deferred: bool = True,
         kill: bool = False):
    pipe = Pipe()
    reader_task = SimpleNamespace(pid=7, exit_signal=None, state="running")
    src = PipeIn(pipe)
    log: list = []
    got: list = []
    killed: list = []

    def on_kill(e: TaskKilled) -> int:
        killed.append(e)
        return 128 + e.signal

    def kill_reader() -> None:
        reader_task.exit_signal = 9
    reader = _reader(src, log, got)
    stages = [_writer(PipeOut(pipe), log, data, turn_first, turn_after,
                      kill_reader if kill else None),
              Deferred(reader, src, on_kill) if deferred else reader]
    gen = run_stages(stages, [pipe], lambda: 0.0, [{}, {"task": reader_task}])
    try:
        gen.send(None)
    except StopIteration as e:
        return e.value, log, b"".join(got), killed
    raise AssertionError("the stages waited on something outside them")


def test_reader_starts_after_a_child_that_wrote_little():
    st, log, got, _ = _run(b"hi\n", turn_first=True)
    assert st == [0, 0]
    assert got == b"hi\n"
    # its code ran once the writer had ended, not at the writer's turn
    assert log == ["w start", "w wrote", "w end", "r start"]


def test_plain_reader_runs_at_the_turn():
    # the same stages without Deferred: the reader's read sleeps at the first turn
    st, log, got, _ = _run(b"hi\n", turn_first=True, deferred=False)
    assert st == [0, 0] and got == b"hi\n"
    assert log == ["w start", "r start", "w wrote", "w end"]


def test_reader_starts_at_a_turn_with_data_waiting():
    st, log, got, _ = _run(b"hi\n", turn_first=True, turn_after=True)
    assert st == [0, 0] and got == b"hi\n"
    assert log == ["w start", "w wrote", "r start", "w end"]


def test_a_writer_filling_the_pipe_wakes_the_reader():
    data = bytes(range(256)) * 300         # 76,800 bytes: more than the pipe's 64 KiB
    st, log, got, _ = _run(data, turn_first=True)
    assert st == [0, 0] and got == data
    assert log.index("r start") < log.index("w wrote")


def test_reader_killed_while_its_first_read_sleeps():
    st, log, got, killed = _run(b"", turn_first=True, kill=True)
    assert st == [0, 137]
    assert [(e.pid, e.signal) for e in killed] == [(7, 9)]
    assert "r start" not in log and got == b""
