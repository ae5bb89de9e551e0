"""File commands: cat, tee, cp, dd, truncate, touch, mkdir, rmdir, rm, ls, stat,
mount, basename, dirname. Every file access is a ``ctx.sys`` call, so the kernel
charges page cache, dentries and inodes to the calling task's memcg."""
from __future__ import annotations

import errno
import os
import posixpath
import stat as S
from typing import TYPE_CHECKING

from ...fs.namei import names_directory
from ...fs.vfs import RegularFile
from ...kernel.pipe import PAGE_SIZE, PIPE_DEF_BUFFERS
from ..jobs import charge_io
from ..context import lstat
from .userland import MESSAGES, quirk, report, userland
from ..context import dot_entries
from ._util import (READ_SIZE, AnonHold, Out, UsageError, command, dir_open, discards, err, getopt, open_input, open_output,
                    parse_size, quotef, raw_write, reads_forever, strerror)

if TYPE_CHECKING:
    from ..context import CommandContext


#: busybox's bb_full_fd_action copying to EOF: ``sendfile(dst, src, NULL, 16 MiB)``
#: per call (libbb/copyfd.c, 1.35; the host's busybox-static under strace: 16777216,
#: 16777216, 8388608 bytes for a 24 MiB file)
SENDFILE_CHUNK = 16 * 1024 * 1024
#: ``splice_direct_to_actor`` reads a pipe's worth a round (PIPE_DEF_BUFFERS pages)
SPLICE_STEP = PIPE_DEF_BUFFERS * PAGE_SIZE


def _stat(ctx: "CommandContext", p: str, follow: bool = True):
    """``stat()`` of ``p``, or without ``follow`` ``lstat()`` (which a trailing
    slash, a last ``.`` or ``..`` make a directory's: fs/namei.py ``names_directory``)."""
    if not follow and not names_directory(p):
        return lstat(ctx.sys, ctx.path(p), ctx.task)
    return ctx.sys.stat(ctx.path(p), ctx.task)


def _target(ctx: "CommandContext", p: str) -> str:
    """The target of the symbolic link ``p`` ("" if it cannot be read)."""
    try:
        return "" if names_directory(p) else ctx.sys.readlink(ctx.path(p), ctx.task)
    except (OSError, AttributeError):
        return ""


# --- cat / tee / cp -----------------------------------------------------------------
def _visible(b: int) -> bytes:
    """GNU cat -v: ``^X`` for control bytes, ``^?`` for DEL, ``M-`` before bytes >= 128."""
    pre = b""
    if b >= 128:
        pre, b = b"M-", b - 128
    if b < 32:
        return pre + b"^" + bytes((b + 64,))
    if b == 127:
        return pre + b"^?"
    return pre + bytes((b,))


_VISIBLE = [_visible(b) for b in range(256)]


def _lines(chunk: bytes) -> list[bytes]:
    """``chunk`` cut after each newline (only newline: ``\\r`` is an ordinary byte)."""
    parts = chunk.split(b"\n")
    out = [p + b"\n" for p in parts[:-1]]
    if parts[-1]:
        out.append(parts[-1])
    return out


class _CatFormat:
    """GNU cat's line options, applied across reads: ``n`` numbers lines, ``b``
    non-empty ones, ``s`` squeezes runs of empty lines, ``v`` shows control and
    high bytes, ``E`` ends lines with ``$``, ``T`` shows tabs as ``^I``."""

    def __init__(self, flags: set):
        self.flags = flags
        self.lineno = 0
        self.at_bol = True
        self.blanks = 0
        table = list(_VISIBLE) if "v" in flags else [bytes((b,)) for b in range(256)]
        table[9] = b"^I" if "T" in flags else b"\t"
        table[10] = b"\n"
        self.table = table
        self.plain = "v" not in flags and "T" not in flags

    def feed(self, chunk: bytes) -> bytes:
        f = self.flags
        out = []
        for line in _lines(chunk):
            nl = line.endswith(b"\n")
            body = line[:-1] if nl else line
            if self.at_bol and nl and not body:
                self.blanks += 1
                if "s" in f and self.blanks > 1:
                    continue
            elif self.at_bol:
                self.blanks = 0
            if self.at_bol and ("b" in f and (body or not nl) or "n" in f and "b" not in f):
                self.lineno += 1
                out.append(b"%6d\t" % self.lineno)
            if nl and "E" in f and body.endswith(b"\r") and self.plain:
                body = body[:-1] + b"^M"    # coreutils 9 shows a CRLF ending as ^M$
            out.append(body if self.plain else b"".join(self.table[c] for c in body))
            if nl:
                out.append(b"$\n" if "E" in f else b"\n")
            self.at_bol = nl
        return b"".join(out)



@command("cat", usage="[OPTION]... [FILE]...")
def cmd_cat(ctx: "CommandContext") -> int:
    """Concatenate files to stdout, one ``write()`` per read (as GNU cat); ``-n -b -s
    -v -E -T -A -e -t`` transform the lines as GNU cat does."""
    opts, files = getopt(ctx.argv[1:], "nAuvetTEsb", {
        "number": "n", "show-all": "A", "number-nonblank": "b", "squeeze-blank": "s",
        "show-nonprinting": "v", "show-ends": "E", "show-tabs": "T"})
    flags = set()
    for o, _ in opts:
        flags |= set({"A": "vET", "e": "vE", "t": "vT"}.get(o, o))
    fmt = _CatFormat(flags) if flags - {"u"} else None
    rc = 0
    out = ctx.stdout
    for name in files or ["-"]:
        try:
            inp = open_input(ctx, name)
        except OSError as e:
            # open(O_RDONLY) of a directory succeeds and read() is -EISDIR: the model's
            # open_input refuses at once, so it is worded as the read's failure
            rc = report(ctx, "cat", "read" if e.errno == errno.EISDIR else "open", name, e)
            continue
        ino = getattr(inp.f, "inode", None)
        if ino is not None and ino is getattr(getattr(out, "f", None), "inode", None) \
                and inp.f.pos < ino.size:
            # GNU cat's guard against copying a file into itself forever
            err(ctx, f"cat: {name}: input file is output file")
            inp.close()
            rc = 1
            continue
        # busybox's bb_cat copies with sendfile() (bb_full_fd_action): 16 MiB a
        # call from a file with splice_read (a regular file) into any output;
        # the pages it brings in are charged in one system call, and the reclaim
        # of what passed memory.high waits for its return to user space
        sendfile = fmt is None and quirk(ctx, "cat.sendfile") and isinstance(inp.f, RegularFile)
        try:
            if sendfile:
                while chunk := inp.f.read(SENDFILE_CHUNK, SPLICE_STEP):
                    charge_io(len(chunk))
                    raw_write(out, chunk)
            else:
                if inp.endless and discards(out):
                    # ``cat /dev/zero > /dev/null``: nothing it does is seen
                    reads_forever("cat", name)
                if fmt is None and quirk(ctx, "cat.sendfile"):
                    _bb_copy(ctx, inp, out)
                    continue
                for chunk in inp.chunks():
                    if fmt is not None:
                        chunk = fmt.feed(chunk)
                    raw_write(out, chunk)
        except OSError as e:
            rc = report(ctx, "cat", "read", name, e)
        finally:
            inp.close()
    return rc


#: busybox's ``CONFIG_FEATURE_COPYBUF_KB`` × 1024: the guests' busybox cat blocked in a
#: read of a FIFO maps a 64 KiB anonymous area past its .bss, written as far as the
#: largest read returned (calibration/busybox-applet-windows.sh, part 4: its maps; part 3:
#: a cat reading a pipe writes 16 pages of an mmap, one for 1 KiB; a file's none)
COPYBUF_SIZE = 64 * 1024


