"""``labels:`` and the catalogues, as check reads them (briefing/load/labels.py): a label keeps its
message's placeholders, a key that is no message is a warning, and the words a catalogue does not
translate are named. Each line compared whole, on the mini (English), French and Japanese briefs."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import MINI, edit, failures, located, warnings_of

from briefing.catalogue import catalogue, message_ids

pytestmark = pytest.mark.load

KEEP = "the label must keep the message's placeholders"


def _labels(brief: Path, *lines: str) -> None:
    edit(brief / "brief.yaml", "date: 2021-03-02", "date: 2021-03-02\nlabels:\n" + "".join(f"  {line}\n" for line in lines))


def _copy(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    shutil.copytree(MINI.parent / name, folder)
    return folder


@pytest.mark.parametrize(
    ("label", "message"),
    [
        ('"Issued %(date)s": "Émis"', f"{KEEP} (%(date)s)"),  # dropped
        ('"Issued %(date)s": "発行 %(day)s"', f"{KEEP} (%(date)s)"),  # another name
        ('"Issued %(date)s": "Émis %(date)s à 100 %"', f"{KEEP} (%(date)s); write a literal % as %%"),  # a bare %
        ('"Contents": "Sommaire %(date)s"', f"{KEEP} (none)"),  # one the message has not
        ('"URL: %(url)s, retrieved %(date)s.": "Lien : %(url)s."', f"{KEEP} (%(date)s, %(url)s)"),  # all named
    ],
)
def test_a_label_must_keep_its_messages_placeholders(mini, label, message):
    _labels(mini, label)
    key, value = label.removeprefix('"').split('": ', 1)
    assert failures(mini) == [located(mini, "brief.yaml", label, f"labels.{key}", message, at=value)]


def test_a_label_with_its_placeholders_or_a_percent_sign_where_none_is_filled_passes(mini):
    _labels(mini, '"Issued %(date)s": "Émis le %(date)s"', '"Contents": "100 % du sommaire"')
    assert warnings_of(mini) == []


def test_a_key_that_is_no_message_is_a_warning_with_the_nearest_message(mini):
    _labels(mini, "Key judgements: Findings", "Zzqx: y")
    assert warnings_of(mini) == [
        located(mini, "brief.yaml", "Key judgements:", "labels.Key judgements",
                'warning: not one of the tool\'s messages — did you mean "Key judgments"?'),
        located(mini, "brief.yaml", "Zzqx:", "labels.Zzqx", "warning: not one of the tool's messages"),
    ]


def test_a_language_without_a_catalogue_prints_the_tools_words_in_english(tmp_path):
    brief = _copy(tmp_path, "fr")  # tagged Portuguese, brief and source alike: no catalogue for pt
    edit(brief / "sources" / "martin-2025.yaml", "lang: fr", "lang: pt")
    edit(brief / "brief.yaml", "lang: fr", "lang: pt\nlabels:\n  Key judgements: Juízos")
    assert warnings_of(brief) == [
        located(brief, "brief.yaml", "Key judgements:", "labels.Key judgements",
                'warning: not one of the tool\'s messages — did you mean "Key judgments"?'),
        located(brief, "brief.yaml", "lang: pt", "lang",
                "warning: no catalogue for pt; the tool's words print in English (translate them under labels:, "
                "or add a catalogue: docs/languages.md)", at="pt"),
    ]


@pytest.mark.parametrize("missing", [1, 3, 4, 6])
def test_a_partial_catalogue_names_what_prints_in_english(tmp_path, monkeypatch, missing):
    """Three messages are named, the rest counted; a label translates one the catalogue lacks."""
    lacking = [m for m in message_ids() if m not in ("Contents", "References")][:missing]
    table = {k: v for k, v in catalogue("fr").items() if k not in (*lacking, "References")}
    monkeypatch.setattr("briefing.catalogue.catalogue", lambda tag: table if tag == "fr" else {})
    brief = _copy(tmp_path, "fr")
    edit(brief / "brief.yaml", "lang: fr", "lang: fr\nlabels:\n  References: Sources")
    names = "; ".join(f'"{m}"' for m in lacking[:3]) + (f" and {missing - 3} more" if missing > 3 else "")
    assert warnings_of(brief) == [
        located(brief, "brief.yaml", "lang: fr", "lang",
                f"warning: {missing} of the tool's messages have no fr translation and print in English: "
                f"{names} (translate them under labels:)", at="fr")
    ]


def test_a_translated_brief_with_a_label_has_no_warning(tmp_path):
    brief = _copy(tmp_path, "ja")
    edit(brief / "brief.yaml", "lang: ja", "lang: ja\nlabels:\n  Contents: 目次\n  \"Issued %(date)s\": \"%(date)s 発行\"")
    assert warnings_of(brief) == []
    assert warnings_of(MINI) == []  # English: every message is its own words


def test_a_literal_percent_sign_written_as_the_message_says_passes_and_prints_once(mini):
    """The advice "write a literal % as %%" can be followed: %% is one percent sign, not a bare
    one after another; the brief then shows a single %."""
    from briefing.catalogue import Messages
    from briefing.load import load_brief

    _labels(mini, '"Issued %(date)s": "Émis le %(date)s, à 100 %%"')
    assert warnings_of(mini) == []  # and no problem: warnings_of loads the brief
    brief = load_brief(mini)
    shown = Messages(brief.lang, brief.labels)("Issued %(date)s", date="2 mars 2021")
    assert shown == "Émis le 2 mars 2021, à 100 %"
