"""Side-by-side benchmarks of scopereg against mmengine-lite and fvcore.

Run them with ``nox -s bench`` (or ``python -m benchmarks`` in an environment
that has the three libraries). See docs/performance.md for the method and the
latest results.
"""
