"""Workbooks in the E.81 layout, built in memory for the import tests."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import openpyxl

from renja.master.models import Level
from renja.plans.models import Indikator, PlanRow, Realisasi, Renja, Renstra, Target
from tests.factories import IndikatorFactory, PaguFactory, PlanRowFactory, RenjaFactory, TargetFactory


def col_k(n: int) -> int:
    """1-based sheet column of column n's K half (5 → 5, 6 → 7, … 15 → 25)."""
    return 5 + 2 * (n - 5)


def e81_workbook(
    rows: Sequence[dict[str, Any]],
    *,
    kr_row: bool = True,
    header_percent: bool = False,
    title_rows: int = 2,
    footer: bool = True,
    extra_sheet_first: bool = False,
) -> bytes:
    """`rows`: dicts with keys no, program, indikator, and K/Rp values by key "7K", "8K", "8Rp", … "16", "17"."""
    wb = openpyxl.Workbook()
    if extra_sheet_first:
        wb.active.title = "Petunjuk"
        wb.active["A1"] = "Isi lembar E81"
        ws = wb.create_sheet("E81")
    else:
        ws = wb.active
        ws.title = "E81"
    r = 1
    for i in range(title_rows):
        ws.cell(r, 1, f"EVALUASI TERHADAP HASIL RENJA PD — judul {i + 1}")
        r += 1
    headers = {1: "No", 2: "Sasaran", 3: "Program/Kegiatan", 4: "Indikator Kinerja Program (outcome)/Kegiatan (output)"}
    for n in range(5, 16):
        text = f"Kolom {n}"
        if n in (8, 9, 10, 11):
            text = f"Realisasi Kinerja Triwulan {n - 7}" + (" (%)" if header_percent else "")
        headers[col_k(n)] = text
    headers[27], headers[28] = "Unit PD Penanggung Jawab", "Keterangan"
    for c, text in headers.items():
        ws.cell(r, c, text)
    r += 1
    if kr_row:
        for n in range(5, 16):
            ws.cell(r, col_k(n), "K")
            ws.cell(r, col_k(n) + 1, "Rp")
        r += 1
    for c in (1, 2, 3, 4):
        ws.cell(r, c, c)
    for n in range(5, 16):
        ws.cell(r, col_k(n), n)
    ws.cell(r, 27, 16)
    ws.cell(r, 28, 17)
    r += 1
    for row in rows:
        ws.cell(r, 1, row.get("no"))
        ws.cell(r, 3, row.get("program"))
        ws.cell(r, 4, row.get("indikator"))
        for key, value in row.items():
            if key.endswith("K") and key[:-1].isdigit():
                ws.cell(r, col_k(int(key[:-1])), value)
            elif key.endswith("Rp") and key[:-2].isdigit():
                ws.cell(r, col_k(int(key[:-2])) + 1, value)
            elif key in ("16", "17"):
                ws.cell(r, 27 if key == "16" else 28, value)
        r += 1
    if footer:
        ws.cell(r, 1, "Rata-rata capaian kinerja (%)")
        ws.cell(r + 1, 3, "Faktor pendorong keberhasilan pencapaian: …")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- a small Renja with its Renstra, for the service, selector and page tests ------------------------------------


@dataclass
class Rencana:
    renja: Renja
    renstra: Renstra
    program: PlanRow
    kegiatan: PlanRow
    sub1: PlanRow
    sub2: PlanRow
    ind_program: Indikator
    ind_kegiatan: Indikator
    ind_sub1: Indikator
    ind_sub2: Indikator
    renstra_program: PlanRow


def build_rencana(*, renja: Renja | None = None, pemda_rumus: str | None = None) -> Rencana:
    """Renja 2024 (program 2.13.04 > kegiatan 2.13.04.2.01 > sub 0001, 0002) linked to Renstra 2019–2023 with
    the same codes. Targets 2024: 80 % / 10 / 4 / 12; pagu 1.000.000 / 1.000.000 / 600.000 / 400.000."""
    renja = renja or RenjaFactory(tahun=2024)
    pd = renja.perangkat_daerah
    if pemda_rumus:
        pd.pemda.rumus_turun = pemda_rumus
        pd.pemda.save()
    renstra = Renstra.objects.create(perangkat_daerah=pd, tahun_mulai=2019, tahun_akhir=2023)
    renja.renstra = renstra
    renja.save()

    def row(owner: dict[str, object], level: str, kode: str, nama: str, parent: PlanRow | None) -> PlanRow:
        return PlanRowFactory(**owner, parent=parent, level=level, kode=kode, nama=nama)

    def ind(r: PlanRow, nama: str, satuan: str, **kw: str) -> Indikator:
        return IndikatorFactory(row=r, nama=nama, satuan=satuan, **kw)

    rj = {"renja": renja}
    program = row(rj, Level.PROGRAM, "2.13.04", "Program Administrasi Pemerintahan Desa", None)
    kegiatan = row(rj, Level.KEGIATAN, "2.13.04.2.01", "Pembinaan Administrasi Desa", program)
    sub1 = row(rj, Level.SUB_KEGIATAN, "2.13.04.2.01.0001", "Fasilitasi Administrasi", kegiatan)
    sub2 = row(rj, Level.SUB_KEGIATAN, "2.13.04.2.01.0002", "Fasilitasi Produk Hukum", kegiatan)
    pct = {"agregasi_dalam_tahun": "nilai_akhir", "agregasi_antar_tahun": "nilai_akhir"}
    ip = ind(program, "Persentase desa dengan administrasi baik", "%", **pct)
    ik = ind(kegiatan, "Jumlah desa dibina", "Desa")
    i1 = ind(sub1, "Jumlah dokumen administrasi", "Dokumen")
    i2 = ind(sub2, "Jumlah laporan produk hukum", "Laporan")
    for i, t in ((ip, "80"), (ik, "10"), (i1, "4"), (i2, "12")):
        TargetFactory(indikator=i, tahun=2024, nilai=Decimal(t), teks=t)
    for r, p in ((program, 1_000_000), (kegiatan, 1_000_000), (sub1, 600_000), (sub2, 400_000)):
        PaguFactory(row=r, tahun=2024, jumlah=Decimal(p), teks=str(p))

    rs = {"renja": None, "renstra": renstra}
    r_program = row(rs, Level.PROGRAM, "2.13.04", "PROGRAM ADMINISTRASI PEMERINTAHAN DESA", None)
    r_sub1 = row(rs, Level.SUB_KEGIATAN, "2.13.04.2.01.0001", "Fasilitasi Administrasi", r_program)
    rip = ind(r_program, "Persentase Desa dengan Administrasi yang Baik", "%", **pct)
    ri1 = ind(r_sub1, "Jumlah Dokumen Administrasi", "Dokumen")
    TargetFactory(indikator=rip, tahun=2023, akhir_periode=True, nilai=Decimal(90), teks="90")
    TargetFactory(indikator=ri1, tahun=2023, akhir_periode=True, nilai=Decimal(20), teks="20")
    Realisasi.objects.create(indikator=rip, tahun=2023, nilai=Decimal(70), teks="70")
    Realisasi.objects.create(indikator=ri1, tahun=2021, kumulatif=True, nilai=Decimal(8), teks="8")
    Realisasi.objects.create(indikator=ri1, tahun=2022, nilai=Decimal(4), teks="4")
    Realisasi.objects.create(indikator=ri1, tahun=2023, nilai=Decimal(4), teks="4")
    assert Target.objects.filter(indikator__row__renstra=renstra).count() == 2
    return Rencana(renja, renstra, program, kegiatan, sub1, sub2, ip, ik, i1, i2, r_program)
