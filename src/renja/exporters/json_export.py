"""The canonical JSON of one Renja (docs/reference/json-export.md). Also read back by `renja import`."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from renja.plans.models import Indikator, PlanRow, Renja, TujuanSasaran
from renja.usulan.models import Usulan, UsulanRekomendasi

FORMAT = "renja-json/1"


def _num(value: Decimal | None) -> int | float | None:
    """Decimal -> JSON number; integral values become integers (exact), others the shortest float repr."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return float(value.normalize())


def _indikator(ind: Indikator) -> dict[str, Any]:
    targets = [t for t in ind.targets.all() if t.triwulan == 0 and not t.akhir_periode and not t.proyeksi]
    return {
        "nama": ind.nama,
        "satuan": ind.satuan,
        "jenis": ind.jenis,
        "arah": ind.arah,
        "agregasi_dalam_tahun": ind.agregasi_dalam_tahun,
        "agregasi_antar_tahun": ind.agregasi_antar_tahun,
        "semantik_disimpulkan": ind.semantik_disimpulkan,
        "target": {str(t.tahun): _num(t.nilai) for t in targets},
        "target_teks": {str(t.tahun): t.teks for t in targets},
        "target_satuan": {str(t.tahun): t.satuan for t in targets},
    }


def row_ref(row: PlanRow) -> str:
    return row.kode or f"baris-{row.urutan}"


def renja_export_data(renja: Renja) -> dict[str, Any]:
    """Build the canonical export dict with a fixed number of queries."""
    renja = (
        Renja.objects.select_related("perangkat_daerah__pemda", "nomenklatur_versi", "renstra")
        .prefetch_related(
            Prefetch(
                "rows",
                queryset=PlanRow.objects.order_by("urutan", "id").prefetch_related(
                    Prefetch(
                        "indikator",
                        queryset=Indikator.objects.order_by("urutan", "id").prefetch_related("targets"),
                    ),
                    "pagu",
                ),
            ),
            Prefetch(
                "tujuan_sasaran",
                queryset=TujuanSasaran.objects.order_by("urutan", "id").prefetch_related(
                    Prefetch("indikator", queryset=Indikator.objects.prefetch_related("targets"))
                ),
            ),
            "narasi",
        )
        .get(pk=renja.pk)
    )
    pd = renja.perangkat_daerah
    rows = list(renja.rows.all())
    by_id = {r.id: r for r in rows}
    out_rows = []
    for r in rows:
        parent = by_id.get(r.parent_id) if r.parent_id else None
        pagu = sorted(r.pagu.all(), key=lambda p: p.tahun)
        out_rows.append(
            {
                "ref": row_ref(r),
                "level": r.level,
                "kode": r.kode,
                "nama": r.nama,
                "nama_asli": r.nama_asli,
                "parent": row_ref(parent) if parent else None,
                "indikator": [_indikator(i) for i in r.indikator.all()],
                "pagu": {str(p.tahun): _num(p.jumlah) for p in pagu},
                "pagu_teks": {str(p.tahun): p.teks for p in pagu},
                "lokasi": r.lokasi,
                "catatan": r.catatan,
            }
        )
    ts_by_id = {t.id: t for t in renja.tujuan_sasaran.all()}
    usulan = (
        Usulan.objects.filter(perangkat_daerah=pd, tahun=renja.tahun)
        .select_related("desa", "kecamatan", "row")
        .prefetch_related(
            Prefetch(
                "rekomendasi",
                queryset=UsulanRekomendasi.objects.select_related("oleh", "digabung_ke").order_by("id"),
            )
        )
        .order_by("urutan", "id")
    )
    usulan_ref = {u.pk: f"u{i}" for i, u in enumerate(usulan, start=1)}
    return {
        "format": FORMAT,
        "pemda": {"kode": pd.pemda.kode, "nama": pd.pemda.nama},
        "perangkat_daerah": {
            "kode": pd.kode,
            "nama": pd.nama,
            "singkatan": pd.singkatan,
            "alamat": pd.alamat,
            "kepala_nama": pd.kepala_nama,
            "kepala_pangkat": pd.kepala_pangkat,
            "kepala_nip": pd.kepala_nip,
        },
        "tahun": renja.tahun,
        "tahapan": renja.tahapan,
        "versi": renja.versi,
        "label": renja.label,
        "nomenklatur_versi": renja.nomenklatur_versi.kode if renja.nomenklatur_versi else None,
        "penandatangan": {
            "nama": renja.penandatangan_nama,
            "jabatan": renja.penandatangan_jabatan,
            "pangkat": renja.penandatangan_pangkat,
            "nip": renja.penandatangan_nip,
            "tempat_tanggal": renja.tempat_tanggal,
        },
        "rows": out_rows,
        "tujuan_sasaran": [
            {
                "nomor": t.nomor,
                "jenis": t.jenis,
                "uraian": t.uraian,
                "parent": ts_by_id[t.parent_id].nomor if t.parent_id in ts_by_id else None,
                "indikator": [_indikator(i) for i in t.indikator.all()],
            }
            for t in renja.tujuan_sasaran.all()
        ],
        "usulan": [
            {
                "nomor": u.nomor,
                "sumber": u.sumber,
                "desa": u.desa_teks,
                "kecamatan": u.kecamatan_teks,
                "kode_desa": u.desa.kode if u.desa else None,
                "kode_kecamatan": u.kecamatan.kode if u.kecamatan else None,
                "kegiatan": u.kegiatan,
                "volume": _num(u.volume),
                "satuan": u.satuan,
                "pagu_usulan": _num(u.pagu_usulan),
                "pagu_usulan_teks": u.pagu_usulan_teks,
                "pagu_rekomendasi": _num(u.pagu_rekomendasi),
                "pagu_rekomendasi_teks": u.pagu_rekomendasi_teks,
                "status": u.status,
                "alasan": u.alasan,
                "baris": row_ref(u.row) if u.row else None,
                "ref": usulan_ref[u.pk],
                "pengusul": u.pengusul,
                "lokasi": u.lokasi,
                "wilayah_cocok": u.wilayah_cocok,
                "wilayah_catatan": u.wilayah_catatan,
                "rekomendasi": [
                    {
                        "tingkat": r.tingkat,
                        "status": r.status,
                        "pagu_rekomendasi": _num(r.pagu_rekomendasi),
                        "pagu_rekomendasi_teks": r.pagu_rekomendasi_teks,
                        "volume": _num(r.volume),
                        "satuan": r.satuan,
                        "alasan": r.alasan,
                        "digabung_ke": usulan_ref.get(r.digabung_ke_id) if r.digabung_ke_id else None,
                        "oleh": r.oleh.get_username() if r.oleh else None,
                        "dicatat_pada": r.dicatat_pada.isoformat(),
                    }
                    for r in sorted(u.rekomendasi.all(), key=lambda r: r.urutan)
                ],
            }
            for u in usulan
        ],
        "narasi": [{"kode": n.kode, "judul": n.judul, "teks": n.teks} for n in renja.narasi.all()],
        "total_pagu": _totals(out_rows),
    }


def _totals(rows: list[dict[str, Any]]) -> dict[str, int | float | None]:
    totals: dict[str, Decimal] = {}
    for r in rows:
        if r["level"] != "program":
            continue
        for year, value in r["pagu"].items():
            if value is not None:
                totals[year] = totals.get(year, Decimal(0)) + Decimal(str(value))
    return {y: _num(v) for y, v in sorted(totals.items())}


def renja_export_json(renja: Renja) -> str:
    return json.dumps(renja_export_data(renja), ensure_ascii=False, indent=2)
