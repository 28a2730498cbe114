"""The environment switch of scopereg's mmengine bridge, read at interpreter start.

``scopereg_mmengine.pth`` imports this module in every interpreter of the
environment. It reads ``SCOPEREG_MMENGINE``: unset, empty or ``0``, nothing
else happens. ``1`` puts a small finder on :data:`sys.meta_path` that, when
``mmengine`` is first imported, and only then, installs the bridge
(``scopereg.mmengine.install()``): a program that never imports mmengine
never imports scopereg either. It never stops the interpreter: a problem is
one line on stderr, and mmengine then imports as it is.
"""

import os
import sys

_VALUE = os.environ.get("SCOPEREG_MMENGINE", "")


class _InstallOnFirstImport:
    """A meta path finder that installs the bridge as ``mmengine`` is imported."""

    done = False

    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        """Install the bridge before the first import of ``mmengine``; find nothing."""
        if fullname == "mmengine" and not cls.done:
            cls.done = True
            try:
                from scopereg.mmengine import install

                install()
            except Exception as err:  # an import hook must never stop the program
                print(
                    f"scopereg-mmengine: SCOPEREG_MMENGINE=1 but the bridge is not "
                    f"installed, mmengine runs on its own registry: "
                    f"{type(err).__name__}: {err}",
                    file=sys.stderr,
                )
        return


if _VALUE == "1":
    sys.meta_path.insert(0, _InstallOnFirstImport)
elif _VALUE not in ("", "0"):
    print(
        f"scopereg-mmengine: SCOPEREG_MMENGINE must be 1 (on) or 0 (off), but "
        f"got {_VALUE!r}; the bridge is off",
        file=sys.stderr,
    )
