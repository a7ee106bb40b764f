"""What the queue's services raise when a request is refused; `status` is the HTTP status the API answers."""

from __future__ import annotations


class QueueError(Exception):
    status = 422

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code, self.message = code, message


class QueueForbidden(QueueError):
    status = 403


class QueueConflict(QueueError):
    status = 409


class QueueNotFound(QueueError):
    status = 404
