"""The styles part (``word/styles.xml``): every style of :mod:`briefing.docx.word.styles` defined from
scratch, the document defaults, and nothing of python-docx's template left over."""

from __future__ import annotations

from docx.oxml.ns import qn

from briefing.docx import oxml as x
from briefing.docx.word import styles as st
from briefing.docx.word.language import default_east_asian, document_lang
from briefing.docx.word.styles import specs
from briefing.theme import THEME, Theme

# Word's own styles: their style IDs (what python-docx would derive from the name is not always
# Word's: "toc 1" would become "toc1"). Styles not listed here are the brief's own (customStyle).
BUILTIN_IDS = {
    "Normal": "Normal",
    st.TITLE: "Title",
    st.SUBTITLE: "Subtitle",
    **{name: f"Heading{level}" for level, name in st.HEADING.items()},
    st.TOC_HEADING: "TOCHeading",
    **{name: f"TOC{level}" for level, name in st.TOC.items()},
    st.BODY: "BodyText",
    st.LIST_BULLET: "ListBullet",
    st.LIST_NUMBER: "ListNumber",
    st.LIST_CONTINUE: "ListContinue",
    st.QUOTE: "Quote",
    st.CAPTION: "Caption",
    st.FOOTNOTE_TEXT: "FootnoteText",
    st.HEADER: "Header",
    st.FOOTER: "Footer",
    st.FOOTNOTE_REFERENCE: "FootnoteReference",
    st.HYPERLINK: "Hyperlink",
    st.STRONG: "Strong",
}
# Styles an editor applies by hand: the only ones in Word's Quick Styles gallery (w:qFormat).
# Normal stays there too, as in every Word document: it is the style "Clear Formatting" gives.
QUICK_STYLES = frozenset(
    {
        "Normal",
        st.TITLE,
        st.SUBTITLE,
        *st.HEADING.values(),
        st.ACTOR_HEADING,
        st.BODY,
        st.LEDE,
        st.PULL_QUOTE,
        st.ATTRIBUTION,
        st.CAPTION,
        st.LIST_BULLET,
        st.LIST_NUMBER,
        st.NOTE,
        st.REFERENCE,
    }
)


def install(
    document, *, theme: Theme = THEME, text_width: int, language: str = "", reference: bool = False
) -> dict[str, str]:
    """Define every style in ``document`` and delete the template's others; returns name → id.

    With ``reference`` (the organisation's template, :mod:`.reference`) the template's styles,
    defaults and fonts stay as they are: only the styles it lacks are added, without fonts of
    their own, so they take the template's through their ``basedOn``.
    """
    styles = document.styles
    ids: dict[str, str] = {}
    theirs = {s.name for s in styles} if reference else set()
    if not reference:
        _doc_defaults(styles.element, theme, language)
    all_specs = specs(theme, text_width)
    for spec in all_specs:  # first create them all: styles name each other
        builtin = spec.name in BUILTIN_IDS
        if spec.name in theirs:
            continue
        if spec.name not in styles:
            styles.add_style(spec.name, spec.kind, builtin=builtin)
        style = styles[spec.name]
        if builtin:  # Word's ID (python-docx's template and add_style don't always use it)
            style.element.set(qn("w:styleId"), BUILTIN_IDS[spec.name])
            style.element.attrib.pop(qn("w:customStyle"), None)
    for spec in all_specs:
        style = styles[spec.name]
        ids[spec.name] = style.style_id
        if spec.name in theirs:
            continue
        element = style.element
        x.remove(element, "link", "next", "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr")
        if spec.based_on:
            style.base_style = styles[spec.based_on]
        if spec.next:
            style.next_paragraph_style = styles[spec.next]
        if spec.ppr:
            x.put(element, x.box("w:pPr", spec.ppr))
        rpr = [p for p in spec.rpr if not (reference and p.tag == qn("w:rFonts"))]
        if rpr:
            x.put(element, x.box("w:rPr", rpr))
        if spec.extra:
            spec.extra(element)
        style.hidden = False
        style.unhide_when_used = False
        if spec.priority is not None:
            style.priority = spec.priority
        style.quick_style = spec.name in QUICK_STYLES
    if not reference:
        _drop_unused(styles.element, set(ids.values()))
        for style in styles:
            style.quick_style = style.name in QUICK_STYLES
    return ids


def _drop_unused(styles_element, style_ids: set[str]) -> None:
    """Delete the template's styles the brief does not define (Word's defaults stay: every
    document has Default Paragraph Font, Normal Table and No List)."""
    for style in styles_element.style_lst:
        if style.get(qn("w:default")) not in ("1", "true") and style.get(qn("w:styleId")) not in style_ids:
            styles_element.remove(style)


def _doc_defaults(styles_element, theme: Theme, language: str) -> None:
    """Fonts, size and language for everything, including text Word adds later.

    Spacing is Normal's alone: every paragraph style derives from it.
    """
    f, z = theme.fonts, theme.sizes
    defaults = styles_element.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = x.el("w:docDefaults")
        styles_element.insert(0, defaults)
    for child in list(defaults):
        defaults.remove(child)
    rpr = x.el(
        "w:rPr",
        None,
        x.fonts(f.docx_serif, default_east_asian(language, theme)[1]),
        *x.size(z.body),
        document_lang(language, theme),
    )
    defaults.append(x.el("w:rPrDefault", None, rpr))
    defaults.append(x.el("w:pPrDefault", None, x.el("w:pPr")))
