"""awk compiler: tuple AST -> closures ``f(rt)`` over a runtime (see :mod:`.awk`)."""
from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any, Callable

from .awk_parse import Parser
from .awk_values import (KEEP_MIN, UNINIT, AwkError, _Break, _Continue, _Exit, _Next, _NextFile,
                         _Return, _Untyped, bb_compare, bb_strnum, bb_to_num, compare, num_str,
                         strnum, to_num, truth)
from .posixre import RegexError, compile_awk, substitute

# --- compiler -----------------------------------------------------------------------

class Program:
    """Compiled awk program: closures over a runtime ``rt``."""

    def __init__(self, p: Parser, busybox: bool = False):
        #: busybox 1.35's awk (Debian's build: no FEATURE_AWK_LIBM): ``^`` and the
        #: math functions are an error, substr and index its own
        self.bb = busybox
        self.arith = _BB_ARITH if busybox else _ARITH
        #: its numbers: how strings convert and compare (awk_values.py)
        self.to_num, self.strnum, self.compare, self.cmp_tests = (
            (bb_to_num, bb_strnum, bb_compare, _BB_CMP) if busybox else (to_num, strnum, compare, _CMP))
        if not busybox:
            # mawk fcall.c resolve_fcalls, once the program is parsed: a compile
            # error on the line past its end (busybox: "Call to undefined
            # function" when the call runs)
            for name in p.called:
                if name not in p.funcs:
                    raise AwkError(f"line {p.newlines + 2}: function {name} never defined")
        self.funcs: dict[str, Any] = {}
        self.func_params = {name: params for name, (params, _) in p.funcs.items()}
        self._locals: list[str] | None = None
        for name, (params, body) in p.funcs.items():
            self._locals = params
            self.funcs[name] = (len(params), self.stmt(body))
        self._locals = None
        self.begin = [self.stmt(b) for b in p.begin]
        self.end = [self.stmt(b) for b in p.end]
        self.rules = []
        for pat, action in p.rules:
            if pat is None:
                cp = None
            elif pat[0] == "range":
                cp = ("range", self.cond(pat[1]), self.cond(pat[2]))
            else:
                cp = self.cond(pat)
            self.rules.append((cp, self.stmt(action) if action else None))
        self.needs_input = bool(self.rules or self.end)

    # statements
    def stmt(self, s) -> Callable:
        k = s[0]
        m = getattr(self, "s_" + k)
        return m(s)

    def s_block(self, s):
        fs = [self.stmt(x) for x in s[1]]
        if not fs:
            return lambda rt: None
        if len(fs) == 1:
            return fs[0]
        if len(fs) == 2:
            a, b = fs

            def run2(rt):
                a(rt)
                b(rt)
            return run2

        def run(rt):
            for f in fs:
                f(rt)
        return run

    def s_expr(self, s):
        e = self.expr(s[1])
        return lambda rt: (e(rt), None)[1]

    def s_print(self, s):
        args = [self.expr(a) for a in s[1]]
        redir = self._redir(s[2])
        if not args:
            def pr0(rt):
                rt.output(redir, rt.get_record() + rt.g["ORS"])
            return pr0

        def pr(rt):
            ofmt = rt.g["OFMT"]
            vals = []
            for a in args:
                v = a(rt)
                vals.append(num_str(v, ofmt, rt.int_limit) if type(v) is float else v)
            rt.output(redir, rt.tostr(rt.g["OFS"]).join(vals) + rt.tostr(rt.g["ORS"]))

        def bb_pr(rt):
            # busybox awk.c OC_PRINT writes each value (and OFS) as it is evaluated:
            # an error in a later one leaves the earlier written (mawk's bi_print
            # evaluates them all first)
            ofmt = rt.g["OFMT"]
            vals = []
            try:
                for a in args:
                    v = a(rt)
                    vals.append(num_str(v, ofmt, rt.int_limit) if type(v) is float else v)
            except AwkError:
                if vals:
                    ofs = rt.tostr(rt.g["OFS"])
                    rt.output(redir, ofs.join(vals) + ofs)
                raise
            rt.output(redir, rt.tostr(rt.g["OFS"]).join(vals) + rt.tostr(rt.g["ORS"]))
        return bb_pr if self.bb else pr

    def s_printf(self, s):
        args = [self.expr(a) for a in s[1]]
        redir = self._redir(s[2])

        def pf(rt):
            vals = [a(rt) for a in args]
            rt.output(redir, rt.sprintf(rt.tostr(vals[0]), vals[1:]))
        return pf

    def _redir(self, r):
        if r is None:
            return None
        op, e = r
        return (op, self.expr(e))

    def s_if(self, s):
        c = self.cond(s[1])
        a = self.stmt(s[2])
        if s[3] is None:
            def if1(rt):
                if c(rt):
                    a(rt)
            return if1
        b = self.stmt(s[3])

        def if2(rt):
            if c(rt):
                a(rt)
            else:
                b(rt)
        return if2

    def s_while(self, s):
        c = self.cond(s[1])
        body = self.stmt(s[2])

        def wh(rt):
            while c(rt):
                try:
                    body(rt)
                except _Break:
                    break
                except _Continue:
                    continue
        return wh

    def s_do(self, s):
        body = self.stmt(s[1])
        c = self.cond(s[2])

        def do(rt):
            while True:
                try:
                    body(rt)
                except _Break:
                    break
                except _Continue:
                    pass
                if not c(rt):
                    break
        return do

    def s_for(self, s):
        init = self.stmt(s[1]) if s[1] else None
        c = self.cond(s[2]) if s[2] else (lambda rt: True)
        step = self.stmt(s[3]) if s[3] else None
        body = self.stmt(s[4])

        def fo(rt):
            if init:
                init(rt)
            while c(rt):
                try:
                    body(rt)
                except _Break:
                    break
                except _Continue:
                    pass
                if step:
                    step(rt)
        return fo

    def s_forin(self, s):
        strnum = self.strnum
        setv = self.assigner(s[1])
        arr = self.array_ref(s[2])
        body = self.stmt(s[3])

        def fi(rt):
            a = arr(rt)
            for k in list(a):
                if k not in a:
                    continue
                setv(rt, strnum(k))
                try:
                    body(rt)
                except _Break:
                    break
                except _Continue:
                    pass
        return fi

    def s_next(self, s):
        def nx(rt):
            raise _Next()
        return nx

    def s_nextfile(self, s):
        def nf(rt):
            raise _NextFile()
        return nf

    def s_break(self, s):
        def br(rt):
            raise _Break()
        return br

    def s_continue(self, s):
        def co(rt):
            raise _Continue()
        return co

    def s_exit(self, s):
        to_num = self.to_num
        e = self.expr(s[1]) if s[1] else None

        def ex(rt):
            code = int(to_num(e(rt))) & 0xFF if e else rt.exit_code
            raise _Exit(code)
        return ex

    def s_return(self, s):
        e = self.expr(s[1]) if s[1] else None

        def ret(rt):
            raise _Return(e(rt) if e else UNINIT)
        return ret

    def s_delete(self, s):
        arr = self.array_ref(s[1])
        if s[2] is None:
            return lambda rt: arr(rt).clear()
        key = self.subscript(s[2])
        return lambda rt: (arr(rt).pop(key(rt), None), None)[1]

    # expressions
    def cond(self, e) -> Callable:
        k = e[0]
        if k == "regex":
            rx = self._regex(e[1])
            return lambda rt: rx.search(rt.get_record()) is not None
        if k == "cmp":
            return self.expr(e)  # returns 1.0/0.0
        f = self.expr(e)
        return lambda rt: truth(f(rt))

    def _regex(self, src: str):
        try:
            return compile_awk(src)
        except RegexError as ex:
            raise AwkError(f"regular expression /{src}/: {ex}") from None

    def expr(self, e) -> Callable:
        return getattr(self, "e_" + e[0])(e)

    def e_num(self, e):
        v = float(e[1])
        return lambda rt: v

    def e_str(self, e):
        v = e[1]
        return lambda rt: v

    def e_regex(self, e):
        rx = self._regex(e[1])
        return lambda rt: 1.0 if rx.search(rt.get_record()) else 0.0

    def e_group(self, e):
        return self.expr(e[1])

    def e_grouping(self, e):
        parts = [self.expr(x) for x in e[1]]

        def gr(rt):
            return rt.tostr(rt.g["SUBSEP"]).join(rt.tostr(p(rt)) for p in parts)
        return gr

    def _local(self, name: str) -> int | None:
        if self._locals is not None and name in self._locals:
            return self._locals.index(name)
        return None

    def e_var(self, e):
        name = e[1]
        li = self._local(name)
        if li is not None:
            def lv(rt):
                v = rt.frame[li]
                if type(v) is _Untyped or type(v) is dict:
                    if type(v) is dict:
                        raise AwkError(f"attempt to use array '{name}' in a scalar context")
                    return UNINIT
                return v
            return lv
        if name == "NF":
            return lambda rt: float(rt.get_nf())
        if name in self.funcs or name in self.func_params:
            raise AwkError(f"function '{name}' called with space between name and '('")

        def gv(rt):
            v = rt.g.get(name, UNINIT)
            if type(v) is dict:
                raise AwkError(f"attempt to use array '{name}' in a scalar context")
            return v
        return gv

    def array_ref(self, name: str) -> Callable:
        li = self._local(name)
        if li is not None:
            def la(rt):
                v = rt.frame[li]
                t = type(v)
                if t is dict:
                    return v
                if t is _Untyped:
                    v.used = True
                    return v.arr
                if v is UNINIT:
                    d: dict = {}
                    rt.frame[li] = d
                    return d
                raise AwkError(f"attempt to use scalar '{name}' as an array")
            return la

        def ga(rt):
            g = rt.g
            v = g.get(name)
            if type(v) is dict:
                return v
            if v is None or v is UNINIT:
                d: dict = {}
                g[name] = d
                return d
            raise AwkError(f"attempt to use scalar '{name}' as an array")
        return ga

    def subscript(self, subs: list) -> Callable:
        if len(subs) == 1:
            f = self.expr(subs[0])
            return lambda rt: rt.tokey(f(rt))
        fs = [self.expr(x) for x in subs]
        return lambda rt: rt.tostr(rt.g["SUBSEP"]).join(rt.tokey(f(rt)) for f in fs)

    def e_index(self, e):
        arr = self.array_ref(e[1])
        key = self.subscript(e[2])

        def ix(rt):
            a = arr(rt)
            k = key(rt)
            v = a.get(k)
            if v is None:
                a[k] = v = UNINIT
            return v
        return ix

    def e_field(self, e):
        idx = self.expr(e[1])
        if e[1][0] == "num":
            n = int(e[1][1])
            if n == 0:
                return lambda rt: rt.get_record()
            return lambda rt: rt.get_field(n)
        return lambda rt: rt.get_field(_field_index(idx(rt)))

    def e_in(self, e):
        arr = self.array_ref(e[2])
        key = self.subscript(e[1])
        return lambda rt: 1.0 if key(rt) in arr(rt) else 0.0

    def assigner(self, lv) -> Callable:
        """``set(rt, value)`` for an lvalue."""
        to_num = self.to_num
        k = lv[0]
        if k == "var":
            name = lv[1]
            li = self._local(name)
            if li is not None:
                def sl(rt, v):
                    rt.frame[li] = v
                return sl
            if name == "NF":
                return lambda rt, v: rt.set_nf(int(to_num(v)))
            special = name in ("FS", "RS", "OFS", "ORS", "SUBSEP", "CONVFMT", "OFMT")

            def sg(rt, v):
                g = rt.g
                if type(g.get(name)) is dict:
                    raise AwkError(f"attempt to use array '{name}' in a scalar context")
                g[name] = rt.tostr(v) if special else v
                if rt.kept or (type(v) is not float and len(v) >= KEEP_MIN):
                    rt.keep(name, v)
            return sg
        if k == "field":
            idx = self.expr(lv[1])
            return lambda rt, v: rt.set_field(_field_index(idx(rt)), v)
        if k == "index":
            arr = self.array_ref(lv[1])
            key = self.subscript(lv[2])

            def si(rt, v):
                arr(rt)[key(rt)] = v
            return si
        if k == "group":
            return self.assigner(lv[1])
        raise AwkError("assignment to non-lvalue")

    def e_assign(self, e):
        to_num = self.to_num
        op, lv, rhs = e[1], e[2], self.expr(e[3])
        setv = self.assigner(lv)
        if op == "=":
            def asg(rt):
                v = rhs(rt)
                if type(v) is dict:
                    raise AwkError("attempt to use array in a scalar context")
                setv(rt, v)
                return v
            return asg
        get = self.expr(lv)
        fn = self.arith[op[0]]

        def aug(rt):
            # evaluate the lvalue's current value first, as awk does
            cur = to_num(get(rt))
            v = fn(cur, to_num(rhs(rt)))
            setv(rt, v)
            return v
        return aug

    def e_pre(self, e):
        to_num = self.to_num
        setv = self.assigner(e[2])
        get = self.expr(e[2])
        d = 1.0 if e[1] == "++" else -1.0

        def pre(rt):
            v = to_num(get(rt)) + d
            setv(rt, v)
            return v
        return pre

    def e_post(self, e):
        to_num = self.to_num
        setv = self.assigner(e[2])
        get = self.expr(e[2])
        d = 1.0 if e[1] == "++" else -1.0

        def post(rt):
            v = to_num(get(rt))
            setv(rt, v + d)
            return v
        return post

    def e_cond(self, e):
        c, a, b = self.cond(e[1]), self.expr(e[2]), self.expr(e[3])
        return lambda rt: a(rt) if c(rt) else b(rt)

    def e_or(self, e):
        a, b = self.cond(e[1]), self.cond(e[2])
        return lambda rt: 1.0 if (a(rt) or b(rt)) else 0.0

    def e_and(self, e):
        a, b = self.cond(e[1]), self.cond(e[2])
        return lambda rt: 1.0 if (a(rt) and b(rt)) else 0.0

    def e_not(self, e):
        a = self.cond(e[1])
        return lambda rt: 0.0 if a(rt) else 1.0

    def e_neg(self, e):
        to_num = self.to_num
        a = self.expr(e[1])
        return lambda rt: -to_num(a(rt))

    def e_pos(self, e):
        to_num = self.to_num
        a = self.expr(e[1])
        return lambda rt: to_num(a(rt))

    def e_match(self, e):
        neg = e[1]
        s = self.expr(e[2])
        if e[3][0] == "regex":
            rx = self._regex(e[3][1])
            if neg:
                return lambda rt: 0.0 if rx.search(rt.tostr(s(rt))) else 1.0
            return lambda rt: 1.0 if rx.search(rt.tostr(s(rt))) else 0.0
        r = self.expr(e[3])

        def dyn(rt):
            hit = rt.regex(r(rt)).search(rt.tostr(s(rt))) is not None
            return 1.0 if hit != neg else 0.0
        return dyn

    def e_cmp(self, e):
        compare = self.compare
        op, a, b = e[1], self.expr(e[2]), self.expr(e[3])
        test = self.cmp_tests[op]
        return lambda rt: 1.0 if test(compare(a(rt), b(rt))) else 0.0

    def e_concat(self, e):
        parts = [self.expr(x) for x in e[1]]
        if len(parts) == 2:
            a, b = parts
            return lambda rt: rt.tostr(a(rt)) + rt.tostr(b(rt))
        return lambda rt: "".join([rt.tostr(p(rt)) for p in parts])

    def e_bin(self, e):
        to_num = self.to_num
        op, a, b = e[1], self.expr(e[2]), self.expr(e[3])
        fn = self.arith[op]
        return lambda rt: fn(to_num(a(rt)), to_num(b(rt)))

    def e_call(self, e):
        name, argn = e[1], e[2]
        fdef_box: list = []
        args = []
        for a in argn:
            if a[0] == "var":
                args.append(("name", a[1], None))
            else:
                args.append(("val", None, self.expr(a)))
        # bare names may be arrays: resolve at call time
        refs = []
        for kind, nm, f in args:
            if kind == "name":
                li = self._local(nm)
                refs.append(("local", li, nm) if li is not None else ("global", None, nm))
            else:
                refs.append(("val", f, None))
        funcs = self.funcs
        fparams = self.func_params

        def call(rt):
            if not fdef_box:
                if name not in funcs:     # busybox awk.c OC_FUNC: EMSG_UNDEF_FUNC
                    raise AwkError("Call to undefined function")
                fdef_box.append(funcs[name])
            nparams, body = fdef_box[0]
            if len(refs) > nparams:
                raise AwkError(f"function '{name}' called with more arguments than declared")
            frame = []
            untyped = []
            for kind, x, nm in refs:
                if kind == "val":
                    v = x(rt)
                else:
                    v = rt.frame[x] if kind == "local" else rt.g.get(nm, UNINIT)
                    if v is UNINIT:
                        u = _Untyped()
                        untyped.append((kind, x, nm, u))
                        v = u
                frame.append(v)
            frame.extend([UNINIT] * (nparams - len(frame)))
            saved = rt.frame
            rt.frame = frame
            rt.depth += 1
            if rt.depth > 2000:
                raise AwkError("function call nesting too deep")
            try:
                body(rt)
                result = UNINIT
            except _Return as r:
                result = r.value
            finally:
                rt.frame = saved
                rt.depth -= 1
            for kind, x, nm, u in untyped:
                if u.used:
                    if kind == "local":
                        if saved[x] is UNINIT:
                            saved[x] = u.arr
                    elif rt.g.get(nm, UNINIT) is UNINIT:
                        rt.g[nm] = u.arr
            if type(result) is dict:
                raise AwkError("function returned an array")
            return result
        _ = fparams
        return call

    def e_getline(self, e):
        strnum = self.strnum
        kind, lv, src = e[1], e[2], e[3]
        setv = self.assigner(lv) if lv is not None else None
        srcf = self.expr(src) if src is not None else None

        def gl(rt):
            if kind == "main":
                rec = rt.next_main_record()
                if rec is None:
                    return 0.0
                rt.g["NR"] = rt.g_num("NR") + 1
                rt.g["FNR"] = rt.g_num("FNR") + 1
            elif kind == "file":
                rec = rt.read_file_record(rt.tostr(srcf(rt)))
                if rec is None or rec is False:
                    return -1.0 if rec is False else 0.0
            else:
                # "cmd" | getline: NR stays (mawk 1.3.4's and busybox 1.35's)
                rec = rt.read_command_record(rt.tostr(srcf(rt)))
                if rec is None or rec is False:
                    return -1.0 if rec is False else 0.0
            if setv is None:
                rt.set_record(rec)
            else:
                setv(rt, strnum(rec))
            return 1.0
        return gl

    def e_builtin(self, e):
        name, argn = e[1], e[2]
        fn = getattr(self, "b_" + name)
        return fn(argn)

    # builtins
    def b_length(self, a):
        if not a:
            return lambda rt: float(len(rt.get_record()))
        if a[0][0] == "var":
            nm = a[0][1]
            li = self._local(nm)

            def ln(rt):
                v = rt.frame[li] if li is not None else rt.g.get(nm, UNINIT)
                if type(v) is dict:
                    return float(len(v))
                if type(v) is _Untyped:
                    return 0.0
                if nm == "NF" and li is None:
                    v = float(rt.get_nf())
                return float(len(rt.tostr(v)))
            return ln
        f = self.expr(a[0])
        return lambda rt: float(len(rt.tostr(f(rt))))

    def b_substr(self, a):
        to_num = self.to_num
        if len(a) not in (2, 3):
            raise AwkError("substr: wrong number of arguments")
        s, m = self.expr(a[0]), self.expr(a[1])
        n = self.expr(a[2]) if len(a) == 3 else None
        if self.bb:
            def bb_sub(rt):
                # awk.c B_ss: start - 1 truncated, clamped to 0..len, then n chars
                st = rt.tostr(s(rt))
                i = min(max(int(to_num(m(rt))) - 1, 0), len(st))
                k = len(st) - i if n is None else max(int(to_num(n(rt))), 0)
                return st[i:i + k]
            return bb_sub

        def sub(rt):
            # mawk 1.3.4 bi_funct.c bi_substr: start and length truncated
            # (d_to_i), a start before 1 moved to 1 with the length grown by
            # as much less one ("substr(0, last-1)" read as "substr(1, last)")
            st = rt.tostr(s(rt))
            ln = len(st)
            if not ln:
                return ""
            k = ln if n is None else _d_to_i(to_num(n(rt)))
            i = _d_to_i(to_num(m(rt))) - 1
            if i > ln:
                k = 0
            if i < 0:
                k -= i + 1
                i = 0
            k = min(k, ln - i)
            return st[i:i + k] if k > 0 else ""
        return sub

    def b_index(self, a):
        s, t = self.expr(a[0]), self.expr(a[1])
        if self.bb:     # awk.c B_ix: an empty needle is never found
            return lambda rt: float((rt.tostr(s(rt)).find(n) + 1) if (n := rt.tostr(t(rt)))
                                    else 0)
        return lambda rt: float(rt.tostr(s(rt)).find(rt.tostr(t(rt))) + 1)

    def b_split(self, a):
        strnum = self.strnum
        if len(a) not in (2, 3):
            raise AwkError("split: wrong number of arguments")
        s = self.expr(a[0])
        arr = self.array_ref(a[1][1]) if a[1][0] == "var" else None
        if arr is None:
            raise AwkError("split: second argument is not an array")
        sep = None
        rx_lit = None
        if len(a) == 3:
            if a[2][0] == "regex":
                rx_lit = self._regex(a[2][1])
            else:
                sep = self.expr(a[2])

        def sp(rt):
            st = rt.tostr(s(rt))
            d = arr(rt)
            d.clear()
            if rx_lit is not None:
                parts = rx_split(rx_lit, st) if st else []
            else:
                parts = rt.split(st, rt.tostr(sep(rt)) if sep else rt.g["FS"])
            for i, p in enumerate(parts, 1):
                d[str(i)] = strnum(p)
            return float(len(parts))
        return sp

    def _sub(self, a, glob: bool):
        if len(a) not in (2, 3):
            raise AwkError("sub: wrong number of arguments")
        if a[0][0] == "regex":
            rx = self._regex(a[0][1])
            rxf = lambda rt: rx  # noqa: E731
        else:
            r = self.expr(a[0])
            rxf = lambda rt: rt.regex(r(rt))  # noqa: E731
        repl = self.expr(a[1])
        target = a[2] if len(a) == 3 else ("field", ("num", 0.0))
        if target[0] not in ("var", "field", "index", "group"):
            get = self.expr(target)
            setv = lambda rt, v: None  # noqa: E731
        else:
            get = self.expr(target)
            setv = self.assigner(target)

        def su(rt):
            rep = _awk_repl(rt.tostr(repl(rt)))
            cur = rt.tostr(get(rt))
            new, n = substitute(rxf(rt), cur, rep, 1, glob)
            if n:
                setv(rt, new)
            return float(n)
        return su

    def b_sub(self, a):
        return self._sub(a, False)

    def b_gsub(self, a):
        return self._sub(a, True)

    def b_match(self, a):
        strnum = self.strnum
        s = self.expr(a[0])
        if a[1][0] == "regex":
            rx = self._regex(a[1][1])
            rxf = lambda rt: rx  # noqa: E731
        else:
            r = self.expr(a[1])
            rxf = lambda rt: rt.regex(r(rt))  # noqa: E731
        arr = self.array_ref(a[2][1]) if len(a) == 3 and a[2][0] == "var" else None

        def ma(rt):
            m = rxf(rt).search(rt.tostr(s(rt)))
            if arr is not None:
                d = arr(rt)
                d.clear()
            if m is None:
                rt.g["RSTART"], rt.g["RLENGTH"] = 0.0, -1.0
                return 0.0
            rt.g["RSTART"] = float(m.start() + 1)
            rt.g["RLENGTH"] = float(m.end() - m.start())
            if arr is not None:
                d[("0")] = strnum(m.group(0))
                for i, grp in enumerate(m.groups(), 1):
                    if grp is not None:
                        d[str(i)] = strnum(grp)
            return float(m.start() + 1)
        return ma

    def b_sprintf(self, a):
        if not a:
            raise AwkError("sprintf: no format")
        fs = [self.expr(x) for x in a]

        def spf(rt):
            vals = [f(rt) for f in fs]
            return rt.sprintf(rt.tostr(vals[0]), vals[1:])
        return spf

    def _math1(self, a, fn, libm: bool = True):
        to_num = self.to_num
        f = self.expr(a[0]) if a else (lambda rt: 0.0)
        if libm and self.bb:
            return lambda rt: _no_math(f(rt), 0.0)

        def m1(rt):
            try:
                return float(fn(to_num(f(rt))))
            except OverflowError:           # exp(1000): HUGE_VAL
                return math.inf
            except ValueError:              # sin(inf): the invalid operation's NaN
                return DEFAULT_NAN
        return m1

    def b_sin(self, a):
        return self._math1(a, math.sin)

    def b_cos(self, a):
        return self._math1(a, math.cos)

    def b_exp(self, a):
        return self._math1(a, math.exp)

    def b_log(self, a):
        return self._math1(a, lambda x: math.log(x) if x > 0 else (-math.inf if x == 0 else DEFAULT_NAN))

    def b_sqrt(self, a):
        return self._math1(a, lambda x: math.sqrt(x) if x >= 0 else DEFAULT_NAN)

    def b_int(self, a):
        return self._math1(a, lambda x: float(math.trunc(x)) if math.isfinite(x) else x, False)

    def b_atan2(self, a):
        to_num = self.to_num
        y, x = self.expr(a[0]), self.expr(a[1])
        if self.bb:
            return lambda rt: _no_math(y(rt), x(rt))
        return lambda rt: math.atan2(to_num(y(rt)), to_num(x(rt)))

    def b_rand(self, a):
        return lambda rt: rt.rng.random()

    def b_srand(self, a):
        to_num = self.to_num
        f = self.expr(a[0]) if a else None

        def sr(rt):
            prev = rt.seed
            rt.seed = to_num(f(rt)) if f else float(int(rt.now()))
            rt.rng.seed(rt.seed)
            return prev
        return sr

    def b_tolower(self, a):
        f = self.expr(a[0])
        return lambda rt: rt.tostr(f(rt)).translate(_LOWER)

    def b_toupper(self, a):
        f = self.expr(a[0])
        return lambda rt: rt.tostr(f(rt)).translate(_UPPER)

    def b_close(self, a):
        f = self.expr(a[0])
        return lambda rt: rt.close(rt.tostr(f(rt)))

    def b_fflush(self, a):
        def ff(rt):
            rt.out.flush()
            return 0.0
        return ff

    def b_system(self, a):
        f = self.expr(a[0])
        return lambda rt: rt.system(rt.tostr(f(rt)))


