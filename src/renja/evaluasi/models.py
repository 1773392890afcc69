"""Monitoring data of a Renja that the plan models do not hold: the E.81 footer of each quarter and the unit
responsible for a row (column 16). The evaluation tables themselves are computed, never stored
(`renja.evaluasi.selectors`, `renja.calc.tc29`, `renja.calc.e81`)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from renja.plans.models import PlanRow, Renja


class CatatanTriwulan(models.Model):
    """The E.81 footer of a Renja for one quarter: what helped, what hindered, and what follows."""

    renja = models.ForeignKey(Renja, on_delete=models.CASCADE, related_name="catatan_triwulan")
    triwulan = models.PositiveSmallIntegerField(help_text="1–4 = triwulan I–IV")
    faktor_pendorong = models.TextField("faktor pendorong keberhasilan pencapaian", blank=True)
    faktor_penghambat = models.TextField("faktor penghambat pencapaian kinerja", blank=True)
    tindak_lanjut_triwulan = models.TextField("tindak lanjut yang diperlukan dalam triwulan berikutnya", blank=True)
    tindak_lanjut_renja = models.TextField("tindak lanjut yang diperlukan dalam Renja PD berikutnya", blank=True)

    class Meta:
        verbose_name = "catatan monev triwulan"
        verbose_name_plural = "catatan monev triwulan"
        ordering = ["renja", "triwulan"]
        constraints = [
            models.UniqueConstraint(fields=["renja", "triwulan"], name="catatan_triwulan_unique"),
            models.CheckConstraint(condition=Q(triwulan__gte=1, triwulan__lte=4), name="catatan_triwulan_1_4"),
        ]

    def __str__(self) -> str:
        return f"{self.renja} — TW {self.triwulan}"


class UnitPenanggungJawab(models.Model):
    """E.81 column 16 for a row, when it is not the agency itself (e.g. a bidang or UPT)."""

    row = models.OneToOneField(PlanRow, on_delete=models.CASCADE, related_name="unit_penanggung_jawab")
    unit = models.CharField("unit PD penanggung jawab", max_length=300)

    class Meta:
        verbose_name = "unit penanggung jawab"
        verbose_name_plural = "unit penanggung jawab"

    def __str__(self) -> str:
        return f"{self.row}: {self.unit}"
