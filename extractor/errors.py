"""The one error type behind the one-line-error contract: where it happened and what went wrong."""
from __future__ import annotations


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
