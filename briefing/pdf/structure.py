"""The written PDF's structure tree put in the order and shape a screen reader needs (pikepdf).

WeasyPrint tags page by page, so what it writes is right per page but not as a whole: an element
that runs over a page break becomes two, footnotes sit at the foot of each page's elements,
a contents entry is three nested links (the text, the leader, the page number), and the running
header and footer are marked content that belongs to nothing. :func:`restructure` fixes that on
the file, using the private keys :mod:`briefing.pdf.tagging` left on each element:

- running header/footer and dotted leaders become ``/Artifact`` in the content streams;
- nested links become one link (one annotation, its rectangle the union of theirs);
- each note moves to just after the paragraph that calls it, and the call becomes a link to it;
  under PDF 2.0 (PDF/UA-2) a note is an ``FENote`` and its call refers to it with ``/Ref``;
- the pieces of one element split at page breaks are joined again (a section is one ``Sect``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pikepdf
from pikepdf import Array, Dictionary, Name

PRIVATE = ("/BriefingKey", "/BriefingArtifact", "/BriefingCall", "/BriefingRect")
BLOCKS = {"/P", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6", "/Caption"}
CONTAINERS = {"/LBody", "/TD", "/TH", "/BlockQuote", "/Sect", "/Div", "/Art", "/Part", "/Document"}
PX = 0.75  # WeasyPrint's CSS pixel in PDF points (its page matrix at zoom 1)
_BDC = re.compile(rb"/(\w+)\s*<</MCID (\d+)>>\s*BDC")
PAGINATION = b"/Artifact <</Type /Pagination>> BDC"


class Tree:
    """The structure tree with the two indexes every step needs: parents and the ParentTree."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self.root = pdf.Root.StructTreeRoot
        self.pages = {page.objgen: n for n, page in enumerate(pdf.pages)}
        nums = self.root.ParentTree.Nums
        self.marked: dict[int, Array] = {}  # page index → MCID → element
        self.annots: dict[int, pikepdf.Object] = {}  # StructParent → element
        for key, value in zip(nums[::2], nums[1::2], strict=True):
            if int(key) < len(pdf.pages) and isinstance(value, Array):
                self.marked[int(key)] = value
            else:
                self.annots[int(key)] = value

    def kids(self, element: pikepdf.Object) -> list[pikepdf.Object]:
        kids = element.get("/K")
        if kids is None:
            return []
        return list(kids) if isinstance(kids, Array) else [kids]

    def set_kids(self, element: pikepdf.Object, kids: list[pikepdf.Object]) -> None:
        element.K = Array(kids)
        for kid in kids:
            if _is_element(kid):
                kid.P = element

    def walk(self, element: pikepdf.Object | None = None) -> Iterator[pikepdf.Object]:
        """Every structure element under ``element`` (the root by default), in document order."""
        for kid in self.kids(element if element is not None else self.root):
            if _is_element(kid):
                yield kid
                yield from self.walk(kid)

    def page_of(self, element: pikepdf.Object) -> int:
        return self.pages[element.Pg.objgen]

    def move_mcids(
        self, source: pikepdf.Object, target: pikepdf.Object, kid: pikepdf.Object
    ) -> pikepdf.Object:
        """A marked-content kid of ``source`` as a kid of ``target``: the ParentTree follows it."""
        if isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
            page, mcid = self.pages[kid.Pg.objgen], int(kid.MCID)
        elif isinstance(kid, int | pikepdf.Object) and not isinstance(kid, Dictionary):
            page, mcid = self.page_of(source), int(kid)
            if page != self.page_of(target):
                kid = Dictionary(Type=Name.MCR, Pg=source.Pg, MCID=mcid)
        else:
            return kid
        self.marked[page][mcid] = target
        return kid


def _remove(tree: Tree, parent: pikepdf.Object, element: pikepdf.Object) -> None:
    tree.set_kids(parent, [k for k in tree.kids(parent) if not _same(k, element)])


def _same(a: object, b: object) -> bool:
    return isinstance(a, Dictionary) and isinstance(b, Dictionary) and a.objgen == b.objgen


def _is_element(kid: object) -> bool:
    return isinstance(kid, Dictionary) and "/S" in kid


def _mcids(tree: Tree, element: pikepdf.Object) -> Iterator[tuple[int, int]]:
    """(page, MCID) of all content under ``element``."""
    for kid in tree.kids(element):
        if _is_element(kid):
            yield from _mcids(tree, kid)
        elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
            yield tree.pages[kid.Pg.objgen], int(kid.MCID)
        elif not isinstance(kid, Dictionary):
            yield tree.page_of(element), int(kid)


