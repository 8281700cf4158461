"""Stance fills: the analyst's colour for a stance, else the next colour of the theme's palette.

The palette (the theme's ``colours.stance_palette``) steps in lightness as well as hue, so categories
stay apart for colour-blind readers and in greyscale print; the symbol and label in every cell
carry the meaning too. ``not-addressed`` takes the theme's neutral fill unless given a colour.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from briefing.theme import Theme

NOT_ADDRESSED = "not-addressed"


class HasColour(Protocol):
    id: str
    colour: str | None


def stance_fills(stances: Sequence[HasColour], theme: Theme) -> dict[str, str]:
    """``{stance id: bare hex fill}`` in legend order, from ``theme``'s palette."""
    palette = theme.colours.stance_palette
    fills: dict[str, str] = {}
    taken = {s.colour for s in stances if s.colour}
    free = [c for c in palette if c not in taken] or list(palette)
    n = 0
    for stance in stances:
        if stance.colour:
            fills[stance.id] = stance.colour
        elif stance.id == NOT_ADDRESSED:
            fills[stance.id] = theme.colours.not_addressed
        else:
            fills[stance.id] = free[n % len(free)]
            n += 1
    return fills
