"""Frozen value classes without the cost of building a dataclass.

``@dataclass`` compiles an ``__init__``, ``__repr__``, ``__eq__``, ``__hash__``,
``__setattr__`` and ``__delattr__`` from generated source each time the program
starts: ~4 M instructions a class, 2 % of ``memcgsim run`` on the seed script
(bench/README.md). A :class:`Record` subclass annotates its fields (their ``#:``
comments document them), ends them with ``__slots__ = tuple(__annotations__)``,
gives the defaults in ``_defaults`` (a class attribute of a slot's name is not
allowed) and gets the same behaviour from these methods, whose bytecode is
compiled once and cached::

    class SlabObj(Record):
        field: str
        size: int
        cache: str | None
        __slots__ = tuple(__annotations__)
        _defaults = {"cache": None}
"""
from __future__ import annotations

from keyword import iskeyword
from typing import Callable, Self


class PythonClass(type):
    """The metaclass of classes that stay Python classes where their module is
    compiled by mypyc (bench/mypyc_build.py): a class with a metaclass of its own is
    never made a native one, whose fixed layout cannot hold :class:`Record`'s
    ``__slots__`` from annotations nor a builtin base such as ``array``. Changes
    nothing else."""


class Record(metaclass=PythonClass):
    """Base of frozen value classes: keyword or positional construction in
    ``__slots__`` order, ``_defaults`` for the optional fields, equality and hash by
    value, a dataclass-like repr, :meth:`replace`; assignment raises
    AttributeError."""
    __slots__ = ()
    _defaults: dict = {}

    def __init_subclass__(cls, **kwargs) -> None:
        super().__init_subclass__(**kwargs)
        if "__init__" not in cls.__dict__:
            # each class its own (not an ``__init__`` made for its base's fields)
            type.__setattr__(cls, "__init__", Record.__init__)

    def __init__(self, *args, **kwargs) -> None:
        cls = type(self)
        if cls is not Record and cls.__dict__.get("__init__") is Record.__init__:
            # the class's first instance: its own ``__init__`` from then on
            # (:func:`_fields_init`), or the generic one where none can be made
            init = _fields_init(cls)
            type.__setattr__(cls, "__init__", init)
            init(self, *args, **kwargs)
            return
        self._init_fields(args, kwargs)

    def _init_fields(self, args: tuple, kwargs: dict) -> None:
        """The fields set from ``args`` and ``kwargs`` by ``__slots__``, one at a
        time (a class whose ``__init__`` its own :func:`_fields_init` could not
        write, or a subclass's own ``__init__`` calling this one's)."""
        names = self.__slots__
        if len(args) > len(names):
            raise TypeError(f"{type(self).__name__}() takes {len(names)} arguments")
        values = dict(zip(names, args))
        for name, value in kwargs.items():
            if name not in names or name in values:
                raise TypeError(f"{type(self).__name__}() got an unexpected or repeated "
                                f"argument {name!r}")
            values[name] = value
        defaults = self._defaults
        for name in names:
            if name in values:
                value = values[name]
            elif name in defaults:
                value = defaults[name]
            else:
                raise TypeError(f"{type(self).__name__}() missing argument {name!r}")
            object.__setattr__(self, name, value)

    def _values(self) -> tuple:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"

    def __setattr__(self, name: str, value) -> None:
        raise AttributeError(f"cannot assign to field {name!r} of a {type(self).__name__}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"cannot delete field {name!r} of a {type(self).__name__}")

    def replace(self, **changes) -> Self:
        """A copy with ``changes`` (``dataclasses.replace``)."""
        values = dict(zip(self.__slots__, self._values()))
        values.update(changes)
        return type(self)(**values)


def _generic_init(self: Record, *args, **kwargs) -> None:
    """:meth:`Record._init_fields` as an ``__init__``."""
    self._init_fields(args, kwargs)


def _fields_init(cls: "type[Record]") -> Callable[..., None]:
    """An ``__init__`` for ``cls`` with one parameter a field in ``__slots__``
    order, its default ``_defaults``' (a frozen dataclass's ``__init__``:
    ``object.__setattr__`` of each field), compiled once and kept across
    processes (``codecache.compiled``). The generic :meth:`Record._init_fields`
    loop, a dict of the arguments and a test a field, ran ~85 opcodes a
    ``fork.LazyMm`` (one an exit's lazy TLB mm), this one 16 (bench/README.md,
    session 40). Where the fields with defaults do not all follow those without
    (no such signature), the generic one."""
    from .codecache import compiled
    names = cls.__slots__
    defaults = cls._defaults
    params = []
    for name in names:
        if not name.isidentifier() or iskeyword(name) or name in ("self", "_d", "_set"):
            return _generic_init
        if name in defaults:
            params.append(f"{name}=_d[{name!r}]")
        elif params and "=" in params[-1]:
            return _generic_init
        else:
            params.append(name)
    body = "".join(f"    _set(self, {n!r}, {n})\n" for n in names) or "    pass\n"
    src = f"def __init__(self, {', '.join(params)}):\n{body}"
    ns: dict = {"_d": defaults, "_set": object.__setattr__}
    exec(compiled(src, f"<record {cls.__qualname__}>"), ns)
    init = ns["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__doc__ = f"A ``{cls.__qualname__}`` of these fields."
    return init
