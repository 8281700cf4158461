"""``labels:`` and the catalogues: the tool's words in the brief's language, checked before a build.

A label overrides one of the tool's messages, keyed by its English text. Its placeholders
(``%(date)s``) must be the message's own, or the build could not fill them in; a key that is no
message of the tool is probably a typo. A message neither the catalogue nor ``labels:`` gives
prints in English: ``check`` says which, so the analyst can translate it under ``labels:``.
"""

from __future__ import annotations

import re
from difflib import get_close_matches

from briefing.catalogue import Messages, message_ids
from briefing.errors import Problem
from briefing.load.yamlfile import YamlFile

_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
_PERCENT = re.compile(r"%%|%\(\w+\)s|%")  # read left to right: "%%" is one literal percent sign
SHOWN = 3  # untranslated messages named in the warning; the rest are counted


def placeholders(text: str) -> set[str]:
    return set(_PLACEHOLDER.findall(text))


def check_labels(doc: YamlFile, lang: str, labels: dict[str, str]) -> tuple[list[Problem], list[Problem]]:
    """Problems (a label that cannot be filled in) and warnings (an unknown key, English left)."""
    problems: list[Problem] = []
    warnings: list[Problem] = []
    known = message_ids()
    for key, value in labels.items():
        loc = ("labels", key)
        if key not in known:
            hint = get_close_matches(key, known, n=1, cutoff=0.6)
            tail = f' — did you mean "{hint[0]}"?' if hint else ""
            warnings.append(doc.problem(loc, f"warning: not one of the tool's messages{tail}", key=True))
            continue
        wanted, given = placeholders(key), placeholders(value)
        stray = bool(wanted) and any(m.group() == "%" for m in _PERCENT.finditer(value))
        if given != wanted or stray:
            shown = ", ".join(f"%({p})s" for p in sorted(wanted)) or "none"
            tail = "; write a literal % as %%" if stray else ""
            message = f"the label must keep the message's placeholders ({shown}){tail}"
            problems.append(doc.problem(loc, message))
    msgs = Messages(lang, labels)
    if msgs.tag is None:
        message = (
            f"warning: no catalogue for {lang}; the tool's words print in English (translate them "
            "under labels:, or add a catalogue: docs/languages.md)"
        )
        warnings.append(doc.problem(("lang",), message))
        return problems, warnings
    untranslated = [m for m in known if m not in msgs.table and m not in labels and msgs.tag != "en"]
    if untranslated:
        names = "; ".join(f'"{m}"' for m in untranslated[:SHOWN])
        more = f" and {len(untranslated) - SHOWN} more" if len(untranslated) > SHOWN else ""
        message = (
            f"warning: {len(untranslated)} of the tool's messages have no {msgs.tag} translation and "
            f"print in English: {names}{more} (translate them under labels:)"
        )
        warnings.append(doc.problem(("lang",), message))
    return problems, warnings
