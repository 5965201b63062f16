"""Balancing the last page: no leaflet ends on a page that holds only the signatories box or a last line.

Contract:
- `last_page_fill(layout)` is the share (0..1) of the last page's type area
  that its content reaches down to.
- `balance(best, attempt, smaller, budget)` takes a laid-out leaflet whose
  last page is filled less than `MIN_FILL` and tries, in at most
  `MAX_ATTEMPTS` more layouts (and one more to spread), to pull it back into one page fewer by setting
  the type a step smaller (the step estimated from how much text the last page
  holds, among `smaller`, which stay within the page budget's range); failing
  that, it spreads the text with a looser leading so that the last page holds
  more (only if the page count stays the same). It returns the better layout,
  or `best` unchanged. `attempt(typography)` lays the same sheet out at
  another typography; the balancer knows nothing else about what it lays out.
Nothing here writes files or prints.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from pipeline.leaflets.typography import Typography

if TYPE_CHECKING:
    from pipeline.leaflets.render import Layout

MIN_FILL = 0.3  # a last page filled less than this is rebalanced
TARGET = 0.95  # pulled back, the text should fill this share of the pages left, to be safe
MAX_ATTEMPTS = 2
LOOSEST_LEADING = 1.6


class _Sheet(Protocol):
    @property
    def typography(self) -> Typography: ...


S = TypeVar("S", bound=_Sheet)


def _bottom(box: Any) -> float:
    return float(box.position_y + box.margin_height())


def last_page_fill(layout: Layout) -> float:
    """How far down the last page's type area its content reaches (0..1)."""
    page = layout.document.pages[-1]._page_box
    html = page.children[0]
    body = html.children[0] if html.children else html
    boxes = body.children or [body]
    height = float(page.height) or 1.0
    return max(0.0, min(1.0, (max(_bottom(box) for box in boxes) - float(page.content_box_y())) / height))


def _area(step: Typography, current: Typography) -> float:
    """How much room text set at `step` needs, relative to `current` (size squared times leading)."""
    return (step.size / current.size) ** 2 * (step.leading / current.leading)


def balance(
    best: tuple[Layout, S],
    attempt: Callable[[Typography], tuple[Layout, S]],
    smaller: list[Typography],
    budget: int | None,
) -> tuple[Layout, S]:
    """`best`, or a relayout whose last page is not nearly empty; see the module docstring."""
    layout, sheet = best
    fill = last_page_fill(layout)
    if layout.pages < 2 or fill >= MIN_FILL:
        return best
    current = sheet.typography
    wanted = TARGET * (layout.pages - 1) / (layout.pages - 1 + fill)
    candidates = [step for step in smaller if step.size < current.size and _area(step, current) <= wanted]
    for step in candidates[:MAX_ATTEMPTS]:
        pulled = attempt(step)
        if pulled[0].pages < layout.pages:
            return pulled
    if current.leading >= LOOSEST_LEADING:
        return best
    looser = Typography(size=current.size, leading=round(min(LOOSEST_LEADING, current.leading * (1 + (MIN_FILL - fill) / layout.pages)), 3))
    spread = attempt(looser)
    within = budget is None or spread[0].pages <= budget
    if within and spread[0].pages == layout.pages and last_page_fill(spread[0]) > fill:
        return spread
    return best
