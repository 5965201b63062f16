"""The `Plural-Forms` header: what Babel says it should be, and whether a given one is valid.

Contract: `expected_plural_forms(lang)` gives the header value from Babel's
plural tables; `parse_plural_forms(value)` returns `(nplurals, evaluate)` where
`evaluate(n)` computes the C expression, or raises ValueError saying what is
wrong (the catalog layer turns that into a file-and-line error).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from babel.messages.plurals import get_plural

_HEADER = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$")
_TOKEN = re.compile(r"\s*(\d+|n|\|\||&&|==|!=|<=|>=|[-+*/%<>!?:()])")
_BINARY = [("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("+", "-"), ("*", "/", "%")]


def expected_plural_forms(lang: str) -> str:
    plural = get_plural(lang.replace("-", "_"))
    return f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"


def _tokenize(expr: str) -> list[str]:
    tokens, position = [], 0
    while position < len(expr):
        match = _TOKEN.match(expr, position)
        if match is None:
            if expr[position:].strip() == "":
                break
            raise ValueError(f"unexpected {expr[position:].strip()[:10]!r} in plural expression")
        tokens.append(match.group(1))
        position = match.end()
    return tokens


def _apply(op: str, a: int, b: int) -> int:
    if op in ("/", "%") and b == 0:
        raise ZeroDivisionError
    return {
        "||": lambda: int(bool(a) or bool(b)),
        "&&": lambda: int(bool(a) and bool(b)),
        "==": lambda: int(a == b),
        "!=": lambda: int(a != b),
        "<": lambda: int(a < b),
        ">": lambda: int(a > b),
        "<=": lambda: int(a <= b),
        ">=": lambda: int(a >= b),
        "+": lambda: a + b,
        "-": lambda: a - b,
        "*": lambda: a * b,
        "/": lambda: a // b,
        "%": lambda: a % b,
    }[op]()


class _Parser:
    """Recursive descent over gettext's C subset; builds a closure tree."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens, self.position = tokens, 0

    def peek(self) -> str | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def take(self, expected: str | None = None) -> str:
        token = self.peek()
        if token is None or (expected is not None and token != expected):
            raise ValueError(f"expected {expected or 'more'} in plural expression")
        self.position += 1
        return token

    def ternary(self) -> Callable[[int], int]:
        condition = self.binary(0)
        if self.peek() != "?":
            return condition
        self.take("?")
        yes = self.ternary()
        self.take(":")
        no = self.ternary()
        return lambda n: yes(n) if condition(n) else no(n)

    def binary(self, level: int) -> Callable[[int], int]:
        if level == len(_BINARY):
            return self.unary()
        left = self.binary(level + 1)
        while self.peek() in _BINARY[level]:
            op = self.take()
            right = self.binary(level + 1)
            left = (lambda lhs, rhs, o: lambda n: _apply(o, lhs(n), rhs(n)))(left, right, op)
        return left

    def unary(self) -> Callable[[int], int]:
        token = self.take()
        if token == "!":
            inner = self.unary()
            return lambda n: int(not inner(n))
        if token == "(":
            inner = self.ternary()
            self.take(")")
            return inner
        if token == "n":
            return lambda n: n
        if token.isdigit():
            value = int(token)
            return lambda n: value
        raise ValueError(f"unexpected {token!r} in plural expression")


@functools.lru_cache(maxsize=64)  # a pure function of the header: evaluate 1,001 values once per process
def parse_plural_forms(value: str) -> tuple[int, Callable[[int], int]]:
    """(nplurals, plural function) of a Plural-Forms value; ValueError if malformed."""
    match = _HEADER.match(value)
    if match is None:
        raise ValueError("Plural-Forms must read 'nplurals=N; plural=EXPRESSION;'")
    nplurals = int(match.group(1))
    if not 1 <= nplurals <= 100:
        raise ValueError(f"nplurals={nplurals} is out of range")
    parser = _Parser(_tokenize(match.group(2)))
    evaluate = parser.ternary()
    if parser.peek() is not None:
        raise ValueError(f"unexpected {parser.peek()!r} in plural expression")
    for n in range(0, 1001):
        try:
            form = evaluate(n)
        except ZeroDivisionError as exc:
            raise ValueError(f"plural expression divides by zero for n={n}") from exc
        if not 0 <= form < nplurals:
            raise ValueError(f"plural expression gives form {form} for n={n}, but nplurals={nplurals}")
    return nplurals, evaluate
