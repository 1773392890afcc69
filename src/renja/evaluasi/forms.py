"""Forms of the evaluation pages. Numbers are typed the Indonesian way (`1.500.000`, `28,5`) and read with the
importer's number parser, so the form and an import accept the same texts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from renja.importers.numbers import parse_number
from renja.plans.models import AgregasiAntarTahun, AgregasiDalamTahun, Arah


def baca_angka(text: str, *, uang: bool) -> Decimal | None:
    """The number in `text` (None when empty); ValidationError with an Indonesian message otherwise."""
    result = parse_number(text, money=uang)
    if result.kosong:
        return None
    if result.value is None or result.problem not in ("", "ANGKA_TERPOTONG"):
        contoh = "1.500.000 (rupiah bulat)" if uang else "12 atau 28,5"
        raise forms.ValidationError(f"'{text.strip()}' tidak terbaca sebagai angka. Tulis misalnya {contoh}.")
    if result.unit and result.unit != "%" and uang:
        raise forms.ValidationError(f"'{text.strip()}': tulis angkanya saja, tanpa satuan.")
    return result.value


class AngkaField(forms.CharField):
    """A number typed as text; `cleaned_data` holds (Decimal | None, the text as typed)."""

    def __init__(self, *, uang: bool = False, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 60)
        super().__init__(**kwargs)
        self.uang = uang
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off", "class": "angka"})

    def clean(self, value: Any) -> tuple[Decimal | None, str]:
        text = super().clean(value) or ""
        return baca_angka(text, uang=self.uang), text.strip()


def realisasi_form_class(indikator: list[dict[str, Any]], *, anggaran: bool) -> type[forms.Form]:
    """The realisation form of one row for one quarter: per indicator a value, evidence and notes; the row's
    anggaran (rows without children) with evidence and notes; the unit responsible (E.81 column 16)."""
    fields: dict[str, forms.Field] = {}
    for item in indikator:
        pk = item["obj"].pk
        fields[f"k{pk}_nilai"] = AngkaField(label="Realisasi kinerja")
        fields[f"k{pk}_bukti"] = forms.CharField(
            label="Bukti", required=False, widget=forms.Textarea(attrs={"rows": 2})
        )
        fields[f"k{pk}_catatan"] = forms.CharField(
            label="Catatan", required=False, widget=forms.Textarea(attrs={"rows": 2})
        )
    if anggaran:
        fields["a_nilai"] = AngkaField(label="Realisasi anggaran (Rp)", uang=True)
        fields["a_bukti"] = forms.CharField(label="Bukti", required=False, widget=forms.Textarea(attrs={"rows": 2}))
        fields["a_catatan"] = forms.CharField(label="Catatan", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    fields["unit"] = forms.CharField(
        label="Unit PD penanggung jawab (kolom 16)",
        required=False,
        max_length=300,
        help_text="Kosongkan bila penanggung jawabnya perangkat daerah itu sendiri.",
    )
    return type("RealisasiForm", (forms.Form,), fields)


class SemantikForm(forms.Form):
    arah = forms.ChoiceField(label="Arah", choices=Arah.choices)
    agregasi_dalam_tahun = forms.ChoiceField(
        label="Agregasi dalam tahun (triwulan → tahun)", choices=AgregasiDalamTahun.choices
    )
    agregasi_antar_tahun = forms.ChoiceField(
        label="Agregasi antar tahun (tahun → periode Renstra)", choices=AgregasiAntarTahun.choices
    )
    catatan = forms.CharField(label="Catatan", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    revisi = forms.IntegerField(required=False, widget=forms.HiddenInput)


class CatatanTriwulanForm(forms.Form):
    faktor_pendorong = forms.CharField(
        label="Faktor pendorong keberhasilan pencapaian", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    faktor_penghambat = forms.CharField(
        label="Faktor penghambat pencapaian kinerja", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    tindak_lanjut_triwulan = forms.CharField(
        label="Tindak lanjut yang diperlukan dalam triwulan berikutnya",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    tindak_lanjut_renja = forms.CharField(
        label="Tindak lanjut yang diperlukan dalam Renja PD berikutnya",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ImporE81Form(forms.Form):
    berkas = forms.FileField(label="Berkas XLSX (tata letak Formulir E.81)")
    uji_coba = forms.BooleanField(label="Uji coba: tampilkan hasilnya tanpa menyimpan", required=False, initial=True)
