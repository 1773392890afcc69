"""The evaluation tables as JSON-ready dicts and as plain text: `renja evaluate --json`, the JSON links of the
web pages and the CLI's text output all come from here (docs/reference/calculations.md describes the shape).

Numbers are JSON numbers (integers when whole, else decimals — read them with a decimal parser, as the canonical
export); `null` is "no value"; every computed column carries its explanation in `penjelasan`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from renja.calc.e81 import E81Row, E81Table
from renja.calc.evaluasi import Cell, Selisih, Temuan
from renja.calc.tc29 import Tc29Row, Tc29Table
from renja.plans.models import Renja

PEMBULATAN = (
    "Nilai kinerja dan rupiah dijumlahkan tepat (Decimal, tanpa pembulatan); persentase dihitung tepat lalu "
    "dibulatkan setengah ke atas menjadi 2 desimal, dan nilai bulat itulah yang ditampilkan, dirata-rata dan "
    "diberi predikat; rata-rata nilai kinerja dibulatkan 4 desimal."
)
PREDIKAT_TEKS = "ST: R ≥ 91 %; T: 76 % ≤ R < 91 %; S: 66 % ≤ R < 76 %; R: 51 % ≤ R < 66 %; SR: R < 51 %"


def angka_json(value: Decimal | None) -> int | float | None:
    """Decimal → JSON number: integral values as integers (exact), others as the shortest decimal."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value.normalize())


def temuan_dict(t: Temuan) -> dict[str, str]:
    return {"kode": t.kode, "tingkat": t.tingkat.value, "kolom": t.kolom, "pesan": t.pesan, "saran": t.saran}


def selisih_dict(s: Selisih) -> dict[str, str]:
    return {"kolom": s.kolom, "tercetak": s.tercetak, "dihitung": s.dihitung, "alasan": s.alasan}


def cell_dict(cell: Cell) -> dict[str, Any]:
    return {
        "nilai": angka_json(cell.value),
        "teks": cell.text,
        "predikat": cell.predikat.kode if cell.predikat else None,
        "penjelasan": cell.penjelasan,
    }


def _renja(renja: Renja) -> dict[str, Any]:
    pd = renja.perangkat_daerah
    return {
        "id": renja.pk,
        "tahun": renja.tahun,
        "tahapan": renja.tahapan,
        "versi": renja.versi,
        "perangkat_daerah": {"kode": pd.kode, "nama": pd.nama, "singkatan": pd.singkatan},
        "pemda": {"kode": pd.pemda.kode, "nama": pd.pemda.nama},
    }


def _sifat(row: Tc29Row | E81Row) -> dict[str, Any] | None:
    if row.sifat is None:
        return None
    return {
        "arah": row.sifat.arah.value,
        "agregasi_dalam_tahun": row.sifat.dalam_tahun.value,
        "agregasi_antar_tahun": row.sifat.antar_tahun.value,
        "disimpulkan": row.sifat.disimpulkan,
    }


def _counts(rows_temuan: list[Temuan]) -> dict[str, int]:
    counts = {"error": 0, "peringatan": 0, "info": 0}
    for t in rows_temuan:
        counts[t.tingkat.value] += 1
    return counts


# --- T-C.29 -----------------------------------------------------------------------------------------------------


def tc29_row_dict(row: Tc29Row) -> dict[str, Any]:
    kolom: dict[str, Any] = {"1": row.kode, "2": row.uraian, "3": row.indikator}
    kolom.update({str(k): angka_json(c.value) for k, c in row.kolom.items()})
    return {
        "kode": row.kode,
        "uraian": row.uraian,
        "level": row.level,
        "indikator": row.indikator,
        "satuan": row.satuan,
        "sifat": _sifat(row),
        "kolom": kolom,
        "teks": {str(k): c.text for k, c in row.kolom.items()},
        "predikat": {str(k): p.kode for k, p in row.predikat.items()},
        "penjelasan": {str(k): c.penjelasan for k, c in row.kolom.items() if c.dihitung},
        "temuan": [temuan_dict(t) for t in row.temuan],
        "selisih_dokumen": [selisih_dict(s) for s in row.selisih],
    }


