from __future__ import annotations

from django.conf import settings
from django.db import models


class ImportRun(models.Model):
    """One application of an import: what file, by whom, and the report it produced."""

    waktu = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    source = models.CharField(max_length=10)
    jenis = models.CharField(max_length=30)  # renja_dokumen / nomenklatur / wilayah / ...
    nama_berkas = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64, db_index=True)
    ringkasan = models.JSONField(default=dict, blank=True)
    temuan = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-waktu"]

    def __str__(self) -> str:
        return f"{self.jenis} {self.nama_berkas} ({self.waktu:%Y-%m-%d %H:%M})"
