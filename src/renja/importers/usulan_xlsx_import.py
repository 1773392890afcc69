"""Apply an XLSX of community proposals (`parse/usulan_xlsx.py`) through the usulan services, in one
transaction: a dry run rolls everything back; a file with errors saves nothing. Re-importing the same proposals
updates them in place (same desa, kecamatan and kegiatan in the agency and year), so their recommendation chain
and plan-row link survive. Names are resolved against the wilayah master; an unresolved name is kept as written,
flagged, and reported as a warning with suggestions."""

from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.db import transaction

from renja.audit.services import Actor
from renja.core.errors import ImportFailed
from renja.core.services import update_audited
from renja.core.text import normalize_name
from renja.importers.parse.model import Finding
from renja.importers.parse.usulan_xlsx import UsulanFormatError, UsulanXlsxRow, parse_usulan_xlsx
from renja.importers.report import ImportReport
from renja.master.models import PerangkatDaerah
from renja.usulan.models import Usulan
from renja.usulan.services import WilayahResolver, usulan_create, usulan_update


class _DryRun(Exception):
    pass


def _key(desa: str, kecamatan: str, kegiatan: str) -> tuple[str, str, str]:
    return (normalize_name(desa), normalize_name(kecamatan), normalize_name(kegiatan))


def usulan_xlsx_import(
    *,
    data: bytes,
    filename: str,
    perangkat_daerah: PerangkatDaerah,
    tahun: int,
    actor: Actor,
    source: str,
    dry_run: bool = False,
) -> ImportReport:
    report = ImportReport(
        berkas=filename, sha256=hashlib.sha256(data).hexdigest(), jenis="usulan_xlsx", dry_run=dry_run
    )
    try:
        parsed = parse_usulan_xlsx(data, nama=filename, max_bytes=settings.RENJA_MAX_IMPORT_BYTES)
    except UsulanFormatError as exc:
        raise ImportFailed(exc.message) from exc
    for f in parsed.findings:
        report.add(f)
    report.ringkasan = {
        "lembar": parsed.sheet,
        "baris judul": parsed.header_row,
        "kolom": ", ".join(f"{k}={v}" for k, v in parsed.kolom.items()),
        "baris usulan": len(parsed.rows),
        "perangkat daerah": str(perangkat_daerah),
        "tahun": tahun,
    }
    if parsed.errors:
        report.ringkasan["hasil"] = "tidak ada yang disimpan: perbaiki error di berkas, lalu impor lagi"
        return report
    try:
        with transaction.atomic():
            _apply(parsed.rows, perangkat_daerah, tahun, filename, report, actor=actor, source=source)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


def _apply(
    rows: tuple[UsulanXlsxRow, ...],
    pd: PerangkatDaerah,
    tahun: int,
    filename: str,
    report: ImportReport,
    *,
    actor: Actor,
    source: str,
) -> None:
    existing: dict[tuple[str, str, str], Usulan] = {}
    for u in Usulan.objects.filter(perangkat_daerah=pd, tahun=tahun).select_related("perangkat_daerah__pemda"):
        existing.setdefault(_key(u.desa_teks, u.kecamatan_teks, u.kegiatan), u)
    last = max((u.urutan for u in existing.values()), default=0)
    resolver = WilayahResolver(pd.pemda.kode)
    seen: set[tuple[str, str, str]] = set()
    for row in rows:
        key = _key(row.desa, row.kecamatan, row.kegiatan)
        if key in seen:
            report.add(
                Finding(
                    kode="USULAN_GANDA",
                    severity="peringatan",
                    pesan=f"{row.loc.label()}: usulan yang sama (desa, kecamatan, kegiatan) sudah ada di baris "
                    "sebelumnya; baris ini dilewati.",
                    loc=row.loc,
                    teks=row.kegiatan,
                )
            )
            continue
        seen.add(key)
        fields: dict[str, Any] = {
            "nomor": row.nomor,
            "sumber": row.sumber,
            "pengusul": row.pengusul,
            "desa_teks": row.desa,
            "kecamatan_teks": row.kecamatan,
            "kegiatan": row.kegiatan,
            "lokasi": row.lokasi,
            "volume": row.volume.nilai,
            "satuan": row.satuan,
            "pagu_usulan": row.pagu_usulan.nilai,
            "pagu_usulan_teks": row.pagu_usulan.teks,
            "sumber_dokumen": f"XLSX {filename[:60]}, baris {row.loc.line}",
        }
        found = existing.get(key)
        if found is None:
            last += 1
            u = usulan_create(
                perangkat_daerah=pd,
                tahun=tahun,
                urutan=last,
                pagu_rekomendasi=row.pagu_rekomendasi.nilai,
                pagu_rekomendasi_teks=row.pagu_rekomendasi.teks,
                alasan=row.keterangan,
                resolver=resolver,
                actor=actor,
                source=source,
                **fields,
            )
            report.count("usulan baru")
        else:
            u = found
            before = u.revisi
            usulan_update(usulan=u, resolver=resolver, actor=actor, source=source, **fields)
            if not u.rekomendasi.exists() and (u.pagu_rekomendasi, u.pagu_rekomendasi_teks) != (
                row.pagu_rekomendasi.nilai,
                row.pagu_rekomendasi.teks,
            ):
                update_audited(
                    u,
                    {
                        "pagu_rekomendasi": row.pagu_rekomendasi.nilai,
                        "pagu_rekomendasi_teks": row.pagu_rekomendasi.teks,
                        "revisi": u.revisi + 1,
                    },
                    actor=actor,
                    source=source,
                )
            report.count("usulan diperbarui" if u.revisi != before else "usulan tidak berubah")
        if u.tidak_terpetakan or u.wilayah_cocok in (Usulan.Cocok.MIRIP, Usulan.Cocok.AMBIGU):
            report.add(
                Finding(
                    kode="WILAYAH_TIDAK_TERPETAKAN" if u.tidak_terpetakan else "WILAYAH_PERLU_DIPERIKSA",
                    severity="peringatan" if u.tidak_terpetakan else "info",
                    pesan=f"{row.loc.label()}: {u.wilayah_catatan or 'desa/kecamatan belum terpetakan'} "
                    "Usulan tetap disimpan dengan nama seperti tertulis.",
                    loc=row.loc,
                    teks=f"{row.desa} / {row.kecamatan}",
                    saran="Pilih desa/kelurahan yang benar di halaman usulan, atau perbaiki nama di berkas.",
                )
            )
