"""Adapter: the canonical JSON export (`renja-json/1`, docs/reference/json-export.md) -> `DokumenCek`. Pure.

Read the file with `json.loads(text, parse_float=Decimal)` so no number passes through a float. A location is
the JSON path of the value (`rows[12] (2.13.01.2.01)`). The export holds one Renja: its rows, tujuan/sasaran,
usulan and narasi; it has no Tabel 2.1, 2.2 or 2.4 (the checklist says they were not checked).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from typing import Any

from renja.calc.angka import format_angka
from renja.checks.rules.lookup import NomenklaturLookup
from renja.checks.rules.model import (
    SUMBER_DOKUMEN,
    Angka,
    BarisRencana,
    DokumenCek,
    IndikatorCek,
    JumlahTertulis,
    Lokasi,
    NarasiCek,
    TabelRencana,
    UsulanCek,
)
from renja.checks.rules.teks import BAB_LABEL, jumlah_dalam_teks
from renja.core.text import try_canonical_code

__all__ = ["FORMAT", "JsonTidakSah", "cocokkan_nama", "dari_json"]

FORMAT = "renja-json/1"


class JsonTidakSah(ValueError):
    """The data is not a Renja export; the message (Bahasa Indonesia) says why."""


def _dec(value: Any) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def _angka(value: Any, teks: str | None, satuan: str, lokasi: Lokasi) -> Angka:
    nilai = _dec(value)
    text = teks if teks else (format_angka(nilai) if nilai is not None else "")
    return Angka(teks=text, nilai=nilai, satuan=satuan, lokasi=lokasi)


def _years(row: Mapping[str, Any]) -> set[int]:
    years = {int(y) for y in (row.get("pagu") or {}) if str(y).isdigit()}
    for ind in row.get("indikator") or ():
        years |= {int(y) for y in (ind.get("target") or {}) if str(y).isdigit()}
    return years


def cocokkan_nama(rows: list[BarisRencana], lookup: NomenklaturLookup | None) -> list[BarisRencana]:
    """Rows without a code get the code of the nomenclature item their name matches (under the parent's code),
    with how it matched; rows with a code are marked as such. Without a lookup the rows stay as they are."""
    if lookup is None:
        return rows
    by_id: dict[str, BarisRencana] = {}
    out: list[BarisRencana] = []
    for row in rows:
        parent = by_id.get(row.induk) if row.induk else None
        if row.kode:
            new = _replace(row, cocok="kode")
        elif row.level:
            m = lookup.by_name(row.level, row.nama, parent.kode if parent is not None and parent.kode else None)
            new = (
                _replace(
                    row,
                    kode=m.item.kode,
                    cocok=m.cara,
                    skor=m.skor,
                    nama_resmi=m.item.nama,
                    di_luar_induk=m.di_luar_induk,
                )
                if m is not None
                else _replace(row, cocok="")
            )
        else:
            new = row
        by_id[new.id] = new
        out.append(new)
    return out


def _replace(row: BarisRencana, **changes: Any) -> BarisRencana:
    return replace(row, **changes)


def dari_json(data: Mapping[str, Any], *, nama: str, nomenklatur: NomenklaturLookup | None = None) -> DokumenCek:
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        found = data.get("format") if isinstance(data, Mapping) else type(data).__name__
        raise JsonTidakSah(f"Berkas {nama} bukan ekspor Renja (format '{FORMAT}' diharapkan, ditemukan '{found}').")
    try:
        n = int(data["tahun"])
    except (KeyError, TypeError, ValueError) as exc:
        raise JsonTidakSah(f"Berkas {nama} tidak menyebut tahun Renja (kunci 'tahun').") from exc
    table = f"Renja {n} (ekspor JSON)"
    rows_in = list(data.get("rows") or ())
    years: set[int] = set()
    for r in rows_in:
        years |= _years(r)
    tahun = tuple(y for y in (n, n + 1) if y in years) or (n,)
    rows: list[BarisRencana] = []
    for i, r in enumerate(rows_in):
        ref = str(r.get("ref") or f"baris-{i + 1}")
        lokasi = Lokasi(tabel=table, posisi=f"rows[{i}] ({ref})")
        indikator = []
        for j, ind in enumerate(r.get("indikator") or ()):
            teks = ind.get("target_teks") or {}
            sat = ind.get("target_satuan") or {}
            ilok = lokasi.dengan(posisi=f"rows[{i}].indikator[{j}] ({ref})")
            indikator.append(
                IndikatorCek(
                    nama=str(ind.get("nama") or ""),
                    satuan=str(ind.get("satuan") or ""),
                    target={
                        int(y): _angka(v, teks.get(y), str(sat.get(y) or ""), ilok.dengan(kolom=f"Target {y}"))
                        for y, v in (ind.get("target") or {}).items()
                        if str(y).isdigit()
                    },
                    lokasi=ilok,
                )
            )
        pagu_teks = r.get("pagu_teks") or {}
        kode = (try_canonical_code(r.get("kode")) or "") if r.get("kode") else ""
        rows.append(
            BarisRencana(
                id=ref,
                nama=str(r.get("nama") or ""),
                lokasi=lokasi,
                induk=str(r["parent"]) if r.get("parent") else None,
                level=str(r.get("level") or ""),
                kode=kode,
                kode_asli=str(r.get("kode") or ""),
                indikator=tuple(indikator),
                pagu={
                    int(y): _angka(v, pagu_teks.get(y), "", lokasi.dengan(kolom=f"Pagu {y}"))
                    for y, v in (r.get("pagu") or {}).items()
                    if str(y).isdigit()
                },
                lokasi_kegiatan=str(r.get("lokasi") or ""),
                cocok="kode" if kode else "",
            )
        )
    rows = cocokkan_nama(rows, nomenklatur)
    kolom = {"uraian", "indikator", "target", "pagu", "pd_penanggung_jawab"}
    if rows and all(r.kode for r in rows):
        kolom.add("kode")
    leaves = {r.id for r in rows} - {r.induk for r in rows if r.induk}
    if rows and all(r.lokasi_kegiatan for r in rows if r.id in leaves):
        kolom.add("lokasi")
    totals = tuple(
        JumlahTertulis(
            tabel=table,
            tahun=int(y),
            nilai=_angka(v, None, "", Lokasi(tabel=table, posisi="total_pagu", kolom=f"Pagu {y}")),
            lokasi=Lokasi(tabel=table, posisi="total_pagu", kolom=f"Pagu {y}"),
        )
        for y, v in (data.get("total_pagu") or {}).items()
        if str(y).isdigit() and int(y) in tahun
    )
    rencana = TabelRencana(
        nama=table,
        jenis="rencana",
        tahun=tahun,
        baris=tuple(rows),
        jumlah=totals,
        kolom=frozenset(kolom),
        lokasi=Lokasi(tabel=table, posisi="rows"),
    )
    narasi = tuple(
        NarasiCek(
            kode=str(nr.get("kode") or ""),
            judul=str(nr.get("judul") or ""),
            baris=tuple((None, line) for line in str(nr.get("teks") or "").split("\n") if line.strip()),
            lokasi=Lokasi(
                bab=BAB_LABEL.get(str(nr.get("kode") or ""), str(nr.get("judul") or "")), posisi=f"narasi[{k}]"
            ),
        )
        for k, nr in enumerate(data.get("narasi") or ())
    )
    usulan = tuple(
        UsulanCek(
            lokasi=Lokasi(tabel="Usulan", posisi=f"usulan[{k}]", baris_tabel=k + 1),
            nomor=str(u.get("nomor") or ""),
            desa=str(u.get("desa") or ""),
            kecamatan=str(u.get("kecamatan") or ""),
            kegiatan=str(u.get("kegiatan") or ""),
            pagu_usulan=_angka(u.get("pagu_usulan"), u.get("pagu_usulan_teks"), "", Lokasi(posisi=f"usulan[{k}]")),
            pagu_rekomendasi=_angka(
                u.get("pagu_rekomendasi"), u.get("pagu_rekomendasi_teks"), "", Lokasi(posisi=f"usulan[{k}]")
            ),
            kode_desa=str(u.get("kode_desa") or ""),
            kode_kecamatan=str(u.get("kode_kecamatan") or ""),
        )
        for k, u in enumerate(data.get("usulan") or ())
    )
    pemda = data.get("pemda") or {}
    pd = data.get("perangkat_daerah") or {}
    ts = data.get("tujuan_sasaran")
    return DokumenCek(
        sumber=SUMBER_DOKUMEN,
        nama=nama,
        tahun=n,
        pemda=str(pemda.get("nama") or ""),
        pemda_kode=str(pemda.get("kode") or ""),
        perangkat_daerah=str(pd.get("nama") or ""),
        bidang_kode=".".join(str(pd.get("kode") or "").split(".")[:2]) if pd.get("kode") else "",
        format="json",
        rencana=rencana,
        usulan=usulan,
        tujuan_sasaran=sum(1 for t in ts if t.get("indikator")) if isinstance(ts, list) else None,
        narasi=narasi,
        jumlah_teks=tuple(jumlah_dalam_teks(narasi, n, table)),
        penandatangan=str((data.get("penandatangan") or {}).get("nama") or ""),
    )
