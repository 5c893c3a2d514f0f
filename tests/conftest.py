from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A file in ../shared, or skip the test when ../shared is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not available")
    return path


def processed_doc(text: str):
    """`text` run through the whole pipeline as a spaCy Doc (what the components leave on it)."""
    from extractor.nlp.body import seed_body
    from extractor.nlp.pipeline import get_pipeline

    nlp = get_pipeline()
    doc = nlp.make_doc(text)
    seed_body(doc, text)
    for _, component in nlp.pipeline:
        doc = component(doc)
    return doc


def send(h, status: int, body: bytes = b"", content_type: str = "text/html; charset=utf-8", headers=None) -> None:
    """Answer a test server's request (`h`, a BaseHTTPRequestHandler) with `body` and its length."""
    h.send_response(status)
    h.send_header("Content-Type", content_type)
    h.send_header("Content-Length", str(len(body)))
    for k, v in (headers or {}).items():
        h.send_header(k, v)
    h.end_headers()
    h.wfile.write(body)
