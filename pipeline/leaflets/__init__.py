"""Stage 5: catalogs to PDF leaflets.

Contract: `policy.assess` decides whether a language is built (draft, release,
skip); `assembly` gathers what the template shows (`body_html` renders the
statement's sentences) and checks font coverage; `render` fills the template
with autoescape and typesets it with WeasyPrint behind a sealed fetcher;
`fonts` chooses font stacks; `build` runs every statement × language,
incrementally and in parallel, each render in a worker process of `workers`
under a time limit (nothing here touches process-wide state), and `balance`
keeps last pages from standing nearly empty; `previews` turns page 1 into
PNGs. Beside the leaflets: `editions` (bilingual PDFs), `print_shop` with
`imposition` (bleed, crop marks, booklets), `site` (the web edition), `cards`
(share images) and `qr`. It imports the shared root modules and
`pipeline.catalogs`, never `mt` or `gate`.
"""
