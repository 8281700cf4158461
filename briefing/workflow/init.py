"""``briefing init``: a new brief folder that passes ``check`` and builds at once.

The scaffold (``scaffold/`` beside this module) holds every section of ``brief.yaml`` with short
instructions in comments and one example source with its curation, so a new analyst starts
from something that works and replaces it piece by piece. English and French are written out
(``scaffold/``, ``scaffold/fr/``); another language with a table of example words
(``scaffold/examples/<tag>.yaml``) fills ``scaffold/skeleton/`` with them, example source and all;
any other language gets the English example, its quotes translated where the scaffold can.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from string import Template

from briefing.catalogue import Messages, catalogue_tag
from briefing.lang import BCP47, LANG_CHARS, primary
from briefing.load.text import PROPERTY_CHARS
from briefing.model import BriefMeta
from briefing.values import line

SCAFFOLD = Path(__file__).with_name("scaffold")
SKELETON = SCAFFOLD / "skeleton"
EXAMPLES = SCAFFOLD / "examples"
EXAMPLE_SOURCE = "sources/example-source.yaml"
FILES = ("brief.yaml", "sources/example-source.txt", EXAMPLE_SOURCE)
NEXT_STEPS = """\
# {title}

A brief made by `briefing init`. Next: add a source with
`briefing new-source FILE-OR-URL --id AUTHOR-YEAR {folder}`, fill in its TODOs, replace the
example in brief.yaml, then `briefing check {folder}` and `briefing preview {folder}`.
"""


def scaffold_for(lang: str) -> Path:
    """The example brief in the language of ``lang``'s catalogue where one is written
    (``scaffold/fr/``), else the English one: its comments and example text are the analyst's guide."""
    tag = catalogue_tag(lang)
    own = SCAFFOLD / tag if tag else None
    return own if own and all((own / name).is_file() for name in FILES) else SCAFFOLD


def examples_for(lang: str) -> dict[str, str] | None:
    """The example words of ``lang``'s catalogue language (``scaffold/examples/de.yaml``), or None."""
    from ruamel.yaml import YAML

    tag = catalogue_tag(lang)
    path = EXAMPLES / f"{tag}.yaml"
    if not tag or not path.is_file() or (scaffold_for(lang) != SCAFFOLD or primary(lang) == "en"):
        return None
    table = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    return {key: " ".join(str(value).split()) for key, value in table.items()}


def from_skeleton(name: str, words: dict[str, str], values: dict[str, str]) -> str:
    """One file of the skeleton filled in: in YAML each example text is a quoted string (any
    words are safe there), in the source text as written; ``$date`` in them is the brief's date."""
    filled = {key: Template(text).safe_substitute(date=values["date"]) for key, text in words.items()}
    if name.endswith(".yaml"):
        filled = {key: json.dumps(text, ensure_ascii=False) for key, text in filled.items()}
    return Template((SKELETON / name).read_text(encoding="utf-8")).substitute({**filled, **values})


def with_translations(curation: str, lang: str) -> str:
    """The English example source's curation with a ``translation:`` under each quote, so that
    a brief in another language checks at once: the quote's meaning in the brief's language where
    the scaffold has it (``example-translations.yaml``), else the English words again, marked for
    the analyst to replace."""
    from ruamel.yaml import YAML

    table = YAML(typ="safe").load((SCAFFOLD / "example-translations.yaml").read_text(encoding="utf-8"))
    meanings = iter(table.get(catalogue_tag(lang) or "", []))
    quotes = iter(YAML(typ="safe").load(curation)["quotes"])
    lines = []
    for row in curation.splitlines(keepends=True):
        if row.startswith("    actors: ["):  # the line after each quote's text
            meaning = next(meanings, None)
            note = "" if meaning else f"  # write its meaning in {lang}"
            value = json.dumps(" ".join((meaning or next(quotes)["text"]).split()), ensure_ascii=False)
            lines.append(f"    translation: {value}{note}\n")
            if meaning:
                next(quotes)
        lines.append(row)
    return "".join(lines)


class FolderNotEmpty(Exception):
    """``init`` never overwrites: the folder exists and holds something."""


def init_brief(
    folder: Path, *, title: str = "New policy brief", lang: str = "en", today: dt.date | None = None
) -> list[Path]:
    """Write the scaffold into ``folder`` (created if missing); return the files written."""
    if not BCP47.fullmatch(lang) or len(lang) > LANG_CHARS:
        raise ValueError(f"--lang {lang!r} is not a language tag such as en, ko or zh-Hans")
    if not title.strip():
        raise ValueError("--title must not be empty")
    line(title, "--title", limit=PROPERTY_CHARS)  # what check allows in brief.yaml's title
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise FolderNotEmpty(f"{folder} is not an empty folder; init never overwrites")
    date = (today or dt.date.today()).isoformat()
    msgs = Messages(lang)
    comment = msgs("the brief’s language (BCP 47)")
    if "lang" in BriefMeta.model_fields:
        lang_line = f"lang: {lang}                          # {comment}"
    else:  # the format has no language field yet: keep the choice where the analyst sees it
        lang_line = f"# lang: {lang}  (the language of the brief; en is assumed for now)"
    values = {"title": json.dumps(title.strip(), ensure_ascii=False), "date": date, "lang_line": lang_line}
    words = examples_for(lang)
    written = []
    for name in FILES:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if words:  # the example in the brief's language, its source too
            text = from_skeleton(name, words, {**values, "source_lang": lang})
        else:
            text = Template((scaffold_for(lang) / name).read_text(encoding="utf-8")).substitute(values)
        if not words and name == EXAMPLE_SOURCE and scaffold_for(lang) == SCAFFOLD and primary(lang) != "en":
            text = with_translations(text, lang)
        target.write_bytes(text.encode("utf-8"))
        written.append(target)
    readme = folder / "README.md"
    readme.write_text(NEXT_STEPS.format(title=title.strip(), folder=folder), encoding="utf-8")
    return [*written, readme]
