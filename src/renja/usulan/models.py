"""Community proposals (Musrenbang ASMAS and DPRD pokir) — Table 2.5 / T-C.32.

A proposal (`Usulan`) is kept from intake to the plan row, whatever becomes of it: its path is the chain of
recommendations (`UsulanRekomendasi`), one per level — desa/kelurahan → kecamatan → perangkat daerah →
Bappeda/TAPD. `Usulan.status`, `pagu_rekomendasi(_teks)` and `alasan` are the CURRENT state, i.e. the latest
recorded level's (denormalised, written only by `renja.usulan.services`). The desa and kecamatan are resolved
against the wilayah master (`WilayahMatcher`); the names are always kept as written, and an unresolved name is
flagged (`tidak_terpetakan`), never dropped.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from renja.master.models import PerangkatDaerah, Wilayah
from renja.plans.models import PlanRow

REVISI_HELP = "Naik satu setiap kali disimpan; penyimpanan dengan revisi lama ditolak sebagai konflik."


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

    class Cocok(models.TextChoices):
        """How the desa/kecamatan names were resolved against the wilayah master."""

        BELUM = "", "Belum dicocokkan"
        SAMA = "sama", "Sama persis"
        EJAAN = "ejaan", "Ejaan diperbaiki"
        MIRIP = "mirip", "Nama mirip"
        AMBIGU = "ambigu", "Lebih dari satu kandidat"
        TIDAK_DITEMUKAN = "tidak_ditemukan", "Tidak ditemukan"
        TANPA_MASTER = "tanpa_master", "Master wilayah belum dimuat"
        MANUAL = "manual", "Dipilih petugas"

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
    wilayah_cocok = models.CharField(
        "pencocokan wilayah", max_length=20, choices=Cocok.choices, default=Cocok.BELUM, blank=True
    )
    wilayah_catatan = models.TextField("catatan pencocokan wilayah", blank=True)
    lokasi = models.CharField("lokasi (dusun, RT/RW, titik)", max_length=300, blank=True)
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
    dibuat_pada = models.DateTimeField(default=timezone.now, editable=False)
    revisi = models.PositiveIntegerField(default=0, editable=False, help_text=REVISI_HELP)

    class Meta:
        verbose_name = "usulan"
        verbose_name_plural = "usulan"
        ordering = ["tahun", "urutan", "id"]
        indexes = [models.Index(fields=["perangkat_daerah", "tahun"], name="usulan_pd_tahun")]

    def __str__(self) -> str:
        return f"{self.nomor}. {self.desa_teks}: {self.kegiatan}"[:200]

    # ---------------------------------------------------------------- places
    @property
    def kode_desa(self) -> str | None:
        return self.desa.kode if self.desa_id and self.desa is not None else None

    @property
    def kode_kecamatan(self) -> str | None:
        return self.kecamatan.kode if self.kecamatan_id and self.kecamatan is not None else None

    @property
    def desa_tidak_terpetakan(self) -> bool:
        return bool(self.desa_teks.strip()) and self.desa_id is None

    @property
    def kecamatan_tidak_terpetakan(self) -> bool:
        return bool(self.kecamatan_teks.strip()) and self.kecamatan_id is None

    @property
    def tidak_terpetakan(self) -> bool:
        """A name was written but not resolved to the wilayah master (kept as written, shown flagged)."""
        return self.desa_tidak_terpetakan or self.kecamatan_tidak_terpetakan

    @property
    def perlu_diperiksa(self) -> bool:
        """Resolved, but by a similar name or with several candidates: a person should confirm it."""
        return self.tidak_terpetakan or self.wilayah_cocok in (self.Cocok.MIRIP, self.Cocok.AMBIGU)


class Tingkat(models.TextChoices):
    DESA = "desa", "Musrenbang desa/kelurahan"
    KECAMATAN = "kecamatan", "Musrenbang kecamatan"
    PD = "pd", "Perangkat Daerah (forum PD)"
    BAPPEDA = "bappeda", "Bappeda / TAPD"


URUTAN_TINGKAT: tuple[str, ...] = (Tingkat.DESA, Tingkat.KECAMATAN, Tingkat.PD, Tingkat.BAPPEDA)


class StatusRekomendasi(models.TextChoices):
    DITERIMA = "diterima", "Diterima"
    DITERIMA_DENGAN_PERUBAHAN = "diterima_perubahan", "Diterima dengan perubahan"
    DIGABUNG = "digabung", "Digabung"
    DITOLAK = "ditolak", "Ditolak"


def alasan_problem(status: str, alasan: str) -> str | None:
    """Why a recommendation with this status needs a reason (Indonesian), or None."""
    if status != StatusRekomendasi.DITERIMA and not (alasan or "").strip():
        label = StatusRekomendasi(status).label if status in StatusRekomendasi.values else status
        return (
            f"Alasan wajib diisi untuk status «{label}»: tuliskan mengapa usulan tidak diterima apa adanya "
            "(misalnya perubahan volume/pagu, usulan yang menggabungkannya, atau alasan penolakan)."
        )
    return None


class UsulanRekomendasi(models.Model):
    """The recommendation of one level of the chain for one proposal."""

    Tingkat = Tingkat
    Status = StatusRekomendasi

    usulan = models.ForeignKey(Usulan, on_delete=models.CASCADE, related_name="rekomendasi")
    tingkat = models.CharField(max_length=20, choices=Tingkat.choices)
    status = models.CharField(max_length=20, choices=StatusRekomendasi.choices)
    pagu_rekomendasi = models.DecimalField(max_digits=18, decimal_places=0, null=True, blank=True)
    pagu_rekomendasi_teks = models.CharField(max_length=60, blank=True)
    volume = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    satuan = models.CharField(max_length=60, blank=True)
    alasan = models.TextField(blank=True)
    digabung_ke = models.ForeignKey(Usulan, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dicatat_pada = models.DateTimeField(default=timezone.now)
    revisi = models.PositiveIntegerField(default=0, editable=False, help_text=REVISI_HELP)

    class Meta:
        verbose_name = "rekomendasi usulan"
        verbose_name_plural = "rekomendasi usulan"
        constraints = [models.UniqueConstraint(fields=["usulan", "tingkat"], name="usulan_rekomendasi_unik")]

    def __str__(self) -> str:
        return f"{self.get_tingkat_display()}: {self.get_status_display()}"

    @property
    def urutan(self) -> int:
        return URUTAN_TINGKAT.index(self.tingkat) if self.tingkat in URUTAN_TINGKAT else len(URUTAN_TINGKAT)

    def clean(self) -> None:
        problem = alasan_problem(self.status, self.alasan)
        if problem:
            raise ValidationError({"alasan": problem})
        if self.pagu_rekomendasi is not None and self.pagu_rekomendasi < 0:
            raise ValidationError({"pagu_rekomendasi": "Pagu rekomendasi tidak boleh negatif."})
        if self.digabung_ke_id is not None and self.digabung_ke_id == self.usulan_id:
            raise ValidationError({"digabung_ke": "Usulan tidak dapat digabung ke dirinya sendiri."})
