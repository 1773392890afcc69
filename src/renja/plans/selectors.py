"""Reads of Renja for the web pages (and later the API and exporters).

Each selector runs a fixed number of queries whatever the size of the plan (asserted in tests/plans):
`renja_summaries` 2, `renja_overview` 2, `renja_tree` 4. Sums and checks come from `renja.calc.rollup`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When
from django.http import Http404

from renja.calc.rollup import Figure, PaguCheck, Rollup, RollupRow, Status, compute_rollup
from renja.core.permissions import User, can_view_renja, user_scope
from renja.master.models import Level, Pemda, PerangkatDaerah
from renja.plans.models import TAHAPAN_URUTAN, Indikator, Pagu, PlanRow, Renja, Target

MSG_TIDAK_DITEMUKAN = "Renja nomor {pk} tidak ditemukan. Periksa alamat halaman, atau buka daftar Renja di beranda."
MSG_TIDAK_BERHAK = (
    "Anda tidak berhak melihat Renja ini. Renja hanya dapat dilihat oleh perencana dan kepala "
    "perangkat daerah pemiliknya, serta oleh verifikator dan admin pemda-nya. "
    "Hubungi admin pemda bila Anda memerlukan akses."
)


# --- the list --------------------------------------------------------------------------------------------


def renja_list_for_user(user: User) -> QuerySet[Renja]:
    """The Renja the user may see, by pemda, agency, year (newest first), stage (in order) and version."""
    stage_order = Case(
        *[When(tahapan=value, then=Value(order)) for value, order in TAHAPAN_URUTAN.items()],
        default=Value(len(TAHAPAN_URUTAN)),
        output_field=IntegerField(),
    )
    return (
        Renja.objects.filter(user_scope(user).renja_q())
        .select_related("perangkat_daerah__pemda")
        .annotate(tahapan_urutan=stage_order)
        .order_by(
            "perangkat_daerah__pemda__kode", "perangkat_daerah__kode", "-tahun", "-utama", "tahapan_urutan", "versi"
        )
    )


def renja_get_for_user(user: User, pk: int) -> Renja:
    """The Renja `pk` with its agency and pemda.

    Raises Http404 when it does not exist, PermissionDenied when the user's roles do not cover its agency."""
    renja = Renja.objects.select_related("perangkat_daerah__pemda").filter(pk=pk).first()
    if renja is None:
        raise Http404(MSG_TIDAK_DITEMUKAN.format(pk=pk))
    if not can_view_renja(user, renja):
        raise PermissionDenied(MSG_TIDAK_BERHAK)
    return renja


@dataclass(frozen=True)
class RenjaSummary:
    renja: Renja
    total_n: Figure  # Σ pagu of the top rows for the Renja's year
    total_n1: Figure  # … for year n+1 (prakiraan maju)


def renja_summaries(renjas: Iterable[Renja]) -> list[RenjaSummary]:
    """Totals for a page of Renja, in 2 queries (top rows, their pagu)."""
    renja_list = list(renjas)
    years = sorted({r.tahun for r in renja_list} | {r.tahun + 1 for r in renja_list})
    tops = (
        PlanRow.objects.filter(renja__in=renja_list, parent__isnull=True)
        .only("id", "renja_id", "parent_id", "level", "kode", "kode_asli", "nama", "urutan")
        .prefetch_related(_pagu_prefetch(years))
    )
    by_renja: dict[int, list[PlanRow]] = {}
    for row in tops:
        assert row.renja_id is not None
        by_renja.setdefault(row.renja_id, []).append(row)
    summaries = []
    for renja in renja_list:
        rollup = _rollup(by_renja.get(renja.pk, []), renja.tahun)
        summaries.append(
            RenjaSummary(
                renja=renja,
                total_n=rollup.plan_totals[renja.tahun],
                total_n1=rollup.plan_totals[renja.tahun + 1],
            )
        )
    return summaries


# --- shared pieces ---------------------------------------------------------------------------------------


def _pagu_prefetch(years: Sequence[int]) -> Prefetch[str, QuerySet[Pagu], str]:
    return Prefetch(
        "pagu",
        queryset=Pagu.objects.filter(tahun__in=years).only("id", "row_id", "tahun", "jumlah", "teks", "revisi"),
        to_attr="pagu_tahun",
    )


def _kode(row: PlanRow) -> str:
    return row.kode or row.kode_asli


def _pagu_by_year(row: PlanRow) -> dict[int, Pagu]:
    return {p.tahun: p for p in getattr(row, "pagu_tahun", [])}


def _rollup(
    rows: Sequence[PlanRow], tahun: int, ganti: Mapping[tuple[int, int], Decimal | None] | None = None
) -> Rollup:
    """`ganti` replaces the stored pagu of (row id, year) — a value being typed, previewed before saving."""
    ganti = ganti or {}
    inputs = []
    for row in rows:
        pagu: dict[int, Decimal | None] = {year: p.jumlah for year, p in _pagu_by_year(row).items()}
        for (row_id, year), value in ganti.items():
            if row_id == row.pk:
                pagu[year] = value
        inputs.append(
            RollupRow(id=row.pk, parent_id=row.parent_id, level=row.level, pagu=pagu, label=_kode(row) or row.nama[:60])
        )
    return compute_rollup(inputs, [tahun, tahun + 1])


