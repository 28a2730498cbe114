"""``python -m scopereg``: the same command line as the ``scopereg`` script.

``python -m`` puts the current directory first on ``sys.path`` (unless
``-P`` or ``PYTHONSAFEPATH`` is set); the console script does not. The
entry is dropped before anything is imported from a scope, so a package
that merely sits in the current directory is never imported by a config
naming its scope. A user who wants it puts it on the path
(``PYTHONPATH=.``), which adds an entry of its own that stays.
"""

import os
import sys

if not sys.flags.safe_path and sys.path and sys.path[0] in ("", os.getcwd()):
    del sys.path[0]

from scopereg._cli import main  # imported only once the path is fixed

raise SystemExit(main())
