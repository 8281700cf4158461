"""``N_``: marks a message id where it is defined (``pybabel extract -k N_``); it is translated
where it is used (:mod:`briefing.catalogue`). Apart from the catalogues, so a module that only
defines words (the theme's page label) does not load Babel and the catalogue with them."""

from __future__ import annotations


def N_(message: str) -> str:
    """Marks a message id where it is defined; it is translated where it is used."""
    return message
