"""A fixed-window counter per key (e.g. look-ups per client address per minute), shared by every server process."""

from django.db import models


class RateLimit(models.Model):
    key = models.CharField(max_length=120)
    window = models.BigIntegerField()  # when the window starts, in seconds since the epoch
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="lookup_rate_limit_key_window")]
        indexes = [models.Index(fields=["window"], name="lookup_rate_limit_window")]

    def __str__(self) -> str:
        return f"{self.key} @{self.window}: {self.count}"
