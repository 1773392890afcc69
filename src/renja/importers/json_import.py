"""Read the canonical JSON (renja-json/1) back, through the same services as every other write."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from renja.audit.services import Actor, actor_user, audit_record
from renja.core.errors import ImportFailed
from renja.core.services import create_audited
from renja.exporters.json_export import FORMAT
from renja.importers.models import ImportRun
from renja.importers.report import ImportReport
from renja.master.models import Nomenklatur, NomenklaturVersi, Wilayah
from renja.master.services import pemda_get_or_create, perangkat_daerah_upsert
from renja.plans import services as plan_services
from renja.plans.models import PlanRow, Renja
from renja.usulan.models import Usulan, UsulanRekomendasi
from renja.usulan.services import usulan_create, usulan_delete


class _DryRun(Exception):
    pass


def _dec(value: Any) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value))


def _datetime(value: Any) -> dt.datetime:
    """A recommendation's recorded time from the export (ISO 8601); now when absent or unreadable."""
    if isinstance(value, str):
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            return timezone.now()
        return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)
    return timezone.now()


def _load(data: bytes, filename: str) -> dict[str, Any]:
    try:
        doc = json.loads(data.decode("utf-8"), parse_float=Decimal)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ImportFailed(f"{filename} bukan JSON yang sah ({exc}). Ekspor ulang dengan `renja export`.") from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ImportFailed(f"{filename} bukan ekspor Renja berformat {FORMAT} (kunci 'format' tidak cocok).")
    return doc


def _indikator(owner: dict[str, Any], spec: dict[str, Any], i: int, actor: Actor, source: str) -> None:
    ind = plan_services.indikator_create(
        **owner,
        jenis=spec["jenis"],
        nama=spec["nama"],
        satuan=spec.get("satuan", ""),
        urutan=i,
        arah=None if spec.get("semantik_disimpulkan", True) else spec.get("arah"),
        agregasi_dalam_tahun=None if spec.get("semantik_disimpulkan", True) else spec.get("agregasi_dalam_tahun"),
        agregasi_antar_tahun=None if spec.get("semantik_disimpulkan", True) else spec.get("agregasi_antar_tahun"),
        actor=actor,
        source=source,
    )
    for year, value in spec.get("target", {}).items():
        plan_services.target_set(
            indikator=ind,
            tahun=int(year),
            nilai=_dec(value),
            teks=spec.get("target_teks", {}).get(year, ""),
            satuan=spec.get("target_satuan", {}).get(year, ""),
            actor=actor,
            source=source,
        )


def renja_json_import(*, data: bytes, filename: str, actor: Actor, source: str, dry_run: bool = False) -> ImportReport:
    doc = _load(data, filename)
    report = ImportReport(berkas=filename, sha256=hashlib.sha256(data).hexdigest(), jenis="renja_json", dry_run=dry_run)
    try:
        with transaction.atomic():
            _apply(doc, report, actor=actor, source=source)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


