from __future__ import annotations

import re
from typing import Any

from rest_framework import serializers

from renja.master.models import Pemda, PerangkatDaerah
from renja.plans.models import Indikator, Pagu, PlanRow, Realisasi, Renja, Renstra, Target
from renja.usulan.models import StatusRekomendasi, Tingkat, Usulan, UsulanRekomendasi
from renja.workflow.models import BalasanCatatan, CatatanVerifikasi, JenisItem, StatusCatatan, Transisi

MAX_ID = 2**63 - 1
_ID = re.compile(r"[0-9]{1,19}")


class BoundedPK(serializers.PrimaryKeyRelatedField):  # type: ignore[misc]
    """A primary key that is refused with a clear message when it is not a 64-bit id (no database error)."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, bool) or not isinstance(data, int | str) or not _ID.fullmatch(str(data)):
            self.fail("incorrect_type", data_type=type(data).__name__)
        if int(data) > MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(data)


class PemdaSerializer(serializers.ModelSerializer):  # type: ignore[misc]
    class Meta:
        model = Pemda
        fields = ["id", "kode", "nama", "jenis", "rumus_turun"]


class PerangkatDaerahSerializer(serializers.ModelSerializer):  # type: ignore[misc]
    class Meta:
        model = PerangkatDaerah
        fields = [
            "id",
            "pemda",
            "kode",
            "singkatan",
            "nama",
            "bidang_kode",
            "alamat",
            "kepala_nama",
            "kepala_pangkat",
            "kepala_nip",
        ]


class RenstraSerializer(serializers.ModelSerializer):  # type: ignore[misc]
    class Meta:
        model = Renstra
        fields = ["id", "perangkat_daerah", "tahun_mulai", "tahun_akhir", "nama"]


class RenjaSerializer(serializers.ModelSerializer):  # type: ignore[misc]
    class Meta:
        model = Renja
        fields = [
            "id",
            "perangkat_daerah",
            "tahun",
            "tahapan",
            "versi",
            "label",
            "utama",
            "status",
            "terkunci",
            "renstra",
            "penandatangan_nama",
            "penandatangan_jabatan",
            "penandatangan_pangkat",
            "penandatangan_nip",
            "dibuat",
            "diubah",
        ]


class PlanRowSerializer(serializers.ModelSerializer):  # type: ignore[misc]
    class Meta:
        model = PlanRow
        fields = [
            "id",
            "renja",
            "renstra",
            "parent",
            "level",
            "urutan",
            "kode",
            "kode_asli",
            "nama",
            "nama_asli",
            "lokasi",
            "sumber_dana",
            "catatan",
            "sumber",
        ]


class IndikatorSerializer(serializers.ModelSerializer):  # type: ignore[misc]
    class Meta:
        model = Indikator
        fields = [
            "id",
            "row",
            "tujuan_sasaran",
            "renstra",
            "jenis",
            "kelompok",
            "nomor",
            "urutan",
            "nama",
            "nama_asli",
            "satuan",
            "arah",
            "agregasi_dalam_tahun",
            "agregasi_antar_tahun",
            "semantik_disimpulkan",
            "catatan",
        ]


class TargetSerializer(serializers.ModelSerializer):  # type: ignore[misc]
    class Meta:
        model = Target
        fields = ["id", "indikator", "tahun", "triwulan", "akhir_periode", "proyeksi", "nilai", "satuan", "teks"]


class TargetSetSerializer(serializers.Serializer):  # type: ignore[misc]
    indikator = BoundedPK(queryset=Indikator.objects.all())
    tahun = serializers.IntegerField(min_value=1900, max_value=2200)
    triwulan = serializers.IntegerField(min_value=0, max_value=4, default=0)
    nilai = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    teks = serializers.CharField(max_length=200, allow_blank=True, default="")
    satuan = serializers.CharField(max_length=60, allow_blank=True, default="")


class PaguSerializer(serializers.ModelSerializer):  # type: ignore[misc]
    class Meta:
        model = Pagu
        fields = ["id", "row", "tahun", "jumlah", "teks", "sumber_dana", "lokasi"]


class PaguSetSerializer(serializers.Serializer):  # type: ignore[misc]
    row = BoundedPK(queryset=PlanRow.objects.filter(renja__isnull=False))
    tahun = serializers.IntegerField(min_value=1900, max_value=2200)
    jumlah = serializers.DecimalField(max_digits=18, decimal_places=0, allow_null=True, min_value=0)
    teks = serializers.CharField(max_length=60, allow_blank=True, default="")
    lokasi = serializers.CharField(max_length=300, allow_blank=True, default="")


class RealisasiSerializer(serializers.ModelSerializer):  # type: ignore[misc]
    class Meta:
        model = Realisasi
        fields = [
            "id",
            "indikator",
            "row",
            "tahun",
            "triwulan",
            "kumulatif",
            "nilai",
            "teks",
            "anggaran",
            "anggaran_teks",
            "bukti",
            "catatan",
            "faktor_pendorong",
            "faktor_penghambat",
        ]


class RealisasiRecordSerializer(serializers.Serializer):  # type: ignore[misc]
    indikator = BoundedPK(queryset=Indikator.objects.all(), allow_null=True, default=None)
    row = BoundedPK(queryset=PlanRow.objects.filter(renja__isnull=False), allow_null=True, default=None)
    tahun = serializers.IntegerField(min_value=1900, max_value=2200)
    triwulan = serializers.IntegerField(min_value=0, max_value=4, default=0)
    nilai = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True, default=None)
    teks = serializers.CharField(max_length=200, allow_blank=True, default="")
    anggaran = serializers.DecimalField(max_digits=18, decimal_places=0, allow_null=True, default=None, min_value=0)
    bukti = serializers.CharField(allow_blank=True, default="", max_length=5000)
    catatan = serializers.CharField(allow_blank=True, default="", max_length=5000)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("indikator") is None and attrs.get("row") is None:
            raise serializers.ValidationError("Isi `indikator` (realisasi kinerja) dan/atau `row` (anggaran).")
        return attrs


class RekomendasiSerializer(serializers.ModelSerializer):  # type: ignore[misc]
    class Meta:
        model = UsulanRekomendasi
        fields = [
            "id",
            "tingkat",
            "status",
            "pagu_rekomendasi",
            "pagu_rekomendasi_teks",
            "volume",
            "satuan",
            "alasan",
            "digabung_ke",
            "oleh",
            "dicatat_pada",
            "revisi",
        ]


class RekomendasiSetSerializer(serializers.Serializer):  # type: ignore[misc]
    tingkat = serializers.ChoiceField(choices=Tingkat.choices)
    status = serializers.ChoiceField(choices=StatusRekomendasi.choices)
    alasan = serializers.CharField(max_length=5000, allow_blank=True, default="")
    pagu_rekomendasi = serializers.DecimalField(
        max_digits=18, decimal_places=0, allow_null=True, default=None, min_value=0
    )
    volume = serializers.DecimalField(max_digits=18, decimal_places=4, allow_null=True, default=None)
    satuan = serializers.CharField(max_length=60, allow_blank=True, default="")
    digabung_ke = BoundedPK(queryset=Usulan.objects.all(), allow_null=True, default=None)


class BarisTautanSerializer(serializers.Serializer):  # type: ignore[misc]
    row = BoundedPK(queryset=PlanRow.objects.filter(renja__isnull=False), allow_null=True)


class UsulanSerializer(serializers.ModelSerializer):  # type: ignore[misc]
    serializer_related_field = BoundedPK
    rekomendasi = RekomendasiSerializer(many=True, read_only=True)
    kode_desa = serializers.CharField(source="desa.kode", read_only=True, allow_null=True, default=None)
    kode_kecamatan = serializers.CharField(source="kecamatan.kode", read_only=True, allow_null=True, default=None)

    class Meta:
        model = Usulan
        fields = [
            "id",
            "perangkat_daerah",
            "tahun",
            "sumber",
            "nomor",
            "pengusul",
            "desa_teks",
            "kecamatan_teks",
            "kode_desa",
            "kode_kecamatan",
            "kegiatan",
            "volume",
            "satuan",
            "pagu_usulan",
            "pagu_usulan_teks",
            "pagu_rekomendasi",
            "pagu_rekomendasi_teks",
            "status",
            "alasan",
            "row",
            "rekomendasi",
        ]
        read_only_fields = ["status", "alasan", "row", "pagu_usulan_teks", "pagu_rekomendasi_teks"]


# --- the workflow: stage transitions and verification notes -------------------------------------------------


class TransisiSerializer(serializers.ModelSerializer):  # type: ignore[misc]
    class Meta:
        model = Transisi
        fields = ["id", "renja", "aksi", "dari", "ke", "alasan", "oleh", "oleh_label", "waktu"]


class LangkahRequestSerializer(serializers.Serializer):  # type: ignore[misc]
    alasan = serializers.CharField(
        max_length=5000,
        allow_blank=True,
        default="",
        help_text="Alasan atau catatan langkah; wajib untuk `kembalikan` dan `buka`.",
    )


class BalasanSerializer(serializers.ModelSerializer):  # type: ignore[misc]
    class Meta:
        model = BalasanCatatan
        fields = ["id", "catatan", "teks", "penulis", "penulis_label", "dibuat"]


class CatatanSerializer(serializers.ModelSerializer):  # type: ignore[misc]
    balasan = BalasanSerializer(many=True, read_only=True)

    class Meta:
        model = CatatanVerifikasi
        fields = [
            "id",
            "renja",
            "jenis_item",
            "item_id",
            "item_label",
            "status",
            "teks",
            "penulis",
            "penulis_label",
            "dibuat",
            "selesai",
            "diselesaikan_oleh_label",
            "diselesaikan_pada",
            "balasan",
        ]


class CatatanBuatSerializer(serializers.Serializer):  # type: ignore[misc]
    renja = BoundedPK(queryset=Renja.objects.select_related("perangkat_daerah__pemda"))
    jenis_item = serializers.ChoiceField(choices=JenisItem.choices)
    item_id = serializers.IntegerField(min_value=1, max_value=MAX_ID)
    status = serializers.ChoiceField(choices=StatusCatatan.choices)
    teks = serializers.CharField(max_length=5000, allow_blank=True, default="")


class BalasanBuatSerializer(serializers.Serializer):  # type: ignore[misc]
    teks = serializers.CharField(max_length=5000, allow_blank=True)
