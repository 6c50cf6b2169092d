"""The Word file's own package: what python-docx's default template leaves behind, made the project's.

python-docx starts from a template saved by "Microsoft Macintosh Word" in Word 2010 compatibility: a file made from
it opens in Compatibility Mode, names that application, and carries a thumbnail, a custom XML item and a second
styles part nobody writes. Here, after the document is written: Word 2013+ compatibility (compatibilityMode 15: no
Compatibility Mode banner), the project named as the application, the leftover parts dropped (a part nothing relates
to is not saved), the template's revision ids removed, the theme's language Vietnamese.
"""
from __future__ import annotations

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

APPLICATION = "python -m macros docx"
WORD_URI = "http://schemas.microsoft.com/office/word"
COMPAT = {"compatibilityMode": 15, "overrideTableStyleFontSizeAndJustification": 1, "enableOpenTypeFeatures": 1,
          "doNotFlipMirrorIndents": 1, "differentiateMultirowTableHeaders": 1}
LEFTOVERS = {RT.THUMBNAIL, RT.CUSTOM_XML, "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"}
APP_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           f'<Application>{APPLICATION}</Application><DocSecurity>0</DocSecurity></Properties>')


def own_package(doc) -> None:
    """Make doc's package the project's own (see the module's docstring)."""
    package = doc.part.package
    for owner in (package, doc.part):
        for rId in [rId for rId, rel in owner.rels.items() if rel.reltype in LEFTOVERS]:
            owner.rels.pop(rId)
    app = next((rel.target_part for rel in package.rels.values() if rel.reltype == RT.EXTENDED_PROPERTIES), None)
    if app is not None:
        app._blob = APP_XML.encode("utf-8")
    settings = doc.settings.element
    old = settings.find(qn("w:compat"))
    compat = parse_xml(f'<w:compat {nsdecls("w")}>' + "".join(
        f'<w:compatSetting w:name="{name}" w:uri="{WORD_URI}" w:val="{value}"/>' for name, value in COMPAT.items())
        + "</w:compat>")
    if old is not None:
        old.addprevious(compat)
        settings.remove(old)
    else:
        settings.append(compat)
    for tag in ("w:rsids", "w:savePreviewPicture"):
        for el in settings.findall(qn(tag)):
            settings.remove(el)
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.attrib.clear()
        theme_lang.set(qn("w:val"), "vi-VN")