def _apply(doc: dict[str, Any], report: ImportReport, *, actor: Actor, source: str) -> None:
    pemda = pemda_get_or_create(kode=doc["pemda"]["kode"], nama=doc["pemda"]["nama"], actor=actor, source=source)
    pdd = doc["perangkat_daerah"]
    pd = perangkat_daerah_upsert(
        pemda=pemda,
        nama=pdd["nama"],
        kode=pdd["kode"],
        actor=actor,
        source=source,
        **{k: pdd.get(k, "") for k in ("singkatan", "alamat", "kepala_nama", "kepala_pangkat", "kepala_nip")},
    )
    versi = NomenklaturVersi.objects.filter(kode=doc.get("nomenklatur_versi") or "").first()
    nomen = {n.kode: n for n in Nomenklatur.objects.filter(versi=versi)} if versi else {}
    sign = doc.get("penandatangan", {})
    penandatangan = {
        "penandatangan_nama": sign.get("nama", ""),
        "penandatangan_jabatan": sign.get("jabatan", ""),
        "penandatangan_pangkat": sign.get("pangkat", ""),
        "penandatangan_nip": sign.get("nip", ""),
        "tempat_tanggal": sign.get("tempat_tanggal", ""),
    }
    tahun, tahapan, versi_no = int(doc["tahun"]), doc["tahapan"], int(doc.get("versi", 1))
    renja = Renja.objects.filter(perangkat_daerah=pd, tahun=tahun, tahapan=tahapan, versi=versi_no).first()
    if renja is not None:
        plan_services.renja_clear(renja=renja, actor=actor, source=source, reason=f"impor {report.berkas}")
        renja = plan_services.renja_update(
            renja=renja, changes={"label": doc.get("label", ""), **penandatangan}, actor=actor, source=source
        )
    else:
        renja = plan_services.renja_create(
            perangkat_daerah=pd,
            tahun=tahun,
            tahapan=tahapan,
            versi=versi_no,
            label=doc.get("label", ""),
            utama=True,
            nomenklatur_versi=versi,
            penandatangan=penandatangan,
            actor=actor,
            source=source,
        )
    refs: dict[str, PlanRow] = {}
    for i, spec in enumerate(doc.get("rows", []), start=1):
        parent = refs.get(spec["parent"]) if spec.get("parent") else None
        if spec.get("parent") and parent is None:
            raise ImportFailed(
                f"Baris {i} ('{spec['nama']}') menunjuk induk '{spec['parent']}' yang tidak ada "
                "sebelumnya di berkas; urutkan induk sebelum anaknya."
            )
        row = plan_services.plan_row_create(
            renja=renja,
            parent=parent,
            level=spec["level"],
            nama=spec["nama"],
            nama_asli=spec.get("nama_asli", ""),
            kode=spec.get("kode", ""),
            nomenklatur=nomen.get(spec.get("kode", "")),
            urutan=i,
            lokasi=spec.get("lokasi", ""),
            catatan=spec.get("catatan", ""),
            actor=actor,
            source=source,
        )
        refs[spec.get("ref") or row.kode or f"baris-{i}"] = row
        report.count(f"baris {spec['level']}")
        for j, ind in enumerate(spec.get("indikator", []), start=1):
            _indikator({"row": row}, ind, j, actor, source)
        for year, value in spec.get("pagu", {}).items():
            plan_services.pagu_set(
                row=row,
                tahun=int(year),
                jumlah=_dec(value),
                teks=spec.get("pagu_teks", {}).get(year, ""),
                actor=actor,
                source=source,
            )
    ts_refs: dict[str, Any] = {}
    for i, spec in enumerate(doc.get("tujuan_sasaran", []), start=1):
        obj = plan_services.tujuan_sasaran_create(
            renja=renja,
            parent=ts_refs.get(spec.get("parent") or ""),
            jenis=spec["jenis"],
            nomor=spec["nomor"],
            uraian=spec["uraian"],
            urutan=i,
            actor=actor,
            source=source,
        )
        ts_refs[spec["nomor"]] = obj
        for j, ind in enumerate(spec.get("indikator", []), start=1):
            _indikator({"tujuan_sasaran": obj}, ind, j, actor, source)
    for old in Usulan.objects.filter(perangkat_daerah=pd, tahun=tahun):
        usulan_delete(usulan=old, actor=actor, source=source)
    wilayah = {
        w.kode: w
        for w in Wilayah.objects.filter(
            kode__in=[c for u in doc.get("usulan", []) for c in (u.get("kode_desa"), u.get("kode_kecamatan")) if c]
        )
    }
    made: dict[str, Usulan] = {}
    chains: list[tuple[Usulan, list[dict[str, Any]]]] = []
    for i, u in enumerate(doc.get("usulan", []), start=1):
        desa = wilayah.get(u.get("kode_desa") or "")
        kecamatan = wilayah.get(u.get("kode_kecamatan") or "")
        usl = usulan_create(
            perangkat_daerah=pd,
            tahun=tahun,
            kegiatan=u["kegiatan"],
            sumber=u.get("sumber", "asmas"),
            nomor=u.get("nomor", ""),
            urutan=i,
            pengusul=u.get("pengusul", ""),
            lokasi=u.get("lokasi", ""),
            desa_teks=u.get("desa", ""),
            kecamatan_teks=u.get("kecamatan", ""),
            desa=desa,
            kecamatan=kecamatan,
            wilayah_cocok=u.get("wilayah_cocok") or None,
            wilayah_catatan=u.get("wilayah_catatan") or None,
            volume=_dec(u.get("volume")),
            satuan=u.get("satuan", ""),
            pagu_usulan=_dec(u.get("pagu_usulan")),
            pagu_usulan_teks=u.get("pagu_usulan_teks", ""),
            pagu_rekomendasi=_dec(u.get("pagu_rekomendasi")),
            pagu_rekomendasi_teks=u.get("pagu_rekomendasi_teks", ""),
            sumber_dokumen=f"JSON {report.berkas}"[:100],
            status=u.get("status") or Usulan.Status.DIUSULKAN,
            alasan=u.get("alasan", ""),
            row=refs.get(u.get("baris") or ""),
            actor=actor,
            source=source,
        )
        made[u.get("ref") or f"u{i}"] = usl
        chains.append((usl, list(u.get("rekomendasi") or [])))
        report.count("usulan")
    for usl, levels in chains:
        # the recorded path, restored as it was (the current state came with the proposal)
        for r in levels:
            create_audited(
                UsulanRekomendasi(
                    usulan=usl,
                    tingkat=r["tingkat"],
                    status=r["status"],
                    pagu_rekomendasi=_dec(r.get("pagu_rekomendasi")),
                    pagu_rekomendasi_teks=r.get("pagu_rekomendasi_teks", ""),
                    volume=_dec(r.get("volume")),
                    satuan=r.get("satuan", ""),
                    alasan=r.get("alasan", ""),
                    digabung_ke=made.get(r.get("digabung_ke") or ""),
                    dicatat_pada=_datetime(r.get("dicatat_pada")),
                    revisi=1,
                ),
                actor=actor,
                source=source,
                context={"usulan": usl.pk},
            )
            report.count("rekomendasi usulan")
    for i, nar in enumerate(doc.get("narasi", []), start=1):
        plan_services.narasi_set(
            renja=renja,
            kode=nar["kode"],
            judul=nar["judul"],
            teks=nar["teks"],
            urutan=i,
            actor=actor,
            source=source,
        )
    report.renja_ids.append(renja.pk)
    report.ringkasan.update({"perangkat_daerah": pd.nama, "tahun": tahun, "tahapan": tahapan})
    run = ImportRun.objects.create(
        actor=actor_user(actor),
        source=source,
        jenis="renja_json",
        nama_berkas=report.berkas[:300],
        sha256=report.sha256,
        ringkasan=report.ringkasan,
        temuan=report.temuan,
    )
    audit_record(actor=actor, source=source, action="import", obj=run, after={"dibuat": dict(report.dibuat)})