_LOWER = {c: c + 32 for c in range(65, 91)}
_UPPER = {c: c - 32 for c in range(97, 123)}


def rx_split(rx: "re.Pattern[str]", s: str) -> list[str]:
    """Split at non-empty matches (groups in ``rx`` do not add fields)."""
    out, pos = [], 0
    for m in rx.finditer(s):
        if m.end() == m.start():
            continue
        out.append(s[pos:m.start()])
        pos = m.end()
    out.append(s[pos:])
    return out


def _round(x: float) -> int:
    if math.isinf(x):
        return -(1 << 62) if x < 0 else 1 << 62
    if x != x:
        return 0
    return int(math.floor(x + 0.5)) if x >= 0 else -int(math.floor(-x + 0.5))


def _field_index(v) -> int:
    n = to_num(v)
    if n < 0:
        raise AwkError(f"trying to access out of range field {int(n)}")
    return int(n)


#: the NaN an x86 invalid operation gives (0/0, fmod(x, 0), log(-1)): sign bit set,
#: printed ``-nan`` by glibc's printf
DEFAULT_NAN = math.copysign(math.nan, -1.0)


def _div(a: float, b: float) -> float:
    """mawk's ``/``: the FPU's quotient (mawk checks nothing: ``1/0`` is inf)."""
    if b == 0:
        if a != a:
            return a
        return DEFAULT_NAN if a == 0 else math.copysign(math.inf, a) * math.copysign(1.0, b)
    return a / b


