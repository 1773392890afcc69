"""Read-only admin for plans: browse and search. Plans are written through `renja.plans.services` only."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from renja.core.admin import ReadOnlyModelAdmin
from renja.plans.models import (
    Indikator,
    JadwalTahapan,
    Narasi,
    Pagu,
    PlanRow,
    Realisasi,
    Renja,
    Renstra,
    Target,
    TujuanSasaran,
)


@admin.register(Renstra)
class RenstraAdmin(ReadOnlyModelAdmin):
    list_display = ("perangkat_daerah", "tahun_mulai", "tahun_akhir", "nama")
    list_filter = ("perangkat_daerah__pemda",)
    list_select_related = ("perangkat_daerah",)
    search_fields = ("nama", "perangkat_daerah__nama")


@admin.register(Renja)
class RenjaAdmin(ReadOnlyModelAdmin):
    list_display = ("perangkat_daerah", "tahun", "tahapan", "versi", "utama", "terkunci", "label", "halaman")
    list_filter = ("tahun", "tahapan", "utama", "terkunci", "perangkat_daerah__pemda")
    list_select_related = ("perangkat_daerah",)
    search_fields = ("perangkat_daerah__nama", "perangkat_daerah__singkatan", "label")

    @admin.display(description="halaman")
    def halaman(self, obj: Renja) -> str:
        return format_html('<a href="{}">lihat</a>', reverse("plans:renja_detail", args=[obj.pk]))


@admin.register(PlanRow)
class PlanRowAdmin(ReadOnlyModelAdmin):
    list_display = ("kode", "nama", "level", "renja", "renstra", "urutan")
    list_filter = ("level",)
    list_select_related = ("renja__perangkat_daerah", "renstra__perangkat_daerah")
    search_fields = ("kode", "kode_asli", "nama")
    show_full_result_count = False


@admin.register(TujuanSasaran)
class TujuanSasaranAdmin(ReadOnlyModelAdmin):
    list_display = ("jenis", "nomor", "uraian", "renja")
    list_filter = ("jenis",)
    list_select_related = ("renja__perangkat_daerah",)
    search_fields = ("uraian",)


@admin.register(Indikator)
class IndikatorAdmin(ReadOnlyModelAdmin):
    list_display = ("nama", "satuan", "jenis", "arah", "agregasi_dalam_tahun", "agregasi_antar_tahun", "row")
    list_filter = ("jenis", "arah", "agregasi_antar_tahun", "semantik_disimpulkan")
    list_select_related = ("row",)
    search_fields = ("nama", "satuan", "row__kode")
    show_full_result_count = False


@admin.register(Target)
class TargetAdmin(ReadOnlyModelAdmin):
    list_display = ("indikator", "tahun", "triwulan", "nilai", "satuan", "teks", "akhir_periode", "proyeksi")
    list_filter = ("tahun", "triwulan", "akhir_periode", "proyeksi")
    list_select_related = ("indikator",)
    search_fields = ("indikator__nama", "teks")
    show_full_result_count = False


@admin.register(Realisasi)
class RealisasiAdmin(ReadOnlyModelAdmin):
    list_display = ("indikator", "row", "tahun", "triwulan", "kumulatif", "nilai", "teks", "anggaran")
    list_filter = ("tahun", "triwulan", "kumulatif")
    list_select_related = ("indikator", "row")
    search_fields = ("indikator__nama", "row__kode", "teks")
    show_full_result_count = False


@admin.register(Pagu)
class PaguAdmin(ReadOnlyModelAdmin):
    list_display = ("row", "tahun", "jumlah", "teks", "sumber_dana", "lokasi")
    list_filter = ("tahun",)
    list_select_related = ("row", "sumber_dana")
    search_fields = ("row__kode", "row__nama", "teks")
    show_full_result_count = False


@admin.register(Narasi)
class NarasiAdmin(ReadOnlyModelAdmin):
    list_display = ("judul", "kode", "renja", "urutan")
    list_select_related = ("renja__perangkat_daerah",)
    search_fields = ("judul", "teks")


@admin.register(JadwalTahapan)
class JadwalTahapanAdmin(ReadOnlyModelAdmin):
    list_display = ("pemda", "tahun", "tahapan", "mulai", "selesai", "terkunci")
    list_filter = ("tahun", "tahapan", "terkunci", "pemda")
    list_select_related = ("pemda",)
