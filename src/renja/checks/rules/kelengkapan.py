"""The completeness checklist a Bappeda verifier works through, per bab and table (tables.md): each chapter
present, T-C.29 to T-C.33 present and filled, Bab IV in the SIPD-RI layout, the prakiraan maju year = n+1,
the signature. Pure.

Each item says `lengkap`, `belum_lengkap` (present but something is missing: what), `tidak_ada`, or
`tidak_diperiksa` (the source does not carry that part, e.g. a JSON export has no Tabel 2.1).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from renja.checks.rules.model import Angka, DokumenCek, Lokasi, NarasiCek, TabelRencana
from renja.checks.rules.temuan import Temuan

__all__ = ["KOLOM_SIPD_RI", "STATUS_LABEL", "ButirPeriksa", "kelengkapan"]

LENGKAP, BELUM, TIDAK_ADA, TIDAK_DIPERIKSA = "lengkap", "belum_lengkap", "tidak_ada", "tidak_diperiksa"
STATUS_LABEL = {
    LENGKAP: "Lengkap",
    BELUM: "Belum lengkap",
    TIDAK_ADA: "Tidak ada",
    TIDAK_DIPERIKSA: "Tidak diperiksa",
}

# Bab IV in the SIPD-RI layout (tables.md): column key -> label
KOLOM_SIPD_RI = {
    "kode": "kode",
    "uraian": "urusan/bidang/program/kegiatan/sub kegiatan",
    "indikator": "indikator",
    "target_akhir_renstra": "target akhir periode Renstra",
    "realisasi_n2": "realisasi capaian n-2",
    "prakiraan_n1": "prakiraan capaian n-1",
    "target": "target tahun n",
    "pagu": "pagu indikatif tahun n",
    "lokasi": "lokasi",
    "sumber_dana": "sumber dana",
    "prioritas": "prioritas nasional/daerah",
    "kelompok_sasaran": "kelompok sasaran",
    "prakiraan_maju_target": "target prakiraan maju n+1",
    "prakiraan_maju_pagu": "pagu prakiraan maju n+1",
    "pd_penanggung_jawab": "perangkat daerah penanggung jawab",
}

_BAB1_PARTS = (
    ("latar belakang", r"latar\s+belakang"),
    ("landasan hukum", r"(?:landasan|dasar)\s+hukum"),
    ("maksud dan tujuan", r"maksud\s+dan\s+tujuan"),
    ("sistematika penulisan", r"sistematika"),
)


@dataclass(frozen=True)
class ButirPeriksa:
    kode: str
    bab: str
    judul: str
    status: str
    keterangan: str
    temuan: tuple[str, ...] = ()  # codes of findings that concern this item
    lokasi: Lokasi = field(default_factory=Lokasi)

    @property
    def status_label(self) -> str:
        return STATUS_LABEL[self.status]

    def to_dict(self) -> dict[str, object]:
        return {
            "kode": self.kode,
            "bab": self.bab,
            "judul": self.judul,
            "status": self.status,
            "keterangan": self.keterangan,
            "temuan": list(self.temuan),
            "tautan": self.lokasi.tautan,
        }


def _bab(doc: DokumenCek, kode: str) -> NarasiCek | None:
    return next((nar for nar in doc.narasi or () if nar.kode == kode), None)


def _codes(temuan: Sequence[Temuan], *, table_prefix: str = "", codes: Sequence[str] = ()) -> tuple[str, ...]:
    found = [
        t.kode
        for t in temuan
        if (not codes or t.kode in codes) and (not table_prefix or t.lokasi.tabel.startswith(table_prefix))
    ]
    return tuple(dict.fromkeys(found))


def _chapter(doc: DokumenCek, kode: str, bab: str, judul: str, words: int = 30) -> ButirPeriksa:
    if doc.narasi is None:
        return ButirPeriksa(kode, bab, judul, TIDAK_DIPERIKSA, "Sumber ini tidak memuat teks bab.")
    nar = _bab(doc, kode)
    if nar is None:
        return ButirPeriksa(kode, bab, judul, TIDAK_ADA, f"{bab} tidak ditemukan.")
    n_words = len(nar.teks.split())
    if n_words < words:
        return ButirPeriksa(kode, bab, judul, BELUM, f"{bab} hanya berisi {n_words} kata.", lokasi=nar.lokasi)
    return ButirPeriksa(kode, bab, judul, LENGKAP, f"{bab} ada ({n_words} kata).", lokasi=nar.lokasi)


def _bab1(doc: DokumenCek) -> ButirPeriksa:
    item = _chapter(doc, "bab1", "Bab I", "Pendahuluan: latar belakang, landasan hukum, maksud dan tujuan, sistematika")
    if item.status != LENGKAP:
        return item
    nar = _bab(doc, "bab1")
    assert nar is not None
    missing = [label for label, pattern in _BAB1_PARTS if not re.search(pattern, nar.teks, re.I)]
    if missing:
        return ButirPeriksa(
            item.kode, item.bab, item.judul, BELUM, f"Sub-bab tidak ditemukan: {', '.join(missing)}.", lokasi=nar.lokasi
        )
    return ButirPeriksa(item.kode, item.bab, item.judul, LENGKAP, "Keempat sub-bab ada.", lokasi=nar.lokasi)


def _tc29(doc: DokumenCek, temuan: Sequence[Temuan]) -> ButirPeriksa:
    judul = "T-C.29 Evaluasi pelaksanaan Renja tahun lalu dan capaian Renstra (Tabel 2.1), kolom 10 terisi"
    if doc.evaluasi is None:
        return ButirPeriksa("tc29", "Bab II", judul, TIDAK_ADA, "Tabel evaluasi (T-C.29) tidak ada.")
    if not doc.evaluasi:
        return ButirPeriksa("tc29", "Bab II", judul, BELUM, "Tabel evaluasi (T-C.29) tidak berisi baris.")
    table = next((r.lokasi.tabel for r in doc.evaluasi if r.lokasi.tabel), "Tabel 2.1")
    codes = _codes(temuan, table_prefix=table)
    problems = [c for c in codes if c in {"KOLOM_KOSONG", "TAHUN_KOLOM_TIDAK_SESUAI", "PERSEN_DIJUMLAH"}]
    rows = f"{len(doc.evaluasi)} baris"
    if problems:
        empty = next((t for t in temuan if t.kode == "KOLOM_KOSONG" and t.lokasi.tabel == table), None)
        why = f"; {empty.ditemukan} di kolom 10" if empty is not None else ""
        return ButirPeriksa(
            "tc29",
            "Bab II",
            judul,
            BELUM,
            f"{rows}{why}; lihat temuan {', '.join(problems)}.",
            codes,
            doc.evaluasi[0].lokasi,
        )
    return ButirPeriksa("tc29", "Bab II", judul, LENGKAP, f"{rows}; kolom 10 terisi.", codes, doc.evaluasi[0].lokasi)


def _count_item(kode: str, bab: str, judul: str, count: int | None, what: str) -> ButirPeriksa:
    if count is None:
        return ButirPeriksa(kode, bab, judul, TIDAK_ADA, f"{what} tidak ada.")
    if count == 0:
        return ButirPeriksa(kode, bab, judul, BELUM, f"{what} tidak berisi baris.")
    return ButirPeriksa(kode, bab, judul, LENGKAP, f"{what}: {count} baris.")


def _isu(doc: DokumenCek) -> ButirPeriksa:
    judul = "2.3 Isu-isu penting penyelenggaraan tugas dan fungsi"
    if doc.narasi is None:
        return ButirPeriksa("isu", "Bab II", judul, TIDAK_DIPERIKSA, "Sumber ini tidak memuat teks bab.")
    nar = _bab(doc, "bab2")
    if nar is None or not re.search(r"isu", nar.teks, re.I):
        return ButirPeriksa("isu", "Bab II", judul, TIDAK_ADA, "Uraian isu-isu penting tidak ditemukan di Bab II.")
    return ButirPeriksa("isu", "Bab II", judul, LENGKAP, "Uraian isu-isu penting ada di Bab II.", lokasi=nar.lokasi)


def _tc31(doc: DokumenCek, temuan: Sequence[Temuan]) -> ButirPeriksa:
    judul = "T-C.31 Review terhadap rancangan awal RKPD (Tabel 2.4): rancangan awal dan hasil analisis kebutuhan"
    halves = [("rancangan awal", doc.ranwal), ("hasil analisis kebutuhan", doc.analisis_kebutuhan)]
    present = [(label, t) for label, t in halves if t is not None and t.baris]
    if not present:
        return ButirPeriksa("tc31", "Bab II", judul, TIDAK_ADA, "Tabel review rancangan awal RKPD (T-C.31) tidak ada.")
    first = present[0][1]
    assert first is not None
    codes = tuple(
        dict.fromkeys(
            t.kode for t in temuan if t.lokasi.tabel and any(t.lokasi.tabel == x.lokasi.tabel for _, x in present if x)
        )
    )
    missing = [label for label, t in halves if t is None or not t.baris]
    text = "; ".join(f"{label}: {len(t.baris)} baris" for label, t in present if t is not None)
    if missing:
        return ButirPeriksa(
            "tc31", "Bab II", judul, BELUM, f"{text}; tidak ada: {', '.join(missing)}.", codes, first.lokasi
        )
    wrong = [c for c in codes if c in {"JUMLAH_TIDAK_SESUAI", "PAGU_INDUK_TIDAK_SESUAI"}]
    if wrong:
        return ButirPeriksa(
            "tc31",
            "Bab II",
            judul,
            BELUM,
            f"{text}; jumlahnya tidak sesuai (lihat temuan {', '.join(wrong)}).",
            codes,
            first.lokasi,
        )
    return ButirPeriksa("tc31", "Bab II", judul, LENGKAP, f"{text}.", codes, first.lokasi)


def _tc32(doc: DokumenCek, temuan: Sequence[Temuan]) -> ButirPeriksa:
    judul = "T-C.32 Usulan program dan kegiatan dari para pemangku kepentingan (Tabel 2.5)"
    if doc.usulan is None:
        return ButirPeriksa("tc32", "Bab II", judul, TIDAK_ADA, "Tabel usulan (T-C.32) tidak ada.")
    if not doc.usulan:
        return ButirPeriksa("tc32", "Bab II", judul, BELUM, "Tabel usulan tidak berisi baris.")
    wilayah = [t for t in temuan if t.kelas == "wilayah"]
    bad = [t for t in wilayah if t.kode in {"DESA_TIDAK_DITEMUKAN", "DESA_BEDA_KECAMATAN", "KECAMATAN_TIDAK_DITEMUKAN"}]
    codes = tuple(dict.fromkeys(t.kode for t in wilayah))
    if any(t.kode == "WILAYAH_TIDAK_DIPERIKSA" for t in wilayah):
        return ButirPeriksa(
            "tc32",
            "Bab II",
            judul,
            LENGKAP,
            f"{len(doc.usulan)} usulan; desanya belum diperiksa (master wilayah).",
            codes,
            doc.usulan[0].lokasi,
        )
    if bad:
        return ButirPeriksa(
            "tc32",
            "Bab II",
            judul,
            BELUM,
            f"{len(doc.usulan)} usulan; {len(bad)} desa/kecamatan tidak sesuai master wilayah.",
            codes,
            doc.usulan[0].lokasi,
        )
    return ButirPeriksa(
        "tc32",
        "Bab II",
        judul,
        LENGKAP,
        f"{len(doc.usulan)} usulan; semua desa dan kecamatan dikenali master wilayah.",
        codes,
        doc.usulan[0].lokasi,
    )


def _filled(a: Angka | None) -> bool:
    return a is not None and (bool(a.teks.strip()) or a.nilai is not None)


def _missing_in_rows(tabel: TabelRencana) -> dict[str, int]:
    n = tabel.tahun[0] if tabel.tahun else None
    n1 = tabel.tahun[1] if len(tabel.tahun) > 1 else None
    counts = {"target n": 0, "pagu n": 0, "lokasi": 0, "sumber dana": 0, "prakiraan maju n+1": 0}
    parents = {r.induk for r in tabel.baris if r.induk}
    for r in tabel.baris:
        if n is not None and not any(_filled(i.target.get(n)) for i in r.indikator):
            counts["target n"] += 1
        leaf = r.id not in parents
        if leaf and n is not None and not _filled(r.pagu.get(n)):
            counts["pagu n"] += 1
        if leaf and not r.lokasi_kegiatan.strip():
            counts["lokasi"] += 1
        if leaf and not r.sumber_dana.strip():
            counts["sumber dana"] += 1
        if n1 is not None:
            has = any(_filled(i.target.get(n1)) for i in r.indikator) or _filled(r.pagu.get(n1))
            if not has:
                counts["prakiraan maju n+1"] += 1
        elif n is not None:
            counts["prakiraan maju n+1"] += 1
    return counts


def _tc33(doc: DokumenCek) -> ButirPeriksa:
    judul = (
        "T-C.33 Rumusan program dan kegiatan tahun n dan prakiraan maju n+1: lokasi, target, pagu, sumber dana "
        "sampai sub kegiatan"
    )
    tabel = doc.rencana
    if tabel is None or not tabel.baris:
        return ButirPeriksa("tc33", "Bab III", judul, TIDAK_ADA, "Tabel rencana program dan kegiatan tidak ada.")
    gaps = []
    if not any(r.level == "sub_kegiatan" for r in tabel.baris):
        gaps.append("tidak dirinci sampai sub kegiatan")
    absent_cols = [
        label for key, label in (("lokasi", "lokasi"), ("sumber_dana", "sumber dana")) if key not in tabel.kolom
    ]
    if absent_cols:
        gaps.append(f"kolom {' dan '.join(absent_cols)} tidak ada")
    for what, k in _missing_in_rows(tabel).items():
        if k and not (what in ("lokasi", "sumber dana") and what.replace(" ", "_") not in tabel.kolom):
            gaps.append(f"{what} kosong di {k} baris")
    if gaps:
        return ButirPeriksa(
            "tc33", "Bab III", judul, BELUM, f"{tabel.nama}: " + "; ".join(gaps) + ".", lokasi=tabel.lokasi
        )
    return ButirPeriksa(
        "tc33", "Bab III", judul, LENGKAP, f"{tabel.nama}: {len(tabel.baris)} baris lengkap.", lokasi=tabel.lokasi
    )


def _sipd(doc: DokumenCek) -> ButirPeriksa:
    judul = "Bab IV dalam tata letak SIPD-RI (" + ", ".join(KOLOM_SIPD_RI.values()) + ")"
    tabel = doc.rencana
    if tabel is None:
        return ButirPeriksa("bab4_sipd", "Bab IV", judul, TIDAK_ADA, "Tabel rencana kerja dan pendanaan tidak ada.")
    cols = set(tabel.kolom)
    if len(tabel.tahun) > 1:
        cols |= {"prakiraan_maju_target", "prakiraan_maju_pagu"}
    missing = [label for key, label in KOLOM_SIPD_RI.items() if key not in cols]
    if missing:
        return ButirPeriksa(
            "bab4_sipd",
            "Bab IV",
            judul,
            BELUM,
            f"{tabel.nama}: kolom tidak ada/tidak terisi: {', '.join(missing)}.",
            lokasi=tabel.lokasi,
        )
    return ButirPeriksa(
        "bab4_sipd", "Bab IV", judul, LENGKAP, f"{tabel.nama}: semua kolom SIPD-RI ada.", lokasi=tabel.lokasi
    )


def _prakiraan(doc: DokumenCek, temuan: Sequence[Temuan]) -> ButirPeriksa:
    judul = "Prakiraan maju: tahun n+1, target dan pagu terisi"
    tabel, n = doc.rencana, doc.tahun
    if tabel is None or n is None:
        return ButirPeriksa("prakiraan_maju", "Bab IV", judul, TIDAK_ADA, "Tabel rencana atau tahun dokumen tidak ada.")
    if len(tabel.tahun) < 2:
        return ButirPeriksa(
            "prakiraan_maju",
            "Bab IV",
            judul,
            TIDAK_ADA,
            f"{tabel.nama} tidak punya kolom prakiraan maju.",
            lokasi=tabel.lokasi,
        )
    codes = tuple(
        dict.fromkeys(t.kode for t in temuan if t.kode in {"PRAKIRAAN_MAJU_KOSONG", "TAHUN_KOLOM_TIDAK_SESUAI"})
    )
    if tabel.tahun[1] != n + 1:
        return ButirPeriksa(
            "prakiraan_maju",
            "Bab IV",
            judul,
            BELUM,
            f"Prakiraan maju bertahun {tabel.tahun[1]}, harus {n + 1}.",
            codes,
            tabel.lokasi,
        )
    empty = sum(1 for t in temuan if t.kode == "PRAKIRAAN_MAJU_KOSONG")
    if empty:
        return ButirPeriksa(
            "prakiraan_maju",
            "Bab IV",
            judul,
            BELUM,
            f"Tahun {n + 1}; {empty} baris tanpa target/pagu prakiraan maju.",
            codes,
            tabel.lokasi,
        )
    return ButirPeriksa(
        "prakiraan_maju", "Bab IV", judul, LENGKAP, f"Tahun {n + 1}; semua baris terisi.", codes, tabel.lokasi
    )


def kelengkapan(doc: DokumenCek, temuan: Sequence[Temuan]) -> list[ButirPeriksa]:
    items = [
        _bab1(doc),
        _tc29(doc, temuan),
        _count_item(
            "tc30",
            "Bab II",
            "T-C.30 Pencapaian kinerja pelayanan (Tabel 2.2)",
            doc.pelayanan,
            "Tabel kinerja pelayanan (T-C.30)",
        ),
        _isu(doc),
        _tc31(doc, temuan),
        _tc32(doc, temuan),
        _count_item(
            "tujuan",
            "Bab III",
            "Tujuan dan sasaran dengan indikator dan target (Tabel 3.1)",
            doc.tujuan_sasaran,
            "Tabel tujuan dan sasaran",
        ),
        _tc33(doc),
        _sipd(doc),
        _prakiraan(doc, temuan),
        _chapter(doc, "bab5", "Bab V", "Penutup", words=15),
    ]
    if doc.narasi is not None:
        status = LENGKAP if doc.penandatangan.strip() else TIDAK_ADA
        text = f"Ditandatangani {doc.penandatangan}." if status == LENGKAP else "Nama penandatangan tidak ditemukan."
        items.append(ButirPeriksa("ttd", "Penutup", "Tanda tangan kepala perangkat daerah", status, text))
    return items
