"""The life of a Renja around its data: stage transitions, snapshots of locked stages, verification notes and
their replies, pagu ceilings per agency and year, and the pemda's settings for them.

The stage windows themselves are `renja.plans.models.JadwalTahapan` (the services in `renja.plans` read them);
the status of a Renja (draf / diajukan / dikembalikan / disetujui) and its lock are on `Renja`.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from renja.master.models import Pemda, PerangkatDaerah
from renja.plans.models import REVISI_HELP, Renja, StatusRenja


class Aksi(models.TextChoices):
    AJUKAN = "ajukan", "Ajukan"
    KEMBALIKAN = "kembalikan", "Kembalikan untuk perbaikan"
    SETUJUI = "setujui", "Setujui"
    KUNCI = "kunci", "Kunci tahapan"
    BUKA = "buka", "Buka kunci tahapan"


class Transisi(models.Model):
    """One step of a Renja through its stage, with who, when and why (the reason is required to return or open)."""

    renja = models.ForeignKey(Renja, on_delete=models.CASCADE, related_name="transisi")
    aksi = models.CharField(max_length=12, choices=Aksi.choices)
    dari = models.CharField(max_length=15, choices=StatusRenja.choices)
    ke = models.CharField(max_length=15, choices=StatusRenja.choices)
    alasan = models.TextField(blank=True)
    oleh = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    oleh_label = models.CharField(max_length=150, blank=True)
    waktu = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "transisi tahapan"
        verbose_name_plural = "transisi tahapan"
        ordering = ["-waktu", "-id"]

    def __str__(self) -> str:
        return f"{self.get_aksi_display()} {self.renja_id} ({self.oleh_label})"


class Snapshot(models.Model):
    """The immutable content of a Renja at the moment its stage was locked (the canonical JSON export)."""

    renja = models.ForeignKey(Renja, on_delete=models.CASCADE, related_name="snapshot")
    dibuat = models.DateTimeField(auto_now_add=True)
    oleh_label = models.CharField(max_length=150, blank=True)
    alasan = models.CharField(max_length=300, blank=True)  # "dikunci verifikator", "jadwal berakhir"
    data = models.JSONField()

    class Meta:
        verbose_name = "snapshot tahapan"
        verbose_name_plural = "snapshot tahapan"
        ordering = ["-dibuat", "-id"]

    def __str__(self) -> str:
        return f"Snapshot {self.renja} {self.dibuat:%Y-%m-%d %H:%M}"


class StatusCatatan(models.TextChoices):
    SESUAI = "sesuai", "Sesuai"
    PERLU_PERBAIKAN = "perlu_perbaikan", "Perlu perbaikan"
    TIDAK_DITEMUKAN = "tidak_ditemukan", "Tidak ditemukan"


class JenisItem(models.TextChoices):
    """What a note (or a history panel) is about. The id is the item's primary key."""

    RENJA = "renja", "Renja"
    BARIS = "baris", "Baris rencana"
    INDIKATOR = "indikator", "Indikator"
    TARGET = "target", "Target"
    PAGU = "pagu", "Pagu"
    NARASI = "narasi", "Bab/narasi"
    TUJUAN_SASARAN = "tujuan_sasaran", "Tujuan/sasaran"


class CatatanVerifikasi(models.Model):
    """A verifier's note on one item of a Renja, with a status; replies follow; resolved when done."""

    renja = models.ForeignKey(Renja, on_delete=models.CASCADE, related_name="catatan")
    jenis_item = models.CharField(max_length=15, choices=JenisItem.choices)
    item_id = models.PositiveBigIntegerField()
    item_label = models.CharField(max_length=300, blank=True)  # what the item was called when the note was written
    status = models.CharField(max_length=16, choices=StatusCatatan.choices)
    teks = models.TextField()
    penulis = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    penulis_label = models.CharField(max_length=150, blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)
    selesai = models.BooleanField(default=False)
    diselesaikan_oleh_label = models.CharField(max_length=150, blank=True)
    diselesaikan_pada = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "catatan verifikasi"
        verbose_name_plural = "catatan verifikasi"
        ordering = ["-dibuat", "-id"]
        indexes = [models.Index(fields=["renja", "jenis_item", "item_id"])]

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.teks[:60]}"


class BalasanCatatan(models.Model):
    catatan = models.ForeignKey(CatatanVerifikasi, on_delete=models.CASCADE, related_name="balasan")
    teks = models.TextField()
    penulis = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    penulis_label = models.CharField(max_length=150, blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "balasan catatan"
        verbose_name_plural = "balasan catatan"
        ordering = ["dibuat", "id"]

    def __str__(self) -> str:
        return self.teks[:60]


class ModePlafon(models.TextChoices):
    PERINGATAN = "peringatan", "Peringatan (boleh disimpan, ditandai)"
    BLOKIR = "blokir", "Blokir (tidak boleh disimpan)"


class PengaturanPemda(models.Model):
    """Settings of a pemda for the planning workflow (set by its admin pemda)."""

    pemda = models.OneToOneField(Pemda, on_delete=models.CASCADE, related_name="pengaturan_workflow")
    mode_plafon = models.CharField(max_length=10, choices=ModePlafon.choices, default=ModePlafon.PERINGATAN)

    class Meta:
        verbose_name = "pengaturan pemda"
        verbose_name_plural = "pengaturan pemda"

    def __str__(self) -> str:
        return f"Pengaturan {self.pemda}"


class PlafonPagu(models.Model):
    """The pagu ceiling of an agency for a year, from the RKPD (whole rupiah)."""

    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.CASCADE, related_name="plafon")
    tahun = models.PositiveSmallIntegerField()
    jumlah = models.DecimalField(max_digits=18, decimal_places=0)
    sumber = models.CharField(max_length=200, blank=True, default="RKPD")
    revisi = models.PositiveIntegerField(default=0, editable=False, help_text=REVISI_HELP)

    class Meta:
        verbose_name = "plafon pagu"
        verbose_name_plural = "plafon pagu"
        ordering = ["perangkat_daerah", "-tahun"]
        constraints = [
            models.UniqueConstraint(fields=["perangkat_daerah", "tahun"], name="plafon_unique"),
            models.CheckConstraint(condition=Q(jumlah__gte=0), name="plafon_tidak_negatif"),
        ]

    def __str__(self) -> str:
        return f"Plafon {self.perangkat_daerah} {self.tahun}"
