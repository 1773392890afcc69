"""Community proposals (Musrenbang ASMAS and DPRD pokir) — Table 2.5 / T-C.32."""

from __future__ import annotations

from django.db import models

from renja.master.models import PerangkatDaerah, Wilayah
from renja.plans.models import PlanRow


class Usulan(models.Model):
    class Sumber(models.TextChoices):
        ASMAS = "asmas", "ASMAS (aspirasi masyarakat)"
        POKIR = "pokir", "POKIR (pokok pikiran DPRD)"

    class Status(models.TextChoices):
        DIUSULKAN = "diusulkan", "Diusulkan"
        DITERIMA = "diterima", "Diterima"
        DITERIMA_DENGAN_PERUBAHAN = "diterima_perubahan", "Diterima dengan perubahan"
        DIGABUNG = "digabung", "Digabung"
        DITOLAK = "ditolak", "Ditolak"

    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.PROTECT, related_name="usulan")
    tahun = models.PositiveSmallIntegerField()
    sumber = models.CharField(max_length=10, choices=Sumber.choices, default=Sumber.ASMAS)
    nomor = models.CharField(max_length=20, blank=True)
    urutan = models.PositiveIntegerField(default=0)
    pengusul = models.CharField(max_length=200, blank=True)
    desa_teks = models.CharField("desa (seperti tertulis)", max_length=200, blank=True)
    kecamatan_teks = models.CharField("kecamatan (seperti tertulis)", max_length=200, blank=True)
    desa = models.ForeignKey(Wilayah, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kecamatan = models.ForeignKey(Wilayah, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kegiatan = models.TextField()
    volume = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    satuan = models.CharField(max_length=60, blank=True)
    pagu_usulan = models.DecimalField(max_digits=18, decimal_places=0, null=True, blank=True)
    pagu_usulan_teks = models.CharField(max_length=60, blank=True)
    pagu_rekomendasi = models.DecimalField(max_digits=18, decimal_places=0, null=True, blank=True)
    pagu_rekomendasi_teks = models.CharField(max_length=60, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DIUSULKAN)
    alasan = models.TextField(blank=True)
    row = models.ForeignKey(PlanRow, null=True, blank=True, on_delete=models.SET_NULL, related_name="usulan")
    sumber_dokumen = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = "usulan"
        verbose_name_plural = "usulan"
        ordering = ["tahun", "urutan", "id"]

    def __str__(self) -> str:
        return f"{self.nomor}. {self.desa_teks}: {self.kegiatan}"[:200]
