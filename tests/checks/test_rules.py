"""Unit tests of the pure checks on a `DokumenCek` built by hand (no parser, no database)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from renja.checks.rules import jumlah
from renja.checks.rules.indikator import periksa_target_renstra
from renja.checks.rules.kode import periksa_kode_rencana
from renja.checks.rules.model import Angka, BarisEvaluasi, BarisRencana, DokumenCek, IndikatorCek, Lokasi, TabelRencana
from renja.checks.rules.periksa import periksa
from renja.checks.rules.teks import jumlah_dalam_teks, tahun_dalam_teks
from renja.checks.rules.temuan import REGISTRY, buat, render_markdown
from renja.importers.parse.renja_text import parse_renja_text
from tests.checks.documents import NOMENKLATUR, FakeNomenklatur
from tests.conftest import REPO, SEED

UNIT_CODES = {"JUMLAH_TINGKAT_TIDAK_SESUAI", "TARGET_MELEBIHI_RENSTRA", "KODE_LEVEL_SALAH", "KODE_INDUK_TIDAK_SESUAI"}


def rp(text: str) -> Angka:
    digits = text.replace(".", "")
    if text in ("", "-"):
        return Angka(teks=text)
    if not digits.isdigit():
        return Angka(teks=text)  # unreadable
    return Angka(teks=text, nilai=Decimal(digits))


def baris(rid: str, level: str, induk: str | None, pagu: str, **kw: object) -> BarisRencana:
    return BarisRencana(
        id=rid,
        nama=f"{level} {rid}",
        lokasi=Lokasi(tabel="T", baris_dokumen=int(rid)),
        induk=induk,
        level=level,
        pagu={2024: rp(pagu)},
        **kw,  # type: ignore[arg-type]
    )


def tabel(*rows: BarisRencana, jumlah_: tuple[str, ...] = ()) -> TabelRencana:
    from renja.checks.rules.model import JumlahTertulis

    totals = tuple(JumlahTertulis("T", 2024, rp(v), lokasi=Lokasi(tabel="T", baris_dokumen=99)) for v in jumlah_)
    return TabelRencana(nama="T", jenis="rencana", tahun=(2024,), baris=rows, jumlah=totals)


def test_sums_read_a_dash_as_zero_and_skip_what_cannot_be_read() -> None:
    ok = tabel(baris("1", "program", None, "100"), baris("2", "kegiatan", "1", "100"), baris("3", "kegiatan", "1", "-"))
    assert jumlah.periksa_pagu_induk(ok) == []
    unreadable = tabel(baris("1", "program", None, "100"), baris("2", "kegiatan", "1", "#VALUE!"))
    assert jumlah.periksa_pagu_induk(unreadable) == []
    blank_parent = tabel(baris("1", "program", None, ""), baris("2", "kegiatan", "1", "50"))
    assert jumlah.periksa_pagu_induk(blank_parent) == []
    wrong = tabel(
        baris("1", "program", None, "100"), baris("2", "kegiatan", "1", "60"), baris("3", "kegiatan", "1", "-")
    )
    [t] = jumlah.periksa_pagu_induk(wrong)
    assert (t.kode, t.diharapkan, t.ditemukan, t.lokasi.baris_dokumen) == ("PAGU_INDUK_TIDAK_SESUAI", "60", "100", 1)


def test_a_table_total_uses_the_lowest_rows_when_the_parents_state_no_pagu() -> None:
    t = tabel(
        baris("1", "program", None, ""),
        baris("2", "kegiatan", "1", ""),
        baris("3", "sub_kegiatan", "2", "70"),
        baris("4", "sub_kegiatan", "2", "8"),
        jumlah_=("70",),
    )
    total = jumlah.total_tabel(t, 2024)
    assert total is not None and total.nilai == Decimal(78) and total.rumus == "Σ pagu sub kegiatan (2024)"
    [f] = jumlah.periksa_jumlah_tabel(t)
    assert (f.kode, f.diharapkan, f.ditemukan) == ("JUMLAH_TIDAK_SESUAI", "78", "70")


def test_the_sums_of_the_levels_must_agree() -> None:
    orphan = tabel(
        baris("1", "program", None, "100"),
        baris("2", "kegiatan", "1", "100"),
        baris("3", "kegiatan", "9", "50"),  # its parent is not in the table
    )
    found = jumlah.periksa_jumlah_tabel(orphan)
    assert [f.kode for f in found] == ["JUMLAH_TINGKAT_TIDAK_SESUAI"]
    assert "program 100" in found[0].ditemukan and "kegiatan 150" in found[0].ditemukan
    assert (
        jumlah.periksa_jumlah_tabel(tabel(baris("1", "program", None, "100"), baris("2", "kegiatan", "1", "100"))) == []
    )


def _ind(nama: str, target: str, satuan: str = "Dokumen") -> IndikatorCek:
    return IndikatorCek(
        nama=nama, satuan=satuan, target={2024: Angka(teks=target, nilai=Decimal(target), satuan=satuan)}
    )


def _evaluasi(kode: str, nama: str, c4: str, satuan: str = "Dokumen") -> BarisEvaluasi:
    return BarisEvaluasi(
        lokasi=Lokasi(tabel="Tabel 2.1", baris_dokumen=5),
        kode=kode,
        kode_asli=kode,
        nama="x",
        level="sub_kegiatan",
        indikator=(IndikatorCek(nama=nama, satuan=satuan),),
        kolom={4: (Angka(teks=c4, nilai=Decimal(c4)),)},
    )


@pytest.mark.parametrize(
    ("plan_indicator", "renstra_indicator", "fires"),
    [
        ("Jumlah dokumen perencanaan yang disusun", "Jumlah dokumen perencanaan yang disusun", True),
        ("Jumlah dokumen perencanaan yang disusun", "Jumlah desa yang difasilitasi", False),  # another indicator
        ("Persentase angka kemiskinan desa", "Persentase angka kemiskinan desa", False),  # lower is better
    ],
)
def test_a_plan_target_above_the_renstra_end_target(plan_indicator: str, renstra_indicator: str, fires: bool) -> None:
    row = BarisRencana(
        id="1",
        nama="x",
        lokasi=Lokasi(tabel="Tabel 4.1", baris_dokumen=50),
        level="sub_kegiatan",
        kode="2.13.04.2.01.0001",
        indikator=(_ind(plan_indicator, "12"),),
    )
    doc = DokumenCek(
        sumber="dokumen",
        nama="x",
        tahun=2024,
        rencana=TabelRencana(nama="Tabel 4.1", jenis="rencana", tahun=(2024, 2025), baris=(row,)),
        evaluasi=(_evaluasi("2.13.04.2.01.0001", renstra_indicator, "9"),),
    )
    found = periksa_target_renstra(doc)
    assert [f.kode for f in found] == (["TARGET_MELEBIHI_RENSTRA"] if fires else [])


def test_stored_codes_are_checked_against_level_and_parent() -> None:
    lookup = FakeNomenklatur(NOMENKLATUR)
    rows = (
        BarisRencana(
            id="1",
            nama="PROGRAM ADMINISTRASI PEMERINTAHAN DESA",
            lokasi=Lokasi(),
            level="program",
            kode="2.13.04",
            cocok="kode",
        ),
        BarisRencana(
            id="2",
            nama="Fasilitasi Kerja sama antar Desa",
            lokasi=Lokasi(),
            induk="1",
            level="kegiatan",
            kode="2.13.03.2.01",
            cocok="kode",
        ),
        BarisRencana(
            id="3",
            nama="Fasilitasi Penyusunan Produk Hukum Desa",
            lokasi=Lokasi(),
            induk="2",
            level="kegiatan",
            kode="2.13.04.2.01.0002",
            cocok="kode",
        ),
    )
    found = periksa_kode_rencana(TabelRencana(nama="R", jenis="rencana", tahun=(2024,), baris=rows), lookup)
    assert sorted(f.kode for f in found) == ["KODE_INDUK_TIDAK_SESUAI", "KODE_INDUK_TIDAK_SESUAI", "KODE_LEVEL_SALAH"]


def test_every_code_is_registered_and_documented() -> None:
    with pytest.raises(KeyError):
        buat("KODE_YANG_TIDAK_ADA", "x", Lokasi())
    for info in REGISTRY.values():
        assert info.severity in ("error", "peringatan", "info")
        assert info.judul and info.makna and info.tindakan
    doc = (REPO / "docs" / "reference" / "checks.md").read_text(encoding="utf-8")
    assert doc.strip() == render_markdown().strip(), (
        "docs/reference/checks.md tidak sesuai registri; jalankan: "
        "python -m renja.checks.rules.temuan > docs/reference/checks.md"
    )


def test_the_prose_reader_finds_what_the_parser_states_on_the_seed() -> None:
    """The totals and counts `jumlah_dalam_teks` reads from chapters (stored narasi, JSON) are those the
    document parser states for the same seed (its StatedTotals from the prose)."""
    from renja.checks.rules.dari_teks import dari_parsed

    text = SEED.read_text(encoding="utf-8")
    parsed = parse_renja_text(text)
    doc, _ = dari_parsed(parsed, text, nama="seed")
    assert doc.narasi
    ours = [
        (j.tahun, j.jenis, j.nilai.nilai, j.lokasi.baris_dokumen, bool(j.tabel))
        for j in jumlah_dalam_teks(doc.narasi, 2024, "Tabel 4.1")
    ]
    parser = [(t.tahun, t.jenis, t.value.nilai, t.loc.line, bool(t.table)) for t in parsed.totals if not t.loc.table]
    assert sorted(ours, key=str) == sorted(parser, key=str)


def test_years_in_the_seed_prose() -> None:
    from renja.checks.rules.dari_teks import dari_parsed

    text = SEED.read_text(encoding="utf-8")
    doc, _ = dari_parsed(parse_renja_text(text), text, nama="seed")
    assert doc.narasi
    found = tahun_dalam_teks(doc.narasi, 2024)
    # 1.1 (two years on one line: one finding per phrase), 1.2, 1.3, 2.4 (two), Bab V
    assert [f.lokasi.baris_dokumen for f in found] == [96, 96, 100, 121, 363, 363, 723]


def test_a_whole_document_check_deduplicates_and_sorts() -> None:
    doc = DokumenCek(sumber="dokumen", nama="kosong", tahun=2024)
    hasil = periksa(doc)
    assert hasil.temuan == ()
    assert {b.kode: b.status for b in hasil.kelengkapan}["tc29"] == "tidak_ada"
    assert Path(__file__).name  # keep the import list honest
