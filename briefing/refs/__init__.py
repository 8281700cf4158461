"""``briefing import-refs``: sources from the reference manager analysts already keep.

A Zotero or Better BibTeX CSL-JSON export (``.json``) or a BibTeX file (``.bib``) becomes one
curation file per item in ``sources/``: its CSL data filled, ``TODO`` where only the analyst can
write (the text, the summary, the quotes). Ids come from author and year; an item whose DOI,
URL or title another item (or a source already there) has is refused. Everything is checked
before anything is written, so an import writes all its files or none.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from briefing.output import create_new
from briefing.refs.curation import Planned, plan
from briefing.refs.read import read

__all__ = ["ImportError_", "Planned", "import_refs"]

FORMATS = (".json", ".bib")


class ImportError_(Exception):
    """A usage problem: no such file, a format not read, no brief folder."""


def import_refs(file: Path, seeds: Path, *, today: dt.date | None = None) -> list[Planned]:
    """Write a curation file into ``seeds/sources`` for every item of ``file``; the files written
    (raises :class:`~briefing.errors.BriefingError` for bad input, nothing written)."""
    if file.suffix.lower() not in FORMATS:
        raise ImportError_(f"{file}: expected a CSL-JSON export (.json) or a BibTeX file (.bib)")
    if not file.is_file():
        raise ImportError_(f"{file}: no such file")
    if not (seeds / "brief.yaml").is_file():
        raise ImportError_(f"{seeds} has no brief.yaml (start one with `briefing init`)")
    entries = read(file)
    planned = plan(entries, seeds, today=today or dt.date.today(), origin=file.name)
    folder = seeds / "sources"
    folder.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    try:
        for item in planned:
            path = folder / f"{item.source_id}.yaml"
            _create(path, item.text.encode("utf-8"))
            written.append(path)
    except BaseException:
        for path in written:  # all or none
            path.unlink(missing_ok=True)
        raise
    return planned


def _create(path: Path, data: bytes) -> None:
    try:
        create_new(path, data)
    except FileExistsError:
        raise ImportError_(f"{path} exists already") from None