def tc29_dict(table: Tc29Table, renja: Renja) -> dict[str, Any]:
    return {
        "tabel": "T-C.29",
        "judul": (
            f"Rekapitulasi evaluasi hasil pelaksanaan Renja PD dan pencapaian Renstra PD s/d tahun {table.tahun - 1}"
        ),
        "renja": _renja(renja),
        "tahun": table.tahun,
        "tahun_akhir_renstra": table.tahun_akhir_renstra,
        "rumus_turun": {"kode": table.rumus_turun.value, "teks": table.rumus_turun_teks},
        "pembulatan": PEMBULATAN,
        "predikat": PREDIKAT_TEKS,
        "judul_kolom": {str(k): v for k, v in table.judul.items()},
        "baris": [tc29_row_dict(row) for row in table.rows],
        "selisih_dokumen": [
            {"kode": row.kode, "uraian": row.uraian, "indikator": row.indikator, **selisih_dict(s)}
            for row, s in table.selisih
        ],
        "temuan": [temuan_dict(t) for t in table.temuan],
        "jumlah_temuan": _counts([*table.temuan, *(t for row in table.rows for t in row.temuan)]),
    }


# --- E.81 -------------------------------------------------------------------------------------------------------


def e81_row_dict(row: E81Row) -> dict[str, Any]:
    kolom: dict[str, Any] = {"1": row.nomor, "2": "", "3": f"{row.kode} {row.uraian}".strip(), "4": row.indikator}
    teks: dict[str, Any] = dict(kolom)
    penjelasan: dict[str, str] = {}
    for k in row.kolom:
        k_cell, rp_cell = row.kolom[k], row.kolom_rp[k]
        kolom[str(k)] = {"K": angka_json(k_cell.value), "Rp": angka_json(rp_cell.value)}
        teks[str(k)] = {"K": k_cell.text, "Rp": rp_cell.text}
        if k_cell.dihitung:
            penjelasan[f"{k}K"] = k_cell.penjelasan
        if rp_cell.dihitung:
            penjelasan[f"{k}Rp"] = rp_cell.penjelasan
    kolom["16"] = teks["16"] = row.unit
    kolom["17"] = teks["17"] = row.keterangan
    return {
        "no": row.nomor,
        "kode": row.kode,
        "uraian": row.uraian,
        "level": row.level,
        "indikator": row.indikator,
        "satuan": row.satuan,
        "sifat": _sifat(row),
        "baris_pertama": row.baris_pertama,
        "kolom": kolom,
        "teks": teks,
        "predikat": row.predikat,
        "penjelasan": penjelasan,
        "temuan": [temuan_dict(t) for t in row.temuan],
    }


def e81_dict(table: E81Table, renja: Renja) -> dict[str, Any]:
    f = table.footer
    return {
        "tabel": "E.81",
        "judul": f"Evaluasi terhadap hasil Renja PD tahun {table.tahun}, triwulan {table.triwulan}",
        "renja": _renja(renja),
        "tahun": table.tahun,
        "triwulan": table.triwulan,
        "tahun_akhir_renstra": table.tahun_akhir_renstra,
        "rumus_turun": {"kode": table.rumus_turun.value, "teks": table.rumus_turun_teks},
        "pembulatan": PEMBULATAN,
        "predikat": PREDIKAT_TEKS,
        "judul_kolom": {str(k): v for k, v in table.judul.items()},
        "baris": [e81_row_dict(row) for row in table.rows],
        "footer": {
            "rata_rata_capaian_kinerja": cell_dict(f.rata_kinerja),
            "rata_rata_capaian_anggaran": cell_dict(f.rata_anggaran),
            "rata_rata_capaian_kinerja_renstra": cell_dict(f.rata_kinerja_renstra),
            "rata_rata_capaian_anggaran_renstra": cell_dict(f.rata_anggaran_renstra),
            "predikat_kinerja": f.rata_kinerja.predikat.kode if f.rata_kinerja.predikat else None,
            "predikat_anggaran": f.rata_anggaran.predikat.kode if f.rata_anggaran.predikat else None,
            "faktor_pendorong": f.faktor_pendorong,
            "faktor_penghambat": f.faktor_penghambat,
            "tindak_lanjut_triwulan_berikutnya": f.tindak_lanjut_triwulan,
            "tindak_lanjut_renja_berikutnya": f.tindak_lanjut_renja,
        },
        "temuan": [temuan_dict(t) for t in table.temuan],
        "jumlah_temuan": _counts([*table.temuan, *(t for row in table.rows for t in row.temuan)]),
    }


