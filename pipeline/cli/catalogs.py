"""Subcommands for the catalog layer: `pot`, `update`, `sentences`, `rebuild`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from pipeline.catalogs import template_words
from pipeline.catalogs.domains import Domain, catalog_domains
from pipeline.catalogs.markdown import rebuild_markdown
from pipeline.catalogs.merge import update_catalog
from pipeline.catalogs.pot import write_pot
from pipeline.catalogs.reading import translations
from pipeline.catalogs.sentences import split_sentences
from pipeline.catalogs.sources import load_source
from pipeline.config import Config, normalise_code
from pipeline.errors import ConfigError
from pipeline.files import locked


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
    for domain in domains:
        changed = write_pot(config, domain.name, domain.segments, domain.title)
        state = "written" if changed else "up to date"
        print(f"{config.relative(config.pot_path(domain.name))}: {len(set(s.key for s in domain.segments))} entries, {state}")


def _report_removed(config: Config, removed: list[Path]) -> None:
    for path in removed:
        print(f"{config.relative(path)}: removed (a temporary file an interrupted run left behind)", file=sys.stderr)


def run_pot(args: argparse.Namespace, config: Config) -> int:
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
    languages = selected_languages(config, args.lang)
    with locked(config.root, tidy=[config.locales_dir]) as removed:
        _report_removed(config, removed)
        domains = catalog_domains(config)
        _write_pots(config, domains)
        for domain in domains:
            domain_languages = languages
            if domain.name == template_words.DOMAIN:  # the source language's own furniture, unless it is English
                wanted = template_words.template_languages(config)
                domain_languages = [lang for lang in wanted if lang in languages or (not args.lang and lang == config.source_language)]
            for lang in domain_languages:
                result = update_catalog(config, domain.name, lang)
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
    return 0


def run_sentences(args: argparse.Namespace, config: None) -> int:
    for paragraph in sys.stdin.read().split("\n\n"):
        for sentence in split_sentences(paragraph, args.lang):
            print(sentence)
    return 0


def run_rebuild(args: argparse.Namespace, config: Config) -> int:
    doc = load_source(args.source, config)
    found = translations(config.po_path(args.lang, doc.slug))
    sys.stdout.write(rebuild_markdown(doc, lambda seg: found[seg.key].text if seg.key in found and found[seg.key].text else seg.msgid, args.lang))
    return 0
