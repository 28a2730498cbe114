"""Pure-Python grayscale images: read and write PGM files, render test scenes.

An image is a list of rows of pixel values (0-255), ``image[y][x]``. PGM
(netpbm P2 and P5) needs no third-party decoder, which keeps srdet's
pipelines runnable anywhere. Paths starting with ``synthetic://`` name
images rendered in memory from their boxes, for demos and tests.
"""

from __future__ import annotations

import os
import random
from collections.abc import Iterable, Sequence
from typing import Final

__all__ = ["SYNTHETIC_PREFIX", "Image", "read_pgm", "render_synthetic", "write_pgm"]

Image = list[list[float]]
"""A grayscale image: rows of pixel values."""

SYNTHETIC_PREFIX: Final = "synthetic://"
"""Prefix of image paths that :func:`render_synthetic` draws in memory."""


def _tokens(data: bytes) -> tuple[list[bytes], int]:
    """Return the four header tokens of a PGM file and where the pixels start."""
    tokens: list[bytes] = []
    pos = 0
    while len(tokens) < 4:
        while pos < len(data) and data[pos : pos + 1].isspace():
            pos += 1
        if data[pos : pos + 1] == b"#":
            while pos < len(data) and data[pos : pos + 1] not in (b"\n", b"\r"):
                pos += 1
            continue
        start = pos
        while pos < len(data) and not data[pos : pos + 1].isspace():
            pos += 1
        if start == pos:
            raise ValueError("truncated PGM header")
        tokens.append(data[start:pos])
    return tokens, pos + 1


def read_pgm(path: str | os.PathLike[str]) -> Image:
    """Read a binary (P5) or ASCII (P2) PGM file.

    Args:
        path: The file.

    Returns:
        The image, as rows of ints.

    Raises:
        FileNotFoundError: If the file does not exist.
        ValueError: If it is not a well-formed PGM file.
    """
    with open(path, "rb") as stream:
        data = stream.read()
    tokens, start = _tokens(data)
    magic = tokens[0]
    width, height, maxval = (int(token) for token in tokens[1:])
    if magic not in (b"P2", b"P5") or width < 1 or height < 1 or not 0 < maxval < 65536:
        raise ValueError(f"{os.fspath(path)!r} is not a PGM (P2/P5) image")
    if magic == b"P2":
        values = [int(token) for token in data[start:].split()]
    else:
        size = 1 if maxval < 256 else 2
        raw = data[start : start + width * height * size]
        values = [
            int.from_bytes(raw[i : i + size], "big") for i in range(0, len(raw), size)
        ]
    if len(values) < width * height:
        raise ValueError(
            f"{os.fspath(path)!r} holds {len(values)} pixels, expected {width * height}"
        )
    return [
        [float(v) for v in values[row * width : (row + 1) * width]]
        for row in range(height)
    ]


def write_pgm(path: str | os.PathLike[str], image: Sequence[Sequence[float]]) -> None:
    """Write ``image`` as a binary (P5) PGM file, clamping values to 0-255.

    Args:
        path: Where to write.
        image: Rows of pixel values, all of the same length.

    Raises:
        ValueError: If the image is empty or ragged.

    Examples:
        >>> import os, tempfile
        >>> path = os.path.join(tempfile.mkdtemp(), "tiny.pgm")
        >>> write_pgm(path, [[0, 128], [255, 300]])
        >>> read_pgm(path)
        [[0.0, 128.0], [255.0, 255.0]]
    """
    if not image or not image[0] or any(len(row) != len(image[0]) for row in image):
        raise ValueError("an image needs rows of equal, non-zero length")
    pixels = bytes(min(255, max(0, round(v))) for row in image for v in row)
    header = f"P5\n{len(image[0])} {len(image)}\n255\n".encode("ascii")
    with open(path, "wb") as stream:
        stream.write(header + pixels)


def render_synthetic(
    path: str, height: int, width: int, boxes: Iterable[Sequence[float]] = ()
) -> Image:
    """Draw a deterministic test scene: dim noise, with each box filled white.

    The noise depends only on ``path``, so the same path gives the same
    image in every process.

    Args:
        path: The image's name (seeds the noise).
        height: Rows.
        width: Columns.
        boxes: ``(x1, y1, x2, y2)`` boxes to fill with 255.

    Returns:
        The image.

    Examples:
        >>> img = render_synthetic("synthetic://a.jpg", 4, 6, [(2, 1, 4, 3)])
        >>> img[1][2], img[0][0] < 40
        (255.0, True)
    """
    rng = random.Random(path)
    image = [[float(rng.randrange(40)) for _ in range(width)] for _ in range(height)]
    for x1, y1, x2, y2 in (box[:4] for box in boxes):
        for y in range(max(0, int(y1)), min(height, round(y2))):
            for x in range(max(0, int(x1)), min(width, round(x2))):
                image[y][x] = 255.0
    return image
