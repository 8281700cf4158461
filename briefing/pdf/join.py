"""Two tagged PDFs laid out as halves of one brief (:mod:`briefing.pdf.split`) joined into one (pikepdf).

The front's PDF has its own pages and then stand-ins for the annex's; the annex's has stand-ins
for the front's and then its own. Each has already been through :mod:`briefing.pdf.structure`.
The join keeps the real pages in order and makes one document of the rest:

- the annex's structure elements join the front's ``Document`` element, the elements on
  stand-in pages are dropped, and the ParentTree is numbered again: page ``i`` keeps key ``i``
  (as WeasyPrint numbers them), the link annotations follow;
- the named destinations (every internal link points to a name) are the front's for its pages
  and the annex's for its own;
- the annex's bookmarks follow the front's;
- a PDF 2.0 element keeps its namespace (the front's namespace object of the same URI).
"""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name, NameTree


def _copy(pdf: pikepdf.Pdf, foreign: pikepdf.Pdf, obj: pikepdf.Object) -> pikepdf.Object:
    """``obj`` of ``foreign`` in ``pdf``; what it refers to and was copied before is not copied again."""
    return pdf.copy_foreign(obj if obj.is_indirect else foreign.make_indirect(obj))


def join(front: pikepdf.Pdf, annex: pikepdf.Pdf, front_pages: int) -> pikepdf.Pdf:
    """``front`` with its stand-ins replaced by the annex's real pages (``front`` is changed)."""
    real_front = {p.objgen for p in front.pages[:front_pages]}
    real_annex = {p.objgen for p in annex.pages[front_pages:]}
    front_kids = _pruned(front, real_front)
    annex_kids = _pruned(annex, real_annex)
    front_annots = _annotation_keys(front, real_front)
    annex_annots = _annotation_keys(annex, real_annex)
    front_dests = _dests(front, real_front)
    annex_dests = _dests(annex, real_annex)
    annex_outline = _outline(annex)

    for kid in annex_kids:  # copied one by one, without their parent: the annex's tree stays behind
        if "/P" in kid:
            del kid["/P"]
    while len(front.pages) > front_pages:
        del front.pages[-1]
    for page in annex.pages[front_pages:]:
        front.pages.append(page)
    root = front.Root.StructTreeRoot
    document = _document(root)
    copied = [_copy(front, annex, kid) for kid in annex_kids]
    for kid in copied:
        kid.P = document
    document.K = Array([*front_kids, *copied])
    _namespaces(root, copied)
    _notes_numbered_on(copied, len({str(e.ID) for e in _elements(front_kids) if e.get("/S") in NOTES}))

    nums: list[object] = []
    for index, page in enumerate(front.pages):  # marked content: key = page index
        old = int(page.obj.get("/StructParents", index))
        source = front_annots.pages if index < front_pages else annex_annots.pages
        value = source.get(old)
        if value is not None:
            page.obj.StructParents = index
            nums += [index, value if index < front_pages else _copy(front, annex, value)]
    key = len(front.pages)
    for annotation, element in front_annots.annotations:
        annotation.StructParent = key
        nums += [key, element]
        key += 1
    for annotation, element in annex_annots.annotations:
        mine = _copy(front, annex, annotation)
        mine.StructParent = key
        nums += [key, _copy(front, annex, element)]
        key += 1
    root.ParentTree = front.make_indirect(Dictionary(Nums=Array(nums)))
    root.ParentTreeNextKey = key

    names = NameTree.new(front)
    for name, dest in sorted(
        [*front_dests.items(), *((n, _copy(front, annex, d)) for n, d in annex_dests.items())]
    ):
        names[name] = dest
    front.Root.Names.Dests = names.obj
    with front.open_outline() as outline:
        outline.root.extend(_rebuilt(front, annex, item) for item in annex_outline)
    return front


class _Keys:
    """A PDF's ParentTree split into marked content per page key and annotations, real pages only."""

    def __init__(self) -> None:
        self.pages: dict[int, pikepdf.Object] = {}
        self.annotations: list[tuple[pikepdf.Object, pikepdf.Object]] = []


def _annotation_keys(pdf: pikepdf.Pdf, real: set[tuple[int, int]]) -> _Keys:
    tree = dict(_pairs(pdf.Root.StructTreeRoot.ParentTree))
    keys = _Keys()
    for page in pdf.pages:
        if page.objgen not in real:
            continue
        if "/StructParents" in page.obj:
            keys.pages[int(page.obj.StructParents)] = tree.get(int(page.obj.StructParents))
        for annotation in page.obj.get("/Annots", Array()):
            if "/StructParent" in annotation and int(annotation.StructParent) in tree:
                keys.annotations.append((annotation, tree[int(annotation.StructParent)]))
    return keys


