"""What the dossier services raise when the rules refuse a request; `status` is the HTTP status the API answers."""

from __future__ import annotations


class DossierError(Exception):
    """A request the rules refuse."""

    status = 422

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


class Forbidden(DossierError):
    status = 403


class Conflict(DossierError):
    status = 409


class NotFound(DossierError):
    status = 404
