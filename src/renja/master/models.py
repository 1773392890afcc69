"""Master data: pemda, perangkat daerah, users' roles, funding sources, wilayah and nomenclature."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Pemda(models.Model):
    kode = models.CharField("kode wilayah", max_length=13, unique=True)  # e.g. 35.20
    nama = models.CharField(max_length=200)  # e.g. Pemerintah Kabupaten Magetan
    jenis = models.CharField(
        max_length=10, choices=[("prov", "Provinsi"), ("kabkota", "Kabupaten/Kota")], default="kabkota"
    )
    ibukota = models.CharField(max_length=100, blank=True)
    # Which formula a `turun` indicator uses (domain §5); every report states it.
    rumus_turun = models.CharField(
        max_length=10, default="t_per_r", choices=[("t_per_r", "T/R × 100"), ("2t_r", "(2T − R)/T × 100")]
    )

    class Meta:
        verbose_name = "pemda"
        verbose_name_plural = "pemda"
        ordering = ["kode"]

    def __str__(self) -> str:
        return self.nama


class PerangkatDaerah(models.Model):
    pemda = models.ForeignKey(Pemda, on_delete=models.PROTECT, related_name="perangkat_daerah")
    kode = models.CharField(max_length=40)  # unit code, e.g. 2.13.0.00.0.00.01.0000
    singkatan = models.CharField(max_length=30, blank=True)
    nama = models.CharField(max_length=300)
    bidang_kode = models.CharField("kode bidang urusan utama", max_length=10, blank=True)  # e.g. 2.13
    alamat = models.CharField(max_length=300, blank=True)
    kepala_nama = models.CharField(max_length=200, blank=True)
    kepala_pangkat = models.CharField(max_length=200, blank=True)
    kepala_nip = models.CharField(max_length=30, blank=True)

    class Meta:
        verbose_name = "perangkat daerah"
        verbose_name_plural = "perangkat daerah"
        ordering = ["pemda", "kode"]
        constraints = [models.UniqueConstraint(fields=["pemda", "kode"], name="pd_unique_kode")]

    def __str__(self) -> str:
        return self.nama


class Peran(models.TextChoices):
    ADMIN_PEMDA = "admin_pemda", "Admin pemda"
    PERENCANA = "perencana", "Perencana PD"
    KEPALA_PD = "kepala_pd", "Kepala PD"
    VERIFIKATOR = "verifikator", "Verifikator Bappeda"


class PeranPengguna(models.Model):
    """A user's role in a pemda, and for PD roles the agency it is scoped to."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="peran")
    peran = models.CharField(max_length=20, choices=Peran.choices)
    pemda = models.ForeignKey(Pemda, on_delete=models.CASCADE)
    perangkat_daerah = models.ForeignKey(PerangkatDaerah, null=True, blank=True, on_delete=models.CASCADE)

    class Meta:
        verbose_name = "peran pengguna"
        verbose_name_plural = "peran pengguna"
        constraints = [
            models.UniqueConstraint(fields=["user", "peran", "pemda", "perangkat_daerah"], name="peran_unique"),
        ]

    def __str__(self) -> str:
        scope = self.perangkat_daerah or self.pemda
        return f"{self.user} — {self.get_peran_display()} ({scope})"


class SumberDana(models.Model):
    kode = models.CharField(max_length=40, unique=True)
    nama = models.CharField(max_length=200)

    class Meta:
        verbose_name = "sumber dana"
        verbose_name_plural = "sumber dana"
        ordering = ["kode"]

    def __str__(self) -> str:
        return self.nama


class Wilayah(models.Model):
    """Kemendagri region codes: provinsi > kabupaten/kota > kecamatan > desa/kelurahan."""

    class Level(models.TextChoices):
        PROVINSI = "provinsi", "Provinsi"
        KABKOTA = "kabkota", "Kabupaten/Kota"
        KECAMATAN = "kecamatan", "Kecamatan"
        DESA = "desa", "Desa"
        KELURAHAN = "kelurahan", "Kelurahan"

    kode = models.CharField(max_length=13, unique=True)
    nama = models.CharField(max_length=200)
    level = models.CharField(max_length=10, choices=Level.choices, db_index=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")

    class Meta:
        verbose_name = "wilayah"
        verbose_name_plural = "wilayah"
        ordering = ["kode"]

    def __str__(self) -> str:
        return f"{self.kode} {self.nama}"


class NomenklaturVersi(models.Model):
    kode = models.CharField(max_length=40, unique=True)  # e.g. kepmendagri-900, sipd-2027, renja-kurasi
    nama = models.CharField(max_length=300)
    berlaku_tahun = models.PositiveSmallIntegerField("berlaku mulai tahun", null=True, blank=True)
    sumber = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "versi nomenklatur"
        verbose_name_plural = "versi nomenklatur"
        ordering = ["kode"]

    def __str__(self) -> str:
        return self.nama


class Level(models.TextChoices):
    URUSAN = "urusan", "Urusan"
    BIDANG = "bidang", "Bidang urusan"
    PROGRAM = "program", "Program"
    KEGIATAN = "kegiatan", "Kegiatan"
    SUB_KEGIATAN = "sub_kegiatan", "Sub kegiatan"


class Nomenklatur(models.Model):
    """One item of a nomenclature version: urusan, bidang, program, kegiatan or sub kegiatan.

    `kode` is canonical (`2.13.04.2.01.0001`, with `X.XX` for the support program of every agency);
    `kode_asli` keeps the code as the source wrote it. A code is unique per (versi, jenis_pemda).
    """

    versi = models.ForeignKey(NomenklaturVersi, on_delete=models.CASCADE, related_name="items")
    jenis_pemda = models.CharField(
        max_length=10, blank=True, choices=[("", "—"), ("prov", "Provinsi"), ("kabkota", "Kabupaten/Kota")]
    )
    level = models.CharField(max_length=12, choices=Level.choices, db_index=True)
    kode = models.CharField(max_length=30)
    kode_asli = models.CharField(max_length=60, blank=True)
    nama = models.TextField()
    nama_kunci = models.CharField("nama ternormalisasi (pencocokan)", max_length=500, db_index=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    kinerja = models.TextField(blank=True)
    indikator = models.TextField(blank=True)
    satuan = models.CharField(max_length=100, blank=True)
    keterangan = models.TextField(blank=True)
    kode_sebelumnya = models.CharField(max_length=60, blank=True)
    extra = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "nomenklatur"
        verbose_name_plural = "nomenklatur"
        ordering = ["versi", "jenis_pemda", "kode"]
        constraints = [
            models.UniqueConstraint(fields=["versi", "jenis_pemda", "kode"], name="nomenklatur_unique_kode"),
        ]

    def __str__(self) -> str:
        return f"{self.kode} {self.nama}"
