"""``python -m scopereg.mmengine SCRIPT [ARGS...]``: run a script on the bridge.

The script runs as ``python SCRIPT ARGS`` would run it: as ``__main__``, with
``sys.argv == [SCRIPT, *ARGS]``, its directory first on ``sys.path``, and the
exit status it asks for. The bridge is installed first, and
``SCOPEREG_MMENGINE=1`` is set for the processes the script starts (data
loader workers, ``torchrun`` ranks), which install it too where the
``scopereg-mmengine`` distribution is installed.
"""

from __future__ import annotations

import os
import runpy
import sys
from collections.abc import Sequence

from scopereg.mmengine import SWITCH_ENV, install

__all__ = ["main"]

USAGE = (
    "usage: python -m scopereg.mmengine SCRIPT [ARGS...]\n"
    "Run SCRIPT as `python SCRIPT ARGS` does, with scopereg as mmengine's "
    "registry\n(e.g. an OpenMMLab tools/train.py CONFIG)."
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the script ``argv[0]`` with arguments ``argv[1:]`` on the bridge.

    Args:
        argv: The script and its arguments; ``sys.argv[1:]`` when omitted.

    Returns:
        0 after the script ran to its end (``SystemExit`` from the script
        propagates, as its exit status); 2 for a usage error.

    Examples:
        >>> from scopereg.mmengine.__main__ import main
        >>> main(["--help"])  # doctest: +ELLIPSIS
        usage: python -m scopereg.mmengine SCRIPT [ARGS...]
        ...
        0
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        print(USAGE, file=sys.stderr)
        return 2
    if args[0] in ("-h", "--help"):
        print(USAGE)
        return 0
    script = args[0]
    if not os.path.isfile(script):
        print(
            f"python -m scopereg.mmengine: can't open file {script!r}: "
            "no such file; fix: give the path of a Python script, e.g. "
            "tools/train.py",
            file=sys.stderr,
        )
        return 2
    install()
    os.environ[SWITCH_ENV] = "1"
    sys.argv = args
    # `python SCRIPT` puts the script's directory (symbolic links resolved)
    # first on sys.path, where `-m` put the working directory.
    sys.path[0] = os.path.dirname(os.path.realpath(script))
    runpy.run_path(script, run_name="__main__")
    return 0


if __name__ == "__main__":
    sys.exit(main())