# --- plain text (the CLI without --json) ------------------------------------------------------------------------


def _cell_text(cell: Cell) -> str:
    if not cell.text:
        return "—"
    return f"{cell.text}{' %' if cell.persen else ''}{f' ({cell.predikat.kode})' if cell.predikat else ''}"


def tc29_text(table: Tc29Table, renja: Renja) -> str:
    lines = [
        f"T-C.29 — {renja.perangkat_daerah.nama}, Renja {table.tahun} "
        f"(Renstra s.d. {table.tahun_akhir_renstra or '?'})",
        f"Rumus indikator turun: {table.rumus_turun_teks}. Pembulatan: {PEMBULATAN}",
        "",
    ]
    for row in table.rows:
        head = f"{row.kode or '—'} {row.uraian}"[:90] if row.baris_pertama else ""
        if head:
            lines.append(head)
        if not row.indikator:
            continue
        values = "  ".join(f"{k}:{_cell_text(c)}" for k, c in row.kolom.items())
        lines.append(f"    {row.indikator[:70]} [{row.satuan or '-'}]  {values}")
        lines.extend(f"      ! kolom {s.kolom}: {s.alasan}" for s in row.selisih)
    lines.append("")
    lines.append(f"{len(table.selisih)} nilai tercetak berbeda dari hasil hitung.")
    counts = _counts([*table.temuan, *(t for row in table.rows for t in row.temuan)])
    lines.append(f"Temuan: {counts['error']} error, {counts['peringatan']} peringatan, {counts['info']} info.")
    lines.extend(f"  {t.pesan}" for t in table.temuan)
    return "\n".join(lines)


def e81_text(table: E81Table, renja: Renja) -> str:
    lines = [
        f"E.81 — {renja.perangkat_daerah.nama}, Renja {table.tahun}, triwulan {table.triwulan}",
        f"Rumus indikator turun: {table.rumus_turun_teks}. Pembulatan: {PEMBULATAN}",
        "",
    ]
    for row in table.rows:
        if row.baris_pertama:
            rp = "  ".join(f"{k}:{_cell_text(row.kolom_rp[k])}" for k in (7, 12, 13))
            lines.append(f"{row.nomor}. {row.kode or '—'} {row.uraian}"[:90] + f"   Rp {rp}")
        if row.indikator:
            values = "  ".join(f"{k}:{_cell_text(row.kolom[k])}" for k in (5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15))
            lines.append(f"    {row.indikator[:70]} [{row.satuan or '-'}]  {values}")
    f = table.footer
    lines += [
        "",
        f"Rata-rata capaian kinerja (13K): {_cell_text(f.rata_kinerja)}",
        f"Rata-rata realisasi anggaran (13Rp): {_cell_text(f.rata_anggaran)}",
        f"Faktor pendorong: {f.faktor_pendorong or '—'}",
        f"Faktor penghambat: {f.faktor_penghambat or '—'}",
        f"Tindak lanjut triwulan berikutnya: {f.tindak_lanjut_triwulan or '—'}",
        f"Tindak lanjut Renja berikutnya: {f.tindak_lanjut_renja or '—'}",
    ]
    counts = _counts([*table.temuan, *(t for row in table.rows for t in row.temuan)])
    lines.append(f"Temuan: {counts['error']} error, {counts['peringatan']} peringatan, {counts['info']} info.")
    lines.extend(f"  {t.pesan}" for t in table.temuan)
    return "\n".join(lines)
