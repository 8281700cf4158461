"""The element vocabulary: what the templates may emit and the DOCX writer must understand.

The Jinja templates and the Markdown renderer produce only the elements and classes below.
The DOCX writer (``briefing.docx``) maps each to a named Word style and treats anything else as
an error naming the element and the template it came from, so the two outputs cannot drift.

Block elements (→ Word paragraph style):
  header.masthead        container of the first-page masthead
    p.handling           handling marking          → "Handling"
    h1.title             brief title               → Title
    p.subtitle           subtitle                  → Subtitle
    p.meta               date and audience line    → "Meta"
  nav.toc                table of contents         → a Word TOC field (its links are not copied);
                         ``data-break-before="page"`` puts it on a new page (``contents: page-2``)
  body[data-page-label]  the page label, "Page {page} of {pages}" → footer with PAGE and NUMPAGES fields
  body[data-attached]    the e-mail's word before its attachments ("Attached:"), in the brief's language
  section                a part of the brief; ``data-template`` names its partial;
                         ``data-page="landscape"`` puts it on landscape pages of its own (a Word
                         section), ``data-break-before="page"`` starts it on a new page
  h2                     section heading           → Heading 1
  h3                     sub-section heading       → Heading 2
  section.actor > h3     actor heading             → "Actor Heading" (based on Heading 2; TOC level 2)
  h4                     minor heading             → Heading 3
  p                      body paragraph            → Normal (Body Text)
  p.lede                 opening paragraph         → "Lede"
  p.reference            full bibliographic entry  → "Reference"
  p.note                 editorial note            → "Note"
  ul / ol > li           lists                     → List Bullet / List Number (real numbering)
  ol.judgments > li      key judgments             → List Number
  ul.legend > li         stance legend (label + meaning) → "Legend"
  p.legend               the same legend run on in one paragraph (a dense matrix) → "Legend"
  ol.references > li     references (id=ref-…)     → "Reference", with a bookmark
  blockquote.pullquote   pull-quote (id=q-…)
    p                    quoted text               → "Pull Quote"
    p.attribution        who said it, where        → "Quote Attribution"
  table.matrix           actor × issue matrix      → table style "Stance Matrix"
    caption              table caption             → Caption
    thead/tbody/tr       rows (header row repeats; rows never split)
    th                   header or row-head cell
    td.stance-<id>       a cell, shaded by stance (theme colour) with its label in text
  figure.chart           a figure drawn from data
    svg (role=img, aria-label = alt text)  → PNG picture with that alt text
    figcaption           caption                   → Caption
  img.logo               the theme's logo atop the masthead (a data: URI) → a picture, theme.brand width
  div.keep               groups blocks that should stay together (no Word equivalent needed)

Inline elements (→ Word runs):
  em, strong             italic, bold
  a[href^="#"]           internal link             → hyperlink to a bookmark
  a[href^="http"]        external link             → hyperlink
  a.cite                 link from a footnote to its reference
  a.pageref              a link to a section; the PDF adds its page ("Russia (p. 5)")
  span.footnote          a citation                → a real Word footnote (its content)
  span.confidence        key-judgment confidence   → bold small caps run
  span.stance-label      stance symbol and label   → bold run
  span.symbol            a stance symbol in the legend
  span.phrase            a verified quoted phrase, its marks included (data-provenance: where its
                         words were found; lang: its source's, when not the brief's) → its runs;
                         the PDF lays the text out without it (html/phrase_spans.py)
  span.field[data-field] a field's text, by its path in brief.yaml or sources/<id>.yaml:path (also
                         on p[data-field] and a tight list's li[data-field], with data-part, its
                         paragraph number) → a hidden Word bookmark, which ``briefing absorb``
                         reads to bring Word edits back to the field
  span.lang[lang]        words in another language than the brief's (a source's title, name,
                         outlet); any element may carry ``lang`` for the same reason, and ``dir``
                         when its words run the other way (Word: LRE or RLE … PDF around them)
  span.dir[dir]          an item of a note whose script runs the other way than the brief's (a
                         Latin reference in an Arabic note), language unknown
  [data-fill]            a stance's resolved fill (bare hex) on td.stance-* and its legend label
  [data-provenance]      where a pull-quote's or a phrase's words were found, or the sources behind
                         a matrix cell's coding, or a source's production notes (on its p.reference
                         in the source notes): a Word comment under ``build --review``, else unused
  br                     line break
"""

from __future__ import annotations

BLOCKS: dict[str, set[str]] = {
    "header": {"masthead"},
    "nav": {"toc"},
    "section": {"", "actor", "source"},
    "h1": {"title"},
    "h2": {""},
    "h3": {""},
    "h4": {""},
    "p": {"", "handling", "subtitle", "meta", "lede", "reference", "note", "attribution", "legend"},
    "ul": {"", "indicators", "legend"},
    "ol": {"", "judgments", "references"},
    "li": {""},
    "blockquote": {"pullquote"},
    "table": {"matrix"},
    "caption": {""},
    "thead": {""},
    "tbody": {""},
    "tr": {""},
    "th": {""},
    "td": {"stance-*"},  # every cell carries its stance
    "figure": {"chart"},
    "figcaption": {""},
    "svg": {""},
    "div": {"keep"},
    "img": {"logo"},
}

INLINES: dict[str, set[str]] = {
    "em": {""},
    "strong": {""},
    "a": {"", "cite", "pageref"},
    "span": {
        *("lang", "dir", "phrase", "footnote", "confidence", "confidence-*", "stance-label", "symbol"),
        *("stance-*", "field"),
    },
    "br": {""},
}


def allowed(tag: str, classes: list[str]) -> bool:
    """True if ``tag`` with these classes belongs to the vocabulary."""
    known = BLOCKS.get(tag) or INLINES.get(tag)
    if known is None:
        return False
    if not classes:
        return "" in known
    return all(c in known or any(k.endswith("*") and c.startswith(k[:-1]) for k in known) for c in classes)
