"""Bytes of a fetched page -> text, the way browsers decide its encoding.

The byte-order mark and the document's own declaration (`<meta charset>`, `<?xml encoding?>`) are
read by Beautiful Soup's `EncodingDetector`; the HTTP header's charset comes first, as browsers
take it; undeclared pages are UTF-8 or, failing that, windows-1252 (undeclared Latin-1).
"""
from __future__ import annotations

import codecs
from email.message import Message

from bs4.dammit import EncodingDetector

DECLARATION_BYTES = 4096  # a declaration stands at the top; never scan attacker text further


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().lower()).name
    except LookupError:
        return None
    return "cp1252" if codec in ("latin-1", "iso8859-1", "ascii") else codec  # as browsers read them


def header_charset(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header."""
    if not content_type:
        return None
    message = Message()
    message["content-type"] = content_type
    return message.get_param("charset")


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """BOM, then the header's charset, then the declared one, then UTF-8, then windows-1252."""
    data, bom = EncodingDetector.strip_byte_order_mark(data)
    if bom:
        return data.decode(bom, errors="replace")
    declared = [header_charset(content_type),
                EncodingDetector.find_declared_encoding(data[:DECLARATION_BYTES], is_html=True)]
    for codec in [c for c in map(_codec, declared) if c] + ["utf-8"]:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return data.decode("cp1252", errors="replace")
