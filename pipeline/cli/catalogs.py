"""Subcommands for the catalog layer: `pot`, `update`, `sentences`, `rebuild`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.config import Config, normalise_code
from pipeline.errors import ConfigError
from pipeline.files import locked

if TYPE_CHECKING:
    from pipeline.catalogs.domains import Domain

# The catalog stages are imported by the handlers that use them, so that `pipeline pdf`
# (which imports `selected_languages`) pays for no more than it runs.


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    pot = subparsers.add_parser("pot", help="extract every statement into locales/<slug>.pot")
    pot.set_defaults(handler=run_pot)

    update = subparsers.add_parser("update", help="refresh the POTs, then merge them into every language's .po")
    update.add_argument("--lang", help="comma-separated languages (default: all configured)")
    update.set_defaults(handler=run_update)

    sentences = subparsers.add_parser("sentences", help="split text from stdin into sentences, one per line")
    sentences.add_argument("--lang", default="en")
    sentences.set_defaults(handler=run_sentences, no_config=True)

    rebuild = subparsers.add_parser("rebuild", help="print a statement's Markdown rebuilt from one language's catalog")
    rebuild.add_argument("source", type=Path)
    rebuild.add_argument("--lang", required=True)
    rebuild.set_defaults(handler=run_rebuild)


def _write_pots(config: Config, domains: list[Domain]) -> None:
    from pipeline.catalogs.pot import write_pot

    for domain in domains:
        changed = write_pot(config, domain.name, domain.segments, domain.title)
        state = "written" if changed else "up to date"
        print(f"{config.relative(config.pot_path(domain.name))}: {len(set(s.key for s in domain.segments))} entries, {state}")


def _report_removed(config: Config, removed: list[Path]) -> None:
    for path in removed:
        print(f"{config.relative(path)}: removed (a temporary file an interrupted run left behind)", file=sys.stderr)


def run_pot(args: argparse.Namespace, config: Config) -> int:
    from pipeline.catalogs.domains import catalog_domains

    with locked(config.root, tidy=[config.locales_dir]) as removed:
        _report_removed(config, removed)
        _write_pots(config, catalog_domains(config))
    return 0


def _normalised(code: str) -> str:
    try:
        return normalise_code(code)
    except ValueError:
        return code  # reported as not among the project's languages


def selected_languages(config: Config, option: str | None, include_source: bool = False) -> list[str]:
    """The languages a `--lang a,b` option names (all when absent), in the project's order."""
    every = [config.source_language, *config.languages] if include_source else list(config.languages)
    if not option:
        return every
    wanted = [_normalised(code.strip()) for code in option.split(",") if code.strip()]
    unknown = [code for code in wanted if code not in every]
    if unknown:
        raise ConfigError(config.path, 0, f"{', '.join(unknown)} not among the project's languages ({', '.join(every)})")
    return [code for code in every if code in wanted]


def run_update(args: argparse.Namespace, config: Config) -> int:
    with locked(config.root, tidy=[config.locales_dir]) as removed:
        _report_removed(config, removed)
        update_all(config, selected_languages(config, args.lang), named=bool(args.lang))
    return 0


def update_all(config: Config, languages: list[str], named: bool = False) -> None:
    """Refresh the POTs, then merge each into every language's catalog (the caller holds the lock).

    `named`: the languages were named with --lang (the source language's template
    catalog is then left alone). When nothing it reads changed since the last
    update, it says so and parses nothing.
    """
    from pipeline.catalogs import update_stamp
    from pipeline.text import source_date_epoch

    source_date_epoch()  # a bad SOURCE_DATE_EPOCH stops the update before anything (the caches too) is written
    stamped = languages if named else update_stamp.project_languages(config)
    if update_stamp.current(config, stamped):
        print("catalogs: up to date (nothing changed since the last update)")
        return
    _update_all(config, languages, named)
    update_stamp.record(config, stamped)


def _update_all(config: Config, languages: list[str], named: bool) -> None:
    from pipeline.catalogs import template_words
    from pipeline.catalogs.domains import catalog_domains
    from pipeline.catalogs.merge import update_catalog
    from pipeline.catalogs.reading import load_po

    domains = catalog_domains(config)
    _write_pots(config, domains)
    names = [domain.name for domain in domains]
    del domains  # the segments are in the POTs now: a long statement's are not kept through the merges
    for name in names:
        domain_languages = languages
        if name == template_words.DOMAIN:  # the source language's own furniture, unless it is English
            wanted = template_words.template_languages(config)
            domain_languages = [lang for lang in wanted if lang in languages or (not named and lang == config.source_language)]
        if not domain_languages:
            continue
        pot = load_po(config.pot_path(name))  # parsed once, merged into every language
        for lang in domain_languages:
            result = update_catalog(config, name, lang, pot)
            if result.created:
                state = "created"
            elif result.changed and not (result.added or result.fuzzy_matched or result.obsoleted or result.revived):
                state = "references and comments refreshed"
            elif result.changed:
                state = (
                    f"{result.added} new, {result.fuzzy_matched} changed (fuzzy), "
                    f"{result.obsoleted} obsolete, {result.revived} revived"
                )
            else:
                state = "up to date"
            print(f"{config.relative(result.path)}: {state}")


def run_sentences(args: argparse.Namespace, config: None) -> int:
    from pipeline.catalogs.sentences import split_sentences

    for paragraph in sys.stdin.read().split("\n\n"):
        for sentence in split_sentences(paragraph, args.lang):
            print(sentence)
    return 0


def run_rebuild(args: argparse.Namespace, config: Config) -> int:
    from pipeline.catalogs.markdown import rebuild_markdown
    from pipeline.catalogs.reading import translations
    from pipeline.catalogs.sources import load_source

    doc = load_source(args.source, config)
    found = translations(config.po_path(args.lang, doc.slug))
    sys.stdout.write(rebuild_markdown(doc, lambda seg: found[seg.key].text if seg.key in found and found[seg.key].text else seg.msgid, args.lang))
    return 0