def _level_label(level: str) -> str:
    return str(Level(level).label) if level in Level.values else level.replace("_", " ")


@dataclass(frozen=True)
class LevelTotal:
    level: str
    label: str
    count: int
    total_n: Figure
    total_n1: Figure


def _level_totals(rollup: Rollup, tahun: int) -> list[LevelTotal]:
    return [
        LevelTotal(
            level=level,
            label=_level_label(level),
            count=rollup.counts[level],
            total_n=by_year[tahun],
            total_n1=by_year[tahun + 1],
        )
        for level, by_year in rollup.level_totals.items()
    ]


def _plan_rows(renja: Renja) -> QuerySet[PlanRow]:
    return PlanRow.objects.filter(renja=renja).prefetch_related(_pagu_prefetch([renja.tahun, renja.tahun + 1]))


# --- the overview ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProgramTotal:
    """A top row (normally a program) with its stated pagu and the sum of its children for n and n+1."""

    id: int
    kode: str
    nama: str
    level_label: str
    check_n: PaguCheck
    check_n1: PaguCheck


@dataclass(frozen=True)
class RenjaOverview:
    renja: Renja
    perangkat_daerah: PerangkatDaerah
    pemda: Pemda
    tahun: int
    tahun_berikut: int
    tahapan: str  # the stage's label, e.g. "Rancangan Akhir"
    versi: int
    counts: dict[str, int]
    counts_text: str  # "5 program, 10 kegiatan, 56 sub kegiatan"
    programs: list[ProgramTotal]
    level_totals: list[LevelTotal]
    total_n: Figure
    total_n1: Figure
    mismatches: int  # (row, year) pairs whose stated pagu differs from the sum of their children
    orphans: int  # rows whose parent is not in this Renja (shown as top rows)


def renja_overview(renja: Renja) -> RenjaOverview:
    """The Renja's identity, counts per level and totals per program for n and n+1, in 2 queries (rows, pagu).

    `renja` should come from `renja_get_for_user` (agency and pemda already joined)."""
    rows = list(_plan_rows(renja).only("id", "parent_id", "level", "kode", "kode_asli", "nama", "urutan"))
    rollup = _rollup(rows, renja.tahun)
    n, n1 = renja.tahun, renja.tahun + 1
    orphan_ids = set(rollup.orphans)
    programs = [
        ProgramTotal(
            id=row.pk,
            kode=_kode(row),
            nama=row.nama,
            level_label=_level_label(row.level),
            check_n=rollup.check(row.pk, n),
            check_n1=rollup.check(row.pk, n1),
        )
        for row in rows
        if row.parent_id is None or row.pk in orphan_ids
    ]
    return RenjaOverview(
        renja=renja,
        perangkat_daerah=renja.perangkat_daerah,
        pemda=renja.perangkat_daerah.pemda,
        tahun=n,
        tahun_berikut=n1,
        tahapan=renja.get_tahapan_display(),
        versi=renja.versi,
        counts=dict(rollup.counts),
        counts_text=rollup.counts_text,
        programs=programs,
        level_totals=_level_totals(rollup, n),
        total_n=rollup.plan_totals[n],
        total_n1=rollup.plan_totals[n1],
        mismatches=len(rollup.mismatches),
        orphans=len(rollup.orphans),
    )


# --- the tree --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetValue:
    nilai: Decimal | None  # None: empty or unreadable — `teks` keeps what was written
    teks: str
    satuan: str
    revisi: int = 0


@dataclass(frozen=True)
class PaguValue:
    jumlah: Decimal | None  # None: empty or unreadable — `teks` keeps what was written
    teks: str
    revisi: int = 0


@dataclass(frozen=True)
class IndikatorLine:
    id: int
    nama: str
    satuan: str
    target_n: TargetValue | None  # None: no target recorded for the year
    target_n1: TargetValue | None
    revisi: int = 0


@dataclass
class TreeRow:
    id: int
    parent_id: int | None
    kode: str
    nama: str
    level: str
    level_label: str
    indikator: list[IndikatorLine]
    pagu_n: PaguValue | None  # None: no pagu recorded for the year
    pagu_n1: PaguValue | None
    check_n: PaguCheck
    check_n1: PaguCheck
    depth: int = 0
    orphan: bool = False
    lokasi: str = ""
    sumber_dana_id: int | None = None
    revisi: int = 0

    @property
    def rowspan(self) -> int:
        return max(1, len(self.indikator))

    @property
    def first_indikator(self) -> IndikatorLine | None:
        return self.indikator[0] if self.indikator else None

    @property
    def other_indikator(self) -> list[IndikatorLine]:
        return self.indikator[1:]

    @property
    def has_findings(self) -> bool:
        return any(c.status is Status.SELISIH for c in (self.check_n, self.check_n1))


