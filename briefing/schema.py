"""Schema building blocks shared by the content model and the modules it is made of."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, StringConstraints

ID = re.compile(r"[a-z0-9][a-z0-9-]*")
Id = Annotated[str, StringConstraints(pattern=rf"^{ID.pattern}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


def _colour(value: object) -> object:
    """``"#A7D5F5"`` or ``A7D5F5`` → ``A7D5F5`` (the theme's form: bare upper-case hex)."""
    if isinstance(value, str) and re.fullmatch(r"#?[0-9A-Fa-f]{6}", value.strip()):
        return value.strip().lstrip("#").upper()
    raise ValueError(f"expected a colour as six hex digits, e.g. \"#A7D5F5\" (got {value!r})")


Colour = Annotated[str, BeforeValidator(_colour)]


class Strict(BaseModel):
    """Base: unknown keys are errors, models are immutable once loaded."""

    model_config = ConfigDict(extra="forbid", frozen=True)
