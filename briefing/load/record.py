"""What ``briefing new-source`` records in a curation file, checked: TODO markers, the SHA-256s
and the values it guessed.

A scaffolded source is reported as incomplete, naming each field still marked TODO, instead
of the schema errors its placeholders would raise. A recorded ``sha256`` must still match the
text: the source of record is never edited. A ``URL`` the text does not give must be the one
new-source read the text from (``url_sha256``). Each value under ``unconfirmed:`` is a warning
until the analyst confirms it and deletes its line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from briefing.errors import Problem
from briefing.load.yamlfile import YamlFile, field_name, strings

MARK = "TODO"


def curation_todos(text_name: str, source_id: str, q: Callable[[str], str]) -> list[str]:
    """The curation's summary and quotes as TODO lines, the same from ``new-source`` and
    ``import-refs``; :func:`incomplete` names each until the analyst writes it. ``q`` quotes a
    YAML scalar."""
    return [
        f"summary: {q('TODO: 80–150 words in your own words, neutral, keeping the source’s hedges')}",
        f"quotes:  # 3–6 excerpts copied verbatim from {text_name}, each with its locator",
        f"  - id: {q(f'TODO: an id unique in the brief, e.g. {source_id}-topic')}",
        f"    text: {q(f'TODO: paste an excerpt of {text_name}, word for word')}",
        f"    actors: [{q('TODO: the ids of the actors it speaks to')}]",
        f"    why: {q('TODO: one line on why it matters for the comparison')}",
        "# positions:   # optional: what this source attributes to each actor, cited",
        f"#   actor-id: ... [@{source_id}]",
    ]


def incomplete(doc: YamlFile, text: str | None = None) -> list[Problem]:
    """A headline naming every field still marked TODO, then one located line per field.

    ``text``: the name of a source text not there yet (``import-refs`` writes the curation
    first), named first among what is left to do."""
    todo = [(loc, text.strip()) for loc, text in strings(doc.data) if text.lstrip().startswith(MARK)]
    if not todo:
        return []
    fields = ", ".join(([f"the text {text}"] if text else []) + [field_name(loc) for loc, _ in todo])
    problems = [Problem(doc.path, 0, 0, "", f"source is incomplete; still TODO: {fields}")]
    if text:
        save = f"still TODO: save the source text, byte for byte, as {text}"
        problems.append(Problem(doc.path, 1, 1, "", save))
    for loc, text in todo:
        what = text[len(MARK) :].lstrip(" :—-").strip()
        problems.append(doc.problem(loc, f"still TODO: {what}" if what else "still TODO"))
    return problems


def check_sha256(doc: YamlFile, data: bytes, text_name: str) -> list[Problem]:
    """The text is the one that was added: its SHA-256 is the one recorded, if one was."""
    recorded = doc.data.get("sha256") if isinstance(doc.data, dict) else None
    if not isinstance(recorded, str) or hashlib.sha256(data).hexdigest() == recorded.lower():
        return []
    return [doc.problem(("sha256",), f"{text_name} has changed since it was added (SHA-256 differs)")]


def url_seal(url: str, data: bytes) -> str:
    """``url_sha256``: new-source's record that it read these bytes from ``url``."""
    return hashlib.sha256(url.encode("utf-8") + b"\n" + data).hexdigest()


def check_url_record(doc: YamlFile, key: str, url: str, data: bytes, text_name: str) -> list[Problem]:
    """A URL the text never gives is the one new-source read the text from, or an error:
    ``accessed:`` alone no longer vouches for it."""
    recorded = doc.data.get("url_sha256")
    if isinstance(recorded, str) and recorded.lower() == url_seal(url, data):
        return []
    if isinstance(recorded, str):
        why = f"is not the URL new-source read {text_name} from (url_sha256 differs)"
    else:
        why = f"does not appear in {text_name}, and new-source did not read it from there (no url_sha256)"
    return [doc.problem((key,), f"{why}; give a URL only where the text gives it or new-source fetched it")]


def check_unconfirmed(doc: YamlFile) -> list[Problem]:
    """One warning per value new-source guessed that the analyst has not confirmed yet."""
    guessed = doc.data.get("unconfirmed") if isinstance(doc.data, dict) else None
    warnings = []
    for key, where in guessed.items() if isinstance(guessed, dict) else ():
        line, col = doc.locate(("unconfirmed", key))
        message = f"warning: guessed by new-source from {where}; confirm {key}, then delete this line"
        warnings.append(Problem(doc.path, line, col, f"unconfirmed.{key}", message))
    return warnings
