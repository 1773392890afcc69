"""Indicators, targets and pagu (domain README §5, §8). Pure.

- satuan that changes between the years of one indicator;
- a target without pagu, pagu without a target, a row without an indicator, an empty prakiraan maju;
- Tabel 2.1 (T-C.29): percentages (levels: %, index, score) summed across years, a percentage above 100,
  the computed columns against their formulas (8 = 7/6×100, 10 = 5+7+9 for counts, 11 = 10/4×100), a
  perkiraan capaian or a yearly target above the Renstra end target, column 10 left empty;
- a plan target for year n above the Renstra end target of the same indicator (matched by code and name).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal

from renja.calc.angka import format_angka
from renja.calc.semantics import infer_semantics
from renja.checks.rules.jumlah import anak_dari
from renja.checks.rules.model import Angka, BarisEvaluasi, BarisRencana, DokumenCek, IndikatorCek, TabelRencana
from renja.checks.rules.temuan import Temuan, buat
from renja.core.text import normalize_name, similarity

__all__ = [
    "periksa_evaluasi",
    "periksa_satuan",
    "periksa_target_pagu",
    "periksa_target_renstra",
]

_PERSEN_NAMA = re.compile(r"^(?:persentase|presentase|prosentase|%)", re.I)
# A level indicator (not added up across years) by its first word; a word inside the name proves nothing
# ("Jumlah lembaga … tingkat daerah" is a count).
_TINGKAT_NAMA = re.compile(
    r"^(?:persentase|presentase|prosentase|%|indeks|index|skor|nilai|rasio|rata-rata|tingkat|angka|prevalensi|"
    r"proporsi|cakupan|predikat|opini)\b",
    re.I,
)


def _tingkat(ind: IndikatorCek) -> str:
    """Why the indicator is a level (%, index, score …) that is not summed across years; "" for a count."""
    if ind.satuan.strip() and infer_semantics("", ind.satuan).agregasi_antar_tahun == "nilai_akhir":
        return f"satuan '{ind.satuan}'"
    if _TINGKAT_NAMA.match(ind.nama.strip()):
        return "nama indikator berupa persentase/indeks/skor/rasio"
    return ""


INDIKATOR_MIRIP = 0.85  # an indicator of the plan and of Tabel 2.1 are "the same" at this similarity


def _satuan_key(s: str) -> str:
    return normalize_name(s).rstrip(".")


def _row_label(row: BarisRencana) -> str:
    name = row.nama if len(row.nama) <= 70 else row.nama[:67] + "…"
    return f"{row.kode} {name}".strip() if row.kode else name


def _fmt(v: Decimal) -> str:
    return format_angka(v)


# ------------------------------------------------------------------------------------------------ satuan


def periksa_satuan(tabel: TabelRencana) -> list[Temuan]:
    out: list[Temuan] = []
    for row in tabel.baris:
        for ind in row.indikator:
            seen: list[tuple[int, Angka]] = [(y, a) for y, a in sorted(ind.target.items()) if a.satuan.strip()]
            if len(seen) < 2:
                continue
            first_year, first = seen[0]
            for year, a in seen[1:]:
                if _satuan_key(a.satuan) == _satuan_key(first.satuan):
                    continue
                out.append(
                    buat(
                        "SATUAN_BERUBAH",
                        f"{tabel.nama}: indikator '{ind.nama}' ({_row_label(row)}) bersatuan '{first.satuan}' pada "
                        f"{first_year} ({first.teks}) tetapi '{a.satuan}' pada {year} ({a.teks}).",
                        a.lokasi if a.lokasi.tabel or a.lokasi.objek else row.lokasi.dengan(kolom=f"Target {year}"),
                        teks=a.teks,
                        diharapkan=f"{first.satuan} (seperti {first_year})",
                        ditemukan=f"{a.satuan} ({year})",
                    )
                )
                break
    return out


# ------------------------------------------------------------------------------------------------ target and pagu


def _has_target(row: BarisRencana, year: int) -> bool:
    return any((a := ind.target.get(year)) is not None and a.berisi for ind in row.indikator)


def _has_pagu(row: BarisRencana, year: int) -> bool:
    a = row.pagu.get(year)
    return a is not None and a.berisi


def periksa_target_pagu(tabel: TabelRencana) -> list[Temuan]:
    out: list[Temuan] = []
    children = anak_dari(tabel)

    def subtree_has_pagu(row_id: str, year: int) -> bool:
        stack = list(children.get(row_id, []))
        while stack:
            r = stack.pop()
            if _has_pagu(r, year):
                return True
            stack.extend(children.get(r.id, []))
        return False

    for row in tabel.baris:
        if not row.indikator:
            if any(_has_pagu(row, y) for y in tabel.tahun) or not children.get(row.id):
                out.append(
                    buat(
                        "INDIKATOR_KOSONG",
                        f"{tabel.nama}: '{_row_label(row)}' tidak punya indikator kinerja dan target.",
                        row.lokasi,
                        teks=row.nama,
                    )
                )
            continue
        for year in tabel.tahun:
            target, pagu = _has_target(row, year), _has_pagu(row, year)
            if target and not pagu and not subtree_has_pagu(row.id, year):
                written = row.pagu.get(year)
                shown = f"'{written.teks}'" if written is not None and written.teks.strip() else "kosong"
                targets = "; ".join(a.teks for ind in row.indikator if (a := ind.target.get(year)) is not None)
                out.append(
                    buat(
                        "TARGET_TANPA_PAGU",
                        f"{tabel.nama}: '{_row_label(row)}' punya target {year} ({targets}) tetapi pagunya {shown} "
                        "dan rinciannya tidak berpagu.",
                        (written.lokasi if written is not None and written.lokasi.tabel else None)
                        or row.lokasi.dengan(kolom=f"Pagu {year}"),
                        teks=written.teks if written is not None else "",
                        diharapkan="pagu indikatif lebih dari 0",
                        ditemukan=written.teks if written is not None and written.teks else "(kosong)",
                    )
                )
            elif pagu and not target:
                written = row.pagu[year]
                out.append(
                    buat(
                        "PAGU_TANPA_TARGET",
                        f"{tabel.nama}: '{_row_label(row)}' punya pagu {year} {written.teks} tetapi tidak punya "
                        f"target {year}.",
                        row.lokasi.dengan(kolom=f"Target {year}"),
                        teks=written.teks,
                        diharapkan=f"target {year} diisi",
                        ditemukan="(kosong)",
                    )
                )
        if tabel.jenis == "rencana" and len(tabel.tahun) >= 2:
            n, n1 = tabel.tahun[0], tabel.tahun[1]
            if (_has_target(row, n) or _has_pagu(row, n)) and not (
                _has_target(row, n1)
                or _has_pagu(row, n1)
                or (a1 := row.pagu.get(n1, Angka())).teks.strip()
                or a1.nilai is not None
            ):
                out.append(
                    buat(
                        "PRAKIRAAN_MAJU_KOSONG",
                        f"{tabel.nama}: '{_row_label(row)}' punya target/pagu {n} tetapi prakiraan maju {n1} "
                        "(target dan pagu) kosong.",
                        row.lokasi.dengan(kolom=f"Prakiraan maju {n1}"),
                        diharapkan=f"target dan pagu {n1}",
                        ditemukan="(kosong)",
                    )
                )
    return out


# ------------------------------------------------------------------------------------------------ Tabel 2.1


def _is_persen(ind: IndikatorCek) -> bool:
    return ind.satuan.strip() == "%" or bool(_PERSEN_NAMA.match(ind.nama.strip()))


def _decimals(text: str) -> int:
    m = re.search(r"[.,](\d+)\s*%?\s*$", text.strip())
    return len(m.group(1)) if m else 0


def _round(v: Decimal, places: int) -> Decimal:
    return v.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _ind_label(row: BarisEvaluasi, ind: IndikatorCek) -> str:
    head = f"{row.kode_asli} " if row.kode_asli else ""
    return f"{head}{row.nama[:60]} — indikator '{ind.nama[:70]}'"


def _cell(row: BarisEvaluasi, col: int, i: int) -> Angka:
    a = row.nilai(col, i)
    return a if a is not None else Angka()


def periksa_evaluasi(doc: DokumenCek) -> list[Temuan]:
    rows = doc.evaluasi or ()
    out: list[Temuan] = []
    empty_col10: list[BarisEvaluasi] = []
    for row in rows:
        for i, ind in enumerate(row.indikator):
            c = {k: _cell(row, k, i) for k in range(4, 12)}
            sem = infer_semantics(ind.nama, ind.satuan)
            why_level = _tingkat(ind)
            additive = not why_level
            label = _ind_label(row, ind)
            terms = [c[5], c[7], c[9]]
            flagged10 = False
            # percentages (levels) summed across years
            if not additive and c[10].nilai is not None and all(t.untuk_jumlah() is not None for t in terms):
                values = [t.untuk_jumlah() or Decimal(0) for t in terms]
                total = sum(values, Decimal(0))
                nonzero = [v for v in values if v != 0]
                if len(nonzero) >= 2 and total == c[10].nilai and c[10].nilai != max(values):
                    last = next((v for v in reversed(values) if v != 0), Decimal(0))
                    flagged10 = True
                    out.append(
                        buat(
                            "PERSEN_DIJUMLAH",
                            f"Tabel 2.1: {label} adalah indikator tingkat ({why_level}), tetapi "
                            f"kolom 10 menjumlahkan nilai tahunan: {' + '.join(_fmt(v) for v in values)} = "
                            f"{_fmt(total)}.",
                            c[10].lokasi,
                            teks=c[10].teks,
                            diharapkan=f"{_fmt(last)} (nilai tahun terakhir, bukan jumlah)",
                            ditemukan=c[10].teks,
                            rincian=[
                                f"kolom 5 (realisasi s.d. {doc.evaluasi_tahun.get(5, 'n-3')}) = {c[5].teks or '-'}",
                                f"kolom 7 (realisasi {doc.evaluasi_tahun.get(7, 'n-2')}) = {c[7].teks or '-'}",
                                f"kolom 9 (target {doc.evaluasi_tahun.get(9, 'n-1')}) = {c[9].teks or '-'}",
                                f"kolom 10 = {c[10].teks}",
                            ],
                        )
                    )
            # a percentage above 100
            if _is_persen(ind):
                over = [k for k in (4, 5, 6, 7, 9, 10) if (v := c[k].nilai) is not None and v > 100]
                if flagged10:
                    over = [k for k in over if k != 10]
                if over:
                    first = c[over[0]]
                    out.append(
                        buat(
                            "PERSEN_LEBIH_100",
                            f"Tabel 2.1: {label} adalah persentase, tetapi "
                            + ", ".join(f"kolom {k} = {c[k].teks}" for k in over)
                            + " (di atas 100 %).",
                            first.lokasi,
                            teks=first.teks,
                            diharapkan="paling banyak 100 %",
                            ditemukan=", ".join(f"kolom {k}: {c[k].teks}" for k in over),
                        )
                    )
            out += _formulas(row, ind, c, additive, label, flagged10)
            # above the Renstra end target
            c4 = c[4].nilai
            if c4 is not None and c4 > 0 and sem.arah != "turun":
                if c[10].nilai is not None and c[10].nilai > c4 and not flagged10:
                    pct = _round(c[10].nilai / c4 * 100, 0)
                    out.append(
                        buat(
                            "CAPAIAN_MELEBIHI_TARGET",
                            f"Tabel 2.1: {label}: perkiraan realisasi s.d. "
                            f"{doc.evaluasi_tahun.get(10, 'n-1')} (kolom 10 = {c[10].teks}) melebihi target akhir "
                            f"Renstra (kolom 4 = {c[4].teks}); tingkat capaian {_fmt(pct)} %.",
                            c[10].lokasi,
                            teks=c[10].teks,
                            diharapkan=f"paling banyak {c[4].teks} (target akhir Renstra)",
                            ditemukan=f"{c[10].teks} (kolom 11: {c[11].teks or '-'})",
                            rincian=[
                                f"kolom 10 = 5 + 7 + 9 = {c[5].teks or '-'} + {c[7].teks or '-'} + {c[9].teks or '-'}",
                                f"kolom 11 = 10 / 4 × 100 = {c[10].teks} / {c[4].teks} × 100 = {_fmt(pct)} %",
                            ],
                        )
                    )
                for k, what in ((6, "target"), (9, "target")):
                    v = c[k].nilai
                    if v is not None and v > c4:
                        out.append(
                            buat(
                                "TARGET_MELEBIHI_RENSTRA",
                                f"Tabel 2.1: {label}: {what} {doc.evaluasi_tahun.get(k, '')} (kolom {k} = "
                                f"{c[k].teks}) melebihi target akhir Renstra untuk seluruh periode "
                                f"(kolom 4 = {c[4].teks}).",
                                c[k].lokasi,
                                teks=c[k].teks,
                                diharapkan=f"paling banyak {c[4].teks}",
                                ditemukan=c[k].teks,
                            )
                        )
            has_target = any(c[k].nilai is not None for k in (4, 6, 9))
            if has_target and c[10].kosong and not c[10].teks.strip():
                empty_col10.append(row)
    if empty_col10:
        unique = list({id(r): r for r in empty_col10}.values())
        lines = [r.lokasi.baris_dokumen for r in unique if r.lokasi.baris_dokumen is not None]
        where = f" (baris dokumen {lines[0]}–{lines[-1]})" if lines else ""
        out.append(
            buat(
                "KOLOM_KOSONG",
                f"Tabel 2.1: kolom 10 (perkiraan realisasi capaian target Renstra s.d. tahun berjalan) kosong pada "
                f"{len(unique)} baris yang punya target{where}.",
                unique[0].lokasi.dengan(kolom="10"),
                diharapkan="kolom 10 terisi di setiap baris",
                ditemukan=f"{len(unique)} baris kosong",
                rincian=[f"{r.lokasi.label()}: {r.nama[:80]}" for r in unique],
            )
        )
    return out


def _formulas(
    row: BarisEvaluasi, ind: IndikatorCek, c: dict[int, Angka], additive: bool, label: str, flagged10: bool
) -> list[Temuan]:
    out: list[Temuan] = []

    def differs(printed: Angka, computed: Decimal) -> bool:
        assert printed.nilai is not None
        places = _decimals(printed.teks)
        return abs(_round(computed, places) - printed.nilai) > Decimal(1).scaleb(-places) / 2

    checks: list[tuple[int, str, Decimal | None]] = []
    if c[6].nilai and c[7].nilai is not None:
        checks.append((8, f"7 / 6 × 100 = {c[7].teks} / {c[6].teks} × 100", c[7].nilai / c[6].nilai * 100))
    if additive and not flagged10 and any(t.teks.strip() for t in (c[5], c[7], c[9])):
        parts = [c[5].untuk_jumlah(), c[7].untuk_jumlah(), c[9].untuk_jumlah()]
        if all(p is not None for p in parts):
            total = sum((p for p in parts if p is not None), Decimal(0))
            shown = " + ".join(t.teks or "-" for t in (c[5], c[7], c[9]))
            checks.append((10, f"5 + 7 + 9 = {shown}", total))
    if c[4].nilai and c[10].nilai is not None:
        checks.append((11, f"10 / 4 × 100 = {c[10].teks} / {c[4].teks} × 100", c[10].nilai / c[4].nilai * 100))
    for col, formula, computed in checks:
        printed = c[col]
        if computed is None or printed.nilai is None or not differs(printed, computed):
            continue
        shown = _fmt(_round(computed, max(_decimals(printed.teks), 0 if computed == computed.to_integral() else 2)))
        out.append(
            buat(
                "RUMUS_TIDAK_SESUAI",
                f"Tabel 2.1: {label}: kolom {col} tertulis {printed.teks}, sedangkan kolom {formula} = {shown}.",
                printed.lokasi,
                teks=printed.teks,
                diharapkan=shown,
                ditemukan=printed.teks,
                rincian=[f"kolom {col} = {formula} = {shown}"],
            )
        )
    return out


# ------------------------------------------------------------------------------------------------ plan vs Renstra


def periksa_target_renstra(doc: DokumenCek) -> list[Temuan]:
    """A plan target for year n above the Renstra end target (T-C.29 column 4) of the same indicator: the rows
    matched by code, the indicators by name (similarity ≥ INDIKATOR_MIRIP) and, when both give one, by satuan."""
    tabel, rows = doc.rencana, doc.evaluasi
    if tabel is None or not rows or not tabel.tahun:
        return []
    n = tabel.tahun[0]
    by_code: dict[str, list[BarisEvaluasi]] = {}
    for ev in rows:
        if ev.kode:
            by_code.setdefault(ev.kode, []).append(ev)
    out: list[Temuan] = []
    for row in tabel.baris:
        candidates = by_code.get(row.kode) if row.kode else None
        if not candidates:
            continue
        for ind in row.indikator:
            target = ind.target.get(n)
            if target is None or target.nilai is None:
                continue
            best = _same_indicator(ind, candidates)
            if best is None:
                continue
            ev, i, score = best
            c4 = _cell(ev, 4, i)
            if c4.nilai is None or c4.nilai <= 0 or target.nilai <= c4.nilai:
                continue
            if infer_semantics(ind.nama, ind.satuan).arah == "turun":
                continue
            out.append(
                buat(
                    "TARGET_MELEBIHI_RENSTRA",
                    f"{tabel.nama}: target {n} '{ind.nama}' ({_row_label(row)}) = {target.teks}, di atas target akhir "
                    f"Renstra indikator yang sama di Tabel 2.1 (kolom 4 = {c4.teks}, {ev.lokasi.label()}).",
                    target.lokasi if target.lokasi.tabel or target.lokasi.objek else row.lokasi,
                    teks=target.teks,
                    diharapkan=f"paling banyak {c4.teks}, atau beri catatan alasannya",
                    ditemukan=target.teks,
                    rincian=[f"kemiripan nama indikator {score:.2f}: '{ev.indikator[i].nama}'"],
                )
            )
    return out


def _same_indicator(ind: IndikatorCek, candidates: Sequence[BarisEvaluasi]) -> tuple[BarisEvaluasi, int, float] | None:
    best: tuple[BarisEvaluasi, int, float] | None = None
    for ev in candidates:
        for i, other in enumerate(ev.indikator):
            if ind.satuan and other.satuan and _satuan_key(ind.satuan) != _satuan_key(other.satuan):
                continue
            score = similarity(ind.nama, other.nama)
            if score >= INDIKATOR_MIRIP and (best is None or score > best[2]):
                best = (ev, i, score)
    return best