def _bb_copy(ctx: "CommandContext", inp, out) -> None:
    """busybox's ``bb_full_fd_action`` (libbb/copyfd.c, 1.35) where ``sendfile`` fails
    (the input a pipe, a /proc or /sys file: no ``splice_read``): a buffer of
    :data:`COPYBUF_SIZE` mapped (``mmap_anon``: "page-aligned buffer"), each
    ``safe_read`` of up to that much writing its bytes from the buffer's start, then
    written out; the buffer unmapped at the end (``munmap``), so its pages are those
    of the largest read, held while the copy runs."""
    sys = ctx.sys
    mmap_anon = getattr(sys, "mmap_anon", None)
    area = "[copybuf]"
    if mmap_anon is not None:
        mmap_anon(ctx.task, area, COPYBUF_SIZE)
    reached = 0
    try:
        for chunk in inp.chunks(COPYBUF_SIZE):
            if mmap_anon is not None and len(chunk) > reached:
                sys.touch(ctx.task, area, reached // PAGE_SIZE, (len(chunk) - 1) // PAGE_SIZE)
                reached = len(chunk)
            raw_write(out, chunk)
    finally:
        if mmap_anon is not None:
            sys.munmap(ctx.task, area)


@command("tee", usage="[OPTION]... [FILE]...")
def cmd_tee(ctx: "CommandContext") -> int:
    """Copy stdin to stdout and to each FILE (``-a`` appends)."""
    opts, files = getopt(ctx.argv[1:], "aip", {"append": "a", "ignore-interrupts": "i"})
    mode = "a" if any(o == "a" for o, _ in opts) else "w"
    rc = 0
    outs = []
    for name in files:
        try:
            outs.append((name, open_output(ctx, name, mode)))
        except OSError as e:
            err(ctx, f"tee: {name}: {strerror(e)}")
            rc = 1
    try:
        while True:
            chunk = ctx.stdin.read(READ_SIZE)
            if not chunk:
                break
            raw_write(ctx.stdout, chunk)
            for i, (name, f) in enumerate(outs):
                if f is None:
                    continue
                try:
                    f.write(chunk)
                except OSError as e:
                    rc = report(ctx, "tee", "write", name, e)
                    outs[i] = (name, None)
    finally:
        for _, f in outs:
            if f is not None:
                f.close()
    return rc


def _copy(ctx: "CommandContext", src: str, dst: str, mode: str = "w") -> None:
    """Copy file ``src`` to ``dst`` through the page cache (raises OSError,
    tagged with ``.side`` = "src", "dst" or "write")."""
    try:
        fi = ctx.sys.open(ctx.path(src), "r", ctx.task)
    except OSError as e:
        e.side = "src"  # type: ignore[attr-defined]
        raise
    try:
        try:
            fo = ctx.sys.open(ctx.path(dst), mode, ctx.task)
        except OSError as e:
            e.side = "dst"  # type: ignore[attr-defined]
            raise
        try:
            while True:
                b = fi.read(READ_SIZE)
                charge_io(len(b))
                if not b:
                    break
                charge_io(len(b))
                try:
                    fo.write(b)
                except OSError as e:
                    e.side = "write"  # type: ignore[attr-defined]
                    raise
        finally:
            fo.close()
    finally:
        fi.close()


@command("cp", usage="[OPTION]... SOURCE... DIRECTORY")
def cmd_cp(ctx: "CommandContext") -> int:
    """Copy files (``-r`` for directories)."""
    opts, args = getopt(ctx.argv[1:], "rRfpaTv", {"recursive": "r", "force": "f",
                                                  "no-target-directory": "T"})
    flags = {o for o, _ in opts}
    recursive = bool(flags & {"r", "R", "a"})
    if not args:
        raise UsageError("missing file operand")
    if len(args) == 1:
        raise UsageError(f"missing destination file operand after '{args[0]}'")
    *srcs, dst = args
    dst_dir = "T" not in flags and (_is_dir(ctx, dst)
                                    or (len(srcs) > 1 and quirk(ctx, "dest.many_is_dir")))
    if len(srcs) > 1 and not dst_dir:
        err(ctx, f"cp: target '{dst}' is not a directory")
        return 1
    rc = 0
    for src in srcs:
        target = posixpath.join(dst, posixpath.basename(src.rstrip("/")) or "/") if dst_dir else dst
        rc |= _cp_one(ctx, src, target, recursive, bool(flags & {"p", "a"}))
    return rc


def _cp_one(ctx: "CommandContext", src: str, target: str, recursive: bool,
            preserve: bool = False) -> int:
    """One operand; with ``-r`` a symbolic link is copied as a link (``-P``,
    what ``-R`` implies), else what it names. A file made takes the source's
    permission bits less the umask (coreutils copy.c ``copy_reg``'s open mode,
    busybox libbb/copy_file.c's ``open(..., source_stat.st_mode)``), all of them
    with ``-p``/``-a``; a file there already keeps its own."""
    try:
        st = _stat(ctx, src, not recursive)
    except OSError as e:
        return report(ctx, "cp", "stat", src, e)
    if S.S_ISLNK(st.st_mode):
        try:
            ctx.sys.symlink(_target(ctx, src), ctx.path(target), ctx.task)
        except OSError as e:
            err(ctx, f"cp: cannot create symbolic link '{target}': {strerror(e)}")
            return 1
        return 0
    if S.S_ISDIR(st.st_mode):
        if not recursive:
            return report(ctx, "cp", "omit_dir", src)
        if not _is_dir(ctx, target):
            try:
                ctx.sys.mkdir(ctx.path(target), ctx.task, S.S_IMODE(st.st_mode) or 0o755)
            except OSError as e:
                return report(ctx, "cp", "mkdir", target, e)
        rc = 0
        for name in ctx.sys.listdir(ctx.path(src), ctx.task):
            rc |= _cp_one(ctx, posixpath.join(src, name), posixpath.join(target, name), True,
                          preserve)
        return rc
    made = not _exists(ctx, target)
    try:
        _copy(ctx, src, target)
    except OSError as e:
        side = getattr(e, "side", "")
        if side == "dst":
            return report(ctx, "cp", "create", target, e)
        if side == "write":
            return report(ctx, "cp", "write", target, e)
        return report(ctx, "cp", "open", src, e)
    keep = 0o7777 if preserve or quirk(ctx, "cp.special_bits") else 0o777
    mode = S.S_IMODE(st.st_mode) & keep & (~0 if preserve else ~getattr(ctx.task, "umask", 0o022))
    if (made or preserve) and mode != 0o644:
        try:
            ctx.sys.chmod(ctx.path(target), mode, ctx.task)
        except (OSError, NotImplementedError):
            pass
    return 0


def _exists(ctx: "CommandContext", p: str) -> bool:
    try:
        _stat(ctx, p)
        return True
    except OSError:
        return False


def _is_dir(ctx: "CommandContext", p: str) -> bool:
    try:
        return S.S_ISDIR(_stat(ctx, p).st_mode)
    except OSError:
        return False


# --- dd ---------------------------------------------------------------------------

_DD_SUFFIX = {"c": 1, "w": 2, "b": 512, "k": 1024}


def _dd_num(key: str, v: str) -> int:
    try:
        n = 1
        for part in v.split("x"):
            n *= parse_size(part, _DD_SUFFIX)
        if n < 0:
            raise ValueError(v)
        return n
    except ValueError:
        raise UsageError(f"invalid number: '{v}'", situation="number", op=v) from None


def _human(n: float, base: int) -> str:
    units = ["", "k", "M", "G", "T", "P", "E"] if base == 1000 else ["", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"]
    i = 0
    while n >= base and i < len(units) - 1:
        n /= base
        i += 1
    s = f"{n:.1f}" if n < 10 else f"{n:.0f}"
    return f"{s} {units[i]}B"


@command("dd", usage="[OPERAND]...")
def cmd_dd(ctx: "CommandContext") -> int:
    """``dd if= of= bs= ibs= obs= count= skip= seek= conv=notrunc status=``:
    skips ``skip`` input and ``seek`` output blocks by lseek on files (reads them
    from pipes); reads ``ibs``-sized blocks until EOF or ``count``; writes the usual
    ``N+M records in/out`` summary to stderr."""
    ops: dict[str, str] = {}
    for a in ctx.argv[1:]:
        k, eq, v = a.partition("=")
        if not eq:
            raise UsageError(f"unrecognized operand '{a}'")
        if k not in ("if", "of", "bs", "ibs", "obs", "count", "skip", "seek", "conv",
                     "status", "iflag", "oflag"):
            raise UsageError(f"unrecognized operand '{a}'")
        ops[k] = v
    ibs = obs = 512
    if "bs" in ops:
        ibs = obs = _dd_num("bs", ops["bs"])
    else:
        if "ibs" in ops:
            ibs = _dd_num("ibs", ops["ibs"])
        if "obs" in ops:
            obs = _dd_num("obs", ops["obs"])
    if ibs == 0 or obs == 0:
        raise UsageError("invalid number: '0'", situation="block_size", op="0")
    count = _dd_num("count", ops["count"]) if "count" in ops else None
    skip = _dd_num("skip", ops["skip"]) if "skip" in ops else 0
    seek = _dd_num("seek", ops["seek"]) if "seek" in ops else 0
    status = ops.get("status", "")
    conv = set(ops.get("conv", "").split(",")) - {""}
    start = _now(ctx)
    src_name = ops.get("if")
    try:
        fin = ctx.sys.open(ctx.path(src_name), "r", ctx.task) if src_name else ctx.stdin
    except OSError as e:
        return report(ctx, "dd", "open", src_name, e)
    dst_name = ops.get("of")
    if dst_name:
        # seek= opens without O_TRUNC and cuts the file at the seek offset instead
        # (busybox dd.c, coreutils dd.c: ftruncate(seek * obs) unless conv=notrunc)
        mode = "r+" if "notrunc" in conv or seek else "w"
        try:
            fout = ctx.sys.open(ctx.path(dst_name), mode, ctx.task)
        except OSError as e:
            if e.errno == errno.ENOENT and mode == "r+":     # O_CREAT without O_TRUNC
                ctx.sys.truncate(ctx.path(dst_name), 0, ctx.task)
                fout = ctx.sys.open(ctx.path(dst_name), "r+", ctx.task)
            else:
                if src_name:
                    fin.close()
                return report(ctx, "dd", "open", dst_name, e)
    else:
        fout = ctx.stdout
    full_in = part_in = full_out = part_out = total = 0
    rc = 0
    busybox = userland(ctx) == "busybox"
    pending = bytearray()
    # the block buffers (busybox dd.c: ``ibuf = xmalloc(ibs)``, ``obuf`` = ibuf unless
    # ibs != obs; coreutils dd.c ``alloc_ibuf``/``alloc_obuf`` alike): anon pages
    # faulted in as the reads (and the copies into obuf) first reach them
    ibuf = _BlockBuffer(ctx, ibs)
    obuf = _BlockBuffer(ctx, obs) if ibs != obs else None
    try:
        if seek:
            if not dst_name or not hasattr(fout, "pos"):
                err(ctx, f"dd: '{dst_name or 'standard output'}': cannot seek: Illegal seek")
                return 1
            if "notrunc" not in conv:
                ctx.sys.truncate(ctx.path(dst_name), seek * obs, ctx.task)
            fout.pos = seek * obs       # lseek(ofd, seek * obs, SEEK_CUR)
        if skip and src_name and hasattr(fin, "pos"):
            fin.pos += skip * ibs       # lseek(ifd, skip * ibs, SEEK_CUR): nothing read
            skip = 0
        for _ in range(skip):
            if not fin.read(ibs):
                break
        while count is None or full_in + part_in < count:
            try:
                b = fin.read(ibs)
            except OSError as e:
                err(ctx, f"dd: error reading '{src_name or 'standard input'}': {strerror(e)}")
                rc = 1
                break
            if not b:
                break
            ibuf.fill(len(b))
            if len(b) == ibs:
                full_in += 1
            else:
                part_in += 1
            if ibs == obs and not pending:
                blocks = [b]
            else:
                pending += b
                if obuf is not None:
                    obuf.fill(min(len(pending), obs))
                blocks = []
                while len(pending) >= obs:
                    blocks.append(bytes(pending[:obs]))
                    del pending[:obs]
            for blk in blocks:
                n = _dd_write(ctx, fout, blk, dst_name)
                total += n
                if n == obs:
                    full_out += 1
                elif n == len(blk) or n and not busybox:
                    part_out += 1
                if n < len(blk):
                    rc = 1
                    break
            if rc:
                break
        if pending and not rc:
            total += _dd_write(ctx, fout, bytes(pending), dst_name)
            part_out += 1
    except OSError as e:
        err(ctx, f"dd: error writing '{dst_name or 'standard output'}': {strerror(e)}")
        rc = 1
    finally:
        if src_name:
            fin.close()
        if dst_name:
            fout.close()
    ibuf.release()
    if obuf is not None:
        obuf.release()
    if status != "none":
        lines = [f"{full_in}+{part_in} records in\n", f"{full_out}+{part_out} records out\n"]
        if status != "noxfer" and quirk(ctx, "dd.bytes_line"):
            secs = max(_now(ctx) - start, 0.0)
            if total >= 1000:
                size = f"{total} bytes ({_human(total, 1000)}, {_human(total, 1024)}) copied"
            else:
                size = f"{total} byte{'' if total == 1 else 's'} copied"
            rate = _human(total / secs, 1000) + "/s" if secs > 0 else "Infinity B/s"
            lines.append(f"{size}, {secs:g} s, {rate}\n")
        ctx.stderr.write("".join(lines))
    return rc


#: glibc's chunk header before the pointer malloc returns (``CHUNK_HDR_SZ``, 2 *
#: SIZE_SZ): a malloc'd buffer's bytes start 16 bytes into its chunk (malloc/malloc.c)
CHUNK_HDR_SZ = 16


class _BlockBuffer:
    """A tool's block buffer, its pages charged when a read first writes them and
    gone when the process frees them or exits. busybox dd maps a buffer of a page or
    more by itself (coreutils/dd.c ``alloc_buf``: ``xmmap_anon(size)``, "buffers
    must be page aligned" for O_DIRECT): an area of its own, huge pages where a
    2 MiB range fits (kernel/mmap.py); else it is a malloc'd chunk, its bytes after
    the chunk's header (charged as anon memory the process holds)."""
    __slots__ = ("ctx", "size", "area", "hold", "reached")

    def __init__(self, ctx: "CommandContext", size: int) -> None:
        self.ctx = ctx
        self.size = size
        self.area = None
        self.hold = None
        self.reached = 0
        mmap_anon = getattr(ctx.sys, "mmap_anon", None)
        if userland(ctx) == "busybox" and size >= PAGE_SIZE and mmap_anon is not None:
            self.area = f"[dd buf {size}]"
            mmap_anon(ctx.task, self.area, size)
        else:
            self.hold = AnonHold(ctx)

    def fill(self, n: int) -> None:
        """``n`` bytes written from the buffer's start."""
        if n <= self.reached:
            return
        if self.area is not None:
            self.ctx.sys.touch(self.ctx.task, self.area, self.reached // PAGE_SIZE,
                               (n - 1) // PAGE_SIZE)
        else:
            self.hold.grow(n - self.reached + (0 if self.reached else CHUNK_HDR_SZ))
        self.reached = n

    def release(self) -> None:
        """``free``: a malloc'd buffer's pages go. busybox dd never unmaps its own
        (dd.c: "can't just free(), they can be mmap()ed", the clean-up compiled
        out): the area and its page tables stay until the process exits (traced:
        docs/fidelity.md item 155)."""
        if self.area is None:
            self.hold.release()


def _dd_write(ctx, fout, blk: bytes, name: str | None) -> int:
    """``full_write`` (busybox) / ``iwrite`` (coreutils): write() until the block
    is out; a write failing after some bytes ends it short (busybox: silently,
    status 1, the record not counted; coreutils: "error writing", the record
    counted partial), one failing before any raises. Returns the bytes written."""
    done = 0
    while done < len(blk):
        try:
            n = fout.write(blk[done:] if done else blk)
        except OSError as e:
            if not done:
                raise
            if userland(ctx) != "busybox":
                err(ctx, f"dd: error writing '{name or 'standard output'}': {strerror(e)}")
            return done
        if n is None:           # a stream that takes it all
            return len(blk)
        done += n
    return done


def _now(ctx: "CommandContext") -> float:
    try:
        return float(ctx.sys.now)
    except Exception:
        return 0.0


# --- truncate / touch ---------------------------------------------------------------

@command("truncate", usage="OPTION... FILE...")
def cmd_truncate(ctx: "CommandContext") -> int:
    """``truncate -s [+-]SIZE[KMG] FILE...`` (``-c``: do not create)."""
    opts, files = getopt(ctx.argv[1:], "s:cor:", {"size=": "s", "no-create": "c",
                                                  "reference=": "r", "io-blocks": "o"})
    size_s = None
    no_create = False
    for o, v in opts:
        if o == "s":
            size_s = v
        elif o == "c":
            no_create = True
        elif o == "r":
            raise UsageError("--reference is not supported")
    if size_s is None:
        raise UsageError("you must specify either '--size' or '--reference'")
    if not files:
        raise UsageError("missing file operand")
    rel = size_s[:1] if size_s[:1] in "+-<>/%" else ""
    try:
        size = parse_size(size_s[1:] if rel else size_s)
    except ValueError:
        err(ctx, f"truncate: Invalid number: '{size_s}'")
        return 1
    rc = 0
    for name in files:
        p = ctx.path(name)
        try:
            cur = None
            if rel or no_create:
                try:
                    cur = ctx.sys.stat(p, ctx.task).st_size
                except OSError as e:
                    if e.errno != errno.ENOENT:
                        raise
                    if no_create:
                        continue
                    cur = 0
            new = size
            if rel == "+":
                new = cur + size
            elif rel == "-":
                new = max(0, cur - size)
            elif rel == "<":
                new = min(cur, size)
            elif rel == ">":
                new = max(cur, size)
            elif rel == "/":
                new = cur // size * size
            elif rel == "%":
                new = -(-cur // size) * size
            ctx.sys.truncate(p, new, ctx.task)
        except OSError as e:
            rc = report(ctx, "truncate", "open", name, e)
    return rc


@command("touch", usage="[OPTION]... FILE...")
def cmd_touch(ctx: "CommandContext") -> int:
    """Create missing files (timestamps are not modelled)."""
    opts, files = getopt(ctx.argv[1:], "acmd:t:r:h", {"no-create": "c", "date=": "d"})
    no_create = any(o == "c" for o, _ in opts)
    if not files:
        raise UsageError("missing file operand")
    rc = 0
    for name in files:
        p = ctx.path(name)
        try:
            ctx.sys.stat(p, ctx.task)
            continue
        except OSError as e:
            if e.errno != errno.ENOENT:
                rc = report(ctx, "touch", "touch", name, e)
                continue
        if no_create:
            continue
        try:
            ctx.sys.open(p, "a", ctx.task).close()
        except OSError as e:
            rc = report(ctx, "touch", "touch", name, e)
    return rc


# --- mkdir / rmdir / rm -------------------------------------------------------------

def _parse_mode(s: str, base: int = 0o777) -> int:
    """Octal or simple symbolic (``u+x,go-w``, ``a=rx``) mode."""
    if s and all(c in "01234567" for c in s):
        return int(s, 8)
    mode = base
    for clause in s.split(","):
        i = 0
        who = ""
        while i < len(clause) and clause[i] in "ugoa":
            who += clause[i]
            i += 1
        if i >= len(clause) or clause[i] not in "+-=":
            raise ValueError(s)
        op = clause[i]
        perms = clause[i + 1:]
        if any(c not in "rwxXst" for c in perms):
            raise ValueError(s)
        who = who or "a"
        bits = 0
        for w in who:
            shifts = {"u": [6], "g": [3], "o": [0], "a": [6, 3, 0]}[w]
            for sh in shifts:
                for c in perms:
                    bits |= {"r": 4, "w": 2, "x": 1, "X": 1}.get(c, 0) << sh
        if op == "+":
            mode |= bits
        elif op == "-":
            mode &= ~bits
        else:
            mask = 0
            for w in who:
                for sh in {"u": [6], "g": [3], "o": [0], "a": [6, 3, 0]}[w]:
                    mask |= 7 << sh
            mode = (mode & ~mask) | bits
    return mode


@command("mkdir", usage="[OPTION]... DIRECTORY...")
def cmd_mkdir(ctx: "CommandContext") -> int:
    """``mkdir [-p] [-m MODE] DIR...``."""
    opts, dirs = getopt(ctx.argv[1:], "pm:v", {"parents": "p", "mode=": "m", "verbose": "v"})
    parents = verbose = False
    mode = 0o777
    exact = False
    for o, v in opts:
        if o == "p":
            parents = True
        elif o == "v":
            verbose = True
        elif o == "m":
            try:
                # mkdir.c: mode_adjust (S_IRWXUGO, true, umask, ...): a clause
                # naming no users is cut by the umask
                mode = chmod_mode(v, 0o777, True, getattr(ctx.task, "umask", 0o022))
                exact = True
            except ValueError:
                err(ctx, f"mkdir: invalid mode '{v}'")
                return 1
    if not dirs:
        raise UsageError("missing operand")
    rc = 0
    for d in dirs:
        p = ctx.path(d)
        try:
            if parents and quirk(ctx, "mkdir.p_prefix"):
                _mkdir_prefixes(ctx, d, mode, verbose)
            elif parents:
                made = _mkdir_p(ctx, p, mode)
                if verbose:
                    # make_dir_parents announces each directory it made, as named
                    # by the operand's prefix
                    comps = [c for c in d.split("/") if c]
                    lead = "/" if d.startswith("/") else ""
                    for j in range(len(comps) - len(made), len(comps)):
                        ctx.stdout.write(MESSAGES[userland(ctx)][("mkdir", "created")].format(
                            op=lead + "/".join(comps[:j + 1])) + "\n")
            else:
                ctx.sys.mkdir(p, ctx.task, mode)
            if exact and (mode & ~0o777 or mode & getattr(ctx.task, "umask", 0o022)):
                # mkdir.c: a mode the umask cut or with special bits, set by chmod
                ctx.sys.chmod(p, mode, ctx.task)
            if verbose and not parents:
                ctx.stdout.write(MESSAGES[userland(ctx)][("mkdir", "created")].format(op=d) + "\n")
        except OSError as e:
            rc = report(ctx, "mkdir", "create", getattr(e, "prefix", d), e)
    return rc


def _mkdir_p(ctx: "CommandContext", p: str, mode: int) -> list[str]:
    """``mkdir -p``: each missing directory of absolute ``p`` made; the ones made."""
    comps = [c for c in p.split("/") if c]
    cur = ""
    made = []
    for i, c in enumerate(comps):
        cur += "/" + c
        last = i == len(comps) - 1
        try:
            ctx.sys.mkdir(cur, ctx.task, mode if last else 0o777)
            made.append(cur)
        except OSError as e:
            if e.errno != errno.EEXIST:
                raise
            if not S.S_ISDIR(ctx.sys.stat(cur, ctx.task).st_mode):
                raise OSError(errno.ENOTDIR if not last else errno.EEXIST,
                              "Not a directory" if not last else "File exists") from None
    return made


def _mkdir_prefixes(ctx: "CommandContext", d: str, mode: int, verbose: bool) -> None:
    """busybox ``bb_make_directory`` with FILEUTILS_RECUR: mkdir each prefix of
    ``d`` up to and with its slashes (``a/``, ``a/b/``, ``a/b/c``); an existing
    prefix must stat as a directory. A failure is raised with ``.prefix`` set to
    the prefix that failed (the applet names it: ``can't create directory 'f/'``);
    ``verbose`` says ``created directory: 'a/'`` of each one made."""
    i = 0
    while True:
        j = d.find("/", i)
        while 0 <= j < len(d) - 1 and d[j + 1] == "/":
            j += 1
        prefix = d if j < 0 or j == len(d) - 1 else d[:j + 1]
        last = prefix == d
        i = len(prefix)
        if prefix.strip("/"):
            try:
                ctx.sys.mkdir(ctx.path(prefix), ctx.task, mode if last else 0o755)
                if verbose:
                    ctx.stdout.write(f"created directory: '{prefix}'\n")
            except OSError as e:
                e.prefix = prefix  # type: ignore[attr-defined]
                if e.errno != errno.EEXIST:
                    raise
                try:
                    isdir = S.S_ISDIR(ctx.sys.stat(ctx.path(prefix), ctx.task).st_mode)
                except OSError as e2:
                    e2.prefix = prefix  # type: ignore[attr-defined]
                    raise e2 from None
                if not isdir and prefix.endswith("/"):
                    # stat("f/") of a non-directory: the trailing slash is -ENOTDIR
                    e3 = OSError(errno.ENOTDIR, os.strerror(errno.ENOTDIR))
                    e3.prefix = prefix  # type: ignore[attr-defined]
                    raise e3 from None
                if not isdir:
                    raise
        if last:
            return


@command("rmdir", usage="[OPTION]... DIRECTORY...")
def cmd_rmdir(ctx: "CommandContext") -> int:
    """``rmdir [-p] [--ignore-fail-on-non-empty] DIR...``."""
    opts, dirs = getopt(ctx.argv[1:], "pv", {"parents": "p", "verbose": "v",
                                             "ignore-fail-on-non-empty": "I"})
    flags = {o for o, _ in opts}
    if not dirs:
        raise UsageError("missing operand")
    rc = 0
    for d in dirs:
        todo = [d]
        if "p" in flags:
            cur = d.rstrip("/")
            while "/" in cur.strip("/"):
                cur = posixpath.dirname(cur).rstrip("/")
                if cur:
                    todo.append(cur)
        for t in todo:
            try:
                # do_rmdir: a last component "." is -EINVAL, ".." -ENOTEMPTY (the
                # path is normalised before it reaches the VFS)
                last = t.rstrip("/").rpartition("/")[2]
                if last in (".", ".."):
                    raise OSError(errno.EINVAL if last == "." else errno.ENOTEMPTY,
                                  os.strerror(errno.EINVAL if last == "." else errno.ENOTEMPTY))
                ctx.sys.rmdir(ctx.path(t), ctx.task)
                if "v" in flags:
                    ctx.stdout.write(f"rmdir: removing directory, '{t}'\n")
            except OSError as e:
                if not ("I" in flags and e.errno in (errno.ENOTEMPTY, errno.EEXIST)):
                    rc = report(ctx, "rmdir", "remove", t, e)
                break
    return rc


@command("rm", usage="[OPTION]... [FILE]...")
def cmd_rm(ctx: "CommandContext") -> int:
    """``rm [-f] [-r] FILE...``."""
    opts, files = getopt(ctx.argv[1:], "frRdvi", {"force": "f", "recursive": "r", "dir": "d",
                                                  "verbose": "v"})
    flags = {o for o, _ in opts}
    force = "f" in flags
    recursive = bool(flags & {"r", "R"})
    if not files:
        if force:
            return 0
        raise UsageError("missing operand")
    rc = 0
    for name in files:
        rc |= _rm(ctx, name, force, recursive, "d" in flags)
    return rc


def _rm(ctx: "CommandContext", name: str, force: bool, recursive: bool, dir_ok: bool) -> int:
    p = ctx.path(name)
    try:
        st = lstat(ctx.sys, p, ctx.task)
    except OSError as e:
        if force and e.errno == errno.ENOENT:
            return 0
        return report(ctx, "rm", "remove", name, e)
    try:
        if S.S_ISDIR(st.st_mode):
            if recursive:
                rc = 0
                for child in ctx.sys.listdir(p, ctx.task):
                    rc |= _rm(ctx, posixpath.join(name, child), force, True, dir_ok)
                if rc:
                    return rc
            elif not dir_ok:
                return report(ctx, "rm", "is_dir", name)
            ctx.sys.rmdir(p, ctx.task)
        else:
            ctx.sys.unlink(p, ctx.task)
    except OSError as e:
        if force and e.errno == errno.ENOENT:
            return 0
        return report(ctx, "rm", "remove", name, e)
    return 0


# --- ls / stat ----------------------------------------------------------------------

def _ftype(st) -> str:
    m = st.st_mode
    if S.S_ISDIR(m):
        return "directory"
    if S.S_ISREG(m):
        return "regular file" if st.st_size else "regular empty file"
    if S.S_ISCHR(m):
        return "character special file"
    if S.S_ISBLK(m):
        return "block special file"
    if S.S_ISLNK(m):
        return "symbolic link"
    if S.S_ISFIFO(m):
        return "fifo"
    if S.S_ISSOCK(m):
        return "socket"
    return "weird file"


def _is_dev(st) -> bool:
    return S.S_ISCHR(st.st_mode) or S.S_ISBLK(st.st_mode)


def _long_widths(stats, numeric: bool) -> tuple[int, int, int, int, int]:
    """coreutils ls.c ``gobble_file``'s column widths of one listing (the
    command line's files, or one directory's entries): the widest link count,
    owner, group, size (at least a device's ``major, minor``) and major number."""
    sts = [st for st in stats if st is not None]
    owner = 1 if numeric else 4         # "0" or "root": the model's files are root's
    devs = [getattr(st, "st_rdev", 0) for st in sts if _is_dev(st)]
    major = max((len(str(r >> 8)) for r in devs), default=0)
    minor = max((len(str(r & 0xFF)) for r in devs), default=0)
    size = max((len(str(st.st_size)) for st in sts if not _is_dev(st)), default=1)
    if devs:
        size = max(size, major + 2 + minor)
    return (max((len(str(getattr(st, "st_nlink", 1))) for st in sts), default=1), owner,
            size, major, minor)


def _long(st, name: str, widths: tuple[int, int, int, int, int], numeric: bool,
          date: str) -> str:
    """``print_long_format``: mode, links, owner, group, size or ``major, minor``
    (each padded to the listing's widest), the date, the name."""
    nl, ow, sw, mw, nw = widths
    who = "0" if numeric else "root"
    if _is_dev(st):
        rdev = getattr(st, "st_rdev", 0)
        size = f"{rdev >> 8:>{mw}}, {rdev & 0xFF:>{nw}}"
    else:
        size = str(st.st_size)
    return (f"{S.filemode(st.st_mode)} {getattr(st, 'st_nlink', 1):>{nl}} {who:<{ow}} "
            f"{who:<{ow}} {size:>{sw}} {date} {name}\n")


def _kib(st) -> int:
    """``ls -s``: the file's 1 KiB blocks, rounded up."""
    return -(-_blocks(st) // 2)


def _classify(st) -> str:
    """``ls -F``'s indicator (``print_type_indicator``)."""
    m = st.st_mode
    if S.S_ISDIR(m):
        return "/"
    if S.S_ISLNK(m):
        return "@"
    if S.S_ISFIFO(m):
        return "|"
    if S.S_ISSOCK(m):
        return "="
    if S.S_ISREG(m) and m & 0o111:
        return "*"
    return ""


@command("ls", usage_status=2, usage="[OPTION]... [FILE]...")
def cmd_ls(ctx: "CommandContext") -> int:
    """``ls [-1aAldFRsn] [FILE]...``: one name per line (stdout is not a terminal);
    ``-F`` appends the type indicators, ``-R`` lists subdirectories after their
    parent, each under its path; ``-l``/``-n`` in columns as wide as each
    listing's widest, the date the model's now (it keeps no mtimes); busybox's is
    :func:`bbls.busybox_ls`."""
    if quirk(ctx, "ls.busybox"):
        from .bbls import busybox_ls
        return busybox_ls(ctx)
    opts, names = getopt(ctx.argv[1:], "1aAldFRsn", {"all": "a", "almost-all": "A",
                                                      "directory": "d", "classify": "F",
                                                      "recursive": "R", "color?": "C",
                                                      "size": "s", "numeric-uid-gid": "n"})
    flags = {o for o, _ in opts}
    numeric = "n" in flags
    if numeric:
        flags.add("l")
    long_fmt = "l" in flags
    # the model keeps no mtimes: every file's is now, shown as a recent one
    # (``%b %e %H:%M``, long_time_format[1])
    from .libbb import ls_time
    from .sysutils import wall_time
    date = ls_time(wall_time(ctx), wall_time(ctx))
    widths = (1, 1, 1, 0, 0)
    classify = "F" in flags
    sizes = "s" in flags
    width = 0       # the blocks column's (block_size_width, per listing)
    out = Out(ctx.stdout)
    rc = 0
    files: list[tuple[str, object]] = []
    dirs: list[tuple[str, object]] = []
    # a command-line link to a directory is followed unless -l, -d or -F
    # (DEREF_COMMAND_LINE_SYMLINK_TO_DIR); names in directories never are
    deref = not (long_fmt or classify or "d" in flags)
    for n in names or ["."]:
        try:
            st = _stat(ctx, n, False)
            if deref and S.S_ISLNK(st.st_mode):
                try:
                    target = _stat(ctx, n)
                except OSError:
                    pass
                else:
                    if S.S_ISDIR(target.st_mode):
                        st = target
        except OSError as e:
            rc = report(ctx, "ls", "access", n, e)
            continue
        (dirs if S.S_ISDIR(st.st_mode) and "d" not in flags else files).append((n, st))

    def line(st, name: str, path: str) -> str:
        pre = f"{_kib(st):>{width}} " if sizes else ""
        if long_fmt and S.S_ISLNK(st.st_mode):
            return pre + _long(st, f"{name} -> {_target(ctx, path)}", widths, numeric, date)
        if classify:
            name += _classify(st)
        return pre + (_long(st, name, widths, numeric, date) if long_fmt else name + "\n")

    if sizes and files:
        width = max(len(str(_kib(st))) for _, st in files)
    if long_fmt and files:
        # gobble_file sized the columns on every operand, the directories too
        widths = _long_widths([st for _, st in files + dirs], numeric)
    for n, st in sorted(files):
        out.write(line(st, n, n).encode("utf-8", "surrogateescape"))
    headed = len(names) > 1 or "R" in flags
    todo = [d for d, _ in sorted(dirs, reverse=True)]
    first = not files
    while todo:
        d = todo.pop()
        if headed:
            out.write(("" if first else "\n").encode() + f"{d}:\n".encode("utf-8", "surrogateescape"))
        first = False
        # print_dir: the entries stat'd, and their links read (gobble_file), while
        # the directory is open
        with dir_open(ctx, ctx.path(d)):
            try:
                entries = ctx.sys.listdir(ctx.path(d), ctx.task)
            except OSError as e:
                err(ctx, f"ls: cannot open directory '{d}': {strerror(e)}")
                rc = 2
                continue
            if "a" in flags:
                entries = dot_entries(ctx.path(d)) + list(entries)
            elif "A" not in flags:
                entries = [e for e in entries if not e.startswith(".")]
            entries = sorted(entries)
            stats = []
            for e in entries:
                try:
                    stats.append((e, _stat(ctx, posixpath.join(d, e), False)))
                except OSError:
                    if not long_fmt:
                        stats.append((e, None))
            if long_fmt or sizes:
                # the 1 KiB blocks of the entries listed, rounded up (human_ceiling)
                sectors = sum(_blocks(st) for _, st in stats if st is not None)
                out.write(f"total {-(-sectors // 2)}\n".encode())
                if sizes:
                    width = max((len(str(_kib(st))) for _, st in stats if st is not None), default=0)
                if long_fmt:
                    widths = _long_widths([st for _, st in stats], numeric)
            out.write("".join(line(st, e, posixpath.join(d, e)) if st is not None else e + "\n"
                              for e, st in stats)
                      .encode("utf-8", "surrogateescape"))
        if "R" in flags:
            todo += [posixpath.join(d, e) for e, st in reversed(stats)
                     if st is not None and S.S_ISDIR(st.st_mode) and e not in (".", "..")]
    out.flush()
    return rc


@command("stat", usage="[OPTION]... FILE...")
def cmd_stat(ctx: "CommandContext") -> int:
    """``stat [-c FORMAT] FILE...``: %n %s %i %F %a %A %h %u %g %U %G %f %b %B %t %T."""
    opts, files = getopt(ctx.argv[1:], "c:fLt", {"format=": "c", "printf=": "P",
                                                 "dereference": "L", "terse": "t"})
    fmt = None
    newline = "\n"
    for o, v in opts:
        if o == "c":
            fmt = v
        elif o == "P":
            fmt, newline = _unescape(v), ""
    if not files:
        raise UsageError("missing operand")
    if any(o == "f" for o, _ in opts):
        terse = any(o == "t" for o, _ in opts)
        return _stat_fs(ctx, files, fmt, newline, terse)
    rc = 0
    out = Out(ctx.stdout)
    deref = any(o == "L" for o, _ in opts)
    for name in files:
        try:
            st = _stat(ctx, name, deref)
        except OSError as e:
            rc = report(ctx, "stat", "stat", name, e)
            continue
        target = _target(ctx, name) if S.S_ISLNK(st.st_mode) else None
        if fmt is None:
            shown = name if target is None else f"{name} -> {target}"
            text = (f"  File: {shown}\n  Size: {st.st_size:<15} Blocks: {_blocks(st):<10} "
                    f"IO Block: 4096   {_ftype(st)}\nDevice: 0h/0d\tInode: {st.st_ino:<11} "
                    f"Links: {getattr(st, 'st_nlink', 1)}\nAccess: "
                    f"({S.S_IMODE(st.st_mode):04o}/{S.filemode(st.st_mode)})  "
                    f"Uid: (    0/    root)   Gid: (    0/    root)\n")
        else:
            text = _stat_format(fmt, name, st, target) + newline
        out.write(text.encode("utf-8", "surrogateescape"))
    out.flush()
    return rc


#: statfs f_type of each filesystem type in /proc/mounts, and GNU stat's name for it
#: (coreutils 9.1 human_fstype: ext4 is "ext2/ext3", devtmpfs is tmpfs, and so is the
#: initramfs' rootfs, shmem when CONFIG_TMPFS: Linux commit 16203a7a9422 (in v3.14))
FS_MAGIC = {
    "proc": (0x9FA0, "proc"), "sysfs": (0x62656572, "sysfs"), "tmpfs": (0x01021994, "tmpfs"),
    "rootfs": (0x01021994, "tmpfs"),
    "devtmpfs": (0x01021994, "tmpfs"), "ext4": (0xEF53, "ext2/ext3"), "ext2": (0xEF53, "ext2/ext3"),
    "ext3": (0xEF53, "ext2/ext3"), "cgroup2": (0x63677270, "cgroup2fs"),
    "cgroup": (0x27E0EB, "cgroupfs"), "bpf": (0xCAFE4A11, "bpf_fs"), "debugfs": (0x64626720, "debugfs"),
    "tracefs": (0x74726163, "tracefs"), "devpts": (0x1CD1, "devpts"), "mqueue": (0x19800202, "mqueue"),
    "securityfs": (0x73636673, "securityfs"), "overlay": (0x794C7630, "overlayfs"),
}
#: busybox 1.35 stat's ``human_fstype`` table, the magics the model's mounts can
#: have (coreutils/stat.c): any other type, cgroup and cgroup2 among them, is
#: "UNKNOWN" (the guests' ``stat -f -c %T /sys/fs/cgroup``, docs/fidelity.md item 48)
BUSYBOX_FSTYPE = {0x1CD1: "devpts", 0xEF53: "ext2/ext3", 0x9FA0: "proc",
                  0x01021994: "tmpfs", 0x62656572: "sysfs"}

#: filesystems whose statfs counts are all 0 on Linux (no blocks, no inode limit)
_PSEUDO_FS = frozenset(("proc", "sysfs", "cgroup2", "cgroup", "bpf", "debugfs", "tracefs",
                        "devpts", "mqueue", "securityfs"))


def _mount_of(ctx: "CommandContext", path: str) -> str:
    """The type of the filesystem ``path`` is on: the longest mount point above it."""
    best, typ = "", "ext4"
    try:
        data = ctx.sys.read("/proc/mounts", ctx.task)
    except OSError:
        return typ
    if isinstance(data, bytes):
        data = data.decode("utf-8", "surrogateescape")
    for line in data.splitlines():
        f = line.split()
        if len(f) >= 3:
            mp = f[1]
            if (path == mp or path.startswith(mp.rstrip("/") + "/")) and len(mp) >= len(best):
                best, typ = mp, f[2]
    return typ


def _stat_fs(ctx: "CommandContext", files: list, fmt, newline: str, terse: bool) -> int:
    """``stat -f [-c FORMAT|-t] FILE...``: the file system's status, as GNU stat prints
    statfs(2). Types and sizes come from the mount table; the block and inode counts
    of pseudo filesystems are 0, as the kernel reports them, tmpfs's and ext4's the
    system's ``statfs``; those of devtmpfs are not modelled (refused: %b %f %a %c %d
    and the default format)."""
    rc = 0
    out = Out(ctx.stdout)
    for name in files:
        try:
            _stat(ctx, name)
        except OSError as e:
            err(ctx, f"stat: cannot read file system information for '{name}': {strerror(e)}")
            rc = 1
            continue
        typ = _mount_of(ctx, ctx.path(name))
        magic, human = FS_MAGIC.get(typ, (0, f"UNKNOWN ({typ})"))
        if quirk(ctx, "stat.busybox_fstype"):
            human = BUSYBOX_FSTYPE.get(magic, "UNKNOWN")
        counted = typ in _PSEUDO_FS
        vals = {"n": name, "N": f"'{name}'", "i": "0", "l": "255", "t": f"{magic:x}", "T": human,
                "s": "4096", "S": "4096", "%": "%"}
        if counted:
            vals.update(dict.fromkeys("bfacd", "0"))
        elif typ in ("tmpfs", "ext4"):
            try:
                counts = ctx.sys.statfs(ctx.path(name), ctx.task)
            except (AttributeError, NotImplementedError):
                counts = None
            if counts is not None:
                vals.update(zip("bfacd", map(str, counts)))
        if fmt is None:
            fmt_ = ("%n %i %l %t %s %S %b %f %a %c %d" if terse else
                    '  File: "%n"\n    ID: %-8i Namelen: %-7l Type: %T\n'
                    "Block size: %-10s Fundamental block size: %S\n"
                    "Blocks: Total: %-10b Free: %-10f Available: %a\n"
                    "Inodes: Total: %-10c Free: %d")
        else:
            fmt_ = fmt
        text = _fs_format(fmt_, vals)
        if text is None:
            err(ctx, f"stat: {name}: block and inode counts of {typ} are not modelled (memcgsim)")
            rc = 1
            continue
        out.write((text + newline).encode("utf-8", "surrogateescape"))
    out.flush()
    return rc


def _fs_format(fmt: str, vals: dict) -> str | None:
    """``stat -f``'s directives with optional ``-`` and width; None if one has no value."""
    res = []
    i = 0
    while i < len(fmt):
        c = fmt[i]
        if c != "%" or i + 1 >= len(fmt):
            res.append(c)
            i += 1
            continue
        j = i + 1
        while j < len(fmt) and fmt[j] in "-0123456789":
            j += 1
        if j >= len(fmt):
            res.append(fmt[i:])
            break
        d = fmt[j]
        spec = fmt[i + 1:j]
        i = j + 1
        if d not in vals and d in "bfacd":
            return None
        v = vals.get(d, "?")
        res.append(("%" + spec + "s") % v if spec else v)
    return "".join(res)


#: the scratch disk's ext4 block size (mke2fs's default for a 1 GiB filesystem)
EXT4_BLOCK = 4096


def _blocks(st) -> int:
    """``st_blocks``, or where the model does not know it (ext4's files) the
    512-byte sectors of the 4 KiB blocks the size takes (no holes, no extent
    blocks: what a small file written in full has)."""
    blocks = getattr(st, "st_blocks", None)
    return -(-st.st_size // EXT4_BLOCK) * (EXT4_BLOCK // 512) if blocks is None else blocks


def _stat_format(fmt: str, name: str, st, target: str | None = None) -> str:
    res = []
    # a device's major and minor (%t, %T, hex) from its old_encode_dev number
    rdev = getattr(st, "st_rdev", 0)
    i = 0
    while i < len(fmt):
        c = fmt[i]
        if c != "%" or i + 1 >= len(fmt):
            res.append(c)
            i += 1
            continue
        d = fmt[i + 1]
        i += 2
        v = {
            "n": name, "N": f"'{name}'" if target is None else f"'{name}' -> '{target}'", "s": str(st.st_size), "i": str(st.st_ino),
            "F": _ftype(st), "a": f"{S.S_IMODE(st.st_mode):o}", "A": S.filemode(st.st_mode),
            "h": str(getattr(st, "st_nlink", 1)), "u": "0", "g": "0", "U": "root", "G": "root",
            "f": f"{st.st_mode:x}", "b": str(_blocks(st)), "B": "512",
            "o": "4096", "t": f"{rdev >> 8:x}", "T": f"{rdev & 0xFF:x}", "d": "0", "D": "0",
            "%": "%",
        }.get(d)
        res.append(v if v is not None else "?")
    return "".join(res)


def _unescape(s: str) -> str:
    return s.encode("latin-1", "backslashreplace").decode("unicode_escape")


# --- mount --------------------------------------------------------------------------

@command("mount", usage="[-t TYPE] [-o OPTIONS] SOURCE DIRECTORY")
def cmd_mount(ctx: "CommandContext") -> int:
    """``mount -t TYPE [-o OPTS] SOURCE DIR`` (util-linux wording, or busybox's);
    ``-o remount,OPTS DIR`` the mount there; no operands lists /proc/mounts."""
    opts, args = getopt(ctx.argv[1:], "t:o:nrwv", {"types=": "t", "options=": "o"})
    fstype = "auto"
    options: list[str] = []
    for o, v in opts:
        if o == "t":
            fstype = v
        elif o == "o":
            options.append(v)
        elif o == "r":
            options.append("ro")
    if not args:
        try:
            data = ctx.sys.read("/proc/mounts", ctx.task)
        except OSError:
            return 0
        lines = []
        for line in data.splitlines():
            f = line.split()
            if len(f) >= 4:
                lines.append(f"{f[0]} on {f[1]} type {f[2]} ({f[3]})\n")
        ctx.stdout.write("".join(lines))
        return 0
    remount = "remount" in ",".join(options).split(",")
    if len(args) == 1 and remount:
        # the mount's own source, as mount(8) finds it in /proc/mounts
        target = args[0]
        from .fsutils import _mounts    # (fsutils loads only when a remount needs it)
        path = ctx.path(target)
        src = next((s for s, mp, _ in reversed(_mounts(ctx)) if mp == path), "none")
    elif len(args) != 2:
        err(ctx, "mount: bad usage")
        ctx.stderr.write("Try 'mount --help' for more information.\n")
        return 1
    else:
        src, target = args
    try:
        ctx.sys.mount(fstype, src, ctx.path(target), ctx.task, ",".join(options))
    except NotImplementedError as e:
        err(ctx, f"mount: {target}: {e} is not modelled (memcgsim)")
        return 32
    except OSError as e:
        if userland(ctx) == "busybox":
            # util-linux/mount.c singlemount: bb_perror_msg("mounting %s on %s failed")
            err(ctx, f"mount: mounting {src} on {target} failed: {strerror(e)}")
            return 255
        if e.errno == errno.ENOENT:
            err(ctx, f"mount: {target}: mount point does not exist.")
        elif e.errno == errno.ENOTDIR:
            err(ctx, f"mount: {target}: mount point is not a directory.")
        elif e.errno == errno.EPERM:
            err(ctx, "mount: only root can use \"--types\" option")
        elif e.errno == errno.ENODEV:
            err(ctx, f"mount: {target}: unknown filesystem type '{fstype}'.")
        elif e.errno == errno.EBUSY:
            err(ctx, f"mount: {target}: {src} already mounted or mount point busy.")
        elif e.errno == errno.EINVAL and remount:
            err(ctx, f"mount: {target}: mount point not mounted or bad option.")
        elif e.errno == errno.EINVAL:
            err(ctx, f"mount: {target}: wrong fs type, bad option, bad superblock on {src}, "
                     "missing codepage or helper program, or other error.")
        else:
            err(ctx, f"mount: {target}: mount(2) system call failed: {strerror(e)}.")
        return 32
    return 0


#: what may follow "-" in a mode operand (coreutils chmod.c's option switch)
_MODE_CHARS = "rwxXstugoa,+-=01234567"
_WHO = {"u": 0o4700, "g": 0o2070, "o": 0o1007, "a": 0o7777}
_PERM = {"r": 0o444, "w": 0o222, "x": 0o111, "s": 0o6000, "t": 0o1000}


def chmod_mode(spec: str, mode: int, is_dir: bool = False, umask: int = 0o022) -> int:
    """coreutils' ``mode_compile``/``mode_adjust``: octal, or comma-separated
    ``[ugoa]*([-+=][rwxXst]*|[-+=][ugo])+`` clauses; no "who" means "a" less the
    umask for + and =. ValueError if invalid."""
    if spec and all(c in "01234567" for c in spec):
        if len(spec) > 4:
            raise ValueError(spec)
        return int(spec, 8)
    for clause in spec.split(","):
        i = 0
        who = 0
        while i < len(clause) and clause[i] in _WHO:
            who |= _WHO[clause[i]]
            i += 1
        if i == len(clause):
            raise ValueError(spec)
        while i < len(clause):
            op = clause[i]
            if op not in "+-=":
                raise ValueError(spec)
            i += 1
            bits = 0
            if i < len(clause) and clause[i] in "ugo":
                src = {"u": (mode >> 6) & 7, "g": (mode >> 3) & 7, "o": mode & 7}[clause[i]]
                bits = src * 0o111
                i += 1
            else:
                while i < len(clause) and clause[i] in "rwxXst":
                    c = clause[i]
                    if c == "X":
                        if is_dir or mode & 0o111:
                            bits |= 0o111
                    else:
                        bits |= _PERM[c]
                    i += 1
            # the bits a clause may set or clear: its "who", or all but the umask's
            mask = who if who else 0o7777 & ~umask
            if op == "+":
                mode |= bits & mask
            elif op == "-":
                mode &= ~(bits & mask)
            else:       # "=" clears every bit of its "who" (all of them without one)
                mode = (mode & ~(who or 0o7777)) | (bits & mask)
    return mode


@command("chmod", usage="[OPTION]... MODE[,MODE]... FILE...")
def cmd_chmod(ctx: "CommandContext") -> int:
    """``chmod [-fvc] MODE FILE...`` of regular files (other files' permissions are
    not modelled: named so)."""
    argv = ctx.argv[1:]
    # a mode like -x is an operand, not an option (chmod.c looks at it first)
    modes = {a for a in argv if a[:1] == "-" and len(a) > 1 and a[1] in _MODE_CHARS}
    opts, args = getopt([a for a in argv if a not in modes], "fvcR",
                        {"silent": "f", "quiet": "f", "verbose": "v", "changes": "c",
                         "recursive": "R"})
    args = [a for a in argv if a in args or a in modes]
    flags = {o for o, _ in opts}
    if not args:
        raise UsageError("missing operand")
    if len(args) == 1:
        raise UsageError(f"missing operand after '{args[0]}'")
    spec, files = args[0], args[1:]
    if "R" in flags:
        files = [g for f in files for g in _tree(ctx, f)]
    rc = 0
    for f in files:
        try:
            st = _stat(ctx, f)
            umask = getattr(ctx.task, "umask", 0o022)
            new = chmod_mode(spec, S.S_IMODE(st.st_mode), S.S_ISDIR(st.st_mode), umask)
            ctx.sys.chmod(ctx.path(f), new, ctx.task)
            old = S.S_IMODE(st.st_mode)
            if spec in modes:
                # a mode given as an option (-w, -x): diagnose_surprises, the bits
                # the umask kept from a change that names no users
                naive = chmod_mode(spec, old, S.S_ISDIR(st.st_mode), 0)
                if new & ~naive:
                    err(ctx, f"chmod: {quotef(f)}: new permissions are {S.filemode(new)[1:]}, "
                             f"not {S.filemode(naive)[1:]}")
                    rc = 1
            if quirk(ctx, "usage") and ("v" in flags or ("c" in flags and new != old)):
                # busybox chmod.c fileAction
                ctx.stdout.write(f"mode of '{f}' changed to {new:04o} ({S.filemode(new)[1:]})\n")
            elif "v" in flags or ("c" in flags and new != old):
                desc = f"{new:04o} ({S.filemode(new)[1:]})"
                ctx.stdout.write(f"mode of '{f}' changed from {old:04o} ({S.filemode(old)[1:]}) "
                                 f"to {desc}\n" if new != old else f"mode of '{f}' retained as {desc}\n")
        except ValueError:
            err(ctx, f"chmod: invalid mode: '{spec}'")
            ctx.stderr.write("Try 'chmod --help' for more information.\n")
            return 1
        except NotImplementedError as e:
            err(ctx, f"chmod: changing permissions of '{f}': {e} are not modelled (memcgsim)")
            rc = 1
        except OSError as e:
            if "f" not in flags:
                report(ctx, "chmod", "access", f, e)
            if "v" in flags and not quirk(ctx, "usage"):
                # describe_change's CH_NO_STAT (coreutils chmod.c)
                ctx.stdout.write(f"'{f}' could not be accessed\n")
            rc = 1
    return rc


def _tree(ctx: "CommandContext", top: str) -> list[str]:
    """``-R``'s files: ``top``, then (a directory's, not a symbolic link's) its
    entries', each directory before its contents, the symbolic links among them
    left alone (fts's preorder with FTS_PHYSICAL: coreutils chmod.c
    ``process_file``'s FTS_SL; busybox ``recursive_action`` without
    ACTION_FOLLOWLINKS)."""
    out = [top]
    try:
        st = lstat(ctx.sys, ctx.path(top), ctx.task)
    except OSError:
        return out
    if S.S_ISDIR(st.st_mode):
        for name in sorted(ctx.sys.listdir(ctx.path(top), ctx.task)):
            p = posixpath.join(top, name)
            try:
                if S.S_ISLNK(lstat(ctx.sys, ctx.path(p), ctx.task).st_mode):
                    continue
            except OSError:
                pass
            out.extend(_tree(ctx, p))
    return out


@command("mountpoint", usage="[-qd] /path/to/directory")
def cmd_mountpoint(ctx: "CommandContext") -> int:
    """util-linux 2.38 ``mountpoint [-q] [-x] DIR``: whether the canonical DIR is
    a mount's target in /proc/mounts (``DIR is a mountpoint``, 0; ``... is not a
    mountpoint``, 32); a file that cannot be stat'ed is an error (1). ``-x``:
    the model has no block device nodes (``not a block device``, 32); ``-d``
    (the filesystem's device number) is not modelled."""
    from .paths import canonicalize
    opts, args = getopt(ctx.argv[1:], "qdxn", {"quiet": "q", "fs-devno": "d", "devno": "x",
                                               "nofollow": "n"})
    flags = {o for o, _ in opts}
    if len(args) != 1:
        raise UsageError("bad usage")
    if "d" in flags:
        raise UsageError("-d is not modelled (memcgsim)", hint=False)
    name = args[0]
    try:
        st = _stat(ctx, name, "n" not in flags)
        path = canonicalize(ctx, name, "e") if "n" not in flags else posixpath.normpath(ctx.path(name))
    except OSError as e:
        if "q" not in flags:
            err(ctx, f"mountpoint: {name}: {strerror(e)}")
        return 1
    if "x" in flags:
        if "q" not in flags:
            err(ctx, f"mountpoint: {name}: not a block device")
        return 32
    try:
        mounts = ctx.sys.read("/proc/mounts", ctx.task)
    except OSError as e:
        err(ctx, f"mountpoint: {name}: {strerror(e)}")
        return 1
    targets = {ln.split()[1] for ln in mounts.splitlines() if len(ln.split()) > 1}
    ok = S.S_ISDIR(st.st_mode) and path in targets
    if "q" not in flags:
        ctx.stdout.write(f"{name} is {'' if ok else 'not '}a mountpoint\n")
    return 0 if ok else 32


#: findmnt's columns the model has (/proc/mounts' fields)
FINDMNT_COLUMNS = {"TARGET": 1, "SOURCE": 0, "FSTYPE": 2, "OPTIONS": 3}


@command("findmnt", usage="[options] [<device> | <mountpoint>]")
def cmd_findmnt(ctx: "CommandContext") -> int:
    """util-linux 2.38 ``findmnt [-n] [-l] [-o COLS] [-t TYPES] [-T PATH] [SPEC]``
    over /proc/mounts, in the C locale: the columns TARGET SOURCE FSTYPE OPTIONS,
    each as wide as its widest cell or header, one blank apart, the last not
    padded; the mounts as a tree (``|-``, ```-``, children under the mount whose
    target is their closest ancestor) unless ``-l``, a SPEC (a target or a
    source), ``-T`` (the mount holding PATH) or ``-t`` (which lists, still
    indented as the tree). Status 1 when nothing matches."""
    from .paths import canonicalize
    opts, args = getopt(ctx.argv[1:], "nlo:t:T:", {"noheadings": "n", "list": "l", "output=": "o",
                                                 "types=": "t", "target=": "T"})
    flags = {o for o, _ in opts}
    cols = ["TARGET", "SOURCE", "FSTYPE", "OPTIONS"]
    types: set[str] | None = None
    target = None
    for o, v in opts:
        if o == "o":
            cols = [c.upper() for c in (v or "").split(",") if c]
            for c in cols:
                if c not in FINDMNT_COLUMNS:
                    err(ctx, f"findmnt: unknown column: {c}")
                    return 1
        elif o == "t":
            types = set((v or "").split(","))
        elif o == "T":
            target = v
    if len(args) > 1:
        raise UsageError("bad usage")
    try:
        text = ctx.sys.read("/proc/mounts", ctx.task)
    except OSError as e:
        err(ctx, f"findmnt: /proc/mounts: {strerror(e)}")
        return 1
    mounts = [ln.split()[:4] for ln in text.splitlines() if len(ln.split()) >= 4]
    rows = mounts
    tree = "l" not in flags
    if target is not None or args:
        tree = False
        if target is not None:
            try:
                path = canonicalize(ctx, target, "m")
            except OSError:
                path = posixpath.normpath(ctx.path(target))
            best = max((m for m in mounts if path == m[1] or path.startswith(m[1].rstrip("/") + "/")),
                       key=lambda m: len(m[1]), default=None)
            rows = [best] if best is not None else []
        else:
            spec = args[0]
            path = posixpath.normpath(ctx.path(spec)) if spec.startswith("/") else spec
            rows = [m for m in mounts if m[1] == path or m[0] == spec][-1:]
    if types is not None:
        rows = [m for m in rows if m[2] in types]
    if not rows:
        return 1
    depth = {}
    prefix: dict[int, str] = {}
    if tree:
        # each mount under the latest one before it whose target holds its own
        parent: dict[int, int] = {}
        for i, m in enumerate(rows):
            for j in range(i - 1, -1, -1):
                t = rows[j][1]
                if t == "/" and m[1] != "/" or m[1].startswith(t.rstrip("/") + "/"):
                    parent[i] = j
                    break
        kids: dict[int, list[int]] = {}
        for i, j in parent.items():
            kids.setdefault(j, []).append(i)

        def walk(i: int, lead: str, last: bool, top: bool) -> None:
            prefix[i] = "" if top else lead + ("`-" if last else "|-")
            below = lead if top else lead + ("  " if last else "| ")
            ch = kids.get(i, [])
            for n, c in enumerate(ch):
                walk(c, below, n == len(ch) - 1, False)
        order: list[int] = []
        for i in range(len(rows)):
            if i not in parent:
                walk(i, "", True, True)
        order = sorted(prefix, key=lambda i: _tree_pos(i, parent, kids))
        rows = [rows[i] for i in order]
        depth = {n: prefix[i] for n, i in enumerate(order)}
    cells = [[(depth.get(n, "") + m[1]) if c == "TARGET" else m[FINDMNT_COLUMNS[c]] for c in cols]
             for n, m in enumerate(rows)]
    widths = [max([len(c)] + [len(r[k]) for r in cells]) for k, c in enumerate(cols)]
    lines = [] if "n" in flags else [cols]
    lines += cells
    out = "".join(" ".join(cell.ljust(widths[k]) if k < len(cols) - 1 else cell
                           for k, cell in enumerate(line)) + "\n" for line in lines)
    ctx.stdout.write(out)
    return 0


def _tree_pos(i: int, parent: dict, kids: dict) -> tuple:
    """Where mount ``i`` comes in the tree's depth-first order: its ancestors'
    positions among their siblings."""
    path = []
    while i in parent:
        j = parent[i]
        path.append(kids[j].index(i))
        i = j
    path.append(i)
    return tuple(reversed(path))


@command("umount", usage="DIRECTORY")
def cmd_umount(ctx: "CommandContext") -> int:
    """``umount [-l] DIR``: util-linux's words and status 32 when it fails, or
    busybox's (status 1); ``-l``/``--lazy`` is ``MNT_DETACH``."""
    opts, args = getopt(ctx.argv[1:], "lfnrv", {"lazy": "l", "force": "f"})
    if not args:
        raise UsageError("bad usage")
    lazy = any(o == "l" for o, _ in opts)
    rc = 0
    for target in args:
        path = ctx.path(target)
        try:
            ctx.sys.umount(path, ctx.task, lazy)
        except OSError as e:
            how = ("not_mounted" if e.errno == errno.EINVAL else
                   "busy" if e.errno == errno.EBUSY else "unmount")
            rc = report(ctx, "umount", how, target, e, mnt=posixpath.normpath(path))
    return rc


# --- basename / dirname -------------------------------------------------------------

def _basename(name: str, suffix: str = "") -> str:
    if name == "":
        return ""
    s = name.rstrip("/")
    if not s:
        return "/"
    b = s.rsplit("/", 1)[-1]
    if suffix and b != suffix and b.endswith(suffix):
        b = b[: -len(suffix)]
    return b


def _dirname(name: str) -> str:
    s = name.rstrip("/")
    if not s:
        return "/" if name else "."
    if "/" not in s:
        return "."
    d = s.rsplit("/", 1)[0].rstrip("/")
    return d or "/"


@command("basename", usage="NAME [SUFFIX]")
def cmd_basename(ctx: "CommandContext") -> int:
    """``basename NAME [SUFFIX]``, ``-a``, ``-s SUFFIX``, ``-z``."""
    opts, args = getopt(ctx.argv[1:], "as:z", {"multiple": "a", "suffix=": "s", "zero": "z"})
    multiple = False
    suffix = ""
    end = "\n"
    for o, v in opts:
        if o == "a":
            multiple = True
        elif o == "s":
            multiple, suffix = True, v
        elif o == "z":
            end = "\0"
    if not args:
        raise UsageError("missing operand")
    if not multiple:
        if len(args) > 2:
            raise UsageError(f"extra operand '{args[2]}'")
        suffix = args[1] if len(args) == 2 else ""
        args = args[:1]
    ctx.stdout.write("".join(_basename(a, suffix) + end for a in args))
    return 0


@command("dirname", usage="[OPTION] NAME...")
def cmd_dirname(ctx: "CommandContext") -> int:
    """``dirname NAME...``."""
    opts, args = getopt(ctx.argv[1:], "z", {"zero": "z"})
    end = "\0" if opts else "\n"
    if not args:
        raise UsageError("missing operand")
    ctx.stdout.write("".join(_dirname(a) + end for a in args))
    return 0
