"""The XLSX round trip: the plan sheet of a workbook from `renja export --format xlsx`, edited offline, back in.

parse (pure: `parse.plan_xlsx`) → diff against the stored plan, row by row (added, changed with before and
after, removed) → apply through the plan services (`plan_row_create`, `plan_row_update`, `plan_row_delete`,
`indikator_create`, `indikator_update`, `indikator_delete`, `target_set`, `pagu_set`), in one transaction,
audited with source `import`. `dry_run=True` runs the same apply and rolls it back, so the report (and any
refusal, e.g. a locked Renja) is exactly what a real import would give.

Rows are matched by kode (by name for a row without kode); a row's indicators by their order.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Prefetch

from renja.audit.services import Actor, actor_user, audit_record
from renja.calc.angka import format_angka, format_rupiah
from renja.core.errors import ImportFailed
from renja.core.text import try_canonical_code
from renja.core.types import Source
from renja.importers.models import ImportRun
from renja.importers.parse.model import Finding, Loc, Value
from renja.importers.parse.plan_xlsx import ParsedPlanWorkbook, PlanWorkbookError, SheetRow, parse_plan_workbook
from renja.importers.report import ImportReport
from renja.master.models import Level, Nomenklatur, SumberDana
from renja.plans import services as plan_services
from renja.plans.models import Indikator, JenisIndikator, Pagu, PlanRow, Renja, Target

JENIS = "renja_xlsx"
_LEVEL_BY_SEGMENTS = {3: Level.PROGRAM, 5: Level.KEGIATAN, 6: Level.SUB_KEGIATAN}


class _DryRun(Exception):
    pass


# ---------------------------------------------------------------------------------------------- the diff


@dataclass(frozen=True)
class Rincian:
    """One changed field: what, before, after (as a person reads them)."""

    kolom: str
    sebelum: str
    sesudah: str


@dataclass
class Perubahan:
    jenis: str  # tambah | ubah | hapus
    kode: str
    nama: str
    level: str
    baris: int | None  # the Excel row (None for a removed row)
    rincian: list[Rincian] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "jenis": self.jenis,
            "kode": self.kode,
            "nama": self.nama,
            "level": self.level,
            "baris_excel": self.baris,
            "rincian": [{"kolom": r.kolom, "sebelum": r.sebelum, "sesudah": r.sesudah} for r in self.rincian],
        }

    def render(self) -> str:
        sign = {"tambah": "+", "ubah": "~", "hapus": "-"}[self.jenis]
        verb = {"tambah": "ditambah", "ubah": "diubah", "hapus": "dihapus"}[self.jenis]
        where = f" (baris Excel {self.baris})" if self.baris else ""
        head = (
            f"  {sign} {self.kode or '(tanpa kode)'} {self.nama[:70]!r} [{self.level.replace('_', ' ')}] {verb}{where}"
        )
        lines = [head]
        for r in self.rincian:
            if self.jenis == "ubah":
                lines.append(f"      {r.kolom}: {r.sebelum or '(kosong)'} → {r.sesudah or '(kosong)'}")
            else:
                lines.append(f"      {r.kolom}: {r.sesudah or r.sebelum}")
        return "\n".join(lines)


@dataclass
class XlsxImportReport(ImportReport):
    perubahan: list[Perubahan] = field(default_factory=list)

    @property
    def ringkasan_perubahan(self) -> dict[str, int]:
        out = {"tambah": 0, "ubah": 0, "hapus": 0}
        for p in self.perubahan:
            out[p.jenis] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
        data = super().to_dict()
        data["perubahan"] = [p.to_dict() for p in self.perubahan]
        data["jumlah_perubahan"] = self.ringkasan_perubahan
        return data

    def render_text(self) -> str:
        base = super().render_text()
        counts = self.ringkasan_perubahan
        lines = [
            base,
            f"Perubahan terhadap rencana: {counts['tambah']} baris ditambah, {counts['ubah']} diubah, "
            f"{counts['hapus']} dihapus" + (" (belum diterapkan: uji coba)" if self.dry_run else ""),
        ]
        if not self.perubahan:
            lines.append("  Tidak ada perbedaan dengan rencana yang tersimpan.")
        lines.extend(p.render() for p in self.perubahan)
        return "\n".join(lines)


def _key(kode: str, nama: str) -> str:
    canonical = (try_canonical_code(kode) or kode) if kode else ""
    return canonical or "nama:" + " ".join(nama.lower().split())


def _fmt_target(value: Decimal | None, satuan: str) -> str:
    if value is None:
        return ""
    return f"{format_angka(value)} {satuan}".strip()


def _fmt_pagu(value: Decimal | None) -> str:
    return "" if value is None else format_rupiah(value)


def _target(ind: Indikator, tahun: int) -> Target | None:
    targets: list[Target] = getattr(ind, "target_list", [])
    for t in targets:
        if t.tahun == tahun:
            return t
    return None


def _pagu(row: PlanRow, tahun: int) -> Pagu | None:
    pagu: list[Pagu] = getattr(row, "pagu_list", [])
    for p in pagu:
        if p.tahun == tahun:
            return p
    return None


def _sheet_value(v: Value | None) -> Decimal | None:
    return None if v is None else v.nilai


def _unreadable(v: Value | None) -> bool:
    """A cell with text that could not be read as a number: never applied (a finding says why)."""
    return v is not None and v.nilai is None and bool(v.teks)


@dataclass
class _Plan:
    """What the apply step will do, built by the diff."""

    updates: list[tuple[PlanRow, SheetRow, Perubahan]] = field(default_factory=list)
    adds: list[tuple[SheetRow, Perubahan]] = field(default_factory=list)
    deletes: list[tuple[PlanRow, Perubahan]] = field(default_factory=list)


def _lokasi_sumber(row: PlanRow, n: int) -> tuple[str, str]:
    pagu = _pagu(row, n)
    lokasi = (pagu.lokasi if pagu and pagu.lokasi else "") or row.lokasi
    sumber = pagu.sumber_dana if pagu and pagu.sumber_dana_id else row.sumber_dana
    return lokasi, (sumber.nama if sumber else "")


def _row_changes(row: PlanRow, sheet: SheetRow, n: int) -> list[Rincian]:
    out: list[Rincian] = []
    if " ".join(row.nama.split()) != sheet.uraian:
        out.append(Rincian("uraian", row.nama, sheet.uraian))
    lokasi, sumber = _lokasi_sumber(row, n)
    if lokasi != sheet.lokasi:
        out.append(Rincian("lokasi", lokasi, sheet.lokasi))
    if sumber.lower() != sheet.sumber_dana.lower():
        out.append(Rincian("sumber dana", sumber, sheet.sumber_dana))
    if " ".join(row.catatan.split()) != sheet.catatan:
        out.append(Rincian("catatan", row.catatan, sheet.catatan))
    for tahun, value in ((n, sheet.pagu_n), (n + 1, sheet.pagu_n1)):
        if _unreadable(value):
            continue
        stored = _pagu(row, tahun)
        before = stored.jumlah if stored else None
        after = _sheet_value(value)
        if before != after:
            out.append(Rincian(f"pagu {tahun}", _fmt_pagu(before), _fmt_pagu(after)))
    indicators = list(getattr(row, "indikator_list", []))
    for i in range(max(len(indicators), len(sheet.indikator))):
        ind = indicators[i] if i < len(indicators) else None
        new = sheet.indikator[i] if i < len(sheet.indikator) else None
        label = f"indikator {i + 1}"
        if ind is None and new is not None:
            out.append(Rincian(label, "", f"ditambah: {new.nama}"))
            continue
        if new is None and ind is not None:
            out.append(Rincian(label, ind.nama, "dihapus"))
            continue
        assert ind is not None and new is not None
        if " ".join(ind.nama.split()) != new.nama:
            out.append(Rincian(f"{label} (nama)", ind.nama, new.nama))
        for tahun, value in ((n, new.target_n), (n + 1, new.target_n1)):
            if _unreadable(value):
                continue
            stored_t = _target(ind, tahun)
            satuan = (stored_t.satuan if stored_t else "") or ind.satuan
            before_v = stored_t.nilai if stored_t else None
            after_v = _sheet_value(value)
            new_satuan = (value.satuan if value is not None else "") or satuan
            if before_v != after_v or (after_v is not None and new_satuan.lower() != satuan.lower()):
                out.append(
                    Rincian(f"{label} target {tahun}", _fmt_target(before_v, satuan), _fmt_target(after_v, new_satuan))
                )
    return out


def _added_details(sheet: SheetRow, n: int) -> list[Rincian]:
    out = []
    for tahun, value in ((n, sheet.pagu_n), (n + 1, sheet.pagu_n1)):
        if value is not None and value.nilai is not None:
            out.append(Rincian(f"pagu {tahun}", "", format_rupiah(value.nilai)))
    for i, ind in enumerate(sheet.indikator, start=1):
        targets = ", ".join(
            f"{tahun}: {_fmt_target(v.nilai, v.satuan)}"
            for tahun, v in ((n, ind.target_n), (n + 1, ind.target_n1))
            if v is not None and v.nilai is not None
        )
        out.append(Rincian(f"indikator {i}", "", ind.nama + (f" ({targets})" if targets else "")))
    return out


def _removed_details(row: PlanRow, n: int) -> list[Rincian]:
    out = []
    for tahun in (n, n + 1):
        p = _pagu(row, tahun)
        if p is not None and p.jumlah is not None:
            out.append(Rincian(f"pagu {tahun}", format_rupiah(p.jumlah), ""))
    return out


def level_of_kode(kode: str) -> str | None:
    """`2.13.04` program, `2.13.04.2.01` kegiatan, `2.13.04.2.01.0001` sub kegiatan."""
    return _LEVEL_BY_SEGMENTS.get(len(kode.split("."))) if kode else None


def diff_plan(rows: Sequence[PlanRow], parsed: ParsedPlanWorkbook, n: int, report: ImportReport) -> _Plan:
    plan = _Plan()
    stored = {_key(r.kode or r.kode_asli, r.nama): r for r in rows}
    seen: set[str] = set()
    for sheet in parsed.rows:
        key = _key(sheet.kode, sheet.uraian)
        if key in seen:
            report.add(
                Finding(
                    kode="BARIS_GANDA",
                    severity="error",
                    pesan=f"{sheet.loc.label()}: kode {sheet.kode or sheet.uraian!r} muncul lebih dari sekali; "
                    "baris ini diabaikan.",
                    loc=sheet.loc,
                    teks=sheet.kode,
                    saran="Setiap baris rencana hanya boleh muncul sekali di lembar rencana.",
                )
            )
            continue
        seen.add(key)
        row = stored.get(key)
        if row is not None:
            details = _row_changes(row, sheet, n)
            if details:
                change = Perubahan("ubah", row.kode or row.kode_asli, row.nama, row.level, sheet.loc.line, details)
                plan.updates.append((row, sheet, change))
            continue
        kode = try_canonical_code(sheet.kode) if sheet.kode else None
        level = level_of_kode(kode or "")
        if not kode or level is None:
            report.add(
                Finding(
                    kode="KODE_BARIS_BARU",
                    severity="error",
                    pesan=f"{sheet.loc.label()}: baris baru {sheet.uraian!r} tidak punya kode program/kegiatan/"
                    f"sub kegiatan yang sah ({sheet.kode or 'kosong'}); tidak ditambahkan.",
                    loc=sheet.loc,
                    teks=sheet.kode,
                    saran="Isi kode nomenklatur, mis. 2.13.04.2.01.0001 untuk sub kegiatan.",
                )
            )
            continue
        change = Perubahan("tambah", kode, sheet.uraian, level, sheet.loc.line, _added_details(sheet, n))
        plan.adds.append((sheet, change))
    for key, row in stored.items():
        if key not in seen:
            plan.deletes.append(
                (
                    row,
                    Perubahan("hapus", row.kode or row.kode_asli, row.nama, row.level, None, _removed_details(row, n)),
                )
            )
    return plan


# ---------------------------------------------------------------------------------------------- apply


def _load_rows(renja: Renja, n: int) -> list[PlanRow]:
    targets = Target.objects.filter(tahun__in=[n, n + 1], triwulan=0, akhir_periode=False, proyeksi=False)
    return list(
        PlanRow.objects.filter(renja=renja)
        .select_related("sumber_dana")
        .order_by("urutan", "id")
        .prefetch_related(
            Prefetch("pagu", queryset=Pagu.objects.select_related("sumber_dana"), to_attr="pagu_list"),
            Prefetch(
                "indikator",
                queryset=Indikator.objects.order_by("urutan", "id").prefetch_related(
                    Prefetch("targets", queryset=targets, to_attr="target_list")
                ),
                to_attr="indikator_list",
            ),
        )
    )


class _Apply:
    def __init__(self, renja: Renja, n: int, report: ImportReport, actor: Actor, source: str) -> None:
        self.renja = renja
        self.n = n
        self.report = report
        self.actor = actor
        self.source = source
        self.sumber = {s.nama.lower(): s for s in SumberDana.objects.all()}
        self.sumber.update({s.kode.lower(): s for s in self.sumber.values()})
        versi = renja.nomenklatur_versi
        self.nomen = {x.kode: x for x in Nomenklatur.objects.filter(versi=versi)} if versi else {}

    def sumber_dana(self, text: str, loc: Loc) -> tuple[bool, SumberDana | None]:
        if not text:
            return True, None
        found = self.sumber.get(text.lower())
        if found is None:
            self.report.add(
                Finding(
                    kode="SUMBER_DANA_TIDAK_DIKENAL",
                    severity="error",
                    pesan=f"{loc.label()}: sumber dana {text!r} tidak ada di master sumber dana; tidak diubah.",
                    loc=loc,
                    teks=text,
                    saran="Pakai nama atau kode sumber dana yang terdaftar (admin: Sumber dana), atau tambahkan dulu.",
                )
            )
            return False, None
        return True, found

    def pagu(self, row: PlanRow, tahun: int, value: Value | None, lokasi: str, sumber: SumberDana | None) -> None:
        stored = _pagu(row, tahun)
        plan_services.pagu_set(
            row=row,
            tahun=tahun,
            jumlah=_sheet_value(value) if not _unreadable(value) else (stored.jumlah if stored else None),
            teks="" if value is None or value.nilai is not None else value.teks,
            sumber_dana=sumber if tahun == self.n else (stored.sumber_dana if stored else None),
            lokasi=lokasi if tahun == self.n else (stored.lokasi if stored else ""),
            actor=self.actor,
            source=self.source,
        )

    def targets(self, ind: Indikator, sheet_ind: Any) -> None:
        for tahun, value in ((self.n, sheet_ind.target_n), (self.n + 1, sheet_ind.target_n1)):
            if _unreadable(value):
                continue
            stored = _target(ind, tahun)
            before = (stored.nilai, stored.satuan) if stored else (None, "")
            satuan = (value.satuan if value is not None else "") or before[1] or ind.satuan
            after = _sheet_value(value)
            if stored is None and after is None:
                continue
            if before == (after, satuan):
                continue
            plan_services.target_set(
                indikator=ind, tahun=tahun, nilai=after, teks="", satuan=satuan, actor=self.actor, source=self.source
            )

    def update(self, row: PlanRow, sheet: SheetRow) -> None:
        changes: dict[str, Any] = {}
        if " ".join(row.nama.split()) != sheet.uraian and sheet.uraian:
            changes["nama"] = sheet.uraian
        if " ".join(row.catatan.split()) != sheet.catatan:
            changes["catatan"] = sheet.catatan
        if changes:
            row = plan_services.plan_row_update(row=row, changes=changes, actor=self.actor, source=self.source)
        ok, sumber = self.sumber_dana(sheet.sumber_dana, sheet.loc)
        if not ok:
            _, current = _lokasi_sumber(row, self.n)
            sumber = self.sumber.get(current.lower()) if current else None
        lokasi, current_sumber = _lokasi_sumber(row, self.n)
        stored_n, stored_n1 = _pagu(row, self.n), _pagu(row, self.n + 1)
        new_n = _sheet_value(sheet.pagu_n)
        if (
            ((stored_n.jumlah if stored_n else None) != new_n and not _unreadable(sheet.pagu_n))
            or lokasi != sheet.lokasi
            or (sumber.nama if sumber else "").lower() != current_sumber.lower()
        ):
            self.pagu(row, self.n, sheet.pagu_n, sheet.lokasi, sumber)
        if (stored_n1.jumlah if stored_n1 else None) != _sheet_value(sheet.pagu_n1) and not _unreadable(sheet.pagu_n1):
            self.pagu(row, self.n + 1, sheet.pagu_n1, "", None)
        indicators = list(getattr(row, "indikator_list", []))
        for i in range(max(len(indicators), len(sheet.indikator))):
            ind = indicators[i] if i < len(indicators) else None
            new = sheet.indikator[i] if i < len(sheet.indikator) else None
            if ind is None and new is not None:
                self.add_indikator(row, new, i + 1)
            elif new is None and ind is not None:
                plan_services.indikator_delete(indikator=ind, actor=self.actor, source=self.source)
            elif ind is not None and new is not None:
                if " ".join(ind.nama.split()) != new.nama and new.nama:
                    ind = plan_services.indikator_update(
                        indikator=ind, changes={"nama": new.nama}, actor=self.actor, source=self.source
                    )
                self.targets(ind, new)

    def add_indikator(self, row: PlanRow, new: Any, urutan: int) -> None:
        satuan = next((v.satuan for v in (new.target_n, new.target_n1) if v is not None and v.satuan), "")
        ind = plan_services.indikator_create(
            row=row,
            jenis=JenisIndikator.OUTCOME if row.level == Level.PROGRAM else JenisIndikator.OUTPUT,
            nama=new.nama or "(tanpa nama)",
            satuan=satuan,
            urutan=urutan,
            actor=self.actor,
            source=self.source,
        )
        ind.target_list = []  # type: ignore[attr-defined]
        self.targets(ind, new)

    def add(self, sheet: SheetRow, rows_by_kode: dict[str, PlanRow], urutan: int) -> PlanRow:
        kode = try_canonical_code(sheet.kode) or sheet.kode
        level = level_of_kode(kode)
        assert level is not None
        parent = None
        parts = kode.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            parent = rows_by_kode.get(".".join(parts[:cut]))
            if parent is not None:
                break
        if parent is None and level != Level.PROGRAM:
            self.report.add(
                Finding(
                    kode="INDUK_TIDAK_ADA",
                    severity="peringatan",
                    pesan=f"{sheet.loc.label()}: {kode} tidak punya induk di rencana; "
                    "ditambahkan sebagai baris teratas.",
                    loc=sheet.loc,
                    teks=kode,
                    saran="Tambahkan program/kegiatan induknya di atas baris ini.",
                )
            )
        ok, sumber = self.sumber_dana(sheet.sumber_dana, sheet.loc)
        row = plan_services.plan_row_create(
            renja=self.renja,
            parent=parent,
            level=level,
            nama=sheet.uraian or kode,
            kode=kode,
            kode_asli=sheet.kode,
            nomenklatur=self.nomen.get(kode),
            urutan=urutan,
            catatan=sheet.catatan,
            sumber=f"XLSX {self.report.berkas}, baris {sheet.loc.line}",
            actor=self.actor,
            source=self.source,
        )
        row.pagu_list = []  # type: ignore[attr-defined]
        for tahun, value in ((self.n, sheet.pagu_n), (self.n + 1, sheet.pagu_n1)):
            if (value is not None and (value.nilai is not None or value.teks)) or (
                tahun == self.n and (sheet.lokasi or sumber)
            ):
                self.pagu(row, tahun, value, sheet.lokasi, sumber if ok else None)
        for i, new in enumerate(sheet.indikator, start=1):
            self.add_indikator(row, new, i)
        return row


def _resolve_renja(parsed: ParsedPlanWorkbook, filename: str) -> Renja:
    renja = (
        Renja.objects.select_related("perangkat_daerah__pemda", "nomenklatur_versi")
        .filter(
            perangkat_daerah__kode=parsed.pd_kode,
            perangkat_daerah__pemda__kode=parsed.pemda_kode,
            tahun=parsed.tahun,
            tahapan=parsed.tahapan,
            versi=parsed.versi,
        )
        .first()
    )
    if renja is None:
        raise ImportFailed(
            f"{filename} milik Renja {parsed.meta.get('perangkat_daerah', parsed.pd_kode)} {parsed.tahun} "
            f"(tahapan {parsed.tahapan}, versi {parsed.versi}), yang tidak ada di basis data ini. "
            "Impor dokumen Renja itu dulu, atau ekspor buku kerja dari Renja yang benar."
        )
    return renja


def renja_xlsx_import(
    *, data: bytes, filename: str, actor: Actor, source: str = Source.IMPORT, dry_run: bool = False
) -> XlsxImportReport:
    """Read the plan sheet of `data` and apply its differences to the stored plan (or only report them)."""
    try:
        parsed = parse_plan_workbook(data, filename=filename)
    except PlanWorkbookError as exc:
        raise ImportFailed(str(exc)) from exc
    report = XlsxImportReport(berkas=filename, sha256=hashlib.sha256(data).hexdigest(), jenis=JENIS, dry_run=dry_run)
    for f in parsed.findings:
        report.add(f)
    renja = _resolve_renja(parsed, filename)
    n = renja.tahun
    report.ringkasan.update(
        {
            "renja": str(renja),
            "lembar": parsed.sheet,
            "baris di lembar": len(parsed.rows),
        }
    )
    try:
        with transaction.atomic():
            rows = _load_rows(renja, n)
            plan = diff_plan(rows, parsed, n, report)
            report.perubahan = (
                [c for _, _, c in plan.updates] + [c for _, c in plan.adds] + [c for _, c in plan.deletes]
            )
            applier = _Apply(renja, n, report, actor, source)
            for row, sheet, _ in plan.updates:
                applier.update(row, sheet)
            by_kode = {r.kode: r for r in rows if r.kode}
            position = {key: i for i, key in enumerate(_key(s.kode, s.uraian) for s in parsed.rows)}
            for sheet, _ in plan.adds:
                urutan = _urutan_for(sheet, parsed.rows, rows, position)
                row = applier.add(sheet, by_kode, urutan)
                by_kode[row.kode] = row
            deleted: set[int] = set()
            for row, _ in sorted(plan.deletes, key=lambda item: -len((item[0].kode or "").split("."))):
                if row.pk in deleted or _ancestor_deleted(row, deleted, {r.pk: r for r in rows}):
                    deleted.add(row.pk)
                    continue
                plan_services.plan_row_delete(row=row, actor=actor, source=source)
                deleted.add(row.pk)
            report.renja_ids.append(renja.pk)
            run = ImportRun.objects.create(
                actor=actor_user(actor),
                source=source,
                jenis=JENIS,
                nama_berkas=filename[:300],
                sha256=report.sha256,
                ringkasan={**report.ringkasan, "perubahan": report.ringkasan_perubahan},
                temuan=report.temuan,
            )
            audit_record(
                actor=actor,
                source=source,
                action="import",
                obj=run,
                after={"perubahan": report.ringkasan_perubahan, "renja": renja.pk},
            )
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return report


def _ancestor_deleted(row: PlanRow, deleted: set[int], by_id: dict[int, PlanRow]) -> bool:
    """True when a parent of `row` is being deleted too (a deepest-first order deletes children first, so this
    only happens when a child was already removed by the cascade)."""
    parent_id = row.parent_id
    seen: set[int] = set()
    while parent_id is not None and parent_id not in seen:
        if parent_id in deleted:
            return True
        seen.add(parent_id)
        parent = by_id.get(parent_id)
        parent_id = parent.parent_id if parent else None
    return False


def _urutan_for(
    sheet: SheetRow, sheet_rows: Sequence[SheetRow], rows: Sequence[PlanRow], position: dict[str, int]
) -> int:
    """Place a new row right after the stored row that precedes it in the sheet."""
    stored = {_key(r.kode or r.kode_asli, r.nama): r for r in rows}
    index = position.get(_key(sheet.kode, sheet.uraian), len(sheet_rows))
    for prev in reversed(sheet_rows[:index]):
        row = stored.get(_key(prev.kode, prev.uraian))
        if row is not None:
            return row.urutan
    return max((r.urutan for r in rows), default=0) + 1
