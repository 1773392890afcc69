"""Admin for master data: pemda, perangkat daerah, users' roles, sumber dana, wilayah and nomenclature.

Edits are audited (`AuditedModelAdmin`). Large lists (wilayah, nomenklatur) skip the full count and use raw-id
widgets for their parent so a page never loads the whole table.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin

from renja.core.admin import AuditedModelAdmin
from renja.core.permissions import PD_ROLES
from renja.master.models import (
    Nomenklatur,
    NomenklaturVersi,
    Pemda,
    PerangkatDaerah,
    PeranPengguna,
    SumberDana,
    Wilayah,
)


@admin.register(Pemda)
class PemdaAdmin(AuditedModelAdmin):
    list_display = ("kode", "nama", "jenis", "ibukota", "rumus_turun")
    list_filter = ("jenis",)
    search_fields = ("kode", "nama")


@admin.register(PerangkatDaerah)
class PerangkatDaerahAdmin(AuditedModelAdmin):
    list_display = ("kode", "singkatan", "nama", "pemda", "bidang_kode")
    list_filter = ("pemda",)
    list_select_related = ("pemda",)
    search_fields = ("kode", "singkatan", "nama")


class PeranPenggunaForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = PeranPengguna
        fields = ("user", "peran", "pemda", "perangkat_daerah")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None
        peran = data.get("peran")
        pemda = data.get("pemda")
        pd = data.get("perangkat_daerah")
        if peran in PD_ROLES and pd is None:
            self.add_error(
                "perangkat_daerah",
                "Peran perencana dan kepala PD harus menyebut perangkat daerahnya: pilih perangkat daerah.",
            )
        if pd is not None and pemda is not None and pd.pemda_id != pemda.pk:
            self.add_error(
                "perangkat_daerah",
                f"Perangkat daerah {pd} bukan bagian dari {pemda}: pilih perangkat daerah pemda itu "
                "atau ganti pemdanya.",
            )
        return data


@admin.register(PeranPengguna)
class PeranPenggunaAdmin(AuditedModelAdmin):
    form = PeranPenggunaForm
    list_display = ("user", "peran", "pemda", "perangkat_daerah")
    list_filter = ("peran", "pemda")
    list_select_related = ("user", "pemda", "perangkat_daerah")
    search_fields = ("user__username", "user__first_name", "user__last_name", "perangkat_daerah__nama")
    autocomplete_fields = ("user", "pemda", "perangkat_daerah")


@admin.register(SumberDana)
class SumberDanaAdmin(AuditedModelAdmin):
    list_display = ("kode", "nama")
    search_fields = ("kode", "nama")


@admin.register(Wilayah)
class WilayahAdmin(AuditedModelAdmin):
    list_display = ("kode", "nama", "level", "parent")
    list_filter = ("level",)
    list_select_related = ("parent",)
    search_fields = ("kode", "nama")
    raw_id_fields = ("parent",)
    show_full_result_count = False


@admin.register(NomenklaturVersi)
class NomenklaturVersiAdmin(AuditedModelAdmin):
    list_display = ("kode", "nama", "berlaku_tahun", "sumber")
    search_fields = ("kode", "nama")


@admin.register(Nomenklatur)
class NomenklaturAdmin(AuditedModelAdmin):
    list_display = ("kode", "nama", "level", "jenis_pemda", "versi", "satuan")
    list_filter = ("versi", "level", "jenis_pemda")
    list_select_related = ("versi",)
    search_fields = ("kode", "kode_asli", "nama")
    raw_id_fields = ("parent",)
    show_full_result_count = False
