"""Citations as data: every source is a CSL-JSON item and every citation form comes from pandoc's
citeproc, the reference implementation of CSL, with the brief's style and language.

``styles`` finds a CSL style (a bundled id or a path), ``pandoc`` runs the processor (cached by
content) and reads its JSON back, ``forms`` gives templates and prose every form they print.
``briefing/chicago.py`` (hand-written Chicago) is retired: measured on the table in
tests/test_csl.py, pandoc 3.9 gets every Chicago 17th-edition case right where citeproc-py 0.11.1
printed initials, commas outside quotation marks, a stray "Edition" and broken CJK names.
"""
