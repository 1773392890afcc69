"""Plans: Renstra and Renja, their rows (program > kegiatan > sub kegiatan), indicators, targets, pagu,
realisasi, tujuan/sasaran, narrative chapters and stages.

Values that come from a document keep their raw text beside the parsed value (`*_teks`), so nothing a user
wrote is lost; a value that could not be parsed is `None` with its text kept and a finding in the import report.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from renja.master.models import Level, Nomenklatur, NomenklaturVersi, PerangkatDaerah, SumberDana


class Tahapan(models.TextChoices):
    RANCANGAN_AWAL = "rancangan_awal", "Rancangan Awal"
    RANCANGAN = "rancangan", "Rancangan"
    FORUM_PD = "forum_pd", "Forum Perangkat Daerah"
    RANCANGAN_AKHIR = "rancangan_akhir", "Rancangan Akhir"
    PENETAPAN = "penetapan", "Penetapan"
    PERUBAHAN = "perubahan", "Perubahan"


TAHAPAN_URUTAN = {t.value: i for i, t in enumerate(Tahapan)}


class StatusRenja(models.TextChoices):
    """Where a Renja stands in its stage: the planner drafts and submits, Bappeda returns, the head approves."""

    DRAF = "draf", "Draf"
    DIAJUKAN = "diajukan", "Diajukan"
    DIKEMBALIKAN = "dikembalikan", "Dikembalikan untuk perbaikan"
    DISETUJUI = "disetujui", "Disetujui kepala PD"


REVISI_HELP = "Naik satu setiap kali disimpan; penyimpanan dengan revisi lama ditolak sebagai konflik."


class Arah(models.TextChoices):
    NAIK = "naik", "Naik (makin tinggi makin baik)"
    TURUN = "turun", "Turun (makin rendah makin baik)"
    TETAP = "tetap", "Tetap (rentang)"


class AgregasiDalamTahun(models.TextChoices):
    JUMLAH = "jumlah", "Jumlah"
    NILAI_AKHIR = "nilai_akhir", "Nilai akhir"
    MAKSIMUM = "maksimum", "Maksimum"
    RATA_RATA = "rata_rata", "Rata-rata"


class AgregasiAntarTahun(models.TextChoices):
    JUMLAH = "jumlah", "Jumlah (aliran)"
    NILAI_AKHIR = "nilai_akhir", "Nilai akhir (stok, %, indeks, skor)"
    KUMULATIF = "kumulatif", "Kumulatif (target sudah ditulis kumulatif)"


class JenisIndikator(models.TextChoices):
    OUTCOME = "outcome", "Outcome (capaian program)"
    OUTPUT = "output", "Output (keluaran)"
    TUJUAN = "tujuan", "Indikator tujuan"
    SASARAN = "sasaran", "Indikator sasaran"
    PELAYANAN = "pelayanan", "Kinerja pelayanan (SPM/IKK)"


class Renstra(models.Model):
    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.PROTECT, related_name="renstra")
    tahun_mulai = models.PositiveSmallIntegerField()
    tahun_akhir = models.PositiveSmallIntegerField()
    nama = models.CharField(max_length=300, blank=True)
    nama_asli = models.TextField(blank=True)

    class Meta:
        verbose_name = "renstra"
        verbose_name_plural = "renstra"
        ordering = ["perangkat_daerah", "-tahun_akhir"]
        constraints = [
            models.UniqueConstraint(fields=["perangkat_daerah", "tahun_mulai", "tahun_akhir"], name="renstra_unique"),
            models.CheckConstraint(condition=Q(tahun_akhir__gte=models.F("tahun_mulai")), name="renstra_periode"),
        ]

    def __str__(self) -> str:
        return f"Renstra {self.perangkat_daerah} {self.tahun_mulai}–{self.tahun_akhir}"


class Renja(models.Model):
    """One version of the Renja of an agency for a year at a stage (Perubahan is a new version)."""

    perangkat_daerah = models.ForeignKey(PerangkatDaerah, on_delete=models.PROTECT, related_name="renja")
    tahun = models.PositiveSmallIntegerField()
    tahapan = models.CharField(max_length=20, choices=Tahapan.choices)
    versi = models.PositiveSmallIntegerField(default=1)
    label = models.CharField(max_length=200, blank=True)  # e.g. "Rancangan Awal RKPD (Tabel 2.4)"
    utama = models.BooleanField("versi utama tahun ini", default=False)
    renstra = models.ForeignKey(Renstra, null=True, blank=True, on_delete=models.SET_NULL, related_name="renja")
    nomenklatur_versi = models.ForeignKey(NomenklaturVersi, null=True, blank=True, on_delete=models.SET_NULL)
    terkunci = models.BooleanField(default=False)
    status = models.CharField(max_length=15, choices=StatusRenja.choices, default=StatusRenja.DRAF)
    asal = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="turunan",
        help_text="Renja yang disalin menjadi versi ini (tahapan sebelumnya, atau yang diubah oleh Perubahan).",
    )
    revisi = models.PositiveIntegerField(default=0, editable=False, help_text=REVISI_HELP)
    tempat_tanggal = models.CharField("tempat dan tanggal penandatanganan", max_length=100, blank=True)
    penandatangan_nama = models.CharField(max_length=200, blank=True)
    penandatangan_jabatan = models.CharField(max_length=300, blank=True)
    penandatangan_pangkat = models.CharField(max_length=200, blank=True)
    penandatangan_nip = models.CharField(max_length=30, blank=True)
    dibuat = models.DateTimeField(auto_now_add=True)
    diubah = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "renja"
        verbose_name_plural = "renja"
        ordering = ["perangkat_daerah", "-tahun", "tahapan", "versi"]
        constraints = [
            models.UniqueConstraint(fields=["perangkat_daerah", "tahun", "tahapan", "versi"], name="renja_unique"),
        ]

    def __str__(self) -> str:
        label = f" — {self.label}" if self.label else ""
        return f"Renja {self.perangkat_daerah} {self.tahun} ({self.get_tahapan_display()} v{self.versi}){label}"


class PlanRow(models.Model):
    """A row of a plan: program, kegiatan or sub kegiatan, in a Renja or a Renstra (exactly one)."""

    renja = models.ForeignKey(Renja, null=True, blank=True, on_delete=models.CASCADE, related_name="rows")
    renstra = models.ForeignKey(Renstra, null=True, blank=True, on_delete=models.CASCADE, related_name="rows")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    level = models.CharField(max_length=12, choices=Level.choices)
    urutan = models.PositiveIntegerField(default=0)
    kode = models.CharField(max_length=30, blank=True, db_index=True)  # canonical, blank when unknown
    kode_asli = models.CharField(max_length=60, blank=True)
    nomenklatur = models.ForeignKey(Nomenklatur, null=True, blank=True, on_delete=models.SET_NULL)
    nama = models.TextField()
    nama_asli = models.TextField(blank=True)
    lokasi = models.CharField(max_length=300, blank=True)
    sumber_dana = models.ForeignKey(SumberDana, null=True, blank=True, on_delete=models.SET_NULL)
    catatan = models.TextField(blank=True)
    # Values the document itself stated for computed columns (e.g. T-C.29 cols 8, 10, 11), kept for the checker.
    nilai_dokumen = models.JSONField(default=dict, blank=True)
    sumber = models.CharField("lokasi di dokumen sumber", max_length=100, blank=True)
    revisi = models.PositiveIntegerField(default=0, editable=False, help_text=REVISI_HELP)

    class Meta:
        verbose_name = "baris rencana"
        verbose_name_plural = "baris rencana"
        ordering = ["urutan", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(renja__isnull=False, renstra__isnull=True) | Q(renja__isnull=True, renstra__isnull=False)),
                name="planrow_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kode or '—'} {self.nama}"[:300]


class TujuanSasaran(models.Model):
    class Jenis(models.TextChoices):
        TUJUAN = "tujuan", "Tujuan"
        SASARAN = "sasaran", "Sasaran"

    renja = models.ForeignKey(Renja, on_delete=models.CASCADE, related_name="tujuan_sasaran")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    jenis = models.CharField(max_length=10, choices=Jenis.choices)
    nomor = models.CharField(max_length=20, blank=True)
    uraian = models.TextField()
    urutan = models.PositiveIntegerField(default=0)
    revisi = models.PositiveIntegerField(default=0, editable=False, help_text=REVISI_HELP)

    class Meta:
        verbose_name = "tujuan/sasaran"
        verbose_name_plural = "tujuan dan sasaran"
        ordering = ["urutan", "id"]

    def __str__(self) -> str:
        return f"{self.get_jenis_display()} {self.nomor} {self.uraian}"[:300]


class Indikator(models.Model):
    """A performance indicator of a plan row, of a tujuan/sasaran, or of the Renstra's service analysis."""

    row = models.ForeignKey(PlanRow, null=True, blank=True, on_delete=models.CASCADE, related_name="indikator")
    tujuan_sasaran = models.ForeignKey(
        TujuanSasaran, null=True, blank=True, on_delete=models.CASCADE, related_name="indikator"
    )
    renstra = models.ForeignKey(
        Renstra, null=True, blank=True, on_delete=models.CASCADE, related_name="indikator_pelayanan"
    )
    jenis = models.CharField(max_length=10, choices=JenisIndikator.choices)
    kelompok = models.CharField(max_length=300, blank=True)  # e.g. T-C.30 group "A Urusan ..."
    nomor = models.CharField(max_length=20, blank=True)
    urutan = models.PositiveIntegerField(default=0)
    nama = models.TextField()
    nama_asli = models.TextField(blank=True)
    satuan = models.CharField(max_length=60, blank=True)
    arah = models.CharField(max_length=6, choices=Arah.choices, default=Arah.NAIK)
    agregasi_dalam_tahun = models.CharField(
        max_length=12, choices=AgregasiDalamTahun.choices, default=AgregasiDalamTahun.JUMLAH
    )
    agregasi_antar_tahun = models.CharField(
        max_length=12, choices=AgregasiAntarTahun.choices, default=AgregasiAntarTahun.JUMLAH
    )
    semantik_disimpulkan = models.BooleanField(
        "arah/agregasi disimpulkan otomatis",
        default=True,
        help_text="Benar bila arah dan agregasi ditebak oleh importir dari satuan dan nama; ubah untuk menetapkan.",
    )
    catatan = models.TextField(blank=True)
    revisi = models.PositiveIntegerField(default=0, editable=False, help_text=REVISI_HELP)

    class Meta:
        verbose_name = "indikator"
        verbose_name_plural = "indikator"
        ordering = ["urutan", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(row__isnull=False, tujuan_sasaran__isnull=True, renstra__isnull=True)
                    | Q(row__isnull=True, tujuan_sasaran__isnull=False, renstra__isnull=True)
                    | Q(row__isnull=True, tujuan_sasaran__isnull=True, renstra__isnull=False)
                ),
                name="indikator_one_owner",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nama} ({self.satuan})" if self.satuan else self.nama