def _annotations(tree: Tree, element: pikepdf.Object) -> Iterator[pikepdf.Object]:
    for kid in tree.kids(element):
        if isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR:
            yield kid.Obj
        elif _is_element(kid):
            yield from _annotations(tree, kid)


def _drop_annotation(tree: Tree, annotation: pikepdf.Object) -> None:
    for page in tree.pdf.pages:
        annots = page.obj.get("/Annots")
        if annots is not None:
            kept = [a for a in annots if a.objgen != annotation.objgen]
            if len(kept) != len(annots):
                page.obj.Annots = Array(kept)
    if "/StructParent" in annotation:
        tree.annots.pop(int(annotation.StructParent), None)


def artifacts(tree: Tree) -> None:
    """Running heads (marked content attached to no element) and leaders become artifacts."""
    everything = list(tree.walk())
    reachable = {element.objgen for element in everything}
    gone: dict[int, set[int]] = {}
    for page, elements in tree.marked.items():
        for mcid, element in enumerate(elements):
            if isinstance(element, Dictionary) and element.objgen not in reachable:
                gone.setdefault(page, set()).add(mcid)
    for element in everything:
        if "/BriefingArtifact" in element:
            for page, mcid in _mcids(tree, element):
                gone.setdefault(page, set()).add(mcid)
            for annotation in _annotations(tree, element):
                _drop_annotation(tree, annotation)
            parent = element.P
            _remove(tree, parent, element)
    for page, mcids in gone.items():
        for mcid in mcids:
            tree.marked[page][mcid] = pikepdf.Object.parse(b"null")
        contents = tree.pdf.pages[page].obj.Contents
        streams = list(contents) if isinstance(contents, Array) else [contents]
        for stream in streams:
            data = stream.read_bytes()
            new = _BDC.sub(lambda m, mcids=mcids: PAGINATION if int(m[2]) in mcids else m[0], data)
            if new != data:
                stream.write(new)


def links(tree: Tree) -> None:
    """One link, one annotation: what WeasyPrint links again inside a link (a contents entry's
    leader and page number, a span of another language in a citation) becomes part of it."""
    for element in list(tree.walk()):
        if element.get("/S") != Name.Link or _inside_link(element):
            continue
        outer = next(_annotations_here(tree, element), None)
        kids: list[pikepdf.Object] = []
        _flatten(tree, element, element, outer, kids)
        tree.set_kids(element, kids)


def _inside_link(element: pikepdf.Object) -> bool:
    parent = element.get("/P")
    while parent is not None and "/S" in parent:
        if Name.Link == parent.S:
            return True
        parent = parent.get("/P")
    return False


def _annotations_here(tree: Tree, element: pikepdf.Object) -> Iterator[pikepdf.Object]:
    for kid in tree.kids(element):
        if isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR:
            yield kid.Obj


def _flatten(tree: Tree, source, target, outer, kids: list) -> None:
    """``source``'s kids into ``kids`` for ``target``: inner links dissolve into it, and every
    annotation but ``target``'s own goes, its rectangle added to ``outer``'s."""
    for kid in tree.kids(source):
        if _is_element(kid) and Name.Link == kid.S:
            _flatten(tree, kid, target, outer, kids)
        elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR and source is not target:
            _absorb(tree, outer, kid.Obj)
        elif _is_element(kid):
            inner: list[pikepdf.Object] = []
            _flatten(tree, kid, kid, outer, inner)
            tree.set_kids(kid, [k for k in inner if not _is_objr(k)])
            for objr in (k for k in inner if _is_objr(k)):
                _absorb(tree, outer, objr.Obj)
            kids.append(kid)
        else:
            kids.append(tree.move_mcids(source, target, kid) if source is not target else kid)


def _is_objr(kid: object) -> bool:
    return isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR


def _absorb(tree: Tree, outer, annotation) -> None:
    if outer is not None and annotation.get("/Subtype") == Name.Link:
        outer.Rect = _union(outer.Rect, annotation.Rect)
    _drop_annotation(tree, annotation)


def _union(a: Array, b: Array) -> Array:
    a, b = [float(v) for v in a], [float(v) for v in b]
    return Array([min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])])


def notes(tree: Tree) -> None:
    """Each note after the paragraph that calls it, and each call a link to its note."""
    found: dict[str, list[pikepdf.Object]] = {}  # a note split over two pages has two pieces
    calls: list[pikepdf.Object] = []
    for element in tree.walk():
        if element.get("/S") == Name.Note and "/ID" in element:
            found.setdefault(str(element.ID), []).append(element)
        elif "/BriefingCall" in element:
            calls.append(element)
    areas = {}  # the footnote areas the notes leave
    for call in calls:
        pieces = found.pop(str(call.BriefingCall), [])
        for piece in pieces:
            areas[piece.P.objgen] = piece.P
            _remove(tree, piece.P, piece)
            _place(tree, call, piece)
        if pieces:
            _link_call(tree, call, pieces[0])
    for area in areas.values():
        if area.get("/S") == Name.NonStruct and not tree.kids(area) and "/BriefingKey" not in area:
            _remove(tree, area.P, area)


