"""Usulan (Tabel 2.5 / T-C.32): the desa and kecamatan against the wilayah master of the pemda, duplicates,
a recommendation above the proposal, negative amounts (domain README §8). Pure."""

from __future__ import annotations

from collections.abc import Sequence

from renja.calc.angka import format_rupiah
from renja.checks.rules.lookup import WilayahCocok, WilayahLookup
from renja.checks.rules.model import UsulanCek
from renja.checks.rules.temuan import Temuan, buat
from renja.core.text import normalize_name

__all__ = ["periksa_usulan"]


def _name(w: WilayahCocok) -> str:
    kind = "kelurahan" if w.level == "kelurahan" else w.level
    return f"{kind} {w.nama} ({w.kode})"


def _where(u: UsulanCek) -> str:
    return f"usulan no. {u.nomor}" if u.nomor else "usulan"


def periksa_usulan(usulan: Sequence[UsulanCek], wilayah: WilayahLookup | None) -> list[Temuan]:
    out: list[Temuan] = []
    if usulan and wilayah is None:
        out.append(
            buat(
                "WILAYAH_TIDAK_DIPERIKSA",
                f"{len(usulan)} usulan tidak diperiksa desanya: master wilayah pemda dokumen ini belum dimuat atau "
                "pemdanya tidak dikenali.",
                usulan[0].lokasi.dengan(baris_tabel=None, kolom=""),
            )
        )
    seen: dict[tuple[str, str, str], UsulanCek] = {}
    for u in usulan:
        lok = u.lokasi
        if wilayah is not None and (u.desa.strip() or u.kecamatan.strip()):
            out += _desa(u, wilayah)
        key = (normalize_name(u.desa), normalize_name(u.kecamatan), normalize_name(u.kegiatan))
        if key[0] or key[2]:
            first = seen.get(key)
            if first is None:
                seen[key] = u
            else:
                out.append(
                    buat(
                        "USULAN_GANDA",
                        f"{_where(u)} ({u.desa}, {u.kecamatan}: '{u.kegiatan[:80]}') sama dengan "
                        f"{_where(first)} ({first.lokasi.label()}).",
                        lok,
                        teks=u.kegiatan,
                    )
                )
        a, r = u.pagu_usulan, u.pagu_rekomendasi
        if a.nilai is not None and r.nilai is not None and r.nilai > a.nilai:
            out.append(
                buat(
                    "REKOMENDASI_MELEBIHI_USULAN",
                    f"{_where(u)} ({u.desa}): pagu rekomendasi {r.teks} lebih besar dari pagu usulan {a.teks}.",
                    r.lokasi if r.lokasi.tabel or r.lokasi.objek else lok,
                    teks=r.teks,
                    diharapkan=f"paling banyak {format_rupiah(a.nilai)}",
                    ditemukan=r.teks,
                )
            )
        for what, v in (("pagu usulan", a), ("pagu rekomendasi", r)):
            if v.nilai is not None and v.nilai < 0:
                out.append(
                    buat(
                        "ANGKA_NEGATIF",
                        f"{_where(u)} ({u.desa}): {what} bernilai negatif ({v.teks}).",
                        v.lokasi if v.lokasi.tabel or v.lokasi.objek else lok,
                        teks=v.teks,
                        ditemukan=v.teks,
                        diharapkan="0 atau lebih",
                    )
                )
    return out


