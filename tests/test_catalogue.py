"""The tool's own words come from gettext catalogues: complete, current, overridable, checked."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po
from conftest import ROOT, edit

from briefing.catalogue import LOCALE_DIR, Messages, catalogue, catalogue_tag, message_ids, shipped
from briefing.html.render import render_html
from briefing.load import load_brief

SHIPPED = ["ar", "de", "en", "es", "fr", "ja", "ko", "ru", "zh-Hans", "zh-Hant"]
PLACEHOLDER = re.compile(r"%\(\w+\)s|\{\w+\}")


def test_the_ten_languages_are_shipped():
    assert shipped() == SHIPPED


def test_the_template_holds_every_message_the_code_and_templates_use(tmp_path):
    """scripts/messages.sh re-extracts to the same ids: no string was added without the catalogue."""
    out = tmp_path / "briefing.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg", "-o", str(out),
         "--no-location", "--omit-header", "-k", "N_", "-k", "msgs", "."],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    with out.open("rb") as fh:
        extracted = {m.id for m in read_po(fh) if m.id}
    assert extracted == set(message_ids())
    assert {"Contents", "Page {page} of {pages}", "Not addressed", "Attached:", "High confidence"} <= extracted


@pytest.mark.parametrize("tag", SHIPPED)
def test_every_shipped_catalogue_translates_every_message_with_its_placeholders(tag):
    table = catalogue(tag)
    assert set(table) == set(message_ids()), f"{tag} lacks {set(message_ids()) - set(table)}"
    for msgid, msgstr in table.items():
        assert sorted(PLACEHOLDER.findall(msgstr)) == sorted(PLACEHOLDER.findall(msgid)), (tag, msgid)
        if tag != "en" and (tag, msgid) not in {("fr", "Position."), ("fr", "Figure %(number)s.")}:
            assert msgstr != msgid, (tag, msgid)  # translated, not copied


@pytest.mark.parametrize(
    ("lang", "tag"),
    [("fr-CA", "fr"), ("zh-TW", "zh-Hant"), ("zh-HK", "zh-Hant"), ("zh", "zh-Hans"), ("zh-CN", "zh-Hans"),
     ("en-GB", "en"), ("ar-EG", "ar"), ("pt-BR", None), ("tlh", None)],
)  # fmt: skip
def test_a_briefs_language_finds_its_catalogue(lang, tag):
    assert catalogue_tag(lang) == tag


def test_labels_come_first_then_the_catalogue_then_english():
    msgs = Messages("fr", {"Key judgments": "Nos jugements"})
    assert msgs("Key judgments") == "Nos jugements"
    assert msgs("Contents") == catalogue("fr")["Contents"] != "Contents"
    assert msgs("Not a message") == "Not a message" and msgs.missing == {"Not a message"}
    assert Messages("pt")("Contents") == "Contents"


def test_a_label_overrides_the_built_in_words_in_the_brief(mini):
    edit(mini / "brief.yaml", "date: 2021-03-02", 'date: 2021-03-02\nlabels:\n  Key judgments: Findings\n'
         '  "Issued %(date)s": "Dated %(date)s"\n  Page {page} of {pages}: "p. {page}/{pages}"')  # fmt: skip
    html = render_html(load_brief(mini))
    assert "<h2>Findings</h2>" in html and "Key judgments" not in html
    assert "Dated 2 March 2021" in html and 'data-page-label="p. {page}/{pages}"' in html


def test_a_label_is_text_not_markup(mini):
    edit(mini / "brief.yaml", "date: 2021-03-02", 'date: 2021-03-02\nlabels:\n  Contents: "<b>Sommaire</b>"\n'
         '  "Page {page} of {pages}": "</style><b>x</b>\\" {page}"')  # fmt: skip
    html = render_html(load_brief(mini))
    assert "&lt;b&gt;Sommaire&lt;/b&gt;" in html and "<b>" not in html
    assert "</style><b>" not in html


def test_catalogues_are_plain_po_files_beside_the_package():
    for tag in SHIPPED:
        assert (LOCALE_DIR / tag / "LC_MESSAGES" / "briefing.po").is_file()


def test_init_writes_its_example_in_french_where_one_is_written(tmp_path):
    from briefing.workflow.init import init_brief

    init_brief(tmp_path / "fr", title="Essai", lang="fr-CA")
    text = (tmp_path / "fr" / "brief.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Une nouvelle note, créée par `briefing init`.")
    assert "lang: fr-CA" in text and "# la langue de la note (BCP 47)" in text
    assert "Pression" in text and "Pressure" not in text
    html = render_html(load_brief(tmp_path / "fr"))  # it checks and renders, in French
    assert "<h2>Jugements clés</h2>" in html
    init_brief(tmp_path / "ja", title="試験", lang="ja")  # the Japanese example, English comments
    text = (tmp_path / "ja" / "brief.yaml").read_text(encoding="utf-8")
    assert "# ブリーフの言語（BCP 47）" in text and text.startswith("# A new brief")
    assert '"アクターA"' in text and "Actor A" not in text