@dataclass(frozen=True)
class RenjaTree:
    renja: Renja
    tahun: int
    tahun_berikut: int
    rows: list[TreeRow]  # depth-first: program, its kegiatan, each with its sub kegiatan
    counts_text: str
    level_totals: list[LevelTotal]
    total_n: Figure
    total_n1: Figure
    mismatches: list[TreeRow] = field(default_factory=list)  # rows with a pagu ≠ Σ children in n or n+1


def _target_prefetch(years: Sequence[int]) -> Prefetch[str, QuerySet[Indikator], str]:
    targets = Target.objects.filter(tahun__in=years, triwulan=0, akhir_periode=False, proyeksi=False).only(
        "id", "indikator_id", "tahun", "nilai", "satuan", "teks", "revisi"
    )
    indikator = Indikator.objects.only("id", "row_id", "nama", "satuan", "urutan", "revisi").prefetch_related(
        Prefetch("targets", queryset=targets, to_attr="target_tahun")
    )
    return Prefetch("indikator", queryset=indikator, to_attr="indikator_list")


def _indikator_lines(row: PlanRow, n: int, n1: int) -> list[IndikatorLine]:
    lines = []
    for ind in getattr(row, "indikator_list", []):
        by_year = {
            t.tahun: TargetValue(nilai=t.nilai, teks=t.teks, satuan=t.satuan, revisi=t.revisi) for t in ind.target_tahun
        }
        lines.append(
            IndikatorLine(
                id=ind.pk,
                nama=ind.nama,
                satuan=ind.satuan,
                target_n=by_year.get(n),
                target_n1=by_year.get(n1),
                revisi=ind.revisi,
            )
        )
    return lines


def _pagu_value(pagu: Pagu | None) -> PaguValue | None:
    return None if pagu is None else PaguValue(jumlah=pagu.jumlah, teks=pagu.teks, revisi=pagu.revisi)


def _depth_first(nodes: list[TreeRow]) -> list[TreeRow]:
    """Order the rows program > kegiatan > sub kegiatan, setting `depth`. Never loops, even on a cyclic tree:
    a row not reached from a top row is shown as a top row."""
    ids = {node.id for node in nodes}
    children: dict[int, list[TreeRow]] = {}
    starts: list[TreeRow] = []
    for node in nodes:
        if node.parent_id is None or node.parent_id == node.id or node.parent_id not in ids:
            node.orphan = node.parent_id is not None
            starts.append(node)
        else:
            children.setdefault(node.parent_id, []).append(node)
    ordered: list[TreeRow] = []
    seen: set[int] = set()
    for start in [*starts, *nodes]:
        stack = [(start, 0)]
        while stack:
            node, depth = stack.pop()
            if node.id in seen:
                continue
            seen.add(node.id)
            node.depth = depth
            ordered.append(node)
            stack.extend((child, depth + 1) for child in reversed(children.get(node.id, [])))
    return ordered


def renja_tree(renja: Renja, ganti: Mapping[tuple[int, int], Decimal | None] | None = None) -> RenjaTree:
    """Program > kegiatan > sub kegiatan with indicators, satuan, target and pagu for n and n+1, each parent's
    pagu checked against the sum of its children, and the sums per level — in 4 queries (rows, pagu,
    indicators, targets) whatever the size of the plan.

    `ganti` maps (row id, year) to a pagu being typed: the sums and checks are computed with it (a preview;
    nothing is saved)."""
    n, n1 = renja.tahun, renja.tahun + 1
    rows = list(
        _plan_rows(renja)
        .only("id", "parent_id", "level", "kode", "kode_asli", "nama", "urutan", "lokasi", "sumber_dana_id", "revisi")
        .prefetch_related(_target_prefetch([n, n1]))
    )
    rollup = _rollup(rows, n, ganti)
    nodes = []
    for row in rows:
        pagu = _pagu_by_year(row)
        nodes.append(
            TreeRow(
                id=row.pk,
                parent_id=row.parent_id,
                kode=_kode(row),
                nama=row.nama,
                level=row.level,
                level_label=_level_label(row.level),
                indikator=_indikator_lines(row, n, n1),
                pagu_n=_pagu_value(pagu.get(n)),
                pagu_n1=_pagu_value(pagu.get(n1)),
                check_n=rollup.check(row.pk, n),
                check_n1=rollup.check(row.pk, n1),
                lokasi=row.lokasi,
                sumber_dana_id=row.sumber_dana_id,
                revisi=row.revisi,
            )
        )
    ordered = _depth_first(nodes)
    return RenjaTree(
        renja=renja,
        tahun=n,
        tahun_berikut=n1,
        rows=ordered,
        counts_text=rollup.counts_text,
        level_totals=_level_totals(rollup, n),
        total_n=rollup.plan_totals[n],
        total_n1=rollup.plan_totals[n1],
        mismatches=[node for node in ordered if node.has_findings],
    )


def sumber_dana_map() -> dict[int, str]:
    """Funding sources by id (one query; the master list is short)."""
    from renja.master.models import SumberDana

    return dict(SumberDana.objects.values_list("id", "nama"))
