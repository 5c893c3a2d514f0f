"""The one error type behind the one-line-error contract (where it happened and what went wrong),
and `printable`, which every line of outside text passes before it reaches a terminal."""
from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


class ExtractorError(Exception):
    """A problem a user can act on, printed as `error: WHERE: WHAT` with no traceback.

    `where` names the file (and line), URL, store or rule file; `what` says what is wrong. Callers
    test the type (or a subclass), never the message text.
    """

    def __init__(self, where: str | None, what: str):
        self.where = where
        self.what = what
        super().__init__(f"{where}: {what}" if where else what)


class RuleError(ExtractorError):
    """A rule file in `patterns/` that cannot be read: a syntax error, a missing key."""


def printable(text: object) -> str:
    """Text from outside (a server's headers, a page's title, a URL) made safe for a terminal:
    control characters, escape sequences and bidi overrides each become `?`, so one line stays one
    line and nothing can move the cursor, recolour or retitle the terminal."""
    return _CONTROL.sub("?", str(text))
