"""``build()``: seeds → HTML → every requested writer's file. The CLI and the tests both call this."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from briefing import cache, forked, writers
from briefing.errors import BriefingError, Problem
from briefing.forked import Forked
from briefing.options import BuildOptions
from briefing.output import Interrupts, OutputSet, private_tempdir, source_date
from briefing.paths import TEMPLATES
from briefing.stages import Stages
from briefing.theme import THEME, Theme
from briefing.writers import HTML, Job, Writer

if TYPE_CHECKING:
    from briefing.model import Brief


@dataclass
class BuildResult:
    html: Path
    outputs: dict[str, Path] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)  # of each format laid out here (not Word's)
    warnings: list[Problem] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage
    cached: bool = False  # nothing changed since the last build: its outputs were kept
    written: list[Path] = field(default_factory=list)  # every file this build wrote


def build(
    seeds: Path,
    out: Path,
    *,
    formats: tuple[str, ...] | None = None,
    paper: str = "a4",
    options: BuildOptions | None = None,
    stages: Stages | None = None,
    force: bool = False,
) -> BuildResult:
    """Validate the seeds and write ``<slug>.html`` plus each requested format (by default the
    table's defaults, :func:`briefing.writers.default`) into ``out``.

    All or nothing: every file is rendered to a temporary file first and renamed into place only
    when all succeeded, so a failure or Ctrl-C leaves the previous outputs byte-identical. When
    nothing changed since the last build into ``out`` (see :mod:`briefing.cache`), its outputs
    are kept as they are, unless ``force``; even then, HTML rendered before from the same inputs
    is reused, so only the writers run.
    """
    options, stages = options or BuildOptions(), stages or Stages()
    formats = writers.default() if formats is None else formats
    if unknown := sorted(set(formats) - set(writers.names())):
        raise ValueError(f"no writer for {', '.join(unknown)}; the table has {', '.join(writers.names())}")
    html_key = _key(seeds, out, paper, options)
    build_key = cache.derived(html_key, sorted(formats)) if html_key else None
    if build_key and not force and (record := cache.lookup(out, build_key)):
        return _kept(out, record)
    interrupts = Interrupts()
    with (
        interrupts.installed(),
        private_tempdir(),
        _collector_paused(),
        stages.active(),  # where briefing.stages.timed records a new stage's time
    ):
        theme = options.theme()  # a bad theme file stops the build here, before anything is written
        page = _page(seeds, paper, options, theme, stages, interrupts, html_key)
        result = _write(page, out, formats, paper, options, stages, interrupts)
    if build_key:
        extra = {"outputs": {k: p.name for k, p in result.outputs.items()}, "html": result.html.name}
        extra |= {"pages": result.pages, "warnings": cache.rows(result.warnings)}
        cache.save(out, build_key, result.written, extra)
    return result


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a build runs: walking WeasyPrint's many objects again
    and again costs about a tenth of the build. Whatever cycles it left are collected later,
    between the rebuilds of ``watch`` and ``preview`` (one-shot commands leave without)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _key(seeds: Path, out: Path, paper: str, options: BuildOptions) -> str | None:
    """Everything that decides the HTML's bytes, hashed; None when an input cannot be read
    (the build then runs, and reports it). The build's key adds the formats."""
    from briefing.fonts import face_files

    settings = {"paper": paper, "options": options, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH")}
    folders = [TEMPLATES, *([options.template_dir] if options.template_dir else [])]
    files = [*([options.theme_file] if options.theme_file else []), *(f[-1] for f in face_files())]
    if options.csl and options.csl.endswith(".csl"):  # a style file of the user's: its bytes count
        files.append(Path(options.csl))
    try:
        files += [reference] if (reference := options.reference()) else []  # the Word template's bytes
    except BriefingError:
        return None  # a bad theme file: the build reports it
    try:
        return cache.key(seeds, out, settings, folders, files, writers.libraries())
    except OSError:
        return None


def _kept(out: Path, record: dict) -> BuildResult:
    outputs = {fmt: out / name for fmt, name in record["outputs"].items()}
    return BuildResult(
        html=out / record["html"],
        outputs=outputs,
        pages=record["pages"],
        warnings=cache.problems(record["warnings"]),
        cached=True,
    )


@dataclass
class Page:
    """The HTML stage's result: all the writers need, whether rendered now or kept from before."""

    html: str
    slug: str
    when: dt.datetime  # the timestamp written into the outputs
    warnings: list[Problem]

    def record(self) -> dict[str, object]:
        when, warnings = self.when.timestamp(), cache.rows(self.warnings)
        return {"html": self.html, "slug": self.slug, "when": when, "warnings": warnings}

    @classmethod
    def kept(cls, record: dict[str, object]) -> Page | None:
        try:
            when = dt.datetime.fromtimestamp(float(record["when"]), dt.UTC)  # type: ignore[arg-type]
            return cls(str(record["html"]), str(record["slug"]), when, cache.problems(record["warnings"]))
        except (KeyError, TypeError, ValueError):
            return None


def _page(
    seeds: Path,
    paper: str,
    options: BuildOptions,
    theme: Theme,
    stages: Stages,
    interrupts: Interrupts,
    html_key: str | None,
) -> Page:
    """Load and render, or take the HTML rendered before from the same inputs (``html_key``)."""
    if html_key and (record := cache.stage_lookup("html", html_key)) and (page := Page.kept(record)):
        return page
    from briefing.load import load_brief
    from briefing.walker import check as check_vocabulary

    warnings: list[Problem] = []
    with stages("check"):
        brief = options.apply(load_brief(seeds, warnings))
    interrupts.check()
    with stages(HTML.name):
        html = _render(brief, paper, options.template_dir, options.editorial_record, theme)
        check_vocabulary(html)  # once, for every format: what one writer can map, all can
    page = Page(html, brief.slug, source_date(brief.date), warnings)
    if html_key:
        cache.stage_save("html", html_key, page.record())
    return page


def _write(
    page: Page,
    out: Path,
    formats: tuple[str, ...],
    paper: str,
    options: BuildOptions,
    stages: Stages,
    interrupts: Interrupts,
) -> BuildResult:
    """Every requested file (:mod:`briefing.writers`), staged and then renamed into place together.

    The quick writers run first, then those that lay out pages; a writer that ``forks`` (the DOCX)
    is written by a forked child while this process runs another slow one (the PDF,
    :mod:`briefing.forked`); the child's file is staged here, so it is committed or discarded with
    the others.
    """
    html, slug = page.html, page.slug
    result = BuildResult(html=out / f"{slug}{HTML.suffix}", warnings=page.warnings, timings=stages.timings)
    chosen = writers.chosen(formats)
    targets = {w.name: out / f"{slug}{w.suffix}" for w in chosen}
    if stages.on_html:  # preview shows the edit now; the PDF follows
        stages.on_html(html)
    outputs = OutputSet(out, interrupts)
    outputs.preflight([*targets.values(), result.html])
    beside: dict[Path, bytes] = {}
    child: Forked | None = None
    forking = _forking(chosen)
    try:
        jobs = {
            w.name: Job(html, outputs.stage(t), t, paper, options, page.when, interrupts.check)
            for w, t in zip(chosen, targets.values(), strict=True)
        }
        if forking:
            child = Forked.start(functools.partial(forking.write, jobs[forking.name]))
        for writer in sorted(chosen, key=lambda w: w.slow):  # the quick ones first
            if writer is forking:
                continue
            with stages(writer.name):
                written = writer.write(jobs[writer.name])
                interrupts.check()
            if written.pages is not None:
                result.pages[writer.name] = written.pages
            beside |= written.beside
            del written  # a laid-out document is large: let it go before the next writer
        if child and forking:
            stages.record(forking.name, child.wait())
            interrupts.check()
        outputs.preflight(list(beside))
        for path, data in beside.items():
            outputs.stage(path).write_bytes(data)
        HTML.write(Job(html, outputs.stage(result.html), result.html, paper, options, page.when))
        outputs.commit()
    finally:
        if child:
            child.stop()
        outputs.discard()
    result.outputs.update(targets)
    result.written = [*targets.values(), *beside, result.html]
    return result


def _forking(chosen: list[Writer]) -> Writer | None:
    """The writer to fork, when another slow one runs meanwhile and a core is free for it."""
    forks = next((w for w in chosen if w.forks), None)
    if forks and any(w.slow and w is not forks for w in chosen) and forked.available():
        return forks
    return None


def _render(
    brief: Brief, paper: str, template_dir: Path | None, editorial_record: bool = False, theme: Theme = THEME
) -> str:
    """The HTML; a broken template (the user's own folder, say) is one located line, not a traceback."""
    import jinja2

    from briefing.html.render import render_html

    try:
        return render_html(
            brief, paper=paper, template_dir=template_dir, editorial_record=editorial_record, theme=theme
        )
    except jinja2.TemplateSyntaxError as err:
        where = Path(err.filename) if err.filename else (template_dir or TEMPLATES) / (err.name or "")
        problem = Problem(where, err.lineno or 0, 0, "", f"template syntax: {err.message}")
        raise BriefingError([problem]) from err
    except jinja2.TemplateError as err:
        problem = Problem(template_dir or TEMPLATES, 0, 0, "", f"template: {err.message or err}")
        raise BriefingError([problem]) from err