class Target(models.Model):
    """A planned value of an indicator for a year (or a quarter of it)."""

    indikator = models.ForeignKey(Indikator, on_delete=models.CASCADE, related_name="targets")
    tahun = models.PositiveSmallIntegerField()
    triwulan = models.PositiveSmallIntegerField(default=0, help_text="0 = setahun; 1–4 = triwulan I–IV")
    akhir_periode = models.BooleanField("target akhir periode Renstra", default=False)
    proyeksi = models.BooleanField(default=False)
    nilai = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    satuan = models.CharField(max_length=60, blank=True)  # as written for this year (may differ: a finding)
    teks = models.CharField("teks asli", max_length=200, blank=True)
    revisi = models.PositiveIntegerField(default=0, editable=False, help_text=REVISI_HELP)

    class Meta:
        ordering = ["tahun", "triwulan"]
        constraints = [
            models.UniqueConstraint(
                fields=["indikator", "tahun", "triwulan", "akhir_periode", "proyeksi"],
                name="target_unique",
            ),
            models.CheckConstraint(
                condition=Q(triwulan__lte=4),
                name="target_triwulan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tahun}: {self.teks or self.nilai}"


class Realisasi(models.Model):
    """An achieved value: kinerja of an indicator and/or anggaran of a row, for a year or a quarter.

    `kumulatif` marks a value "s.d." (up to and including) the year, such as T-C.29 column 5.
    """

    indikator = models.ForeignKey(Indikator, null=True, blank=True, on_delete=models.CASCADE, related_name="realisasi")
    row = models.ForeignKey(PlanRow, null=True, blank=True, on_delete=models.CASCADE, related_name="realisasi")
    tahun = models.PositiveSmallIntegerField()
    triwulan = models.PositiveSmallIntegerField(default=0, help_text="0 = setahun; 1–4 = triwulan I–IV")
    kumulatif = models.BooleanField(default=False)
    nilai = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    teks = models.CharField("teks asli", max_length=200, blank=True)
    anggaran = models.DecimalField(max_digits=18, decimal_places=0, null=True, blank=True)
    anggaran_teks = models.CharField(max_length=60, blank=True)
    bukti = models.TextField(blank=True)
    catatan = models.TextField(blank=True)
    faktor_pendorong = models.TextField(blank=True)
    faktor_penghambat = models.TextField(blank=True)

    class Meta:
        verbose_name_plural = "realisasi"
        ordering = ["tahun", "triwulan"]
        constraints = [
            models.CheckConstraint(
                condition=Q(indikator__isnull=False) | Q(row__isnull=False), name="realisasi_has_owner"
            ),
            models.CheckConstraint(
                condition=Q(triwulan__lte=4),
                name="realisasi_triwulan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tahun}{f' TW{self.triwulan}' if self.triwulan else ''}: {self.teks or self.nilai}"


class Pagu(models.Model):
    """Budget of a row for a year, in whole rupiah (n = pagu indikatif, n+1 = prakiraan maju)."""

    row = models.ForeignKey(PlanRow, on_delete=models.CASCADE, related_name="pagu")
    tahun = models.PositiveSmallIntegerField()
    jumlah = models.DecimalField(max_digits=18, decimal_places=0, null=True, blank=True)
    teks = models.CharField("teks asli", max_length=60, blank=True)
    sumber_dana = models.ForeignKey(SumberDana, null=True, blank=True, on_delete=models.SET_NULL)
    lokasi = models.CharField(max_length=300, blank=True)
    revisi = models.PositiveIntegerField(default=0, editable=False, help_text=REVISI_HELP)

    class Meta:
        verbose_name_plural = "pagu"
        ordering = ["tahun"]
        constraints = [models.UniqueConstraint(fields=["row", "tahun"], name="pagu_unique")]

    def __str__(self) -> str:
        return f"{self.tahun}: {self.jumlah}"


class Narasi(models.Model):
    """A narrative chapter or section of the Renja document (kept for the document generator)."""

    renja = models.ForeignKey(Renja, on_delete=models.CASCADE, related_name="narasi")
    kode = models.CharField(max_length=30)  # kata_pengantar, bab1, bab2, ... bab5
    judul = models.CharField(max_length=300)
    teks = models.TextField(blank=True)
    urutan = models.PositiveIntegerField(default=0)
    revisi = models.PositiveIntegerField(default=0, editable=False, help_text=REVISI_HELP)

    class Meta:
        verbose_name_plural = "narasi"
        ordering = ["urutan"]
        constraints = [models.UniqueConstraint(fields=["renja", "kode"], name="narasi_unique")]

    def __str__(self) -> str:
        return self.judul


class JadwalTahapan(models.Model):
    """The window of a stage for a pemda's planning year (set by the admin pemda)."""

    pemda = models.ForeignKey("master.Pemda", on_delete=models.CASCADE, related_name="jadwal")
    tahun = models.PositiveSmallIntegerField()
    tahapan = models.CharField(max_length=20, choices=Tahapan.choices)
    mulai = models.DateTimeField()
    selesai = models.DateTimeField()
    terkunci = models.BooleanField(default=False)

    class Meta:
        verbose_name = "jadwal tahapan"
        verbose_name_plural = "jadwal tahapan"
        ordering = ["tahun", "mulai"]
        constraints = [
            models.UniqueConstraint(fields=["pemda", "tahun", "tahapan"], name="jadwal_unique"),
            models.CheckConstraint(condition=Q(selesai__gt=models.F("mulai")), name="jadwal_window"),
        ]

    def __str__(self) -> str:
        return f"{self.get_tahapan_display()} {self.tahun}"
