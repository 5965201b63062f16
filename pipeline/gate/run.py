"""The catalog gate for CI: validity, staleness, quality and completeness of every catalog.

Contract: `run_gate(config)` reads every statement, POT and .po of the
project (writing nothing) and returns a `GateResult`: each problem as an
`Issue` (a `Finding`, path relative to the project root, tagged with the
`Failure` it causes) and per-catalog statistics. Only errors fail the gate;
warnings are reported. `GateResult.exit_code` is the `Failure` value of the
most serious failure, in this order:

  3  a catalog is invalid (does not parse, broken header, format mismatch)
  4  a catalog is stale (POT or .po out of date with the sources, or one `pipeline update`
     would rewrite: run `pipeline update`)
  5  quality errors on reviewed translations
  6  a language is below its completeness threshold

Thresholds apply to every catalog (statement) of a language, as
`catalogs.thresholds` defines them (the rule `pdf --release` shares): a
release language (`[release]` in pipeline.toml) needs that percentage of
entries human-reviewed; every other language needs `check.minimum-translated`
percent of entries reviewed or machine-suggested.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from pipeline.catalogs import template_words, thresholds, update_stamp
from pipeline.catalogs.domains import Domain, catalog_domains
from pipeline.catalogs.glossary import Glossary, load_glossary
from pipeline.catalogs.reading import read_catalog
from pipeline.catalogs.thresholds import Requirement
from pipeline.config import Config
from pipeline.gate import quality as qa
from pipeline.gate import stats
from pipeline.gate.validity import validate_catalog
from pipeline.model import CatalogEntry, CatalogStats, EntryStatus, Finding, Severity
from pipeline.provenance import approval, reviewed_against_source
from pipeline.text import quoted


class Failure(enum.IntEnum):
    """Why the gate fails; the value is the exit status, the order is the precedence."""

    INVALID = 3
    STALE = 4
    QUALITY = 5
    THRESHOLD = 6

    @property
    def label(self) -> str:
        return {3: "catalog invalid", 4: "stale", 5: "quality errors", 6: "below threshold"}[self.value]


FIXES = {
    Failure.INVALID: "fix the reported lines (a translation editor or `msgfmt --check FILE` helps)",
    Failure.STALE: "run `pipeline update` (or `make update`) and commit the catalogs it changes",
    Failure.QUALITY: "fix the translations, or silence one entry with a translator comment `# pipeline-ignore: CHECK`",
    Failure.THRESHOLD: "review or translate more entries, or lower the threshold in pipeline.toml",
}


@dataclass(frozen=True)
class Issue:
    failure: Failure
    finding: Finding

    @property
    def is_error(self) -> bool:
        return self.finding.severity is Severity.ERROR


@dataclass(frozen=True)
class CatalogResult:
    domain: str
    title: str
    lang: str
    path: Path  # relative to the project root
    stats: CatalogStats | None  # None: missing or unreadable
    requirement: Requirement | None


@dataclass(frozen=True)
class GateResult:
    catalogs: tuple[CatalogResult, ...]
    issues: tuple[Issue, ...]

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.is_error]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if not i.is_error]

    @property
    def failures(self) -> list[Failure]:
        """Failures with at least one error, most serious first."""
        return sorted({i.failure for i in self.errors})

    @property
    def exit_code(self) -> int:
        return int(self.failures[0]) if self.failures else 0

    @property
    def passed(self) -> bool:
        return not self.failures


def requirement_for(config: Config, lang: str, catalog_stats: CatalogStats) -> Requirement:
    """The threshold of `pipeline.toml` for this catalog (the same rule `pdf --release` applies)."""
    return thresholds.for_check(config, lang, stats.reviewed_percent(catalog_stats), stats.translated_percent(catalog_stats))


class _Collector:
    def __init__(self, config: Config) -> None:
        self.config = config
        self.issues: list[Issue] = []
        # The last `update` recorded every file it reads and writes, and none has changed since:
        # it would rewrite nothing, so no POT or catalog can be stale in layout (checked without merging).
        self.updated = update_stamp.current(config, update_stamp.project_languages(config))

    def relative(self, path: Path) -> Path:
        return Path(self.config.relative(path))

    def add(self, failure: Failure, findings: Iterable[Finding]) -> None:
        for finding in findings:
            self.issues.append(Issue(failure, replace(finding, path=self.relative(finding.path))))

    def error(self, failure: Failure, path: Path, line: int, code: str, message: str) -> None:
        self.add(failure, [Finding(path, line, code, message)])


def _staleness(found: _Collector, path: Path, entries: Iterable[CatalogEntry], domain: Domain) -> bool:
    """Report entries the catalog lacks or has extra; True when there are any."""
    expected = {segment.key: segment for segment in domain.segments}
    active = {e.key: e for e in entries if not e.obsolete}
    missing = [key for key in expected if key not in active]
    update = found.config.command("update")
    extra = [entry for key, entry in active.items() if key not in expected]
    if missing:
        first = expected[missing[0]]
        found.error(Failure.STALE, path, 0, "stale",
                    f"lacks {len(missing)} entr{'y' if len(missing) == 1 else 'ies'} the POT has "
                    f"(first: {quoted(first.msgid, 50)} from {first.ref}); run `{update}`")
    for entry in extra[:1]:
        found.error(Failure.STALE, path, entry.msgid_line or entry.line, "stale",
                    f"{len(extra)} entr{'y is' if len(extra) == 1 else 'ies are'} no longer in the source "
                    f"(first: {quoted(entry.msgid, 50)}); run `{update}` to make them obsolete")
    return bool(missing or extra)


def _approvals(path: Path, entries: Iterable[CatalogEntry]) -> list[Finding]:
    """Warnings for reviewed entries whose recorded approval is for another source sentence."""
    findings = []
    for entry in entries:
        found = approval(entry)
        if entry.status is EntryStatus.REVIEWED and found is not None and not reviewed_against_source(entry):
            findings.append(Finding(path, entry.msgid_line or entry.line, "approval",
                                    f"reviewed, but the approval recorded ({found.who}, {found.when}) is for another "
                                    "source sentence; `pipeline changes` shows the difference, `pipeline update` "
                                    "records this review", Severity.WARNING))
    return findings


def _check_pot(found: _Collector, domain: Domain) -> None:
    config = found.config
    path = config.pot_path(domain.name)
    if not path.exists():
        found.error(Failure.STALE, path, 0, "stale", f"no POT yet; run `{config.command('update')}`")
        return
    validation = validate_catalog(path, None)
    found.add(Failure.INVALID, validation.findings)
    if validation.entries is None or found.updated:
        return
    from pipeline.catalogs.pot import write_pot  # formatting a POT: only when the last update's stamp does not vouch for it

    if write_pot(config, domain.name, domain.segments, domain.title, write=False):
        found.error(Failure.STALE, path, 0, "stale", f"the POT would change for the current sources; run `{config.command('update')}`")


def _check_po(found: _Collector, domain: Domain, lang: str, glossary: Glossary) -> CatalogResult:
    config = found.config
    path = config.po_path(lang, domain.name)
    result = CatalogResult(domain.name, domain.title, lang, found.relative(path), None, None)
    if not path.exists():
        found.error(Failure.STALE, path, 0, "stale", f"no {quoted(lang)} catalog yet; run `{config.command('update')}`")
        return result
    validation = validate_catalog(path, lang)
    found.add(Failure.INVALID, validation.findings)
    if validation.entries is None:
        return result
    invalid = any(f.severity is Severity.ERROR for f in validation.findings)
    # The last update's stamp vouches for every POT and catalog it wrote: none lacks or has extra entries.
    if not found.updated and not _staleness(found, path, validation.entries, domain) and not invalid:
        from pipeline.catalogs.merge import rewritten_line  # merging and formatting: only when a rewrite is possible

        try:
            line = rewritten_line(config, domain.name, domain.segments, domain.title, lang)
        except ValueError:  # text gettext cannot write (a NUL byte): the quality checks already report it
            line = 0
        if line:
            found.error(Failure.STALE, path, line, "stale",
                        f"`{config.command('update')}` would rewrite this catalog from here (references, comments, header, "
                        f"order or layout differ from what the sources give); run it and commit the catalog")
    found.add(Failure.QUALITY, qa.check_catalog(path, validation.entries, lang, glossary.for_language(lang)))
    found.add(Failure.QUALITY, _approvals(path, validation.entries))
    catalog_stats = stats.catalog_stats(validation.entries)
    requirement = requirement_for(config, lang, catalog_stats)
    if not requirement.met:
        found.error(Failure.THRESHOLD, path, 0, "threshold",
                    f"{requirement.actual:.1f}% of entries {requirement.measure}; "
                    f"{quoted(lang)} needs {requirement.required:g}% ({requirement.setting})")
    return replace(result, stats=catalog_stats, requirement=requirement)


def _check_strays(found: _Collector, known: set[Path]) -> None:
    """Catalogs no configured language or statement accounts for: still validated, and flagged."""
    config = found.config
    for path in sorted(config.locales_dir.glob("*.pot")) + sorted(config.locales_dir.glob("*/LC_MESSAGES/*.po")):
        if path in known:
            continue
        lang = None if path.suffix == ".pot" else path.parent.parent.name
        found.add(Failure.INVALID, validate_catalog(path, lang).findings)
        found.add(Failure.INVALID, [Finding(path, 0, "stray", "no configured language or statement uses this catalog; "
                                            "delete it, or add its language to pipeline.toml", Severity.WARNING)])


def run_gate(config: Config) -> GateResult:
    """Check every catalog of the project; write nothing."""
    found = _Collector(config)
    glossary = load_glossary(config.glossary_path)  # a broken glossary is a configuration error (exit 1)
    results = []
    known: set[Path] = set()
    for domain in catalog_domains(config, store=False):
        _check_pot(found, domain)
        known.add(config.pot_path(domain.name))
        languages = template_words.template_languages(config) if domain.name == template_words.DOMAIN else config.languages
        for lang in languages:
            results.append(_check_po(found, domain, lang, glossary))
            known.add(config.po_path(lang, domain.name))
    _check_strays(found, known)
    return GateResult(tuple(results), tuple(found.issues))


def catalog_statuses(config: Config) -> list[CatalogResult]:
    """Statistics of every configured catalog, for the status chart; a missing catalog has none.

    Raises CatalogError for a catalog that cannot be read.
    """
    results = []
    for domain in catalog_domains(config, store=False):
        for lang in config.languages:
            path = config.po_path(lang, domain.name)
            catalog_stats = stats.catalog_stats(read_catalog(path)) if path.exists() else None
            requirement = requirement_for(config, lang, catalog_stats) if catalog_stats else None
            results.append(CatalogResult(domain.name, domain.title, lang, Path(config.relative(path)), catalog_stats, requirement))
    return results
