"""Codes and names against the nomenclature in force, and duplicates (domain README §3, §8). Pure.

- a code the version does not have; a code at the wrong level (of the row, or of government: a kegiatan
  `1.xx` of a provinsi in a kab/kota plan); a code that is not a child of its parent row's code;
- a name far from its code's official name; a name the nomenclature does not know (when the level and code
  came from matching the name: a slightly different name is an `info`, an unknown one a `peringatan`);
- the same code twice in a table, the same name twice under one parent.
"""

from __future__ import annotations

from collections.abc import Sequence

from renja.checks.rules.lookup import NomenklaturLookup
from renja.checks.rules.model import BarisEvaluasi, BarisRencana, Lokasi, TabelRencana
from renja.checks.rules.temuan import Temuan, buat
from renja.core.text import (
    LEVEL_BY_SEGMENTS,
    generic_support_code,
    normalize_name,
    parent_code,
    similarity,
    try_canonical_code,
)

__all__ = ["NAMA_MIRIP", "periksa_ganda", "periksa_kode_evaluasi", "periksa_kode_rencana"]

NAMA_MIRIP = 0.85  # a name and its code's official name below this are "different"
_LABEL = {
    "urusan": "urusan",
    "bidang": "bidang urusan",
    "program": "program",
    "kegiatan": "kegiatan",
    "sub_kegiatan": "sub kegiatan",
}
_GOV = {"kabkota": "2", "prov": "1"}
_ORDER = ("urusan", "bidang", "program", "kegiatan", "sub_kegiatan")


def _same_code(a: str, b: str) -> bool:
    """Equal codes, reading the support program `X.XX.01…` and `2.13.01…` as the same."""
    return a == b or (generic_support_code(a) or a) == (generic_support_code(b) or b)


def _code_checks(
    *,
    tabel: str,
    kode: str,
    kode_asli: str,
    nama: str,
    level: str,
    parent: tuple[str, str] | None,
    lokasi: Lokasi,
    lookup: NomenklaturLookup | None,
    check_name: bool,
) -> list[Temuan]:
    out: list[Temuan] = []
    written = kode_asli or kode
    segs = kode.split(".")
    code_level = LEVEL_BY_SEGMENTS.get(len(segs), "")
    if level and code_level and level != code_level:
        out.append(
            buat(
                "KODE_LEVEL_SALAH",
                f"{tabel}: '{nama[:70]}' adalah {_LABEL.get(level, level)}, tetapi kodenya {written} adalah kode "
                f"{_LABEL.get(code_level, code_level)}.",
                lokasi.dengan(kolom=lokasi.kolom or "kode"),
                teks=written,
                diharapkan=f"kode {_LABEL.get(level, level)}",
                ditemukan=f"kode {_LABEL.get(code_level, code_level)} {written}",
            )
        )
    gov = _GOV.get(lookup.jenis_pemda if lookup is not None else "kabkota", "")
    if len(segs) >= 5 and gov and segs[0] != "X" and segs[3] != gov and segs[3] in _GOV.values():
        out.append(
            buat(
                "KODE_LEVEL_SALAH",
                f"{tabel}: kode {written} ('{nama[:70]}') adalah kegiatan tingkat "
                f"{'provinsi' if segs[3] == '1' else 'kabupaten/kota'} (digit '{segs[3]}' pada bagian kegiatan), "
                "bukan tingkat pemerintahan dokumen ini.",
                lokasi.dengan(kolom=lokasi.kolom or "kode"),
                teks=written,
                diharapkan=f"kegiatan {gov}.xx",
                ditemukan=written,
            )
        )
    if parent is not None:
        parent_kode, parent_nama = parent
        expected_parent = parent_code(kode) if code_level else None
        if expected_parent and parent_kode and not _same_code(expected_parent, parent_kode):
            out.append(
                buat(
                    "KODE_INDUK_TIDAK_SESUAI",
                    f"{tabel}: kode {written} ('{nama[:60]}') tidak berada di bawah kode induknya {parent_kode} "
                    f"('{parent_nama[:60]}').",
                    lokasi.dengan(kolom=lokasi.kolom or "kode"),
                    teks=written,
                    diharapkan=f"kode yang diawali {parent_kode}",
                    ditemukan=written,
                )
            )
    if lookup is None:
        return out
    item = lookup.by_code(kode)
    if item is None:
        out.append(
            buat(
                "KODE_TIDAK_DIKENAL",
                f"{tabel}: kode {written} ('{nama[:70]}') tidak ada di nomenklatur {lookup.versi}.",
                lokasi.dengan(kolom=lokasi.kolom or "kode"),
                teks=written,
                diharapkan=f"kode {_LABEL.get(code_level, '')} yang ada di nomenklatur {lookup.versi}",
                ditemukan=written,
            )
        )
    elif check_name and nama:
        score = similarity(nama, item.nama)
        if score < NAMA_MIRIP:
            out.append(
                buat(
                    "NAMA_TIDAK_SESUAI_KODE",
                    f"{tabel}: '{nama[:90]}' tidak sesuai nama resmi kode {written}: '{item.nama}' (kemiripan "
                    f"{score:.2f}).",
                    lokasi,
                    teks=nama,
                    diharapkan=item.nama,
                    ditemukan=nama,
                )
            )
        elif score < 1.0 and normalize_name(nama) != normalize_name(item.nama):
            out.append(
                buat(
                    "NAMA_BEDA_NOMENKLATUR",
                    f"{tabel}: nama '{nama[:90]}' sedikit berbeda dari nama resmi kode {written}: '{item.nama}' "
                    f"(kemiripan {score:.2f}).",
                    lokasi,
                    teks=nama,
                    diharapkan=item.nama,
                    ditemukan=nama,
                )
            )
    return out


