"""Indicator kinds inferred at import (renja.calc.semantics): a %, indeks, skor or nilai is not summed across
years; a count is; lower-is-better words make an indicator `turun`."""

from __future__ import annotations

import pytest

from renja.calc.semantics import infer_semantics


@pytest.mark.parametrize(
    ("nama", "satuan", "arah", "antar_tahun"),
    [
        ("Persentase desa dengan pengelolaan keuangan yang baik", "%", "naik", "nilai_akhir"),
        ("Persentase Pelaksanaan Kegiatan Penataan Desa", "", "naik", "nilai_akhir"),  # by name
        ("Indeks Kepuasan Masyarakat", "Skor", "naik", "nilai_akhir"),
        ("Nilai SAKIP", "Nilai", "naik", "nilai_akhir"),
        ("Jumlah dokumen perencanaan", "Dokumen", "naik", "jumlah"),
        # a count even with a level word later in the name (seed: Tabel 2.1, 2.13.05.2.01)
        ("Jumlah lembaga kemasyarakatan desa dan lembaga adat tingkat daerah yang aktif", "Lembaga", "naik", "jumlah"),
        ("Jumlah desa", "%", "naik", "nilai_akhir"),  # a level unit wins over the name
        ("Prevalensi stunting", "%", "turun", "nilai_akhir"),
        ("Jumlah kasus gizi buruk", "Kasus", "turun", "jumlah"),
        ("Banyaknya peserta pelatihan", "Orang", "naik", "jumlah"),
        ("Pembinaan kelompok", "kelompok", "naik", "jumlah"),
    ],
)
def test_inferred_semantics(nama: str, satuan: str, arah: str, antar_tahun: str) -> None:
    sem = infer_semantics(nama, satuan)
    assert (sem.arah, sem.agregasi_antar_tahun, sem.agregasi_dalam_tahun) == (arah, antar_tahun, antar_tahun)
    assert sem.aturan  # the rule is recorded with the indicator
