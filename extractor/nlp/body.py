"""`doc._.body`: the doc's text, built once.

spaCy's `Doc.text` joins every token on each access; the components read the text several times
per doc, which would cost as much as tokenising. The engine seeds it with the article text.
"""
from spacy.tokens import Doc

KEY = "extractor.body"


def _body(doc: Doc) -> str:
    text = doc.user_data.get(KEY)
    if text is None:
        text = doc.user_data[KEY] = doc.text
    return text


if not Doc.has_extension("body"):
    Doc.set_extension("body", getter=_body)


def seed_body(doc: Doc, text: str) -> None:
    doc.user_data[KEY] = text
