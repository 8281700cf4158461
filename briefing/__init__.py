"""briefing: curated, quote-checked sources in; a policy brief as PDF and DOCX out.

The pipeline reads top to bottom in the package tree:
``load`` (seeds → validated model) → ``html`` (model → one semantic HTML document)
→ ``pdf`` (WeasyPrint) and ``docx`` (python-docx, walking the same HTML).
"""

__version__ = "0.1.0"
