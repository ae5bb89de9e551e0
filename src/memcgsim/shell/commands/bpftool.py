"""``bpftool map create``: a pinned bpf map, created by the calling process (and so
charged, where the kernel design charges bpf maps, to its memcg)."""
from __future__ import annotations

from ..context import CommandContext
from ._util import command, err, strerror

_MAP_ARGS = {"type": str, "key": int, "value": int, "entries": int, "name": str, "flags": int}


@command("bpftool", usage="[ OPTIONS ] { map } { COMMAND | help }")
def cmd_bpftool(ctx: CommandContext) -> int:
    """``bpftool map create FILE type TYPE key KEY_SIZE value VALUE_SIZE entries
    MAX_ENTRIES name NAME [flags FLAGS]``, as bpftool(8) parses it."""
    args = ctx.argv[1:]
    if args[:2] != ["map", "create"] or len(args) < 3:
        err(ctx, "memcgsim supports only 'bpftool map create FILE type ... key ... value ... "
                 "entries ... name ...'")
        return 255
    path, rest = args[2], args[3:]
    opts: dict = {}
    while rest:
        key = rest.pop(0)
        if key not in _MAP_ARGS or not rest:
            err(ctx, f"Error: unknown arg {key}" if key not in _MAP_ARGS
                else f"Error: missing value for {key}")
            return 255
        try:
            opts[key] = _MAP_ARGS[key](rest.pop(0), 0) if _MAP_ARGS[key] is int \
                else rest.pop(0)
        except ValueError:
            err(ctx, f"Error: can't parse {key}")
            return 255
    for need in ("type", "key", "value", "entries", "name"):
        if need not in opts:
            err(ctx, f"Error: map {need} not specified")
            return 255
    try:
        ctx.sys.bpf_map_create(ctx.task, ctx.path(path), opts["type"], opts["key"],
                               opts["value"], opts["entries"], opts["name"])
    except OSError as e:
        err(ctx, f"Error: failed to pin map: {strerror(e)}")
        return 255
    return 0
