"""Log-in throttling: failed attempts counted per account and per address, shared by every server process."""

from django.db import models


class LoginThrottle(models.Model):
    # "user:<username>" or "addr:<ip>"; one row per key, updated under a row lock.
    key = models.CharField(max_length=200, unique=True)
    failures = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.key}: {self.failures}"
