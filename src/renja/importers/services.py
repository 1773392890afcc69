"""Apply step of the Renja document importer: parse (pure) -> validate -> apply through services.

One transaction; `dry_run=True` rolls it back and returns the same report. Importing the same file twice
changes nothing; importing a new file for the same agency and year replaces the versions it carries.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction

from renja.audit.services import Actor, actor_user, audit_record
from renja.checks.selectors import import_report_add_checks
from renja.core.errors import ImportFailed
from renja.core.text import normalize_name, try_canonical_code
from renja.importers.models import ImportRun
from renja.importers.parse.model import Finding, IndikatorIn, Loc, ParsedRenja, PlanRowIn, Value
from renja.importers.parse.renja_text import parse_renja_text
from renja.importers.report import ImportReport
from renja.master.models import Level, Nomenklatur, NomenklaturVersi, Pemda, PerangkatDaerah, Wilayah
from renja.master.nomenklatur import NomenklaturMatcher, nomenklatur_load_builtin
from renja.master.services import pemda_get_or_create, perangkat_daerah_upsert
from renja.plans import services as plan_services
from renja.plans.models import JenisIndikator, PlanRow, Renja, Renstra, Tahapan
from renja.usulan.models import Usulan
from renja.usulan.services import usulan_create, usulan_delete

BUILTIN_VERSI = "kepmendagri-900-kurasi"


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


@dataclass
class _Ctx:
    actor: Actor
    source: str
    report: ImportReport
    matcher: NomenklaturMatcher
    versi: NomenklaturVersi


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _decode(data: bytes, filename: str) -> str:
    limit = settings.RENJA_MAX_IMPORT_BYTES
    if len(data) > limit:
        raise ImportFailed(
            f"Berkas {filename} berukuran {len(data):,} byte, melebihi batas {limit:,} byte. "
            "Pecah dokumen atau naikkan RENJA_MAX_IMPORT_BYTES."
        )
    for enc in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ImportFailed(f"Berkas {filename} bukan teks yang bisa dibaca (UTF-8). Simpan ulang sebagai teks UTF-8.")


def _finding(kode: str, severity: str, pesan: str, loc: Loc, **kw: str) -> Finding:
    return Finding(kode=kode, severity=severity, pesan=pesan, loc=loc, **kw)


# ---------------------------------------------------------------------------------------------- resolve


def _resolve_pemda(parsed: ParsedRenja, pemda_kode: str | None, ctx: _Ctx) -> Pemda:
    nama = parsed.pemda.strip() or "Pemerintah Daerah"
    full = nama if nama.lower().startswith("pemerintah") else f"Pemerintah {nama}"
    if pemda_kode:
        return pemda_get_or_create(kode=pemda_kode, nama=full, actor=ctx.actor, source=ctx.source)
    existing = Pemda.objects.filter(nama__iexact=full).first()
    if existing is not None:
        return existing
    wanted = normalize_name(nama.replace("Kabupaten", "Kab.").replace("KABUPATEN", "KAB."))
    for w in Wilayah.objects.filter(level=Wilayah.Level.KABKOTA, nama__icontains=nama.split()[-1]):
        if normalize_name(w.nama) == wanted or normalize_name(w.nama).endswith(normalize_name(nama.split()[-1])):
            return pemda_get_or_create(kode=w.kode, nama=full, actor=ctx.actor, source=ctx.source)
    raise ImportFailed(
        f"Kode wilayah untuk '{nama}' tidak diketahui. Berikan --pemda-kode (mis. 35.20 untuk Kabupaten Magetan) "
        "atau muat master wilayah dulu dengan `renja wilayah import BERKAS.csv`."
    )


def _resolve_pd(parsed: ParsedRenja, pemda: Pemda, pd_kode: str | None, bidang: str, ctx: _Ctx) -> PerangkatDaerah:
    p = parsed.penandatangan
    fields = {
        "alamat": parsed.alamat,
        "kepala_nama": p.nama,
        "kepala_pangkat": p.pangkat,
        "kepala_nip": p.nip,
        "bidang_kode": bidang,
    }
    nama = parsed.perangkat_daerah.strip()
    if not nama:
        raise ImportFailed("Nama perangkat daerah tidak ditemukan di sampul dokumen; periksa halaman judul.")
    existing = PerangkatDaerah.objects.filter(pemda=pemda, nama__iexact=nama).first()
    kode = pd_kode or (existing.kode if existing else "")
    if not kode:
        kode = f"{bidang}.0.00.0.00.01.0000"
        ctx.report.add(
            _finding(
                "KODE_PD_DISIMPULKAN",
                "info",
                f"Dokumen tidak mencantumkan kode unit {nama}; dipakai {kode} dari bidang urusan {bidang}.",
                Loc(line=1, table="sampul"),
                saran="Perbaiki kode unit di admin (Perangkat daerah) bila berbeda.",
            )
        )
    singkatan = "".join(w[0] for w in nama.split() if w[0].isupper() and w.lower() not in {"dan"})
    return perangkat_daerah_upsert(
        pemda=pemda,
        nama=nama,
        kode=kode,
        actor=ctx.actor,
        source=ctx.source,
        singkatan=singkatan if not existing else "",
        **fields,
    )


def _nomenklatur_by_kode(versi: NomenklaturVersi) -> dict[str, Nomenklatur]:
    return {n.kode: n for n in Nomenklatur.objects.filter(versi=versi)}


# ---------------------------------------------------------------------------------------------- rows


def _value(v: Value | None) -> tuple[Decimal | None, str, str]:
    if v is None:
        return None, "", ""
    return v.nilai, v.teks, v.satuan


def _indikator_satuan(ind: IndikatorIn, years: Sequence[int]) -> str:
    if ind.satuan:
        return ind.satuan
    for y in years:
        v = ind.target.get(y)
        if v is not None and v.satuan:
            return v.satuan
    return ""


def _decide_levels(rows: Sequence[PlanRowIn], ctx: _Ctx) -> list[tuple[PlanRowIn, str, str, Nomenklatur | None]]:
    """Give each row its level and official code: from the document where it says so, else by matching the
    nomenclature (a kegiatan of the current program, or a sub kegiatan of the current kegiatan)."""
    out: list[tuple[PlanRowIn, str, str, Nomenklatur | None]] = []
    program_kode: str | None = None
    kegiatan_kode: str | None = None
    for row in rows:
        level = row.level
        if row.kode:
            kode = try_canonical_code(row.kode) or ""
            m = ctx.matcher.match_code(kode)
            lvl = level or (m.item.level if m else "")
            out.append((row, lvl, kode, m.item if m else None))
            if lvl == Level.PROGRAM:
                program_kode, kegiatan_kode = kode, None
            elif lvl == Level.KEGIATAN:
                kegiatan_kode = kode
            continue
        if level == Level.PROGRAM:
            m = ctx.matcher.match(Level.PROGRAM, row.nama)
            program_kode = m.kode if m else None
            kegiatan_kode = None
        elif level == Level.KEGIATAN:
            m = ctx.matcher.match(Level.KEGIATAN, row.nama, parent_kode=program_kode)
            kegiatan_kode = m.kode if m else None
        elif level == Level.SUB_KEGIATAN:
            m = ctx.matcher.match(Level.SUB_KEGIATAN, row.nama, parent_kode=kegiatan_kode)
        else:
            mk = ctx.matcher.match(Level.KEGIATAN, row.nama, parent_kode=program_kode)
            ms = ctx.matcher.match(Level.SUB_KEGIATAN, row.nama, parent_kode=kegiatan_kode) if kegiatan_kode else None

            def rank(x: Any) -> tuple[bool, float]:
                return (not x.outside_parent, x.score)

            if mk is not None and (ms is None or rank(mk) > rank(ms)):
                level, m, kegiatan_kode = Level.KEGIATAN, mk, mk.kode
            elif ms is not None:
                level, m = Level.SUB_KEGIATAN, ms
            else:
                level, m = (Level.SUB_KEGIATAN if kegiatan_kode else Level.KEGIATAN), None
        if m is None:
            ctx.report.add(
                _finding(
                    "NOMENKLATUR_TIDAK_COCOK",
                    "peringatan",
                    f"'{row.nama}' tidak cocok dengan {Level(level).label.lower()} mana pun di nomenklatur "
                    f"{ctx.versi.kode}; baris disimpan tanpa kode.",
                    row.loc,
                    teks=row.nama,
                    saran="Periksa ejaan atau pilih kode dari nomenklatur secara manual.",
                )
            )
            out.append((row, level, "", None))
            continue
        if m.outside_parent:
            ctx.report.add(
                _finding(
                    "INDUK_NOMENKLATUR_BERBEDA",
                    "peringatan",
                    f"'{row.nama}' cocok dengan {m.kode}, yang bukan turunan baris induknya di dokumen.",
                    row.loc,
                    teks=row.nama,
                    saran="Periksa apakah baris ini diletakkan di bawah program/kegiatan yang benar.",
                )
            )
        if m.how == "fuzzy":
            ctx.report.add(
                _finding(
                    "NAMA_BEDA_NOMENKLATUR",
                    "info",
                    f"Nama '{row.nama}' dicocokkan ke {m.kode} '{m.item.nama}' (kemiripan {m.score:.2f}).",
                    row.loc,
                    teks=row.nama,
                    diharapkan=m.item.nama,
                    ditemukan=row.nama,
                    saran="Pakai nama resmi nomenklatur.",
                )
            )
        out.append((row, level, m.kode, m.item))
    return out


def _apply_rows(
    rows: Sequence[PlanRowIn],
    *,
    ctx: _Ctx,
    years: Sequence[int],
    renja: Renja | None = None,
    renstra: Renstra | None = None,
    table: str,
) -> list[PlanRow]:
    created: list[PlanRow] = []
    stack: dict[str, PlanRow] = {}
    parents_of = {Level.PROGRAM: None, Level.KEGIATAN: Level.PROGRAM, Level.SUB_KEGIATAN: Level.KEGIATAN}
    for i, (row, level, kode, item) in enumerate(_decide_levels(rows, ctx), start=1):
        parent_level = parents_of.get(level)  # type: ignore[call-overload]
        parent = stack.get(parent_level) if parent_level else None
        if level == Level.PROGRAM:
            parent = stack.get(Level.BIDANG)
        if parent_level and parent is None:
            ctx.report.add(
                _finding(
                    "INDUK_TIDAK_ADA",
                    "peringatan",
                    f"{Level(level).label} '{row.nama}' tidak punya {parent_level} di atasnya.",
                    row.loc,
                    teks=row.nama,
                )
            )
        nama = " ".join(row.nama.split())
        pr = plan_services.plan_row_create(
            renja=renja,
            renstra=renstra,
            parent=parent,
            level=level,
            nama=nama,
            nama_asli=row.nama,
            kode=kode,
            kode_asli=row.kode or row.nomor,
            nomenklatur=item,
            urutan=i,
            sumber=f"{table}, baris {row.loc.line}",
            actor=ctx.actor,
            source=ctx.source,
        )
        stack[level] = pr
        depth = [lv.value for lv in Level]
        for deeper in (Level.KEGIATAN, Level.SUB_KEGIATAN):
            if level in depth and depth.index(deeper) > depth.index(level):
                stack.pop(deeper, None)
        created.append(pr)
        ctx.report.count(f"{table}: baris {level}")
        for j, ind in enumerate(row.indikator, start=1):
            jenis = JenisIndikator.OUTCOME if level == Level.PROGRAM else JenisIndikator.OUTPUT
            satuan = _indikator_satuan(ind, years)
            obj = plan_services.indikator_create(
                row=pr,
                jenis=jenis,
                nama=" ".join(ind.nama.split()),
                nama_asli=ind.nama,
                satuan=satuan,
                urutan=j,
                actor=ctx.actor,
                source=ctx.source,
            )
            ctx.report.count("indikator")
            for tahun, v in sorted(ind.target.items()):
                nilai, teks, sat = _value(v)
                plan_services.target_set(
                    indikator=obj,
                    tahun=tahun,
                    nilai=nilai,
                    teks=teks,
                    satuan=sat,
                    actor=ctx.actor,
                    source=ctx.source,
                )
                ctx.report.count("target")
        for tahun, v in sorted(row.pagu.items()):
            nilai, teks, _ = _value(v)
            plan_services.pagu_set(row=pr, tahun=tahun, jumlah=nilai, teks=teks, actor=ctx.actor, source=ctx.source)
            ctx.report.count("pagu")
    return created


def _get_or_reset_renja(
    pd: PerangkatDaerah,
    tahun: int,
    tahapan: str,
    versi: int,
    label: str,
    utama: bool,
    ctx: _Ctx,
    renstra: Renstra | None,
    penandatangan: dict[str, str] | None = None,
) -> Renja:
    existing = Renja.objects.filter(perangkat_daerah=pd, tahun=tahun, tahapan=tahapan, versi=versi).first()
    if existing is not None:
        plan_services.renja_clear(
            renja=existing, actor=ctx.actor, source=ctx.source, reason=f"impor ulang {ctx.report.berkas}"
        )
        changes: dict[str, Any] = {
            "label": label,
            "renstra": renstra,
            "nomenklatur_versi": ctx.versi,
            "utama": utama,
            **(penandatangan or {}),
        }
        return plan_services.renja_update(renja=existing, changes=changes, actor=ctx.actor, source=ctx.source)
    return plan_services.renja_create(
        perangkat_daerah=pd,
        tahun=tahun,
        tahapan=tahapan,
        versi=versi,
        label=label,
        utama=utama,
        renstra=renstra,
        nomenklatur_versi=ctx.versi,
        penandatangan=penandatangan,
        actor=ctx.actor,
        source=ctx.source,
    )


# ---------------------------------------------------------------------------------------------- tables


def _apply_renstra(parsed: ParsedRenja, pd: PerangkatDaerah, n: int, ctx: _Ctx) -> Renstra | None:
    if not parsed.evaluasi and not parsed.pelayanan:
        return None
    mulai, akhir = parsed.renstra_periode or (n - 5, n - 1)
    renstra = Renstra.objects.filter(perangkat_daerah=pd, tahun_mulai=mulai, tahun_akhir=akhir).first()
    if renstra is None:
        renstra = plan_services.renstra_create(
            perangkat_daerah=pd,
            tahun_mulai=mulai,
            tahun_akhir=akhir,
            nama=f"Renstra {pd.nama} {mulai}–{akhir}",
            actor=ctx.actor,
            source=ctx.source,
        )
        ctx.report.count("renstra")
    else:
        renstra.rows.all().delete()
        renstra.indikator_pelayanan.all().delete()
        audit_record(
            actor=ctx.actor,
            source=ctx.source,
            action="clear",
            obj=renstra,
            context={"alasan": f"impor ulang {ctx.report.berkas}"},
        )
    # Tabel 2.1 (T-C.29 inputs): col 4 Renstra end target, 5 realisasi s.d. n-3, 6/7 target/realisasi n-2,
    # 9 target n-1; the document's own computed columns 8, 10, 11 are kept as text for the checker.
    stack: dict[str, PlanRow] = {}
    for i, ev in enumerate(parsed.evaluasi, start=1):
        kode = (try_canonical_code(ev.kode) or "") if ev.kode else ""
        level = ev.level or ("program" if ev.nama.strip().lower().startswith("program") else "kegiatan")
        by_code = ctx.matcher.match_code(kode) if kode else None
        item = by_code.item if by_code is not None else None
        if not kode:
            ctx.report.add(
                _finding(
                    "KODE_TIDAK_ADA",
                    "info",
                    f"Baris '{ev.nama}' di Tabel 2.1 tidak berkode (nomenklatur lama); disimpan tanpa kode.",
                    ev.loc,
                    teks=ev.nama,
                )
            )
        parent: PlanRow | None
        if level in (Level.URUSAN, Level.BIDANG):
            parent = None
        elif level == Level.PROGRAM:
            parent = stack.get(Level.BIDANG)
        elif level == Level.KEGIATAN:
            parent = stack.get(Level.PROGRAM)
        else:
            parent = stack.get(Level.KEGIATAN)
        row = plan_services.plan_row_create(
            renstra=renstra,
            parent=parent,
            level=level,
            nama=" ".join(ev.nama.split()),
            nama_asli=ev.nama,
            kode=kode,
            kode_asli=ev.kode,
            nomenklatur=item,
            urutan=i,
            nilai_dokumen={str(c): [v.teks for v in ev.kolom.get(c, ())] for c in (8, 10, 11)},
            sumber=f"Tabel 2.1, baris {ev.loc.line}",
            actor=ctx.actor,
            source=ctx.source,
        )
        stack[level] = row
        if level == Level.PROGRAM:
            stack.pop(Level.KEGIATAN, None)
        ctx.report.count("Tabel 2.1: baris")
        for j, ind in enumerate(ev.indikator):
            obj = plan_services.indikator_create(
                row=row,
                jenis=JenisIndikator.OUTCOME if level == Level.PROGRAM else JenisIndikator.OUTPUT,
                nama=" ".join(ind.nama.split()),
                nama_asli=ind.nama,
                satuan=ind.satuan,
                urutan=j + 1,
                actor=ctx.actor,
                source=ctx.source,
            )
            ctx.report.count("indikator")

            for c, kind, tahun, flag in (
                (4, "target", akhir, True),  # akhir periode
                (6, "target", n - 2, False),
                (9, "target", n - 1, False),
                (5, "realisasi", n - 3, True),  # kumulatif s.d. n-3
                (7, "realisasi", n - 2, False),
            ):
                vals = ev.kolom.get(c, ())
                v = vals[j] if j < len(vals) else None
                if v is None or (v.nilai is None and not v.teks):
                    continue
                if kind == "target":
                    plan_services.target_set(
                        indikator=obj,
                        tahun=tahun,
                        nilai=v.nilai,
                        teks=v.teks,
                        satuan=v.satuan,
                        akhir_periode=flag,
                        actor=ctx.actor,
                        source=ctx.source,
                    )
                    ctx.report.count("target")
                else:
                    plan_services.realisasi_record(
                        indikator=obj,
                        tahun=tahun,
                        nilai=v.nilai,
                        teks=v.teks,
                        kumulatif=flag,
                        actor=ctx.actor,
                        source=ctx.source,
                    )
                    ctx.report.count("realisasi")
    # Tabel 2.2 (T-C.30): service indicators of the Renstra
    for i, pl in enumerate(parsed.pelayanan, start=1):
        obj = plan_services.indikator_create(
            renstra=renstra,
            jenis=JenisIndikator.PELAYANAN,
            nama=" ".join(pl.nama.split()),
            nama_asli=pl.nama,
            satuan="%",
            kelompok=pl.kelompok,
            nomor=pl.nomor,
            urutan=i,
            catatan=pl.catatan,
            actor=ctx.actor,
            source=ctx.source,
        )
        ctx.report.count("Tabel 2.2: indikator")
        for tahun, v in sorted(pl.target.items()):
            plan_services.target_set(
                indikator=obj, tahun=tahun, nilai=v.nilai, teks=v.teks, actor=ctx.actor, source=ctx.source
            )
        for tahun, v in sorted(pl.proyeksi.items()):
            plan_services.target_set(
                indikator=obj,
                tahun=tahun,
                nilai=v.nilai,
                teks=v.teks,
                proyeksi=True,
                actor=ctx.actor,
                source=ctx.source,
            )
        for tahun, v in sorted(pl.realisasi.items()):
            plan_services.realisasi_record(
                indikator=obj, tahun=tahun, nilai=v.nilai, teks=v.teks, actor=ctx.actor, source=ctx.source
            )
    return renstra


def _apply_tujuan_sasaran(parsed: ParsedRenja, renja: Renja, n: int, ctx: _Ctx) -> None:
    tujuan: dict[str, Any] = {}
    for i, ts in enumerate(parsed.tujuan_sasaran, start=1):
        is_sasaran = "." in ts.nomor.strip(".")
        parent = tujuan.get(ts.nomor.split(".")[0]) if is_sasaran else None
        obj = plan_services.tujuan_sasaran_create(
            renja=renja,
            parent=parent,
            jenis="sasaran" if is_sasaran else "tujuan",
            nomor=ts.nomor,
            uraian=ts.uraian,
            urutan=i,
            actor=ctx.actor,
            source=ctx.source,
        )
        if not is_sasaran:
            tujuan[ts.nomor.strip(".")] = obj
        ctx.report.count("tujuan/sasaran")
        if ts.indikator:
            ind = plan_services.indikator_create(
                tujuan_sasaran=obj,
                jenis=JenisIndikator.SASARAN if is_sasaran else JenisIndikator.TUJUAN,
                nama=ts.indikator,
                satuan=ts.target.satuan or "%",
                nomor=ts.nomor_indikator,
                actor=ctx.actor,
                source=ctx.source,
            )
            plan_services.target_set(
                indikator=ind,
                tahun=n,
                nilai=ts.target.nilai,
                teks=ts.target.teks,
                satuan=ts.target.satuan or "%",
                actor=ctx.actor,
                source=ctx.source,
            )
            ctx.report.count("indikator")


def _apply_usulan(parsed: ParsedRenja, pd: PerangkatDaerah, n: int, ctx: _Ctx) -> None:
    """Tabel 2.5 -> usulan. A proposal already imported (same number) is updated in place, so its
    recommendation chain and plan-row link survive a re-import; names are resolved against the wilayah master
    (one matcher for the whole table)."""
    from renja.usulan.services import WilayahResolver, usulan_update

    old = {
        u.nomor: u for u in Usulan.objects.filter(perangkat_daerah=pd, tahun=n, sumber_dokumen__startswith="Tabel 2.5")
    }
    resolver = WilayahResolver(pd.pemda.kode)
    seen: set[str] = set()
    for i, u in enumerate(parsed.usulan, start=1):
        fields: dict[str, Any] = {
            "kegiatan": u.kegiatan,
            "nomor": u.nomor,
            "urutan": i,
            "desa_teks": u.desa,
            "kecamatan_teks": u.kecamatan,
            "pagu_usulan": u.pagu_usulan.nilai,
            "pagu_usulan_teks": u.pagu_usulan.teks,
            "sumber_dokumen": f"Tabel 2.5, baris {u.loc.line}",
        }
        existing = old.get(u.nomor) if u.nomor not in seen else None
        seen.add(u.nomor)
        if existing is not None:
            del old[u.nomor]
            usulan_update(usulan=existing, resolver=resolver, actor=ctx.actor, source=ctx.source, **fields)
            if not existing.rekomendasi.exists() and (
                existing.pagu_rekomendasi != u.pagu_rekomendasi.nilai
                or existing.pagu_rekomendasi_teks != u.pagu_rekomendasi.teks
            ):
                from renja.core.services import update_audited

                update_audited(
                    existing,
                    {
                        "pagu_rekomendasi": u.pagu_rekomendasi.nilai,
                        "pagu_rekomendasi_teks": u.pagu_rekomendasi.teks,
                        "revisi": existing.revisi + 1,
                    },
                    actor=ctx.actor,
                    source=ctx.source,
                )
        else:
            usulan_create(
                perangkat_daerah=pd,
                tahun=n,
                pagu_rekomendasi=u.pagu_rekomendasi.nilai,
                pagu_rekomendasi_teks=u.pagu_rekomendasi.teks,
                resolver=resolver,
                actor=ctx.actor,
                source=ctx.source,
                **fields,
            )
        ctx.report.count("usulan")
    for gone in old.values():
        usulan_delete(usulan=gone, actor=ctx.actor, source=ctx.source)


def _bidang_of(parsed: ParsedRenja) -> str:
    for ev in parsed.evaluasi:
        code = (try_canonical_code(ev.kode) or "") if ev.kode else ""
        parts = code.split(".")
        if len(parts) >= 2 and parts[0].isdigit():
            return ".".join(parts[:2])
    return ""


# ---------------------------------------------------------------------------------------------- entry


def renja_document_import(
    *,
    data: bytes,
    filename: str,
    actor: Actor,
    source: str,
    dry_run: bool = False,
    pemda_kode: str | None = None,
    pd_kode: str | None = None,
    bidang_kode: str | None = None,
) -> ImportReport:
    """Import a Renja document (text converted from PDF, like the seed) and return the report."""
    text = _decode(data, filename)
    report = ImportReport(berkas=filename, sha256=_sha256(data), dry_run=dry_run)
    parsed = parse_renja_text(text)
    for f in parsed.findings:
        report.add(f)
    if parsed.tahun is None:
        raise ImportFailed(
            f"Tahun Renja tidak ditemukan di {filename}. Dokumen harus menyebut 'Rencana Kerja ... Tahun NNNN' "
            "di sampul atau di kepala halaman."
        )
    if not parsed.rencana:
        raise ImportFailed(
            f"Tabel rencana kerja dan pendanaan (Tabel 4.1) tidak ditemukan di {filename}; tidak ada yang diimpor."
        )
    n = parsed.tahun
    try:
        with transaction.atomic():
            _apply(
                parsed,
                report,
                n,
                actor=actor,
                source=source,
                pemda_kode=pemda_kode,
                pd_kode=pd_kode,
                bidang_kode=bidang_kode,
            )
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    # Consistency checks (renja.checks): the checker's findings on this document that are not in the report yet.
    import_report_add_checks(report, parsed, text, pemda_kode=pemda_kode)
    return report


def _apply(
    parsed: ParsedRenja,
    report: ImportReport,
    n: int,
    *,
    actor: Actor,
    source: str,
    pemda_kode: str | None,
    pd_kode: str | None,
    bidang_kode: str | None,
) -> None:
    versi = NomenklaturVersi.objects.filter(kode=BUILTIN_VERSI).first()
    if versi is None:
        nomenklatur_load_builtin(actor=actor, source=source)
        versi = NomenklaturVersi.objects.get(kode=BUILTIN_VERSI)
    bidang = bidang_kode or _bidang_of(parsed) or "2.13"
    matcher = NomenklaturMatcher(versi, "kabkota", bidang)
    ctx = _Ctx(actor=actor, source=source, report=report, matcher=matcher, versi=versi)
    pemda = _resolve_pemda(parsed, pemda_kode, ctx)
    pd = _resolve_pd(parsed, pemda, pd_kode, bidang, ctx)
    report.ringkasan.update({"pemda": f"{pemda.kode} {pemda.nama}", "perangkat_daerah": pd.nama, "tahun": n})

    previous = [
        r
        for r in ImportRun.objects.filter(jenis="renja_dokumen", sha256=report.sha256)
        if r.ringkasan.get("perangkat_daerah_id") == pd.pk and r.ringkasan.get("tahun") == n
    ]
    if previous and Renja.objects.filter(perangkat_daerah=pd, tahun=n, utama=True).exists():
        report.sudah_ada = True
        report.renja_ids = list(Renja.objects.filter(perangkat_daerah=pd, tahun=n).values_list("id", flat=True))
        return

    p = parsed.penandatangan
    penandatangan = {
        "penandatangan_nama": p.nama,
        "penandatangan_jabatan": p.jabatan,
        "penandatangan_pangkat": p.pangkat,
        "penandatangan_nip": p.nip,
        "tempat_tanggal": p.tempat_tanggal,
    }
    renstra = _apply_renstra(parsed, pd, n, ctx)
    main = _get_or_reset_renja(
        pd, n, Tahapan.RANCANGAN_AKHIR, 1, "Rancangan Akhir (Tabel 4.1)", True, ctx, renstra, penandatangan
    )
    _apply_rows(parsed.rencana, ctx=ctx, years=(n, n + 1), renja=main, table="Tabel 4.1")
    report.renja_ids.append(main.pk)
    for versi_no, label, rows in (
        (1, "Rancangan Awal RKPD (Tabel 2.4)", parsed.ranwal),
        (2, "Hasil Analisis Kebutuhan (Tabel 2.4)", parsed.analisis_kebutuhan),
    ):
        if rows:
            r = _get_or_reset_renja(pd, n, Tahapan.RANCANGAN_AWAL, versi_no, label, False, ctx, renstra)
            _apply_rows(rows, ctx=ctx, years=(n,), renja=r, table=f"Tabel 2.4 ({label.split(' (')[0]})")
            report.renja_ids.append(r.pk)
    _apply_tujuan_sasaran(parsed, main, n, ctx)
    _apply_usulan(parsed, pd, n, ctx)
    for i, nar in enumerate(parsed.narasi, start=1):
        plan_services.narasi_set(
            renja=main, kode=nar.kode, judul=nar.judul, teks=nar.teks, urutan=i, actor=actor, source=source
        )
        report.count("narasi")
    report.ringkasan.update(
        {
            "program": main.rows.filter(level=Level.PROGRAM).count(),
            "kegiatan": main.rows.filter(level=Level.KEGIATAN).count(),
            "sub_kegiatan": main.rows.filter(level=Level.SUB_KEGIATAN).count(),
            "perangkat_daerah_id": pd.pk,
        }
    )
    run = ImportRun.objects.create(
        actor=actor_user(actor),
        source=source,
        jenis="renja_dokumen",
        nama_berkas=report.berkas[:300],
        sha256=report.sha256,
        ringkasan=report.ringkasan,
        temuan=report.temuan,
    )
    audit_record(
        actor=actor,
        source=source,
        action="import",
        obj=run,
        after={"dibuat": dict(report.dibuat), "temuan": len(report.temuan)},
    )
