"""What ``briefing new-source`` records in a curation file, checked: TODO markers and the SHA-256.

A scaffolded source is reported as incomplete, naming each field still marked TODO, instead
of the schema errors its placeholders would raise. A recorded ``sha256`` must still match the
text: the source of record is never edited.
"""

from __future__ import annotations

import hashlib

from briefing.errors import Problem
from briefing.load.yamlfile import YamlFile, field_name, strings

MARK = "TODO"


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
