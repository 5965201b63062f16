"""The `Plural-Forms` header: what Babel says it should be, and whether a given one is valid.

Contract: `expected_plural_forms(lang)` gives the header value from Babel's
plural tables; `parse_plural_forms(value)` returns `PluralForms(nplurals,
evaluate)` where `evaluate(n)` computes the C expression (compiled by the
standard library's `gettext.c2py`), or raises ValueError saying what is wrong
(the catalog layer turns that into a file-and-line error). Around `c2py` only
the shape is checked here: `nplurals` in 1..100, an expression of at most
`MAX_EXPRESSION` characters and `MAX_DEPTH` nested parentheses (so no
expression can exhaust the stack), and every n in 0..1000 mapped to a form in
0..nplurals-1 without dividing by zero. The result is cached per value, so a
catalog's header costs the 1,001 evaluations once per process, not per load.
"""

from __future__ import annotations

import functools
import gettext
import re
from collections.abc import Callable
from typing import NamedTuple

MAX_EXPRESSION = 300  # characters; the longest of Babel's tables is well under 150
MAX_DEPTH = 20  # nested parentheses (c2py's own limit); real ones use 2 or 3
_HEADER = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$")


class PluralForms(NamedTuple):
    nplurals: int
    evaluate: Callable[[int], int]


def expected_plural_forms(lang: str) -> str:
    from babel.messages.plurals import get_plural  # with Babel's message catalogs and dates: only when asked

    plural = get_plural(lang.replace("-", "_"))
    return f"nplurals={plural.num_plurals}; plural={plural.plural_expr};"


def _depth(expression: str) -> int:
    depth = deepest = 0
    for char in expression:
        if char == "(":
            depth += 1
            deepest = max(deepest, depth)
        elif char == ")":
            depth -= 1
    return deepest


@functools.lru_cache(maxsize=64)
def parse_plural_forms(value: str) -> PluralForms:
    """(nplurals, plural function) of a Plural-Forms value; ValueError if malformed."""
    match = _HEADER.match(value)
    if match is None:
        raise ValueError("Plural-Forms must read 'nplurals=N; plural=EXPRESSION;'")
    nplurals, expression = int(match.group(1)), match.group(2)
    if not 1 <= nplurals <= 100:
        raise ValueError(f"nplurals={nplurals} is out of range")
    if len(expression) > MAX_EXPRESSION:
        raise ValueError(f"plural expression is {len(expression)} characters long; at most {MAX_EXPRESSION} are accepted")
    if _depth(expression) > MAX_DEPTH:
        raise ValueError(f"plural expression nests parentheses {_depth(expression)} deep; at most {MAX_DEPTH} are accepted")
    try:
        evaluate: Callable[[int], int] = gettext.c2py(expression)
    except (ValueError, SyntaxError) as exc:
        raise ValueError(f"cannot read the plural expression: {exc}") from exc
    for n in range(0, 1001):
        try:
            form = evaluate(n)
        except ZeroDivisionError as exc:
            raise ValueError(f"plural expression divides by zero for n={n}") from exc
        if not 0 <= form < nplurals:
            raise ValueError(f"plural expression gives form {form} for n={n}, but nplurals={nplurals}")
    return PluralForms(nplurals, evaluate)
