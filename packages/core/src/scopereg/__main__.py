"""``python -m scopereg``: the same command line as the ``scopereg`` script."""

from scopereg._cli import main

raise SystemExit(main())