def _mod(a: float, b: float) -> float:
    """mawk's ``%``: ``fmod`` (a zero divisor gives the default NaN)."""
    if b == 0 or math.isinf(a):
        return a if a != a else DEFAULT_NAN
    return math.fmod(a, b)


def _bb_div(a: float, b: float) -> float:
    """busybox awk.c's ``/``: ``EMSG_DIV_BY_ZERO`` on a zero divisor."""
    if b == 0:
        raise AwkError("division by zero")
    return a / b


def _bb_mod(a: float, b: float) -> float:
    """busybox awk.c's ``%``: ``EMSG_DIV_BY_ZERO`` on a zero divisor."""
    if b == 0:
        raise AwkError("division by zero in %")
    return math.fmod(a, b)


def _pow(a: float, b: float) -> float:
    try:
        return float(a ** b) if not (a < 0 and b != int(b)) else DEFAULT_NAN
    except OverflowError:
        return math.inf
    except ZeroDivisionError:
        return math.inf


#: busybox awk.c's EMSG_NO_MATH (pow and the libm functions without FEATURE_AWK_LIBM)
NO_MATH = "Math support is not compiled in"


def _no_math(a, b) -> float:
    raise AwkError(NO_MATH)


_ARITH = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
          "/": _div, "%": _mod, "^": _pow}
