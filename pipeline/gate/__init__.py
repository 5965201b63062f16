"""Stage 6: the catalog gate CI runs, and what it reports.

Contract: `run.run_gate(config)` reads every statement, POT and .po (writing
nothing) and returns a `GateResult`: `validity` (syntax, header, formats),
staleness, `quality` checks and `stats` against the thresholds. `report` turns
a result into a table, JSON, JUnit or GitHub annotations; `status_chart` into an
SVG. It imports the shared root modules and `pipeline.catalogs`, never `mt` or
`leaflets`.
"""
