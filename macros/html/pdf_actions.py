"""A PDF file of docs/ (a signed report, a cited document) is published as it is: it may hold no action that runs or
fetches by itself in a reader's PDF viewer (Acrobat Reader, Firefox's pdf.js run a PDF's JavaScript).

Refused, in any object of the file (compressed object streams and #-escaped names included: pypdf reads them): a
script (/JS, /JavaScript), an action of kind Launch, SubmitForm, ImportData, GoToE, GoToR, Rendition, Sound, Movie,
additional actions run on events (/AA), an action run on opening (/OpenAction, unless it only shows a page), XFA
forms, embedded files and rich media. A link (/URI in a link's /A) stays: it fetches nothing until clicked.
A file pypdf cannot read is refused too: what is not read is not checked. html/served_files.py site_problems calls it.
"""
from __future__ import annotations

from pathlib import Path

from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

KEYS = {"/JS", "/JavaScript", "/AA", "/XFA", "/EmbeddedFile", "/EmbeddedFiles", "/RichMedia"}
ACTIONS = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToE", "/GoToR", "/Rendition", "/Sound",
           "/Movie"}


def pdf_actions(path: Path) -> list[str]:
    """The names of what runs by itself in the PDF (sorted), or ['unreadable']; [] for a plain document."""
    import logging

    from pypdf import PdfReader
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.CRITICAL)   # its warnings about a damaged file: the answer says it
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            reader.decrypt("")     # restrictions without a password to open: readable
        numbers = [(n, g) for g, objects in reader.xref.items() for n in objects] + [(n, 0) for n in reader.xref_objStm]
        found = set()
        for number, generation in numbers:
            found |= _found(reader.get_object(IndirectObject(number, generation, reader)))
        return sorted(found)
    except Exception:   # pypdf raises many kinds for a damaged or unusual file
        return ["unreadable"]
    finally:
        log.setLevel(level)


def _found(obj) -> set:
    """What runs by itself in one object and the dictionaries and arrays written inside it (an indirect object
    inside is looked at on its own)."""
    found, stack = set(), [obj]
    while stack:
        obj = stack.pop()
        if isinstance(obj, ArrayObject):
            stack += [o for o in obj if not isinstance(o, IndirectObject)]
            continue
        if not isinstance(obj, DictionaryObject):
            continue
        found |= KEYS & set(obj)
        if obj.get("/S") in ACTIONS and obj.get("/Type", "/Action") == "/Action":
            found.add(str(obj["/S"]))
        if obj.get("/Type") == "/Catalog" and "/OpenAction" in obj:
            opening = obj["/OpenAction"].get_object()
            if not (isinstance(opening, ArrayObject) or opening.get("/S") == "/GoTo"):
                found.add("/OpenAction")
        stack += [o for o in obj.values() if not isinstance(o, IndirectObject)]
    return found
