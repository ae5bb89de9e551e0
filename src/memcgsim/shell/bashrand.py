"""bash 5.2's ``RANDOM`` (lib/sh/random.c, variables.c ``get_random_number``,
``assign_random``): the Park-Miller "minimal standard" generator, its 31-bit
state folded to 15 bits; a subshell that has not assigned RANDOM itself seeds
anew at its first draw (``seeded_subshell``), from the time and its pids
(``genseed``: here the simulated clock, so a run repeats)."""
from __future__ import annotations

#: ``BASH_RAND_MAX``
BASH_RAND_MAX = 32767


def intrand32(last: int) -> int:
    """``intrand32``: x(n+1) = 16807 * x(n) mod (2^31 - 1), Schrage's way (0 seeds
    as 123459876)."""
    ret = last or 123459876
    h, lo = divmod(ret, 127773)
    t = 16807 * lo - 2836 * h
    return t + 0x7FFFFFFF if t < 0 else t


class BashRandom:
    """One shell process's dynamic variables: RANDOM's generator (``rseed``,
    ``last_random_value``, the pid that seeded it, ``seeded_subshell``: the
    main shell's own never reseeds; ``iv`` the seed's address term of
    ``genseed``), its value cell ``value`` (the last number drawn or assigned)
    and ``env``, that value as the export environment last took it (None: to
    be made again, bash's ``array_needs_making``); ``undyn``, the dynamic
    variables unset (plain ones from then on); ``ppid``, PPID (getppid() at
    the shell's start-up)."""
    __slots__ = ("rseed", "last", "seeded_pid", "iv", "value", "owner", "env", "undyn", "ppid")

    def __init__(self, rseed: int, seeded_pid: int, iv: int, ppid: int) -> None:
        #: the pid of the process whose state this is (a subshell shares its
        #: parent's until it changes it: ``Shell._own_rand``)
        self.owner = seeded_pid
        self.rseed = rseed
        self.last = 0
        self.seeded_pid = seeded_pid
        self.iv = iv
        self.value = ""
        self.env: str | None = None
        self.undyn: frozenset = frozenset()
        self.ppid = ppid

    def copy(self, owner: int) -> "BashRandom":
        """A copy for process ``owner``."""
        r = BashRandom(self.rseed, self.seeded_pid, self.iv, self.ppid)
        r.owner = owner
        r.last = self.last
        r.value = self.value
        r.env = self.env
        r.undyn = self.undyn
        return r

    def sbrand(self, seed: int) -> None:
        """``sbrand``: the seed as given (``u_bits32_t``), the last value forgotten."""
        self.rseed = seed & 0xFFFFFFFF
        self.last = 0

    def genseed(self, now_s: float, pid: int, ppid: int) -> int:
        """``genseed``: tv_sec ^ tv_usec ^ getpid() ^ getppid() ^ uid (0) ^ iv."""
        sec = int(now_s)
        usec = int((now_s - sec) * 1e6)
        return (sec ^ usec ^ pid ^ ppid ^ self.iv) & 0xFFFFFFFF

    def draw(self, now_s: float, pid: int, ppid: int) -> int:
        """``get_random_number``: reseed in a subshell not yet seeded, then
        ``brand`` (compat level 52: the state's halves xored) until the value
        differs from the last one."""
        if pid != self.seeded_pid:
            self.sbrand(self.genseed(now_s, pid, ppid))
            self.seeded_pid = pid
        while True:
            self.rseed = intrand32(self.rseed)
            rv = ((self.rseed >> 16) ^ (self.rseed & 0xFFFF)) & BASH_RAND_MAX
            if rv != self.last:
                self.last = rv
                self.value = str(rv)
                return rv
