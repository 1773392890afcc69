"""Read-only admin for usulan (ASMAS / POKIR). Usulan are written through `renja.usulan.services` only."""

from __future__ import annotations

from django.contrib import admin

from renja.core.admin import ReadOnlyModelAdmin
from renja.usulan.models import Usulan, UsulanRekomendasi


class RekomendasiInline(admin.TabularInline):  # type: ignore[type-arg]
    model = UsulanRekomendasi
    fk_name = "usulan"
    extra = 0
    can_delete = False
    fields = ("tingkat", "status", "pagu_rekomendasi", "alasan", "digabung_ke", "oleh", "dicatat_pada")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Usulan)
class UsulanAdmin(ReadOnlyModelAdmin):
    list_display = (
        "nomor",
        "perangkat_daerah",
        "tahun",
        "sumber",
        "desa_teks",
        "kecamatan_teks",
        "desa",
        "wilayah_cocok",
        "kegiatan",
        "pagu_usulan",
        "pagu_rekomendasi",
        "status",
    )
    list_filter = ("tahun", "sumber", "status", "wilayah_cocok", "perangkat_daerah")
    list_select_related = ("perangkat_daerah", "desa")
    search_fields = ("kegiatan", "desa_teks", "kecamatan_teks", "pengusul")
    inlines = [RekomendasiInline]


@admin.register(UsulanRekomendasi)
class UsulanRekomendasiAdmin(ReadOnlyModelAdmin):
    list_display = ("usulan", "tingkat", "status", "pagu_rekomendasi", "oleh", "dicatat_pada")
    list_filter = ("tingkat", "status")
    list_select_related = ("usulan", "oleh")
