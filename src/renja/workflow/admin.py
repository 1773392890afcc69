"""Read-only admin for the workflow: steps, snapshots, notes, ceilings are written through the workflow pages
and services (which check roles and audit every write)."""

from __future__ import annotations

from django.contrib import admin

from renja.core.admin import ReadOnlyModelAdmin
from renja.workflow.models import BalasanCatatan, CatatanVerifikasi, PengaturanPemda, PlafonPagu, Snapshot, Transisi


@admin.register(Transisi)
class TransisiAdmin(ReadOnlyModelAdmin):
    list_display = ("waktu", "renja", "aksi", "dari", "ke", "oleh_label", "alasan")
    list_filter = ("aksi",)
    list_select_related = ("renja__perangkat_daerah",)


@admin.register(Snapshot)
class SnapshotAdmin(ReadOnlyModelAdmin):
    list_display = ("dibuat", "renja", "oleh_label", "alasan")
    list_select_related = ("renja__perangkat_daerah",)


@admin.register(CatatanVerifikasi)
class CatatanVerifikasiAdmin(ReadOnlyModelAdmin):
    list_display = ("dibuat", "renja", "jenis_item", "item_label", "status", "selesai", "penulis_label")
    list_filter = ("status", "selesai", "jenis_item")
    list_select_related = ("renja__perangkat_daerah",)
    search_fields = ("teks", "item_label")


@admin.register(BalasanCatatan)
class BalasanCatatanAdmin(ReadOnlyModelAdmin):
    list_display = ("dibuat", "catatan", "penulis_label", "teks")


@admin.register(PlafonPagu)
class PlafonPaguAdmin(ReadOnlyModelAdmin):
    list_display = ("perangkat_daerah", "tahun", "jumlah", "sumber")
    list_filter = ("tahun",)
    list_select_related = ("perangkat_daerah",)


@admin.register(PengaturanPemda)
class PengaturanPemdaAdmin(ReadOnlyModelAdmin):
    list_display = ("pemda", "mode_plafon")
