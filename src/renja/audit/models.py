from __future__ import annotations

from django.conf import settings
from django.db import models

from renja.core.types import Source


class AuditEvent(models.Model):
    """One write: who, when, what, before, after and where it came from."""

    waktu = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    actor_label = models.CharField(max_length=150, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    action = models.CharField(max_length=20)  # create / update / delete / import / ...
    model = models.CharField(max_length=60, db_index=True)
    object_pk = models.CharField(max_length=40, db_index=True, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    context = models.JSONField(default=dict, blank=True)  # e.g. import run id, document location

    class Meta:
        ordering = ["-waktu", "-id"]
        indexes = [models.Index(fields=["model", "object_pk"])]

    def __str__(self) -> str:
        return f"{self.waktu:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.model} {self.object_repr}"
