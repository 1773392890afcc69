"""T-C.31 notes: what changed between the Rancangan Awal RKPD and the Hasil Analisis Kebutuhan (pure)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from renja.documents.review import Sisi, compare


def test_notes_for_unchanged_new_cancelled_and_changed_rows() -> None:
    a = Sisi("Penyusunan Dokumen", Decimal(35_000_000), [("Jumlah dokumen", Decimal(4), "Dokumen")])
    assert compare(a, a).teks == "Tepat"
    assert compare(None, a).status == "baru"
    assert compare(a, None).teks == "Dibatalkan"
    b = Sisi("Penyusunan Dokumen", Decimal(65_000_000), [("Jumlah dokumen", Decimal(5), "Dokumen")])
    note = compare(a, b)
    assert note.status == "berubah"
    assert note.teks == "Berubah: pagu bertambah Rp 30.000.000; target 4 Dokumen → 5 Dokumen"
    c = Sisi("Penyusunan Dokumen Baru", None, [])
    assert compare(a, c).rincian == ("pagu Rp 35.000.000 → (kosong)", "indikator dihapus", "nama diubah")
    with pytest.raises(ValueError, match="sekurangnya satu sisi"):
        compare(None, None)
