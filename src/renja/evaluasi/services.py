"""Every write of evaluation and monitoring data: indicator semantics, quarterly realisation (kinerja and
anggaran, with evidence and notes), the E.81 footer, the unit responsible for a row, and the import of an E.81
workbook. Keyword-only arguments, an explicit `actor` and `source`, `full_clean()`, one transaction, an audit
event whose context names the Renja.

Who may record monitoring data (`monev_problem`): the agency's own perencana (and a superuser), and the system
(`actor=None`). Unlike plan data, monitoring data is *not* refused because the Renja's stage is locked,
submitted or approved: the Renja that is monitored quarterly is precisely the adopted (locked) one. Indicator
semantics are plan data and go through `renja.plans.services.indikator_update` (roles, locks, revisions).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db import transaction

from renja.audit.services import Actor
from renja.calc.e81 import kunci_nama, pasangkan
from renja.calc.evaluasi import TRIWULAN, AntarTahun, Arah, DalamTahun, adalah_persen
from renja.core.errors import ImportFailed, PermissionDenied, RenjaError
from renja.core.permissions import can_edit_renja
from renja.core.services import create_audited, delete_audited, update_audited
from renja.core.text import try_canonical_code
from renja.evaluasi.models import CatatanTriwulan, UnitPenanggungJawab
from renja.importers.parse.e81_xlsx import E81Baris, E81FormatError, parse_e81_xlsx
from renja.importers.parse.model import Finding, Loc, Value
from renja.importers.report import ImportReport
from renja.plans import services as plan_services
from renja.plans.models import Indikator, Pagu, PlanRow, Realisasi, Renja, Target

# --- who may write ----------------------------------------------------------------------------------------------


def monev_problem(renja: Renja, actor: Actor) -> str | None:
    """Why `actor` may not record monitoring data of `renja`, in Bahasa Indonesia; None when they may."""
    if actor is None or can_edit_renja(actor, renja):
        return None
    return (
        f"Anda tidak berhak mengisi realisasi {renja}: hanya perencana {renja.perangkat_daerah} yang mengisi "
        "realisasi dan catatan monev perangkat daerahnya. Hubungi admin pemda bila peran Anda belum benar."
    )


def ensure_monev_writable(renja: Renja, actor: Actor) -> None:
    problem = monev_problem(renja, actor)
    if problem:
        raise PermissionDenied(problem)


def _check_triwulan(triwulan: int) -> None:
    if triwulan not in TRIWULAN:
        raise RenjaError(f"Triwulan {triwulan} tidak ada: pilih triwulan 1 sampai 4 (I–IV).", field="triwulan")


def _context(renja: Renja, **extra: Any) -> dict[str, Any]:
    return {"renja": renja.pk, **extra}


# --- indicator semantics ------------------------------------------------------------------------------------------


def indikator_milik_renja(indikator: Indikator, renja: Renja) -> bool:
    """The indicator belongs to the Renja's rows or tujuan/sasaran, or to the rows or service analysis of the
    Renstra the Renja is linked to (T-C.29 shows those)."""
    row = indikator.row
    if row is not None:
        return row.renja_id == renja.pk or (renja.renstra_id is not None and row.renstra_id == renja.renstra_id)
    if indikator.tujuan_sasaran_id is not None:
        return indikator.tujuan_sasaran is not None and indikator.tujuan_sasaran.renja_id == renja.pk
    return renja.renstra_id is not None and indikator.renstra_id == renja.renstra_id


@transaction.atomic
def indikator_semantik_update(
    *,
    renja: Renja,
    indikator: Indikator,
    arah: str,
    agregasi_dalam_tahun: str,
    agregasi_antar_tahun: str,
    catatan: str | None = None,
    revisi: int | None = None,
    actor: Actor,
    source: str,
) -> Indikator:
    """Set an indicator's arah and agregasi (marking them as set by a person, no longer inferred). Every
    evaluation table recomputes from them. `renja` is the Renja whose page the change was made from."""
    if not indikator_milik_renja(indikator, renja):
        raise RenjaError(f"Indikator '{indikator.nama}' bukan bagian dari {renja} atau Renstra-nya; tidak diubah.")
    for value, allowed, what in (
        (arah, Arah, "arah"),
        (agregasi_dalam_tahun, DalamTahun, "agregasi dalam tahun"),
        (agregasi_antar_tahun, AntarTahun, "agregasi antar tahun"),
    ):
        if value not in {a.value for a in allowed}:
            pilihan = ", ".join(a.value for a in allowed)
            raise RenjaError(f"Nilai {what} '{value}' tidak dikenal; pilih salah satu: {pilihan}.", field=what)
    changes: dict[str, Any] = {
        "arah": arah,
        "agregasi_dalam_tahun": agregasi_dalam_tahun,
        "agregasi_antar_tahun": agregasi_antar_tahun,
    }
    if catatan is not None:
        changes["catatan"] = catatan
    return plan_services.indikator_update(
        indikator=indikator, changes=changes, revisi=revisi, actor=actor, source=source
    )


# --- quarterly realisation ----------------------------------------------------------------------------------------


def _rupiah(nilai: Decimal | None) -> Decimal | None:
    if nilai is None:
        return None
    if nilai < 0:
        raise RenjaError(
            "Realisasi anggaran tidak boleh negatif; isi jumlah rupiah yang dibelanjakan.", field="anggaran"
        )
    if nilai != nilai.to_integral_value():
        raise RenjaError(f"Realisasi anggaran {nilai} memuat pecahan; isi rupiah bulat (tanpa sen).", field="anggaran")
    return nilai


@transaction.atomic
def realisasi_triwulan_set(
    *,
    renja: Renja,
    triwulan: int,
    indikator: Indikator | None = None,
    row: PlanRow | None = None,
    nilai: Decimal | None,
    teks: str = "",
    bukti: str | None = None,
    catatan: str | None = None,
    actor: Actor,
    source: str,
) -> Realisasi | None:
    """Record the realisation of one quarter of the Renja's year: the kinerja of `indikator`, or the anggaran
    (whole rupiah) of `row` — exactly one of them. `bukti`/`catatan` None keep what is stored. Anggaran is
    entered on rows without children (a parent's is the sum of its children's).

    Returns the record, or None when there was none and nothing was given (no empty record is created)."""
    ensure_monev_writable(renja, actor)
    _check_triwulan(triwulan)
    if (indikator is None) == (row is None):
        raise RenjaError("Sebutkan satu indikator (realisasi kinerja) atau satu baris (realisasi anggaran).")
    if indikator is not None:
        if indikator.row is None or indikator.row.renja_id != renja.pk:
            raise RenjaError(f"Indikator '{indikator.nama}' bukan indikator baris {renja}; realisasi tidak disimpan.")
        lookup: dict[str, Any] = {"indikator": indikator, "row": None}
        values: dict[str, Any] = {"nilai": nilai, "teks": teks[:200]}
        where = f"indikator '{indikator.nama}'"
    else:
        assert row is not None
        if row.renja_id != renja.pk:
            raise RenjaError(f"Baris '{row.nama}' bukan baris {renja}; realisasi tidak disimpan.")
        if row.children.exists():
            raise RenjaError(
                f"Realisasi anggaran '{row.nama}' dihitung dari jumlah rinciannya; isi realisasi anggaran pada "
                "sub kegiatan di bawahnya.",
                field="anggaran",
            )
        lookup = {"indikator": None, "row": row}
        values = {"anggaran": _rupiah(nilai), "anggaran_teks": teks[:60]}
        where = f"baris '{row.nama}'"
    existing = Realisasi.objects.filter(**lookup, tahun=renja.tahun, triwulan=triwulan, kumulatif=False).first()
    if bukti is not None:
        values["bukti"] = bukti
    if catatan is not None:
        values["catatan"] = catatan
    context = _context(renja, triwulan=triwulan, tentang=where)
    if existing is not None:
        return update_audited(existing, values, actor=actor, source=source, context=context)
    if nilai is None and not (teks.strip() or (bukti or "").strip() or (catatan or "").strip()):
        return None
    return create_audited(
        Realisasi(**lookup, tahun=renja.tahun, triwulan=triwulan, kumulatif=False, **values),
        actor=actor,
        source=source,
        context=context,
    )


@dataclass(frozen=True)
class Isian:
    """One entry of the realisation form: a value (None = empty), its text, evidence and notes."""

    nilai: Decimal | None
    teks: str = ""
    bukti: str = ""
    catatan: str = ""


@transaction.atomic
def realisasi_baris_simpan(
    *,
    renja: Renja,
    row: PlanRow,
    triwulan: int,
    kinerja: Sequence[tuple[Indikator, Isian]],
    anggaran: Isian | None,
    unit: str | None = None,
    actor: Actor,
    source: str,
) -> int:
    """Save the realisation form of one row for one quarter (all or nothing). Returns the records written."""
    ensure_monev_writable(renja, actor)
    written = 0
    for indikator, isian in kinerja:
        if indikator.row_id != row.pk:
            raise RenjaError(f"Indikator '{indikator.nama}' bukan indikator baris '{row.nama}'.")
        saved = realisasi_triwulan_set(
            renja=renja,
            indikator=indikator,
            triwulan=triwulan,
            nilai=isian.nilai,
            teks=isian.teks,
            bukti=isian.bukti,
            catatan=isian.catatan,
            actor=actor,
            source=source,
        )
        written += saved is not None
    if anggaran is not None:
        saved = realisasi_triwulan_set(
            renja=renja,
            row=row,
            triwulan=triwulan,
            nilai=anggaran.nilai,
            teks=anggaran.teks,
            bukti=anggaran.bukti,
            catatan=anggaran.catatan,
            actor=actor,
            source=source,
        )
        written += saved is not None
    if unit is not None:
        unit_penanggung_jawab_set(renja=renja, row=row, unit=unit, actor=actor, source=source)
    return written


# --- the E.81 footer and column 16 ----------------------------------------------------------------------------------


@transaction.atomic
def catatan_triwulan_set(
    *,
    renja: Renja,
    triwulan: int,
    faktor_pendorong: str,
    faktor_penghambat: str,
    tindak_lanjut_triwulan: str,
    tindak_lanjut_renja: str,
    actor: Actor,
    source: str,
) -> CatatanTriwulan:
    ensure_monev_writable(renja, actor)
    _check_triwulan(triwulan)
    values = {
        "faktor_pendorong": faktor_pendorong,
        "faktor_penghambat": faktor_penghambat,
        "tindak_lanjut_triwulan": tindak_lanjut_triwulan,
        "tindak_lanjut_renja": tindak_lanjut_renja,
    }
    existing = CatatanTriwulan.objects.filter(renja=renja, triwulan=triwulan).first()
    if existing is not None:
        return update_audited(existing, values, actor=actor, source=source, context=_context(renja))
    return create_audited(
        CatatanTriwulan(renja=renja, triwulan=triwulan, **values), actor=actor, source=source, context=_context(renja)
    )


@transaction.atomic
def unit_penanggung_jawab_set(
    *, renja: Renja, row: PlanRow, unit: str, actor: Actor, source: str
) -> UnitPenanggungJawab | None:
    """Set E.81 column 16 for a row; an empty unit removes it (the agency itself is then shown)."""
    ensure_monev_writable(renja, actor)
    if row.renja_id != renja.pk:
        raise RenjaError(f"Baris '{row.nama}' bukan baris {renja}.")
    unit = " ".join(unit.split())
    existing = UnitPenanggungJawab.objects.filter(row=row).first()
    if not unit:
        if existing is not None:
            delete_audited(existing, actor=actor, source=source, context=_context(renja))
        return None
    if existing is not None:
        return update_audited(existing, {"unit": unit}, actor=actor, source=source, context=_context(renja))
    return create_audited(UnitPenanggungJawab(row=row, unit=unit), actor=actor, source=source, context=_context(renja))


# --- import of an E.81 workbook -------------------------------------------------------------------------------------

_EMPAT = Decimal("0.0001")


def _finding(kode: str, severity: str, pesan: str, loc: Loc, **kw: str) -> Finding:
    return Finding(kode=kode, severity=severity, pesan=pesan, loc=loc, **kw)


def _match_row(baris: E81Baris, by_kode: dict[str, PlanRow], by_name: dict[str, PlanRow]) -> PlanRow | None:
    kode = try_canonical_code(baris.kode) if baris.kode else None
    if kode and kode in by_kode:
        return by_kode[kode]
    return by_name.get(kunci_nama(baris.uraian))


def _percent_of(value: Value, basis: Decimal, *, rupiah: bool) -> Decimal:
    assert value.nilai is not None
    result = value.nilai * basis / 100
    return result.quantize(Decimal(1) if rupiah else _EMPAT, rounding=ROUND_HALF_UP)


def _apply_e81(renja: Renja, baris_list: Sequence[E81Baris], report: ImportReport, actor: Actor, source: str) -> None:
    rows = list(PlanRow.objects.filter(renja=renja).prefetch_related("indikator", "children"))
    by_kode = {r.kode: r for r in reversed(rows) if r.kode}
    by_name = {kunci_nama(r.nama): r for r in reversed(rows)}
    targets = {
        t.indikator_id: t.nilai
        for t in Target.objects.filter(
            indikator__row__renja=renja, tahun=renja.tahun, triwulan=0, akhir_periode=False, proyeksi=False
        )
    }
    pagu = {p.row_id: p.jumlah for p in Pagu.objects.filter(row__renja=renja, tahun=renja.tahun)}
    n_cocok = 0
    for baris in baris_list:
        row = _match_row(baris, by_kode, by_name)
        if row is None:
            report.add(
                _finding(
                    "BARIS_TIDAK_DITEMUKAN",
                    "peringatan",
                    f"{baris.loc.label()}: '{f'{baris.kode} {baris.uraian}'.strip()}' tidak ditemukan di {renja} "
                    "(dicari menurut kode, lalu nama); realisasinya tidak diimpor.",
                    baris.loc,
                    teks=f"{baris.kode} {baris.uraian}".strip(),
                    saran="Periksa kode program/kegiatan di lembar, atau tambahkan baris itu ke Renja dulu.",
                )
            )
            continue
        n_cocok += 1
        indikator = list(row.indikator.all())
        pairs = pasangkan([i.nama for i in baris.indikator], [i.nama for i in indikator])
        for parsed, (index, how) in zip(baris.indikator, pairs, strict=True):
            if index is None:
                if parsed.kinerja:
                    report.add(
                        _finding(
                            "INDIKATOR_TIDAK_DITEMUKAN",
                            "peringatan",
                            f"{parsed.loc.label()}: indikator '{parsed.nama}' tidak ada pada baris '{row.nama}'; "
                            "realisasi kinerjanya tidak diimpor.",
                            parsed.loc,
                            teks=parsed.nama,
                            saran="Samakan nama indikator di lembar dengan nama di Renja.",
                        )
                    )
                continue
            ind = indikator[index]
            if parsed.kinerja and kunci_nama(parsed.nama) != kunci_nama(ind.nama):
                report.add(
                    _finding(
                        "INDIKATOR_BEDA_NAMA",
                        "info",
                        f"{parsed.loc.label()}: indikator '{parsed.nama}' dipasangkan dengan '{ind.nama}' ({how}).",
                        parsed.loc,
                        teks=parsed.nama,
                        saran="Periksa bahwa keduanya memang indikator yang sama.",
                    )
                )
            percent_indicator = adalah_persen(ind.nama, ind.satuan)
            for q, value in sorted(parsed.kinerja.items()):
                if value.nilai is None:
                    continue
                nilai = value.nilai
                teks = value.teks
                if value.satuan == "%" and (report.ringkasan.get("persen_kinerja") or not percent_indicator):
                    basis = targets.get(ind.pk)
                    basis_from = f"target {renja.tahun} di Renja"
                    if basis is None and parsed.target is not None:
                        basis, basis_from = parsed.target.nilai, "target kolom 7 di lembar"
                    if basis is None:
                        report.add(
                            _finding(
                                "PERSEN_TANPA_TARGET",
                                "peringatan",
                                f"{value.loc.label() if value.loc else parsed.loc.label()}: realisasi ditulis "
                                f"{value.teks} (persen dari target), tetapi target tahunan indikator '{ind.nama}' "
                                "tidak ada; tidak diimpor.",
                                value.loc or parsed.loc,
                                teks=value.teks,
                                saran=f"Isi target {renja.tahun} indikator ini dulu, lalu impor lagi.",
                            )
                        )
                        continue
                    nilai = _percent_of(value, basis, rupiah=False)
                    report.add(
                        _finding(
                            "PERSEN_DARI_TARGET",
                            "info",
                            f"{value.loc.label() if value.loc else parsed.loc.label()}: realisasi TW {TRIWULAN[q]} "
                            f"ditulis sebagai {value.teks} dari target; dikonversi: {value.nilai} % × {basis_from} "
                            f"{basis} = {nilai}.",
                            value.loc or parsed.loc,
                            teks=value.teks,
                            ditemukan=value.teks,
                            diharapkan=str(nilai),
                        )
                    )
                realisasi_triwulan_set(
                    renja=renja, indikator=ind, triwulan=q, nilai=nilai, teks=teks, actor=actor, source=source
                )
                report.count("realisasi kinerja")
        if baris.anggaran:
            if row.children.exists():
                report.add(
                    _finding(
                        "ANGGARAN_INDUK",
                        "info",
                        f"{baris.loc.label()}: realisasi anggaran '{row.nama}' dihitung dari rinciannya; nilai Rp di "
                        "lembar untuk baris ini tidak diimpor.",
                        baris.loc,
                    )
                )
            else:
                for q, value in sorted(baris.anggaran.items()):
                    if value.nilai is None:
                        continue
                    nilai = value.nilai
                    if value.satuan == "%":
                        basis = pagu.get(row.pk)
                        if basis is None and baris.pagu is not None:
                            basis = baris.pagu.nilai
                        if basis is None:
                            report.add(
                                _finding(
                                    "PERSEN_TANPA_PAGU",
                                    "peringatan",
                                    f"{baris.loc.label()}: realisasi anggaran TW {TRIWULAN[q]} ditulis {value.teks} "
                                    f"(persen dari pagu), tetapi pagu '{row.nama}' tidak ada; tidak diimpor.",
                                    value.loc or baris.loc,
                                    teks=value.teks,
                                )
                            )
                            continue
                        nilai = _percent_of(value, basis, rupiah=True)
                        report.add(
                            _finding(
                                "PERSEN_DARI_PAGU",
                                "info",
                                f"{baris.loc.label()}: realisasi anggaran TW {TRIWULAN[q]} ditulis {value.teks} dari "
                                f"pagu; dikonversi: {value.nilai} % × pagu {basis} = {nilai} (dibulatkan ke rupiah).",
                                value.loc or baris.loc,
                                teks=value.teks,
                            )
                        )
                    try:
                        realisasi_triwulan_set(
                            renja=renja, row=row, triwulan=q, nilai=nilai, teks=value.teks, actor=actor, source=source
                        )
                    except RenjaError as exc:
                        report.add(_finding("ANGGARAN_TIDAK_SAH", "error", exc.message, value.loc or baris.loc))
                        continue
                    report.count("realisasi anggaran")
        if baris.unit and baris.unit != renja.perangkat_daerah.nama:
            unit_penanggung_jawab_set(renja=renja, row=row, unit=baris.unit, actor=actor, source=source)
    report.ringkasan["baris dibaca"] = len(baris_list)
    report.ringkasan["baris cocok dengan Renja"] = n_cocok


def e81_xlsx_import(
    *, renja: Renja, data: bytes, filename: str, dry_run: bool = False, actor: Actor, source: str
) -> ImportReport:
    """Import the quarterly realisation of an E.81 workbook into `renja` (year `renja.tahun`): every filled
    quarter cell (K of each indicator, Rp of each row without children) through `realisasi_triwulan_set`, in
    one transaction; `dry_run` rolls it back. Raises ImportFailed when the file is not an E.81 workbook."""
    ensure_monev_writable(renja, actor)
    try:
        parsed = parse_e81_xlsx(data, nama=filename, max_bytes=settings.RENJA_MAX_IMPORT_BYTES)
    except E81FormatError as exc:
        raise ImportFailed(exc.message) from exc
    report = ImportReport(berkas=filename, jenis="e81_xlsx", dry_run=dry_run, renja_ids=[renja.pk])
    report.ringkasan["lembar"] = parsed.sheet
    report.ringkasan["persen_kinerja"] = parsed.persen_kinerja
    report.ringkasan["persen_anggaran"] = parsed.persen_anggaran
    for finding in parsed.findings:
        report.add(finding)
    if parsed.persen_kinerja or parsed.persen_anggaran:
        apa = " dan ".join(
            x
            for x, on in (
                ("kinerja (dari target)", parsed.persen_kinerja),
                ("anggaran (dari pagu)", parsed.persen_anggaran),
            )
            if on
        )
        report.add(
            _finding(
                "KONVENSI_PERSEN",
                "info",
                f"Judul kolom triwulan memuat '%': realisasi {apa} ditulis sebagai persen; setiap nilai dikonversi "
                "ke angka realisasi dan konversinya dicatat di bawah.",
                Loc(line=1, table=f"E.81 ({parsed.sheet})"),
            )
        )
    with transaction.atomic():
        _apply_e81(renja, parsed.baris, report, actor, source)
        if dry_run:
            transaction.set_rollback(True)
    return report
