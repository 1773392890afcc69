"""Forms of the proposal (usulan) pages. Numbers are typed the Indonesian way (`150.000.000`, `2,5`) and read with
the same parser as the editing pages; every rule about what may be recorded lives in the services — a form only
reads the typed text, and a service's refusal is shown next to the field it names."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from renja.master.models import PerangkatDaerah
from renja.plans.forms import AngkaField
from renja.plans.models import PlanRow
from renja.usulan.models import Usulan, UsulanRekomendasi


class UsulanForm(forms.Form):
    """Intake of a proposal (new) and its edit (`baru=False`: the agency and the year stay as recorded)."""

    perangkat_daerah = forms.ModelChoiceField(
        label="Perangkat daerah",
        queryset=PerangkatDaerah.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "Pilih perangkat daerah dari daftar (hanya yang boleh Anda isi)."},
    )
    tahun = forms.IntegerField(
        label="Tahun rencana",
        min_value=2000,
        max_value=2100,
        error_messages={"required": "Tahun rencana wajib diisi, mis. 2025."},
    )
    sumber = forms.ChoiceField(label="Sumber usulan", choices=Usulan.Sumber.choices)
    nomor = forms.CharField(label="Nomor", max_length=20, required=False)
    pengusul = forms.CharField(
        label="Pengusul",
        max_length=200,
        required=False,
        help_text="Desa/kelurahan, kelompok masyarakat, atau anggota DPRD (pokir).",
    )
    kecamatan_teks = forms.CharField(label="Kecamatan (seperti tertulis)", max_length=200, required=False)
    desa_teks = forms.CharField(
        label="Desa/kelurahan (seperti tertulis)",
        max_length=200,
        required=False,
        help_text="Ditulis seperti dalam berita acara; Renja mencocokkannya dengan kode wilayah Kemendagri.",
    )
    lokasi = forms.CharField(label="Lokasi (dusun, RT/RW, titik)", max_length=300, required=False)
    kegiatan = forms.CharField(
        label="Usulan kegiatan",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Tulis usulan kegiatannya, mis. 'Pelatihan BUMDes'."},
    )
    volume = AngkaField(label="Volume")
    satuan = forms.CharField(label="Satuan", max_length=60, required=False)
    pagu_usulan = AngkaField(money=True, label="Pagu usulan (Rp)")
    revisi = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, pd_pilihan: QuerySet[PerangkatDaerah] | None = None, baru: bool = True, **kw: Any):
        super().__init__(*args, **kw)
        if baru:
            qs = pd_pilihan if pd_pilihan is not None else PerangkatDaerah.objects.none()
            self.fields["perangkat_daerah"].queryset = qs  # type: ignore[attr-defined]
            del self.fields["revisi"]
        else:
            del self.fields["perangkat_daerah"]
            del self.fields["tahun"]

    def teks(self, name: str) -> str:
        """The text as typed (kept beside the parsed number, like every imported value)."""
        return str(self.data.get(name, "")).strip()


class RekomendasiForm(forms.Form):
    """The recommendation of one level of the chain (desa → kecamatan → PD → Bappeda/TAPD)."""

    tingkat = forms.ChoiceField(label="Tingkat", choices=UsulanRekomendasi.Tingkat.choices)
    status = forms.ChoiceField(label="Status", choices=UsulanRekomendasi.Status.choices, widget=forms.RadioSelect)
    pagu_rekomendasi = AngkaField(money=True, label="Pagu rekomendasi (Rp)")
    volume = AngkaField(label="Volume direkomendasikan")
    satuan = forms.CharField(label="Satuan", max_length=60, required=False)
    alasan = forms.CharField(
        label="Alasan",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Wajib bila statusnya bukan «Diterima» (diterima dengan perubahan, digabung, ditolak).",
    )

    def teks(self, name: str) -> str:
        return str(self.data.get(name, "")).strip()


class TautanForm(forms.Form):
    """The sub kegiatan of the agency's Renja (same year) the proposal becomes."""

    row = forms.ModelChoiceField(
        label="Sub kegiatan",
        queryset=PlanRow.objects.none(),
        empty_label="— pilih sub kegiatan —",
        error_messages={
            "required": "Pilih sub kegiatan yang menampung usulan ini.",
            "invalid_choice": "Pilih sub kegiatan dari daftar: hanya sub kegiatan Renja perangkat daerah ini pada "
            "tahun yang sama.",
        },
    )

    def __init__(self, *args: Any, rows: QuerySet[PlanRow], **kw: Any) -> None:
        super().__init__(*args, **kw)
        field = self.fields["row"]
        field.queryset = rows  # type: ignore[attr-defined]
        field.label_from_instance = _row_label  # type: ignore[attr-defined]


def _row_label(row: PlanRow) -> str:
    renja = row.renja
    versi = f" — {renja.get_tahapan_display()} v{renja.versi}" if renja is not None and not renja.utama else ""
    return f"{row.kode or row.kode_asli or '—'} {row.nama}{versi}"


class ImporForm(forms.Form):
    perangkat_daerah = forms.ModelChoiceField(
        label="Perangkat daerah tujuan",
        queryset=PerangkatDaerah.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "Pilih perangkat daerah dari daftar (hanya yang boleh Anda isi)."},
    )
    tahun = forms.IntegerField(
        label="Tahun rencana", min_value=2000, max_value=2100, error_messages={"required": "Isi tahun, mis. 2025."}
    )
    berkas = forms.FileField(
        label="Berkas XLSX",
        help_text="Kolom Tabel 2.5 (no, desa, kecamatan/alamat, kegiatan, pagu usulan) ditambah lokasi, volume, "
        "satuan, sumber (ASMAS/POKIR) dan pengusul; baris judul dikenali dari nama kolomnya.",
    )
    uji_coba = forms.BooleanField(label="Uji coba: tampilkan hasilnya tanpa menyimpan", required=False, initial=True)

    def __init__(self, *args: Any, pd_pilihan: QuerySet[PerangkatDaerah], **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.fields["perangkat_daerah"].queryset = pd_pilihan  # type: ignore[attr-defined]
