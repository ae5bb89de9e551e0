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

from typing import Self


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

    def __init__(self, *args, **kwargs) -> None:
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
