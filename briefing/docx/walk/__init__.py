"""The HTML side of the DOCX writer: the walk and the handlers of each kind of block."""
