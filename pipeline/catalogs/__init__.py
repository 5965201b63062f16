"""Stage 1–2: statements to gettext catalogs, kept in step with their sources.

Contract: `sources` reads a statement (front matter, then CommonMark) into a
`SourceDocument`; `sentences` and `markdown` segment it (one walker for
extraction and reassembly); `pot` writes `locales/<slug>.pot`; `merge` keeps each
`locales/<lang>/LC_MESSAGES/<slug>.po` in step as `msgmerge --previous` would;
`reading` is the one strict PO reader (over the one tokenizer and parser of
`po_syntax`); `po_format` writes GNU msgcat's layout;
`suggestions` writes machine suggestions; `template_words` is the leaflet
template's own words as a domain (with the shipped `template_translations`);
`domains` lists every domain of the project; `segment_cache` keeps segmentation
of unchanged sources under build/; `update_stamp` lets a no-op update skip;
`thresholds` is the one meaning of `[release]`; `changes` and `history` find
what changed since a review (word diffs, `--since REV`).
A polib object never leaves this package; it imports only the shared root
modules.
"""
