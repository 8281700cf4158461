"""The Word model of the DOCX writer: runs, styles, numbering, notes, pages; no HTML here."""