def periksa_kode_evaluasi(rows: Sequence[BarisEvaluasi], lookup: NomenklaturLookup | None) -> list[Temuan]:
    """Tabel 2.1: each printed code (its parent is the last row of the level above)."""
    out: list[Temuan] = []
    last: dict[str, tuple[str, str]] = {}
    above = {"program": "bidang", "kegiatan": "program", "sub_kegiatan": "kegiatan"}
    for row in rows:
        if not row.kode:
            continue
        parent = last.get(above.get(row.level, ""))
        out += _code_checks(
            tabel=row.lokasi.tabel or "Tabel 2.1",
            kode=row.kode,
            kode_asli=row.kode_asli,
            nama=row.nama,
            level=row.level,
            parent=parent,
            lokasi=row.lokasi.dengan(kolom=""),
            lookup=lookup,
            check_name=True,
        )
        last[row.level] = (row.kode, row.nama)
        if row.level in _ORDER:
            for deeper in _ORDER[_ORDER.index(row.level) + 1 :]:
                last.pop(deeper, None)
    return out


def periksa_kode_rencana(tabel: TabelRencana, lookup: NomenklaturLookup | None) -> list[Temuan]:
    """A plan table: stored/printed codes are checked like Tabel 2.1's; codes found by matching the name report
    how well the name matched (unknown, slightly different, under another parent)."""
    out: list[Temuan] = []
    by_id = {r.id: r for r in tabel.baris}
    for row in tabel.baris:
        parent_row = by_id.get(row.induk) if row.induk else None
        if row.cocok == "kode" and row.kode:
            canonical = try_canonical_code(row.kode) or row.kode
            out += _code_checks(
                tabel=tabel.nama,
                kode=canonical,
                kode_asli=row.kode_asli if try_canonical_code(row.kode_asli) else row.kode,
                nama=row.nama,
                level=row.level,
                parent=(parent_row.kode, parent_row.nama) if parent_row is not None and parent_row.kode else None,
                lokasi=row.lokasi,
                lookup=lookup,
                check_name=True,
            )
            continue
        if lookup is None or row.cocok == "kode":
            continue
        if not row.cocok:
            level = _LABEL.get(row.level, "baris")
            out.append(
                buat(
                    "NOMENKLATUR_TIDAK_COCOK",
                    f"{tabel.nama}: '{row.nama[:90]}' tidak cocok dengan {level} mana pun di nomenklatur "
                    f"{lookup.versi}.",
                    row.lokasi,
                    teks=row.nama,
                )
            )
            continue
        if row.cocok == "fuzzy":
            out.append(
                buat(
                    "NAMA_BEDA_NOMENKLATUR",
                    f"{tabel.nama}: nama '{row.nama[:90]}' dicocokkan ke {row.kode} '{row.nama_resmi}' (kemiripan "
                    f"{row.skor:.2f}).",
                    row.lokasi,
                    teks=row.nama,
                    diharapkan=row.nama_resmi,
                    ditemukan=row.nama,
                )
            )
        if row.di_luar_induk:
            out.append(
                buat(
                    "INDUK_NOMENKLATUR_BERBEDA",
                    f"{tabel.nama}: '{row.nama[:90]}' cocok dengan {row.kode}, yang bukan turunan baris induknya "
                    f"'{parent_row.nama[:60] if parent_row else ''}'.",
                    row.lokasi,
                    teks=row.nama,
                    diharapkan=f"turunan {parent_row.kode}" if parent_row is not None and parent_row.kode else "",
                    ditemukan=row.kode,
                )
            )
    return out


def periksa_ganda(tabel: TabelRencana) -> list[Temuan]:
    out: list[Temuan] = []
    first_by_code: dict[str, BarisRencana] = {}
    first_by_name: dict[tuple[str | None, str], BarisRencana] = {}
    for row in tabel.baris:
        if row.kode:
            first = first_by_code.get(row.kode)
            if first is None:
                first_by_code[row.kode] = row
            else:
                out.append(
                    buat(
                        "KODE_GANDA",
                        f"{tabel.nama}: kode {row.kode} ('{row.nama[:70]}') sudah dipakai {first.lokasi.label()} "
                        f"('{first.nama[:70]}').",
                        row.lokasi,
                        teks=row.nama,
                        ditemukan=row.kode,
                        diharapkan="setiap kode sekali",
                    )
                )
                continue
        key = (row.induk, normalize_name(row.nama))
        if not key[1]:
            continue
        seen = first_by_name.get(key)
        if seen is None:
            first_by_name[key] = row
        elif not row.kode or row.kode == seen.kode:
            out.append(
                buat(
                    "BARIS_GANDA",
                    f"{tabel.nama}: '{row.nama[:90]}' muncul lagi di bawah induk yang sama (pertama di "
                    f"{seen.lokasi.label()}).",
                    row.lokasi,
                    teks=row.nama,
                )
            )
    return out


def periksa_ganda_evaluasi(rows: Sequence[BarisEvaluasi]) -> list[Temuan]:
    out: list[Temuan] = []
    first: dict[str, BarisEvaluasi] = {}
    for row in rows:
        if not row.kode:
            continue
        seen = first.get(row.kode)
        if seen is None:
            first[row.kode] = row
            continue
        out.append(
            buat(
                "KODE_GANDA",
                f"{row.lokasi.tabel or 'Tabel 2.1'}: kode {row.kode_asli} ('{row.nama[:70]}') sudah dipakai "
                f"{seen.lokasi.label()}.",
                row.lokasi,
                teks=row.kode_asli,
                ditemukan=row.kode_asli,
                diharapkan="setiap kode sekali",
            )
        )
    return out
