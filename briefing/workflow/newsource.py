"""``briefing new-source``: a source text into ``sources/`` and its curation file scaffolded.

The text is copied byte-for-byte (``.txt``) or extracted (other files, URLs) and becomes the
source of record; the curation file pre-fills what the text or page declares and marks with
TODO what only the analyst can write, so ``check`` lists exactly what is left to do.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from briefing.load.record import curation_todos, url_seal
from briefing.model import ID
from briefing.output import create_new
from briefing.workflow.extract import Extracted, extract_file
from briefing.workflow.metadata import PARTIAL_DATE


class NewSourceError(Exception):
    """A usage problem: bad id, no such file, an id already taken."""


@dataclass
class NewSource:
    text_path: Path
    yaml_path: Path
    extracted: Extracted
    todo: list[str]  # fields the analyst must write


def _q(value: str) -> str:
    """A YAML scalar: JSON strings are valid YAML double-quoted scalars."""
    return json.dumps(value, ensure_ascii=False)


def is_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://"))


# CSL types whose issuer is a publisher; the rest appeared in a container (journal, site, paper).
PUBLISHED_BY = {"report", "document", "book", "pamphlet", "speech", "standard", "thesis", "dataset"}
_OPTIONAL = ("DOI", "volume", "issue", "page")  # written only when found


def scaffold(source_id: str, ex: Extracted, *, today: dt.date, sha256: str) -> tuple[str, list[str]]:
    """The curation file's text (CSL variables), and the fields left TODO. Every guessed value
    is listed under ``unconfirmed:``, which check reports until the analyst deletes each line."""
    meta, found = dict(ex.meta), dict(ex.found)
    if "type" not in meta:
        kind = "article-journal" if "DOI" in meta else ex.kind
        meta["type"], found["type"] = kind, "the DOI" if "DOI" in meta else "the kind of file"
    issuer = "publisher" if meta["type"] in PUBLISHED_BY else "container-title"
    if issuer == "publisher" and "container-title" in meta and "publisher" not in meta:
        meta["publisher"], found["publisher"] = meta.pop("container-title"), found.pop("container-title")
    todo: list[str] = []
    unconfirmed: list[str] = []

    def field(key: str, todo_hint: str = "") -> str:
        pad = " " * max(1, 10 - len(key))
        value = meta.get(key)
        if key == "issued" and value and not PARTIAL_DATE.match(value):
            todo_hint += f" — {found[key]} gives {value!r}"
            value = None
        if value:
            if not (key == "URL" and ex.fetched == value):  # the page fetched is no guess
                unconfirmed.append(f"  {key}: {_q(found[key])}")
            shown = value if key in {"issued", "type", "author"} else _q(value)
            return f"{key}:{pad}{shown}"
        todo.append(key)
        return f"{key}:{pad}{_q('TODO: ' + todo_hint)}"

    text_name = f"{source_id}.txt"
    record = f"The text in {text_name} is the source of record: {ex.how}."
    hint = "the journal, newspaper or website"
    if issuer == "publisher":
        hint = "the organisation that published it"
    lines = [
        f"# Curation of sources/{text_name}, scaffolded by `briefing new-source` on {today.isoformat()}.",
        "# Write every field marked TODO and confirm every value under unconfirmed:; `briefing check`",
        '# names each one still open. Reference: docs/seed-format.md ("sources/<id>.yaml").',
        field("type"),
        field("title", "the title as the source gives it"),
        field("author", "the author as the source gives it: [{given: Ann, family: Roe}] or [{literal: Org}]"),
        field(issuer, hint),
        field("issued", "the date the source gives (YYYY, YYYY-MM or YYYY-MM-DD); never invent one"),
        *(field(key) for key in _OPTIONAL if key in meta),
    ]
    if "URL" in meta:
        lines.append(field("URL"))
        if ex.fetched:
            lines.append(f"accessed:  {today.isoformat()}  # when it was fetched")
        for hop in ex.redirects:  # a comment: the record of how the URL was reached
            lines.append(f"# redirected: {hop}")
        if meta["URL"].rstrip("/") not in ex.text:
            seal = url_seal(meta["URL"], ex.data)
            lines.append(f"url_sha256: {seal}  # new-source read {text_name} from this URL")
    lines.append(f"sha256:    {sha256}  # of {text_name}; check fails if the text changes")
    if unconfirmed:
        lines += ["unconfirmed:  # guessed by new-source from where each line says: confirm, then delete it",
                  *unconfirmed]  # fmt: skip
    lines += [
        "note: >-",
        f"  {record}",
    ]
    lines += curation_todos(text_name, source_id, _q)
    todo += ["summary", "quotes"]
    return "\n".join(lines) + "\n", todo


def new_source(
    source: str,
    source_id: str,
    seeds: Path,
    *,
    today: dt.date | None = None,
    follow_redirects: bool = False,
    on_hop: Callable[[str], None] | None = None,
) -> NewSource:
    """Add ``source`` (a file or an http(s) URL) to ``seeds/sources`` as ``source_id``.

    Both files are created new (``O_EXCL``, no symlink followed), inside the brief folder: a
    link planted at ``sources/ID.txt`` is refused, never written through."""
    if not ID.fullmatch(source_id):
        raise NewSourceError(f"--id {source_id!r}: use lowercase letters, digits and hyphens, e.g. roe-2023")
    if not (seeds / "brief.yaml").is_file():
        raise NewSourceError(f"{seeds} has no brief.yaml (start one with `briefing init`)")
    text_path = seeds / "sources" / f"{source_id}.txt"
    yaml_path = text_path.with_suffix(".yaml")
    _check_targets(seeds, text_path, yaml_path)
    if is_url(source):
        from briefing.workflow.fetch import extract_url

        extracted = extract_url(source, follow_redirects=follow_redirects, on_hop=on_hop)
    else:
        path = Path(source)
        if not path.is_file():
            raise NewSourceError(f"{source}: no such file")
        extracted = extract_file(path)
    sha256 = hashlib.sha256(extracted.data).hexdigest()
    text, todo = scaffold(source_id, extracted, today=today or dt.date.today(), sha256=sha256)
    text_path.parent.mkdir(parents=True, exist_ok=True)
    _check_targets(seeds, text_path, yaml_path)  # again: the fetch took time
    _create(text_path, extracted.data)
    try:
        _create(yaml_path, text.encode("utf-8"))
    except BaseException:
        text_path.unlink(missing_ok=True)  # both or neither
        raise
    return NewSource(text_path, yaml_path, extracted, todo)


def _check_targets(seeds: Path, *paths: Path) -> None:
    """Neither file exists (a dangling link counts), and sources/ is inside the brief folder."""
    for path in paths:
        if path.is_symlink():
            raise NewSourceError(f"{path} is a symbolic link; nothing is written through one (remove it)")
        if os.path.lexists(path):
            raise NewSourceError(f"{path} exists already; choose another --id")
    sources = paths[0].parent
    if sources.exists() and not sources.resolve().is_relative_to(seeds.resolve()):
        raise NewSourceError(f"{sources} resolves to {sources.resolve()}, outside the brief folder")


def _create(path: Path, data: bytes) -> None:
    try:
        create_new(path, data)
    except FileExistsError:
        raise NewSourceError(f"{path} exists already; choose another --id") from None
