"""Page-budget fitting: at most two full layouts when the type must shrink, one for a hopeless budget.

Real WeasyPrint layouts of real statements; the layouts are counted by wrapping
`render.typeset` (each call is one full layout, which is what a user waits for).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.catalogs.sources import load_source
from pipeline.config import load_config
from pipeline.errors import RenderError
from pipeline.leaflets import build, render
from pipeline.leaflets.modes import Mode
from pipeline.leaflets.policy import assess


def _statement(paragraphs: int, pages: int) -> str:
    sentence = "Workers across the port city stood together for fair wages, safe conditions and the right to organise. "
    body = "\n\n".join(f"Paragraph {n}. " + sentence * 5 for n in range(paragraphs))
    front = f'title: "Statement with a page budget"\ndate: 2026-02-03\npages: {pages}\nsignatories:\n  - Example Alliance\n'
    return f"---\n{front}---\n\n{body}\n"


def _fit(
    project: Path, paragraphs: int, pages: int, monkeypatch: pytest.MonkeyPatch, layouts: list[int] | None = None
) -> tuple[int, int, build.Typography]:
    """(layouts made, pages of the result, typography chosen); `layouts` collects each layout's page count."""
    source = project / "sources" / "budget.md"
    source.write_text(_statement(paragraphs, pages), encoding="utf-8")
    config = load_config(project)
    plan = assess(config, load_source(source, config), "en", Mode.DRAFT)
    layouts = [] if layouts is None else layouts
    real = render.typeset

    def counted(*args: object, **kwargs: object) -> render.Layout:
        layout = real(*args, **kwargs)  # type: ignore[arg-type]
        layouts.append(layout.pages)
        return layout

    monkeypatch.setattr(render, "typeset", counted)
    layout, sheet, reported = build.fit(config, plan, project / "out.pdf")
    assert reported == len(layouts), "fit reports the layouts it made (the build records them in the stamp)"
    return len(layouts), layout.pages, sheet.typography


@pytest.mark.parametrize("paragraphs", [7, 9])
def test_shrinking_type_takes_at_most_two_layouts_and_fits(project: Path, monkeypatch: pytest.MonkeyPatch, paragraphs: int) -> None:
    layouts, pages, typography = _fit(project, paragraphs, 1, monkeypatch)
    assert pages == 1
    assert typography != build.LARGEST, "this statement needs smaller type"
    assert layouts <= 2


def test_hopeless_budget_fails_after_one_layout(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    layouts: list[int] = []
    with pytest.raises(RenderError, match="needs 2 pages even at the smallest type"):
        _fit(project, 18, 1, monkeypatch, layouts)
    assert len(layouts) == 1, layouts


def test_a_leaflet_within_budget_is_laid_out_once(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    layouts, pages, typography = _fit(project, 3, 1, monkeypatch)
    assert (layouts, pages, typography) == (1, 1, build.LARGEST)


def test_a_nearly_empty_last_page_is_pulled_back_in_one_more_layout(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    layouts, pages, typography = _fit(project, 7, 9, monkeypatch)  # at the largest type: 2 pages, the last 7 % full
    assert (layouts, pages) == (2, 1)
    assert typography != build.LARGEST


def test_a_build_with_nothing_to_do_reports_the_type_and_layouts_of_the_last_build(project: Path) -> None:
    (project / "sources" / "budget.md").write_text(_statement(7, 9), encoding="utf-8")
    config = load_config(project)
    built = {o.slug: o for o in build.build(config, languages=["en"], jobs=1).outcomes}["budget"]
    again = {o.slug: o for o in build.build(config, languages=["en"], jobs=1).outcomes}["budget"]
    assert again.state is build.LeafletState.UP_TO_DATE
    assert built.layouts == 2 and built.typography != build.LARGEST
    assert (again.typography, again.layouts, again.pages) == (built.typography, built.layouts, built.pages)
