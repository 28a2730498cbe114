"""Pure-Python point clouds: read and write KITTI ``.bin`` files, synthesise.

A KITTI velodyne file is a flat array of little-endian float32, ``load_dim``
values per point (``x, y, z, reflectance``). Paths starting with
``synthetic://`` name point clouds generated in memory, for demos and tests.
"""

from __future__ import annotations

import os
import random
import sys
from array import array
from collections.abc import Iterable, Sequence
from typing import Final

from sr3d.structures import Point

__all__ = [
    "SYNTHETIC_PREFIX",
    "read_bin_points",
    "synthesise_points",
    "write_bin_points",
]

SYNTHETIC_PREFIX: Final = "synthetic://"
"""Prefix of point cloud paths that :func:`synthesise_points` generates."""


def read_bin_points(path: str | os.PathLike[str], load_dim: int = 4) -> list[Point]:
    """Read a float32 point file with ``load_dim`` values per point.

    Args:
        path: The file.
        load_dim: Values per point.

    Returns:
        The points.

    Raises:
        FileNotFoundError: If the file does not exist.
        ValueError: If its size is not a multiple of ``load_dim`` floats.
    """
    values = array("f")
    with open(path, "rb") as stream:
        data = stream.read()
    if len(data) % (4 * load_dim):
        raise ValueError(
            f"{os.fspath(path)!r} has {len(data)} bytes, not a whole number of "
            f"{load_dim}-float points"
        )
    values.frombytes(data)
    if sys.byteorder != "little":
        values.byteswap()
    return [list(values[i : i + load_dim]) for i in range(0, len(values), load_dim)]


def write_bin_points(
    path: str | os.PathLike[str], points: Iterable[Sequence[float]]
) -> None:
    """Write points as little-endian float32, all values of each point.

    Args:
        path: Where to write.
        points: Points of equal length.

    Examples:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "cloud.bin")
        >>> write_bin_points(path, [[1.0, 2.0, 3.0, 0.5]])
        >>> read_bin_points(path)
        [[1.0, 2.0, 3.0, 0.5]]
    """
    values = array("f", (float(v) for point in points for v in point))
    if sys.byteorder != "little":
        values.byteswap()
    with open(path, "wb") as stream:
        stream.write(values.tobytes())


def synthesise_points(
    path: str, boxes: Iterable[Sequence[float]] = (), num_ground: int = 200
) -> list[Point]:
    """Generate a deterministic scene: a ground plane and points inside boxes.

    Ground points fall in ``x`` 0-40 m, ``y`` -20-20 m at ``z`` about -1.7 m;
    each box (``x, y, z, l, w, h, yaw``, ``z`` at its bottom, yaw ignored)
    gets 40 points inside it. The same path gives the same points.

    Args:
        path: The cloud's name (seeds the generator).
        boxes: 3D boxes to fill with points.
        num_ground: How many ground points.

    Returns:
        Points ``x, y, z, reflectance``.

    Examples:
        >>> box = (10, 0, -1.7, 4, 2, 1.5, 0)
        >>> cloud = synthesise_points("synthetic://a.bin", [box])
        >>> len(cloud), cloud == synthesise_points("synthetic://a.bin", [box])
        (240, True)
    """
    rng = random.Random(path)
    points = [
        [rng.uniform(0, 40), rng.uniform(-20, 20), rng.uniform(-1.75, -1.65), 0.1]
        for _ in range(num_ground)
    ]
    for box in boxes:
        x, y, z, length, width, height = (float(v) for v in box[:6])
        points.extend(
            [
                x + rng.uniform(-length, length) / 2,
                y + rng.uniform(-width, width) / 2,
                z + rng.uniform(0, height),
                rng.uniform(0.2, 0.9),
            ]
            for _ in range(40)
        )
    return points
