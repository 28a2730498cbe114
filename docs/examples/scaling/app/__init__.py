"""The importable package of the scaling examples (docs/scaling.md)."""
