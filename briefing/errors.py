"""Problems a user can act on: each one line naming file, line, column and field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the input, located as precisely as we can."""

    path: Path
    line: int  # 1-based; 0 when unknown
    col: int  # 1-based; 0 when unknown
    field: str
    message: str

    def __str__(self) -> str:
        where = str(self.path)
        if self.line:
            where += f":{self.line}:{self.col or 1}"
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class BriefingError(Exception):
    """Raised with every problem of a run, so the user fixes them in one pass."""

    def __init__(self, problems: list[Problem], first: list[Problem] | None = None) -> None:
        """``first``: causes listed before everything else (a source that failed to load, before
        the citations to it), each list in file and line order."""
        self.first = sorted(set(first or []))
        self.problems = self.first + sorted(p for p in problems if p not in self.first)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[BriefingError], tuple[list[Problem], list[Problem]]]:
        return type(self), (self.problems, self.first)  # pickled whole: a forked writer's errors too
