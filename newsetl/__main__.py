"""`python -m newsetl ...`: the same command line as the `newsetl` script."""

from newsetl.cli import main

raise SystemExit(main())