_BB_ARITH = {**_ARITH, "/": _bb_div, "%": _bb_mod, "^": _no_math}
_CMP = {"<": lambda c: c < 0, "<=": lambda c: c <= 0, ">": lambda c: c > 0,
        ">=": lambda c: c >= 0, "==": lambda c: c == 0, "!=": lambda c: c != 0}
#: busybox awk.c's OC_COMPARE: ``<``, ``<=`` and ``!=`` are the negations of ``>=``,
#: ``>`` and ``==`` on the difference, so a nan difference makes them true
_BB_CMP = {**_CMP, "<": lambda c: not c >= 0, "<=": lambda c: not c > 0,
           "!=": lambda c: not c == 0}


def _awk_repl(rep: str) -> Callable:
    """sub/gsub replacement: ``&`` is the match, ``\\&`` a literal ``&``, ``\\\\`` a ``\\``."""
    if "&" not in rep and "\\" not in rep:
        return lambda m: rep
    parts: list = []
    lit = []
    i = 0
    while i < len(rep):
        c = rep[i]
        if c == "\\" and i + 1 < len(rep) and rep[i + 1] in "&\\":
            lit.append(rep[i + 1])
            i += 2
            continue
        if c == "&":
            parts.append("".join(lit))
            lit = []
            parts.append(None)
        else:
            lit.append(c)
        i += 1
    parts.append("".join(lit))
    return lambda m: "".join(m.group(0) if p is None else p for p in parts)


_FMT = re.compile(r"%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([cdiouxXeEfFgGs%])")


@lru_cache(maxsize=256)
def _compile_program(src: str, busybox: bool = False) -> Program:
    return Program(Parser(src, busybox).parse(), busybox)


def _d_to_i(d: float) -> int:
    """mawk's ``d_to_i``: truncated, clamped to +-Max_Int (INT_MAX; a nan to -Max_Int)."""
    if d >= 2147483647:
        return 2147483647
    if d > -2147483647:
        return int(d)
    return -2147483647
