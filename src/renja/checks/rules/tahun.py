"""Years: the text that gives the plan last year's year, table columns whose years do not fit the plan's year n
(prakiraan maju must be n+1; T-C.29 uses n-3, n-2 and n-1), a Renstra period that ended before n. Pure."""

from __future__ import annotations

from renja.checks.rules.model import DokumenCek, Lokasi
from renja.checks.rules.teks import tahun_dalam_teks
from renja.checks.rules.temuan import Temuan, buat

__all__ = ["KOLOM_TC29", "periksa_tahun"]

# T-C.29 printed column -> (offset from n, what the column holds)
KOLOM_TC29 = {
    5: (-3, "realisasi s.d. tahun n-3"),
    6: (-2, "target tahun n-2"),
    7: (-2, "realisasi tahun n-2"),
    9: (-1, "target tahun n-1"),
    10: (-1, "perkiraan realisasi s.d. tahun n-1"),
}


def periksa_tahun(doc: DokumenCek) -> list[Temuan]:
    n = doc.tahun
    if n is None:
        return []
    out: list[Temuan] = []
    for found in tahun_dalam_teks(doc.narasi or (), n):
        out.append(
            buat(
                "TAHUN_TEKS_TIDAK_SESUAI",
                f"{found.lokasi.bab or 'Teks'}: kalimat tentang rencana tahun ini menyebut '{found.teks}' — dokumen "
                f"ini Renja tahun {n}: “{found.kalimat}”",
                found.lokasi,
                teks=found.kalimat,
                diharapkan=f"tahun {n}",
                ditemukan=found.teks,
                saran=f"Ganti '{found.teks}' dengan 'tahun {n}' bila kalimat ini tentang Renja/RKPD tahun {n}.",
            )
        )
    tabel = doc.rencana
    if tabel is not None and tabel.tahun:
        expected = (n, n + 1)
        for i, (have, want) in enumerate(zip(tabel.tahun, expected, strict=False)):
            if have == want:
                continue
            what = "tahun rencana (target dan pagu indikatif)" if i == 0 else "prakiraan maju"
            out.append(
                buat(
                    "TAHUN_KOLOM_TIDAK_SESUAI",
                    f"{tabel.nama}: kolom {what} bertahun {have}, padahal Renja ini tahun {n} (harus {want}).",
                    tabel.lokasi.dengan(kolom=f"Target {have}"),
                    teks=str(have),
                    diharapkan=str(want),
                    ditemukan=str(have),
                )
            )
    first = doc.evaluasi[0].lokasi.dengan(baris_tabel=None, kolom="") if doc.evaluasi else Lokasi(tabel="Tabel 2.1")
    if doc.evaluasi is not None and doc.evaluasi_tahun:
        table = first.tabel or "Tabel 2.1"
        wrong = [
            (col, year, n + offset, what)
            for col, (offset, what) in KOLOM_TC29.items()
            if (year := doc.evaluasi_tahun.get(col)) is not None and year != n + offset
        ]
        if wrong:
            out.append(
                buat(
                    "TAHUN_KOLOM_TIDAK_SESUAI",
                    f"{table}: tahun di kepala kolom tidak sesuai Renja tahun {n}: "
                    + "; ".join(f"kolom {c} ({what}) bertahun {y}, harus {w}" for c, y, w, what in wrong)
                    + ".",
                    first.dengan(tabel=table, kolom=", ".join(str(c) for c, _, _, _ in wrong)),
                    diharapkan=", ".join(f"kolom {c}: {w}" for c, _, w, _ in wrong),
                    ditemukan=", ".join(f"kolom {c}: {y}" for c, y, _, _ in wrong),
                )
            )
    if doc.renstra_periode is not None and doc.renstra_periode[1] < n:
        mulai, akhir = doc.renstra_periode
        table = first.tabel or "Tabel 2.1"
        out.append(
            buat(
                "RENSTRA_BERAKHIR",
                f"{table}: Renstra yang dirujuk berperiode {mulai}–{akhir}, berakhir sebelum tahun Renja {n}; target "
                f"akhir Renstra (kolom 4) adalah target {akhir}.",
                first.dengan(tabel=table, kolom="4"),
                diharapkan=f"periode yang mencakup {n}",
                ditemukan=f"{mulai}–{akhir}",
            )
        )
    return out