def fenotes(tree: Tree) -> None:
    """PDF 2.0 (PDF/UA-2): a note is an ``FENote`` of the PDF 2.0 namespace, its call ``/Ref``s it."""
    namespace = tree.root.Namespaces[0] if "/Namespaces" in tree.root else None
    found = {}
    for element in tree.walk():
        if element.get("/S") == Name.Note:
            element.S = Name.FENote
            if namespace is not None:
                element.NS = namespace
            found[str(element.ID)] = element
    for call in tree.walk():
        if "/BriefingCall" in call and str(call.BriefingCall) in found:
            call.Ref = Array([found[str(call.BriefingCall)]])


def _place(tree: Tree, call: pikepdf.Object, note: pikepdf.Object) -> None:
    """After the paragraph (or heading, caption) holding ``call`` and the notes already there; in a
    list item, cell or quotation without paragraphs, at the end of it."""
    block = call
    while block.P.get("/S") is not None and block.get("/S") not in BLOCKS | CONTAINERS:
        block = block.P
    if block.get("/S") in CONTAINERS or block.P.get("/S") is None:
        tree.set_kids(block, [*tree.kids(block), note])
        return
    siblings = tree.kids(block.P)
    index = next(i for i, k in enumerate(siblings) if _same(k, block)) + 1
    while index < len(siblings) and _is_element(siblings[index]) and Name.Note == siblings[index].S:
        index += 1
    tree.set_kids(block.P, [*siblings[:index], note, *siblings[index:]])


def _link_call(tree: Tree, call: pikepdf.Object, note: pikepdf.Object) -> None:
    page = tree.pdf.pages[tree.page_of(call)].obj
    top = float(page.MediaBox[3])
    x1, y1, x2, y2 = (float(v) for v in call.BriefingRect)
    note_page = tree.pdf.pages[tree.page_of(note)].obj
    key = max([*tree.marked, *tree.annots]) + 1
    annotation = tree.pdf.make_indirect(
        Dictionary(
            Type=Name.Annot,
            Subtype=Name.Link,
            Rect=Array([x1 * PX, top - y2 * PX, x2 * PX, top - y1 * PX]),
            Border=Array([0, 0, 0]),
            F=4,
            Contents=pikepdf.String(f"Note {str(note.ID).removeprefix('note-')}"),
            Dest=Array([note_page, Name.Fit]),
            StructParent=key,
        )
    )
    page.Annots = Array([*page.get("/Annots", Array()), annotation])
    tree.annots[key] = call
    call.S = Name.Link
    call.K = Array([*tree.kids(call), Dictionary(Type=Name.OBJR, Obj=annotation, Pg=page)])


def join(tree: Tree, element: pikepdf.Object | None = None) -> None:
    """Pieces of one HTML element next to each other (split at a page break) become one element."""
    if element is None:
        element = tree.root.K[0] if isinstance(tree.root.K, Array) else tree.root.K
    kids = tree.kids(element)
    joined: list[pikepdf.Object] = []
    for kid in kids:
        last = joined[-1] if joined else None
        same = last is not None and _is_element(kid) and _is_element(last) and "/BriefingKey" in kid
        if same and str(last.get("/BriefingKey", "")) == str(kid.BriefingKey) and kid.S == last.S:
            moved = [tree.move_mcids(kid, last, k) for k in tree.kids(kid)]
            tree.set_kids(last, [*tree.kids(last), *moved])
        else:
            joined.append(kid)
    if len(joined) != len(kids):
        tree.set_kids(element, joined)
    for kid in joined:
        if _is_element(kid):
            join(tree, kid)


def restructure(pdf: pikepdf.Pdf, pdf2: bool = False) -> None:
    """Every step above, then the private keys removed and the ParentTree written back."""
    tree = Tree(pdf)
    artifacts(tree)
    links(tree)
    notes(tree)
    join(tree)
    if pdf2:
        fenotes(tree)
    for element in tree.walk():
        for key in PRIVATE:
            if key in element:
                del element[key]
    nums: list[object] = []
    for key in sorted([*tree.marked, *tree.annots]):
        nums += [key, tree.marked[key] if key in tree.marked else tree.annots[key]]
    tree.root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array(nums)))
    tree.root.ParentTreeNextKey = max([*tree.marked, *tree.annots]) + 1
    for page in pdf.pages:
        if "/Annots" in page.obj:
            page.obj.Tabs = Name.S
