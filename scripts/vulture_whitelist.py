"""What vulture (``make lint``) cannot see used: names read by a library, a template or a
serialiser, never by name in briefing's Python. Typer commands and pydantic validators are
skipped by their decorators ([tool.vulture] in pyproject.toml). Nothing here is dead: remove a
line when its use goes, and never add one for code nothing uses.
"""

# ruff: noqa
_ = object()

# Set on python-docx, pikepdf, zipfile and ruamel objects: the library writes them out.
_.last_modified_by, _.revision, _.modified  # docx core properties (docx/word/package.py)
_.header_distance, _.footer_distance, _.gutter  # docx section (docx/word/page.py)
_.different_first_page_header_footer, _.is_linked_to_previous  # docx section headers
_.base_style, _.next_paragraph_style, _.unhide_when_used, _.quick_style  # docx styles
_.Annots, _.NS, _.ParentTreeNextKey, _.Tabs  # PDF dictionaries (pdf/structure.py)
_.compress_type, _.external_attr, _.create_system  # zip entries (output.normalise_zip)
_.preserve_quotes  # ruamel.yaml round trip (absorb/merge.py)
_._folder  # WeasyPrint's FontConfiguration removes it when collected (pdf/engine.py)

# Called by a library: markdown-it's link check, Jinja's sandbox and loader, http.server's handler.
_.validateLink
_.get_source, _.call_binop, intercepted_binops
_.do_GET, _.log_message, _.handle_error, _.daemon_threads
client_address  # handle_error's signature, as socketserver calls it
overlapping  # the fallback matcher's signature is ahocorasick-rs's (load/borrowing.py)
__getattr__  # a module's attribute hook, called by Python (load/__init__.py: load_brief on first use)

# The --paper choice typer offers (cli/base.Paper); a4 is the default, so named in the code.
letter

# Pydantic: model settings, and fields read only by the templates or dumped as CSL-JSON to citeproc.
model_config
title_short, editor, translator, outlet, series, publisher, publisher_place, genre, volume, doi
dropping_particle, romanized, summary_lang
url_sha256  # declared for the strict schema; load/record.py reads it from the YAML itself
aims, concerns, leverage, audience, convergence, divergence, outlook, indicators
_.printed_under, _.outlook_title, _.indicators_title, _.outlook_note  # templates/sections/*.j2

# Theme values read only by templates/print.css.j2 and masthead.html.j2.
pdf_fallback, toc_after, source_after, footnote_gap, furniture_gap, logo_alt
actor_gap, label_radius, label_pad, label_gap, quote_pad, confidence  # print.css.j2 only: PDF refinements Word has no property for

# Read by the tests: the warm engine's count of layouts (tests/test_desk.py), and a field's roles
# at a concrete path (tests/test_roles.py checks the declarations through it).
_.layouts
role_of
