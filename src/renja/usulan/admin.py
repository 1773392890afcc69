"""Read-only admin for usulan (ASMAS / POKIR). Usulan are written through `renja.usulan.services` only."""

from __future__ import annotations

from django.contrib import admin

from renja.core.admin import ReadOnlyModelAdmin
from renja.usulan.models import Usulan


@admin.register(Usulan)
class UsulanAdmin(ReadOnlyModelAdmin):
    list_display = (
        "nomor",
        "perangkat_daerah",
        "tahun",
        "sumber",
        "desa_teks",
        "kecamatan_teks",
        "kegiatan",
        "pagu_usulan",
        "pagu_rekomendasi",
        "status",
    )
    list_filter = ("tahun", "sumber", "status", "perangkat_daerah")
    list_select_related = ("perangkat_daerah",)
    search_fields = ("kegiatan", "desa_teks", "kecamatan_teks", "pengusul")
