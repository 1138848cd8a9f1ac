"""`python -m herokulint`."""

from .cli import main

raise SystemExit(main())