def _pairs(node: pikepdf.Object):
    """(key, value) of a number tree, its kids included."""
    nums = node.get("/Nums", Array())
    yield from zip((int(k) for k in nums[::2]), nums[1::2], strict=True)
    for kid in node.get("/Kids", Array()):
        yield from _pairs(kid)


def _document(root: pikepdf.Object) -> pikepdf.Object:
    kids = root.K
    return kids[0] if isinstance(kids, Array) else kids


def _pruned(pdf: pikepdf.Pdf, real: set[tuple[int, int]]) -> list[pikepdf.Object]:
    """The Document element's kids, each without what lies on stand-in pages."""
    kept = []
    for kid in _kids(_document(pdf.Root.StructTreeRoot)):
        if _prune(kid, real):
            kept.append(kid)
    return kept


def _kids(element: pikepdf.Object) -> list[pikepdf.Object]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, Array) else [kids]


def _prune(element: pikepdf.Object, real: set[tuple[int, int]]) -> bool:
    """Drop the content of ``element`` on stand-in pages; whether anything of it is left."""
    page = element.get("/Pg")
    on_real = page is None or page.objgen in real
    kids = _kids(element)
    kept = []
    for kid in kids:
        if isinstance(kid, Dictionary) and "/S" in kid:
            if _prune(kid, real):
                kept.append(kid)
        elif isinstance(kid, Dictionary):  # a marked-content or object reference
            where = kid.get("/Pg", page)
            if where is None or where.objgen in real:
                kept.append(kid)
        elif on_real:
            kept.append(kid)
    if len(kept) != len(kids):
        element.K = Array(kept)
    return bool(kept) or (not kids and on_real)


def _dests(pdf: pikepdf.Pdf, real: set[tuple[int, int]]) -> dict[str, pikepdf.Object]:
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return {}
    return {
        str(name): dest
        for name, dest in NameTree(names.Dests).items()
        if isinstance(dest, Array) and dest[0].objgen in real
    }


def _outline(pdf: pikepdf.Pdf) -> list[pikepdf.OutlineItem]:
    with pdf.open_outline() as outline:
        return list(outline.root)


def _rebuilt(pdf: pikepdf.Pdf, foreign: pikepdf.Pdf, item: pikepdf.OutlineItem) -> pikepdf.OutlineItem:
    mine = pikepdf.OutlineItem(item.title, _copy(pdf, foreign, item.destination))
    mine.is_closed = item.is_closed
    mine.children.extend(_rebuilt(pdf, foreign, child) for child in item.children)
    return mine


NOTES = (Name.Note, Name.FENote)


def _elements(tops: list[pikepdf.Object]):
    """Every structure element under and including ``tops``."""
    stack = list(tops)
    while stack:
        element = stack.pop()
        yield element
        stack += [k for k in _kids(element) if isinstance(k, Dictionary) and "/S" in k]


def _notes_numbered_on(copied: list[pikepdf.Object], before: int) -> None:
    """The annex's notes were tagged note-1, note-2… as a document of their own: their IDs, and
    the calls' link texts ("Note 3"), go on from the front's ``before`` notes, as their labels do."""
    for element in _elements(copied):
        if element.get("/S") in NOTES and "/ID" in element:
            element.ID = pikepdf.String(_shifted(str(element.ID), "note-", before))
        for kid in _kids(element):
            if isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR and "/Contents" in kid.Obj:
                kid.Obj.Contents = pikepdf.String(_shifted(str(kid.Obj.Contents), "Note ", before))


def _shifted(text: str, prefix: str, by: int) -> str:
    number = text.removeprefix(prefix)
    return f"{prefix}{int(number) + by}" if text.startswith(prefix) and number.isdigit() else text


def _namespaces(root: pikepdf.Object, copied: list[pikepdf.Object]) -> None:
    """Copied PDF 2.0 elements name the front's namespace object of the same URI."""
    if "/Namespaces" not in root:
        return
    by_uri = {str(ns.NS): ns for ns in root.Namespaces}
    for element in _elements(copied):
        if "/NS" in element and str(element.NS.get("/NS", "")) in by_uri:
            element.NS = by_uri[str(element.NS.NS)]
