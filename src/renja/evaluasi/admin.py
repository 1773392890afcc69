"""Read-only admin for monitoring data: it is written through `renja.evaluasi.services` (web forms, import)."""

from __future__ import annotations

from django.contrib import admin

from renja.core.admin import ReadOnlyModelAdmin
from renja.evaluasi.models import CatatanTriwulan, UnitPenanggungJawab


@admin.register(CatatanTriwulan)
class CatatanTriwulanAdmin(ReadOnlyModelAdmin):
    list_display = ("renja", "triwulan", "faktor_pendorong", "faktor_penghambat")
    list_filter = ("triwulan", "renja__tahun")
    list_select_related = ("renja__perangkat_daerah",)
    search_fields = ("renja__perangkat_daerah__nama", "faktor_pendorong", "faktor_penghambat")


@admin.register(UnitPenanggungJawab)
class UnitPenanggungJawabAdmin(ReadOnlyModelAdmin):
    list_display = ("row", "unit")
    list_select_related = ("row",)
    search_fields = ("unit", "row__kode", "row__nama")
