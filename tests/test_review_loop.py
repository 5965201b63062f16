"""The whole review loop as a model-based test (issue 10): random sequences of what people do.

A hypothesis `RuleBasedStateMachine` drives a real project in a temp folder: the
organiser rewords, adds, deletes, moves and restores sentences and paragraphs;
`update` and `translate` (real Apertium) run through the CLI's own entry point,
in-process; a translator accepts a suggestion, rewrites one, flags one fuzzy, or
re-saves the file with GNU `msgcat` or translate-toolkit's PO storage (Weblate's);
`check` and `pdf` run the gate and the leaflet build. After every step the
invariants of the issue are checked (see `Loop.invariants`).

CI runs a bounded number of sequences (`PIPELINE_LOOP_EXAMPLES`, default 15, of
`PIPELINE_LOOP_STEPS`, default 12 steps); `PIPELINE_NIGHTLY=1` runs 60 sequences
of 25 steps. `tests/test_review_loop.py` prints how many steps it ran.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, multiple, precondition, rule
from support import REPO, tree_digest

from pipeline.catalogs.reading import read_catalog, translations
from pipeline.catalogs.template_words import template_words
from pipeline.cli import main
from pipeline.config import load_config
from pipeline.gate import stats
from pipeline.gate.run import run_gate
from pipeline.leaflets import build
from pipeline.leaflets.modes import Mode
from pipeline.leaflets.outcomes import LeafletState
from pipeline.leaflets.policy import DRAFT_ONLY_WORDS, assess
from pipeline.model import EntryStatus
from pipeline.provenance import entry_status

pytestmark = pytest.mark.skipif(shutil.which("apertium") is None, reason="Apertium is not installed (make setup-test)")

NIGHTLY = os.environ.get("PIPELINE_NIGHTLY") == "1"
EXAMPLES = int(os.environ.get("PIPELINE_LOOP_EXAMPLES", "60" if NIGHTLY else "15"))
STEPS = int(os.environ.get("PIPELINE_LOOP_STEPS", "25" if NIGHTLY else "12"))
SLUG = "loop"
WORDS = ("workers", "people", "union", "port", "city", "rights", "wages", "strike", "peace", "bread", "land", "schools")
VERBS = ("demand", "support", "defend", "build", "want", "need")
ADVERBS = ("now", "today", "together", "again", "everywhere", "always")
COUNTS = {"steps": 0, "sequences": 0, "commands": 0}

def _snapshot(folder: Path) -> dict[Path, str]:
    return {p: p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.po*"))}



def _sentence(verb: int, noun: int, adverb: int) -> str:
    return f"We {VERBS[verb % len(VERBS)]} the {WORDS[noun % len(WORDS)]} {ADVERBS[adverb % len(ADVERBS)]}."


def _quiet(*argv: str) -> int:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(list(argv))


class Loop(RuleBasedStateMachine):
    touched = Bundle("touched")  # source sentences whose entry a translator worked on: the organiser's edits aim there too

    def __init__(self) -> None:
        super().__init__()
        COUNTS["sequences"] += 1
        self.tmp = Path(tempfile.mkdtemp(prefix="review-loop-"))
        self.root = self.tmp / "project"
        self.root.mkdir()
        toml = (REPO / "pipeline.toml").read_text(encoding="utf-8")
        toml = toml.replace('languages = ["es", "tl", "fr"]', 'languages = ["es"]').replace("draft-minimum = 50", "draft-minimum = 0")
        toml = re.sub(r"^pairs = .*\n", "", toml, flags=re.M)  # the repository's bilingual editions name languages left out here
        (self.root / "pipeline.toml").write_text(toml, encoding="utf-8")
        shutil.copytree(REPO / "templates", self.root / "templates")
        (self.root / "sources").mkdir()
        self.paragraphs: list[list[str]] = [[_sentence(0, 0, 0), _sentence(1, 1, 1)], [_sentence(2, 2, 2)]]
        self.deleted: list[str] = []
        self.human: set[str] = set()  # texts a translator wrote, or accepted and `update` saw accepted
        self.accepted: set[str] = set()  # accepted, not yet seen by `update`
        self.written = 0
        self.foreign_layout = False  # last saved by translate-toolkit, not by us or msgcat
        self._write_source()
        assert _quiet("--root", str(self.root), "update") == 0
        assert _quiet("--root", str(self.root), "translate", "--engine", "apertium", "--lang", "es") == 0

    def teardown(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    # --- helpers ------------------------------------------------------------------

    @property
    def po(self) -> Path:
        return self.root / "locales" / "es" / "LC_MESSAGES" / f"{SLUG}.po"

    def _write_source(self) -> None:
        body = "\n\n".join(" ".join(p) for p in self.paragraphs if p)
        text = f'---\ntitle: "Loop statement"\ndate: 2026-02-03\n---\n\n{body}\n'
        (self.root / "sources" / f"{SLUG}.md").write_text(text, encoding="utf-8")

    def _sentences(self) -> list[str]:
        return [s for p in self.paragraphs for s in p]

    def _editor(self) -> polib.POFile:
        return polib.pofile(str(self.po), wrapwidth=79)

    def _live(self, po: polib.POFile, status: EntryStatus | None = None) -> list[polib.POEntry]:
        views = {e.key: e for e in read_catalog(self.po) if not e.obsolete}
        found = []
        for entry in po:
            view = views.get((entry.msgctxt, entry.msgid))
            if not entry.obsolete and entry.msgid and view is not None and (status is None or entry_status(view) is status):
                found.append(entry)
        return found

    def _run(self, *args: str) -> None:
        COUNTS["commands"] += 1
        assert _quiet("--root", str(self.root), *args) == 0

    @initialize(target=touched)
    def work_in_progress(self) -> object:
        """Every sequence starts from a project under review: one suggestion accepted, one rewritten."""
        first = self.accept(1)
        second = self.rewrite(2, keep_fuzzy=False)
        return multiple(*[m for m in (first, second) if isinstance(m, str)])

    # --- the organiser ------------------------------------------------------------

    @rule(paragraph=st.integers(0, 20), sentence=st.integers(0, 20), word=st.integers(0, 20))
    def reword(self, paragraph: int, sentence: int, word: int) -> None:
        para = self.paragraphs[paragraph % len(self.paragraphs)]
        if para:
            self._reword(para, sentence % len(para), word)

    @rule(target=touched, sentence=touched, word=st.integers(0, 20))
    def reword_reviewed(self, sentence: str, word: int) -> object:
        """The organiser rewords a sentence a translator has worked on (the issue's scenario)."""
        for para in self.paragraphs:
            if sentence in para:
                return self._reword(para, para.index(sentence), word) or multiple()
        return multiple()

    def _reword(self, para: list[str], index: int, word: int) -> str | None:
        old = para[index]
        new = old.replace(" the ", f" the {('new', 'fair', 'whole', 'free')[word % 4]} ", 1)
        if new == old or new in self._sentences():
            new = old[:-1] + f" {ADVERBS[word % len(ADVERBS)]}."
        if new in self._sentences():
            return None
        para[index] = new
        self._write_source()
        return new

    @rule(verb=st.integers(0, 5), noun=st.integers(0, 11), adverb=st.integers(0, 5), paragraph=st.integers(0, 20), new_paragraph=st.booleans())
    def add(self, verb: int, noun: int, adverb: int, paragraph: int, new_paragraph: bool) -> None:
        sentence = _sentence(verb, noun, adverb)
        if sentence in self._sentences():
            return
        if new_paragraph or not self.paragraphs:
            self.paragraphs.append([sentence])
        else:
            self.paragraphs[paragraph % len(self.paragraphs)].append(sentence)
        self._write_source()

    @precondition(lambda self: len([s for p in self.paragraphs for s in p]) > 1)
    @rule(paragraph=st.integers(0, 20), sentence=st.integers(0, 20), whole=st.booleans())
    def delete(self, paragraph: int, sentence: int, whole: bool) -> None:
        para = self.paragraphs[paragraph % len(self.paragraphs)]
        if not para:
            return
        if whole and len(self.paragraphs) > 1:
            self.deleted += para
            self.paragraphs.remove(para)
        else:
            self.deleted.append(para.pop(sentence % len(para)))
        if not self._sentences():
            self.paragraphs = [[self.deleted.pop()]]
        self._write_source()

    @rule(sentence=touched)
    def delete_reviewed(self, sentence: str) -> None:
        """The organiser deletes a sentence a translator has worked on (its entry goes obsolete)."""
        for para in self.paragraphs:
            if sentence in para and len(self._sentences()) > 1:
                para.remove(sentence)
                self.deleted.append(sentence)
                self._write_source()
                return

    @rule(paragraph=st.integers(0, 20), sentence=st.integers(0, 20))
    def repeat(self, paragraph: int, sentence: int) -> None:
        """The same sentence twice in the statement: one entry, two references."""
        para = self.paragraphs[paragraph % len(self.paragraphs)]
        if para:
            self.paragraphs[-1].append(para[sentence % len(para)])
            self._write_source()

    @rule(paragraph=st.integers(0, 20))
    def move(self, paragraph: int) -> None:
        self.paragraphs.append(self.paragraphs.pop(paragraph % len(self.paragraphs)))
        self._write_source()

    @precondition(lambda self: bool(self.deleted))
    @rule(which=st.integers(0, 20))
    def restore(self, which: int) -> None:
        sentence = self.deleted.pop(which % len(self.deleted))
        if sentence not in self._sentences():
            self.paragraphs[0].insert(0, sentence)
            self._write_source()

    # --- the pipeline -------------------------------------------------------------

    @rule()
    def update(self) -> None:
        self._run("update")
        self.human |= self.accepted  # update saw them reviewed (flagging one before would have withdrawn it)
        self.accepted = set()
        self.foreign_layout = False
        self._check_files()
        settled = _snapshot(self.root / "locales")
        self._run("update")
        again = _snapshot(self.root / "locales")
        for path, text in settled.items():
            assert again[path] == text, f"a second `update` changed {path.name}"

    @rule()
    def translate(self) -> None:
        self._run("update")  # translate wants an up-to-date catalog, as `make translate` has
        self.human |= self.accepted
        self.accepted = set()
        self.foreign_layout = False
        self._run("translate", "--engine", "apertium", "--lang", "es")
        self._check_files()
        settled = tree_digest(self.root / "locales")
        self._run("translate", "--engine", "apertium", "--lang", "es")
        assert tree_digest(self.root / "locales") == settled, "a second `translate` changed a file"

    @rule()
    def check(self) -> None:
        COUNTS["commands"] += 1
        result = run_gate(load_config(self.root))
        assert not [i for i in result.errors if i.failure.name == "INVALID"], result.errors

    @rule()
    def pdf(self) -> None:
        self._run("update")
        self.human |= self.accepted
        self.accepted = set()
        self.foreign_layout = False
        config = load_config(self.root)
        report = build.build(config, Mode.DRAFT, ["es"], jobs=1)
        COUNTS["commands"] += 1
        assert not report.failed, [o.message for o in report.outcomes]
        outcome = next(o for o in report.outcomes if o.lang == "es")
        statuses = [e.status for e in read_catalog(self.po) if not e.obsolete]
        words = [t.status for key, t in template_words(config, "es").items() if key not in DRAFT_ONLY_WORDS]
        assert outcome.draft == any(s is not EntryStatus.REVIEWED for s in (*statuses, *words))
        again = build.build(config, Mode.DRAFT, ["es"], jobs=1)
        assert {o.state for o in again.outcomes} == {LeafletState.UP_TO_DATE}

    # --- the translator -----------------------------------------------------------

    @rule(target=touched, which=st.integers(0, 20))
    def accept(self, which: int) -> object:
        po = self._editor()
        machine = self._live(po, EntryStatus.MACHINE)
        if not machine:
            return multiple()
        entry = machine[which % len(machine)]
        entry.flags.remove("fuzzy")
        self.accepted.add(entry.msgstr)
        po.save()
        return entry.msgid

    @rule(target=touched, which=st.integers(0, 20), keep_fuzzy=st.booleans())
    def rewrite(self, which: int, keep_fuzzy: bool) -> object:
        po = self._editor()
        live = [e for e in self._live(po) if e.msgstr or not e.msgid_plural]
        if not live:
            return multiple()
        entry = live[which % len(live)]
        self.written += 1
        text = f"Texto humano número {self.written}."
        previous = entry.msgstr
        if previous and sum(e.msgstr == previous for e in po) == 1:
            self.human.discard(previous)  # the translator replaced their own text: not a loss
            self.accepted.discard(previous)
        entry.msgstr = text
        if keep_fuzzy and "fuzzy" not in entry.flags:
            entry.flags.insert(0, "fuzzy")
        elif not keep_fuzzy and "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        self.human.add(text)
        po.save()
        return entry.msgid

    @rule(which=st.integers(0, 20))
    def flag_fuzzy(self, which: int) -> None:
        po = self._editor()
        reviewed = self._live(po, EntryStatus.REVIEWED)
        if not reviewed:
            return
        entry = reviewed[which % len(reviewed)]
        entry.flags.insert(0, "fuzzy")
        self.accepted.discard(entry.msgstr)  # withdrawn before `update` saw the acceptance: machine text again
        po.save()

    @rule()
    def resave_with_msgcat(self) -> None:
        subprocess.run(["msgcat", "-o", str(self.po), str(self.po)], check=True)

    @rule()
    def resave_with_translate_toolkit(self) -> None:
        from translate.storage import pypo

        store = pypo.pofile.parsefile(str(self.po))
        self.po.write_bytes(bytes(store))
        self.foreign_layout = True

    # --- invariants -----------------------------------------------------------------

    def _check_files(self) -> None:
        for path in sorted((self.root / "locales").rglob("*.po*")):
            subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(path)], check=True, capture_output=True)
            if not self.foreign_layout:
                resaved = subprocess.run(["msgcat", str(path)], check=True, capture_output=True).stdout
                assert resaved == path.read_bytes(), f"{path.name} is not in msgcat's layout"

    @invariant()
    def invariants(self) -> None:
        COUNTS["steps"] += 1
        entries = read_catalog(self.po)
        texts = {e.msgstr for e in entries if e.msgstr}
        lost = (self.human | self.accepted) - texts
        assert not lost, f"translator text lost: {sorted(lost)}"
        for entry in entries:
            status = entry.status
            if status is EntryStatus.REVIEWED:
                assert entry.msgstr in self.human | self.accepted, f"shown as reviewed, never reviewed: {entry.msgstr!r}"
            if status is EntryStatus.MACHINE:
                assert entry.msgstr not in self.human, f"a translator's text counted as machine: {entry.msgstr!r}"
        # gate, statistics and leaflet agree on every entry's status
        config = load_config(self.root)
        counted = stats.catalog_stats(entries).entries
        gate = next(c for c in run_gate(config).catalogs if c.domain == SLUG)
        if gate.stats is not None:
            assert dict(gate.stats.entries) == dict(counted)
        shown = translations(self.po)
        for entry in entries:
            if not entry.obsolete:
                assert shown[entry.key].status is entry.status
        from pipeline.catalogs.sources import load_source

        doc = load_source(self.root / "sources" / f"{SLUG}.md", config)
        plan = assess(config, doc, "es", Mode.DRAFT)
        for key, translation in plan.translations.items():
            assert translation.status is shown[key].status


Loop.TestCase.settings = settings(
    max_examples=EXAMPLES,
    stateful_step_count=STEPS,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def test_review_loop() -> None:
    COUNTS.update(steps=0, sequences=0, commands=0)
    Loop.TestCase("runTest").runTest()
    print(
        f"review loop: {COUNTS['sequences']} sequences, {COUNTS['steps']} checked states, "
        f"{COUNTS['commands']} pipeline commands"
    )
