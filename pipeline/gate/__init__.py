"""Stage 6: the catalog gate CI runs, and what it reports.

Contract: `run.run_gate(config)` reads every statement, POT and .po (writing
nothing) and returns a `GateResult`: `validity` (syntax, header, formats),
staleness (a catalog `update` would rewrite), `quality` checks (with
translate-toolkit's pofilter checks through `pofilter`) and `stats` against
the thresholds of `catalogs.thresholds`. `report` turns
a result into a table, JSON, JUnit or GitHub annotations; `status_chart` into an
SVG. It imports the shared root modules and `pipeline.catalogs`, never `mt` or
`leaflets`.
"""
