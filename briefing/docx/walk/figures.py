"""Figures: an inline ``<svg>`` as a picture with its alt text, and numbered captions.

The picture is the SVG itself, in Word's ``asvg:svgBlip`` extension (Word 2016+ draws it, sharp
at any zoom), with a small palette PNG of the same drawing as the ``a:blip`` fallback for
readers without SVG support (LibreOffice before 7.x, older Word, most previews).

The SVG drawn is the one an HTML5 parser reads from the same document (:class:`briefing.walker.Page`).
"""

from __future__ import annotations

import base64
import io
import re
from typing import TYPE_CHECKING

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from docx.oxml.ns import qn
from docx.shared import Emu, Mm
from lxml import etree

from briefing.docx.oxml.fields import Field
from briefing.docx.word import styles as st
from briefing.errors import BriefingError
from briefing.walker.source import describe, fail, is_element, normalise, problem

if TYPE_CHECKING:
    from briefing.docx.walk.flow import Writer

FALLBACK_PPI = 150  # PNG pixels per inch of the picture's printed width: the fallback only
FALLBACK_COLOURS = 32  # a palette PNG: the chart has a handful of flat colours and their edges
SVG_BLIP_URI = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"  # the a:ext that carries asvg:svgBlip
ASVG_NS = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
SVG_CONTENT_TYPE = "image/svg+xml"
CAPTION_LABEL = re.compile(r"(\s*(Figure|Table)\s+)(\d+)(?=[.:\s])")
SVG_NS = "http://www.w3.org/2000/svg"
XMLNS_NS = "http://www.w3.org/2000/xmlns/"
TWIPS_PER_MM = 1440 / 25.4


def write_figure(w: Writer, element) -> None:
    svg, figcaption = None, None
    for child in element:
        if not is_element(child):
            continue
        if child.tag == "svg" and svg is None:
            svg = child
        elif child.tag == "figcaption" and figcaption is None:
            figcaption = child
        else:
            fail(child, f"{describe(child)} cannot stand in a figure")
    if normalise(element.text or "") or any(normalise(c.tail or "") for c in element):
        fail(element, "text directly inside <figure>")
    if svg is not None:
        w.bookmarks.want(svg)
        picture(w, svg, figcaption=figcaption)
    if figcaption is not None:
        caption(w, figcaption)


def caption(w: Writer, element):
    """A Caption paragraph; a leading "Figure N" / "Table N" becomes Word's own numbering
    (``SEQ Figure`` showing N), so Word's cross-references and lists of figures work."""
    w.bookmarks.want(element)
    group = w.inline_nodes(element)
    label = CAPTION_LABEL.match(group[0]) if group and isinstance(group[0], str) else None
    if label:
        number = Field(rf"SEQ {label.group(2)} \* ARABIC", label.group(3))
        group = [label.group(1), number, group[0][label.end() :], *group[1:]]
    return w.inline_paragraph(group, st.CAPTION)


def picture(w: Writer, svg, *, figcaption) -> None:
    """The SVG rasterised at the text width; its alt text is its aria-label, title or caption."""
    svgs = w.page.outermost_svgs()
    sources = w.page.svgs
    if len(svgs) != len(sources):
        fail(svg, "could not find the source of this <svg>")
    position = svgs.index(svg)
    width_mm = w.pages.text_width() / TWIPS_PER_MM
    source = sources[position].encode("utf-8")
    try:
        png = fallback_png(source, width_mm)
    except Exception as error:  # cairosvg raises what its parsers raise
        message = f"this <svg> could not be drawn: {error or type(error).__name__}"
        raise BriefingError([problem(svg, message)]) from None
    paragraph = w.paragraph(st.FIGURE)
    shape = paragraph.add_run().add_picture(io.BytesIO(png), width=Emu(Mm(width_mm)))
    _add_svg(w.document.part, shape._inline.graphic.graphicData.pic.blipFill.blip, source)
    alt = svg.get("aria-label") or ""
    if not alt:
        title = svg.find("title")
        alt = normalise(title.text_content()) if title is not None else ""
    if not alt and figcaption is not None:
        alt = normalise(figcaption.text_content())
    inline = shape._inline
    inline.docPr.set("descr", alt)
    inline.docPr.set("name", f"Figure {position + 1}")
    for c_nv_pr in inline.iter(qn("pic:cNvPr")):
        c_nv_pr.set("descr", alt)


def fallback_png(svg: bytes, width_mm: float) -> bytes:
    """The drawing as a palette PNG at :data:`FALLBACK_PPI` on white (a few dozen KB).

    Kept in briefing's cache by content: an unchanged figure is not drawn again, and a build
    that finds it there never imports cairosvg (a tenth of a second of C declarations).
    """
    from briefing.cache import stored

    settings = f"{width_mm:.3f}mm {FALLBACK_PPI}ppi {FALLBACK_COLOURS}".encode()
    return stored(
        "figure-png", settings + b"\0" + svg, lambda: _draw_png(svg, width_mm), ("cairosvg", "pillow")
    )


def _draw_png(svg: bytes, width_mm: float) -> bytes:
    import cairosvg
    from PIL import Image

    png = cairosvg.svg2png(
        bytestring=svg, output_width=round(width_mm / 25.4 * FALLBACK_PPI), background_color="white"
    )
    image = Image.open(io.BytesIO(png)).convert("RGB")
    palette = image.quantize(
        colors=FALLBACK_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
    )
    out = io.BytesIO()
    palette.save(out, "PNG", optimize=True)
    return out.getvalue()


def _add_svg(document_part, blip, svg: bytes) -> None:
    """Relate ``svg`` as an image part and name it in the blip's ``asvg:svgBlip`` extension."""
    package = document_part.package
    part = Part(package.next_partname("/word/media/image%d.svg"), SVG_CONTENT_TYPE, svg, package)
    rid = document_part.relate_to(part, RT.IMAGE)
    svg_blip = etree.SubElement(
        etree.SubElement(etree.SubElement(blip, qn("a:extLst")), qn("a:ext"), uri=SVG_BLIP_URI),
        f"{{{ASVG_NS}}}svgBlip",
        nsmap={"asvg": ASVG_NS},
    )
    svg_blip.set(qn("r:embed"), rid)


def logo(w: Writer, img) -> None:
    """``img.logo``: the theme's logo, carried in the HTML as a ``data:`` URI, at the theme's width."""
    head, _, data = (img.get("src") or "").partition(",")
    if not (head.startswith("data:image/") and head.endswith(";base64")):
        fail(img, "an <img> must carry its picture as a base64 data: URI")
    paragraph = w.paragraph(st.BODY)
    width = Emu(Mm(w.theme.brand.logo_width))
    shape = paragraph.add_run().add_picture(io.BytesIO(base64.b64decode(data)), width=width)
    shape._inline.docPr.set("descr", img.get("alt") or "")
    shape._inline.docPr.set("name", "Logo")
