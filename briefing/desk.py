"""A desk's week: several brief folders built in one process (``briefing build A B C``).

Each brief is built exactly as it would be alone (checked, all or nothing, its own cache), into
its own folder under ``--out``. What they share is the process: the imports are paid once, and
the warm PDF engine (:mod:`briefing.pdf.engine`) keeps the font configuration, the fonts' folder
and each parsed stylesheet, so the second brief costs its layout, not a start-up. One brief that
fails is reported and the others are still built.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from briefing import writers
from briefing.build import BuildResult, build
from briefing.errors import BriefingError, Problem
from briefing.options import BuildOptions
from briefing.stages import Stages


@dataclass
class Built:
    """One brief of the batch: where it went, and what it wrote or why it could not."""

    seeds: Path
    out: Path
    result: BuildResult | None = None
    error: BriefingError | OSError | None = None


def destinations(folders: list[Path], out: Path) -> list[Path]:
    """``out/<folder name>`` for each brief; two folders of one name would overwrite each other."""
    names = [folder.resolve().name for folder in folders]
    for name in {n for n in names if names.count(n) > 1}:
        first = next(f for f in folders if f.resolve().name == name)
        raise BriefingError([Problem(first, 0, 0, "", f"two brief folders are named '{name}': rename one")])
    return [out / name for name in names]


@contextlib.contextmanager
def warm(formats: tuple[str, ...] | None) -> Iterator[None]:
    """Each wanted writer's state kept over the batch (the PDF engine while a PDF is wanted; a
    DOCX-only batch never loads WeasyPrint)."""
    with contextlib.ExitStack() as stack:
        for writer in writers.chosen(writers.default() if formats is None else formats):
            stack.enter_context(writer.kept())
        yield


def build_all(
    folders: list[Path],
    out: Path,
    *,
    formats: tuple[str, ...] | None = None,
    paper: str = "a4",
    options: BuildOptions | None = None,
    force: bool = False,
    stages: Callable[[], Stages] = Stages,
) -> list[Built]:
    """Build every folder into ``out/<its name>``; a failure stops that brief only."""
    batch = [Built(seeds, dest) for seeds, dest in zip(folders, destinations(folders, out), strict=True)]
    with warm(formats):
        for item in batch:
            try:
                item.result = build(
                    item.seeds,
                    item.out,
                    formats=formats,
                    paper=paper,
                    options=options,
                    stages=stages(),
                    force=force,
                )
            except (BriefingError, OSError) as err:
                item.error = err
            gc.collect()  # builds pause the collector; a batch frees each brief's cycles before the next
    return batch
