"""Forms of the editing pages: numbers as Indonesians write them, messages in Bahasa Indonesia next to the field.

Every form carries `revisi`, the revision of the record the person saw (optimistic concurrency)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from renja.calc.angka import format_angka, format_rupiah
from renja.importers.numbers import ANGKA_TERPOTONG, ERROR_SPREADSHEET, NILAI_GANDA, RUPIAH_PECAHAN, parse_number
from renja.master.models import SumberDana

CONTOH_ANGKA = "Tulis angka seperti 28,98 atau 1.500 (titik pemisah ribuan, koma desimal)"
CONTOH_RUPIAH = "Tulis rupiah utuh seperti 8.319.719.640 (titik pemisah ribuan, tanpa desimal)"


def _message(problem: str, money: bool) -> str:
    contoh = CONTOH_RUPIAH if money else CONTOH_ANGKA
    if problem == NILAI_GANDA:
        return f"Satu isian hanya untuk satu angka; bila ada dua indikator, tambahkan indikator baru. {contoh}."
    if problem == ERROR_SPREADSHEET:
        return f"Ini galat spreadsheet, bukan angka. {contoh}."
    if problem == RUPIAH_PECAHAN:
        return f"Pagu ditulis dalam rupiah utuh, tanpa sen. {contoh}."
    if problem == ANGKA_TERPOTONG:
        return f"Angka ini terpotong spasi. {contoh}."
    return f"Tidak terbaca sebagai angka. {contoh}."


class AngkaField(forms.CharField):
    """A number as Indonesians write it; empty is allowed (None). `money`: whole rupiah, not negative."""

    def __init__(self, *, money: bool = False, **kwargs: Any) -> None:
        self.money = money
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value) or ""
        if not text.strip():
            return None
        if len(text) > 60:
            raise forms.ValidationError("Isian terlalu panjang untuk sebuah angka (paling banyak 60 karakter).")
        result = parse_number(text, money=self.money)
        if result.problem or result.value is None:
            raise forms.ValidationError(_message(result.problem, self.money), code="angka")
        if result.unit:
            raise forms.ValidationError(
                f"Tulis angkanya saja, tanpa satuan '{result.unit}': satuan ada di kolom satuan.", code="satuan"
            )
        if self.money and result.value < 0:
            raise forms.ValidationError("Pagu tidak boleh negatif.", code="negatif")
        return result.value


class RevisiForm(forms.Form):
    revisi = forms.IntegerField(min_value=0, widget=forms.HiddenInput)


class PaguForm(RevisiForm):
    jumlah = AngkaField(money=True, label="Pagu (Rp)")

    @staticmethod
    def teks(value: Decimal | None) -> str:
        return "" if value is None else format_rupiah(value)


class TargetForm(RevisiForm):
    nilai = AngkaField(label="Target")

    @staticmethod
    def teks(value: Decimal | None) -> str:
        return "" if value is None else format_angka(value)


class BarisForm(RevisiForm):
    nama = forms.CharField(label="Uraian", max_length=2000, error_messages={"required": "Uraian wajib diisi."})
    lokasi = forms.CharField(label="Lokasi", max_length=300, required=False)
    sumber_dana = forms.ModelChoiceField(
        label="Sumber dana",
        queryset=SumberDana.objects.order_by("kode"),
        required=False,
        empty_label="— belum ditentukan —",
        error_messages={"invalid_choice": "Pilih sumber dana dari daftar."},
    )


class IndikatorForm(RevisiForm):
    nama = forms.CharField(
        label="Indikator", max_length=2000, error_messages={"required": "Nama indikator wajib diisi."}
    )
    satuan = forms.CharField(label="Satuan", max_length=60, required=False)


class NarasiForm(RevisiForm):
    teks = forms.CharField(label="Isi", required=False, widget=forms.Textarea(attrs={"rows": 12}))


class TujuanSasaranForm(RevisiForm):
    uraian = forms.CharField(label="Uraian", max_length=4000, error_messages={"required": "Uraian wajib diisi."})
