"""Six 6 x 10 black-and-white digit bitmaps ("0" to "5"), the patterns stored by the 60-oscillator ONN.

Delacour & Todri-Sanial (2021), Fig. 12B shows the stored digits but not their pixels; these are drawn here in the
same format (6 columns, 10 rows, white = +1, black = -1; the digit is drawn in black on white). Plain bold glyphs
have overlaps up to 0.6 ("3" vs "5"), and four of them are not even fixed points of the Hebbian network; up to four
pixels per glyph were then changed (a one-off search minimising the largest overlap and keeping strokes connected),
giving pairwise overlaps ``|xi^a . xi^b| / 60 <= 0.33`` and every pattern a fixed point. Pixel order is row-major,
so oscillator 1 (the phase reference) is the top-left pixel.
"""

from __future__ import annotations

import numpy as np

_DRAWINGS = {
    0: """
        ..###.
        ######
        ##..##
        ##..##
        ##..##
        ##..##
        ##...#
        ##.###
        ######
        .###..
    """,
    1: """
        ..##..
        .###..
        ####..
        .###..
        ..##..
        ...#..
        ..##..
        .###..
        ######
        ######
    """,
    2: """
        .###..
        ######
        ##..##
        ....##
        ...###
        ..###.
        ####..
        ###...
        ##.##.
        ######
    """,
    3: """
        #####.
        ######
        ...###
        ....##
        .####.
        .#.##.
        ....##
        ....##
        ..####
        #####.
    """,
    4: """
        ...##.
        ..###.
        .####.
        ##.###
        ##.###
        ######
        ######
        ...##.
        ...##.
        ..###.
    """,
    5: """
        ######
        ##.##.
        ##....
        ##....
        #.###.
        ######
        ....##
        ...###
        ######
        #####.
    """,
}
ROWS, COLUMNS = 10, 6


def digit_patterns() -> np.ndarray:
    """The six patterns as a ``(6, 60)`` array of +1 (white) / -1 (black), digit d in row d."""
    patterns = []
    for digit in sorted(_DRAWINGS):
        rows = [line.strip() for line in _DRAWINGS[digit].strip().splitlines()]
        assert len(rows) == ROWS and all(len(row) == COLUMNS for row in rows), f"bitmap {digit} is not 6 x 10"
        patterns.append([-1 if pixel == "#" else 1 for row in rows for pixel in row])
    return np.array(patterns, dtype=int)
