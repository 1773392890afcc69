"""Errors that services raise; every interface renders them in the user's language."""

from __future__ import annotations


class RenjaError(Exception):
    """Base class: `message` says what, where and what to do, in Bahasa Indonesia."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class PermissionDenied(RenjaError):
    pass


class StageLocked(RenjaError):
    pass


class ImportFailed(RenjaError):
    pass