def _desa(u: UsulanCek, wilayah: WilayahLookup) -> list[Temuan]:
    out: list[Temuan] = []
    lok_desa = u.lokasi.dengan(kolom="Desa")
    lok_kec = u.lokasi.dengan(kolom="Kecamatan")
    r = wilayah.cari_desa(u.desa, u.kecamatan)
    kec = r.kecamatan
    if u.kecamatan.strip() and kec is None:
        out.append(
            buat(
                "KECAMATAN_TIDAK_DITEMUKAN",
                f"{_where(u)}: kecamatan '{u.kecamatan}' tidak ada di {wilayah.pemda}.",
                lok_kec,
                teks=u.kecamatan,
                diharapkan=f"kecamatan dari {wilayah.pemda}"
                + (f"; desa {r.desa.nama} ada di kecamatan {r.desa.kecamatan_nama}" if r.desa is not None else ""),
                ditemukan=u.kecamatan,
            )
        )
    elif kec is not None and kec.cara in ("ejaan", "mirip"):
        code = "DESA_EJAAN_BERBEDA" if kec.cara == "ejaan" and not kec.ambigu else "DESA_TIDAK_PASTI"
        out.append(
            buat(
                code,
                f"{_where(u)}: kecamatan '{u.kecamatan}' dibaca sebagai {_name(kec)}"
                + (f" (kemiripan {kec.skor:.2f})" if kec.cara == "mirip" else "")
                + ".",
                lok_kec,
                teks=u.kecamatan,
                diharapkan=kec.nama,
                ditemukan=u.kecamatan,
            )
        )
    desa = r.desa
    if not u.desa.strip():
        return out
    if desa is None:
        saran = f"; mungkin: {', '.join(r.saran)}" if r.saran else ""
        where = f"kecamatan {kec.nama}" if kec is not None else wilayah.pemda
        out.append(
            buat(
                "DESA_TIDAK_DITEMUKAN",
                f"{_where(u)}: desa '{u.desa}' tidak ditemukan di {where} maupun di desa lain {wilayah.pemda}{saran}.",
                lok_desa,
                teks=u.desa,
                diharapkan=", ".join(r.saran) if r.saran else f"desa/kelurahan dari {wilayah.pemda}",
                ditemukan=u.desa,
                saran=(
                    f"Periksa nama desanya; yang mirip: {', '.join(r.saran)}."
                    if r.saran
                    else "Periksa nama desanya di daftar wilayah Kemendagri; perbaiki usulannya."
                ),
            )
        )
        return out
    if desa.ambigu:
        out.append(
            buat(
                "DESA_TIDAK_PASTI",
                f"{_where(u)}: desa '{u.desa}' bisa berarti {_name(desa)} di kecamatan {desa.kecamatan_nama} atau "
                f"{', '.join(desa.saran)}" + ("" if u.kecamatan.strip() else "; kecamatannya tidak ditulis") + ".",
                lok_desa,
                teks=u.desa,
                diharapkan="satu desa (tulis kecamatannya)",
                ditemukan=u.desa,
            )
        )
    elif desa.cara == "mirip":
        out.append(
            buat(
                "DESA_TIDAK_PASTI",
                f"{_where(u)}: desa '{u.desa}' tidak ada persis; yang paling mirip {_name(desa)} di kecamatan "
                f"{desa.kecamatan_nama} (kemiripan {desa.skor:.2f}).",
                lok_desa,
                teks=u.desa,
                diharapkan=desa.nama,
                ditemukan=u.desa,
            )
        )
    elif desa.cara == "ejaan":
        out.append(
            buat(
                "DESA_EJAAN_BERBEDA",
                f"{_where(u)}: desa '{u.desa}' dibaca sebagai {_name(desa)} (ejaan/spasi diperbaiki).",
                lok_desa,
                teks=u.desa,
                diharapkan=desa.nama,
                ditemukan=u.desa,
            )
        )
    if r.di_kecamatan is False and kec is not None:
        out.append(
            buat(
                "DESA_BEDA_KECAMATAN",
                f"{_where(u)}: desa {desa.nama} ada di kecamatan {desa.kecamatan_nama}, bukan di kecamatan "
                f"{kec.nama} yang ditulis.",
                lok_kec,
                teks=f"{u.desa} / {u.kecamatan}",
                diharapkan=f"kecamatan {desa.kecamatan_nama}",
                ditemukan=f"kecamatan {u.kecamatan}",
            )
        )
    if desa.level == "kelurahan":
        out.append(
            buat(
                "DESA_ADALAH_KELURAHAN",
                f"{_where(u)}: '{u.desa}' adalah {_name(desa)}, bukan desa.",
                lok_desa,
                teks=u.desa,
                diharapkan="desa (kode 2xxx)",
                ditemukan=f"kelurahan (kode {desa.kode})",
            )
        )
    return out
