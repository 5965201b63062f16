"""`python -m pipeline`: the command-line interface."""

from pipeline.cli import main

raise SystemExit(main())
