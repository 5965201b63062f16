"""A catalog as it was at a git revision, for `pipeline changes --since REV`.

Contract: `catalog_at(config, path, revision)` returns the entries of `path` as
committed at `revision` (`git show REV:PATH`, parsed by the one strict reader),
or an empty list when the file did not exist then. A project that is not in a
git work tree, a git that cannot be run, or an unknown revision is a
`CatalogError` naming the project or the revision; nothing is written to the
project. `language_changes(config, lang, since)` gathers the `Change`s of
every catalog of a language, now or since a revision.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from pipeline.catalogs.changes import Change, changed_entries
from pipeline.catalogs.domains import catalog_domains
from pipeline.catalogs.reading import read_catalog
from pipeline.config import Config
from pipeline.errors import CatalogError
from pipeline.model import CatalogEntry


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    if shutil.which("git") is None:
        raise CatalogError(root, 0, "--since needs git, and no `git` command is installed")
    return subprocess.run(["git", "-C", str(root), *args], capture_output=True, check=False, timeout=60)


def catalog_at(config: Config, path: Path, revision: str) -> list[CatalogEntry]:
    """The entries of catalog `path` at git `revision` ([] if it did not exist there)."""
    root = config.root
    inside = _git(root, "rev-parse", "--show-toplevel")
    if inside.returncode != 0:
        raise CatalogError(root, 0, "not a git work tree, so `--since` has no history to compare with; "
                                    "commit the project to git, or leave out --since")
    if _git(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").returncode != 0:
        raise CatalogError(root, 0, f"unknown git revision {revision!r} (try a commit hash, a tag, or HEAD~1)")
    top = Path(inside.stdout.decode().strip())
    relative = path.resolve().relative_to(top.resolve()).as_posix()
    shown = _git(root, "show", f"{revision}:{relative}")
    if shown.returncode != 0:
        return []
    with tempfile.TemporaryDirectory(prefix="pipeline-since-") as folder:
        copy = Path(folder) / path.name
        copy.write_bytes(shown.stdout)
        try:
            return read_catalog(copy)
        except CatalogError as exc:
            raise CatalogError(path, exc.line, f"at revision {revision}: {exc.message}") from exc


def language_changes(config: Config, lang: str, since: str | None = None) -> list[tuple[Path, Change]]:
    """Every entry of `lang`'s catalogs whose source changed since review (or since `since`), by catalog."""
    found: list[tuple[Path, Change]] = []
    for domain in catalog_domains(config):
        path = config.po_path(lang, domain.name)
        if not path.exists():
            continue
        old = catalog_at(config, path, since) if since is not None else None
        found += [(path, change) for change in changed_entries(read_catalog(path), old)]
    return found
