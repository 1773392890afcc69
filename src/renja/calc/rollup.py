"""Pagu roll-up of a plan tree (program > kegiatan > sub kegiatan) — domain §8, first check.

Given the rows of one plan (id, parent id, level and the pagu the document *states* for each year), compute:

- per row and year, the sum of its direct children's stated pagu and whether the row's own pagu equals it;
- per level and year, the sum of the stated pagu of every row of that level;
- per year, the plan total: the sum of the stated pagu of the top rows (normally the programs).

Every figure carries its explanation: the formula, the terms it added and the values it could not add. A
missing value (`None`: empty, `-`, `#VALUE!`, unparseable) is never a silent zero: it is counted, named in the
explanation, and a parent whose children have missing values is reported `tidak_lengkap`, not `sesuai`.

Pure: no Django. Levels are plain strings (`program`, `kegiatan`, `sub_kegiatan`, or others).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from types import MappingProxyType

from renja.calc.angka import format_rupiah

LEVEL_ORDER: tuple[str, ...] = ("program", "kegiatan", "sub_kegiatan")
KOSONG = "(kosong)"


def level_label(level: str) -> str:
    """`sub_kegiatan` → `sub kegiatan`."""
    return level.replace("_", " ")


@dataclass(frozen=True)
class RollupRow:
    """One row of the tree. `pagu` maps a year to the stated amount (None or absent = missing).
    `label` (usually the kode) names the row in explanations; the row id is used when it is blank."""

    id: int
    parent_id: int | None
    level: str
    pagu: Mapping[int, Decimal | None] = field(default_factory=dict)
    label: str = ""

    def pagu_for(self, year: int) -> Decimal | None:
        return self.pagu.get(year)

    @property
    def name(self) -> str:
        return self.label or f"baris {self.id}"


@dataclass(frozen=True)
class Term:
    """One input of a sum: the row it comes from and its value (None = missing, not added)."""

    row_id: int
    label: str
    value: Decimal | None


@dataclass(frozen=True)
class Figure:
    """A computed sum with its explanation. `value` is the sum of the known terms only."""

    formula: str
    terms: tuple[Term, ...]

    @property
    def value(self) -> Decimal:
        return sum((t.value for t in self.terms if t.value is not None), Decimal(0))

    @property
    def known(self) -> int:
        """How many terms have a value (0: nothing to show, not a zero)."""
        return sum(1 for t in self.terms if t.value is not None)

    @property
    def missing(self) -> int:
        return sum(1 for t in self.terms if t.value is None)

    @property
    def missing_labels(self) -> tuple[str, ...]:
        return tuple(t.label for t in self.terms if t.value is None)

    @property
    def complete(self) -> bool:
        return self.missing == 0

    @property
    def explanation(self) -> str:
        """E.g. `Σ pagu sub kegiatan (2024) = 36.000.000 + 4.000.000 = 40.000.000`."""
        if not self.terms:
            return f"{self.formula}: tidak ada baris, jumlah 0"
        parts = " + ".join(KOSONG if t.value is None else format_rupiah(t.value) for t in self.terms)
        text = f"{self.formula} = {parts} = {format_rupiah(self.value)}"
        if self.missing:
            text += f"; {self.missing} dari {len(self.terms)} nilai kosong, tidak dijumlahkan: " + ", ".join(
                self.missing_labels
            )
        return text


class Status(StrEnum):
    SESUAI = "sesuai"  # stated pagu = sum of the children
    SELISIH = "selisih"  # stated pagu ≠ sum of the children (all known)
    TIDAK_LENGKAP = "tidak_lengkap"  # some child's pagu is missing: cannot confirm
    PAGU_KOSONG = "pagu_kosong"  # the row's own pagu is missing
    TANPA_RINCIAN = "tanpa_rincian"  # no children: nothing to compare


@dataclass(frozen=True)
class PaguCheck:
    """Does the pagu a row states for a year equal the sum of its children's?"""

    row_id: int
    year: int
    stated: Decimal | None
    children: Figure | None  # None when the row has no children

    @property
    def status(self) -> Status:
        if self.children is None:
            return Status.TANPA_RINCIAN
        if self.stated is None:
            return Status.PAGU_KOSONG
        if not self.children.complete:
            return Status.TIDAK_LENGKAP
        return Status.SESUAI if self.stated == self.children.value else Status.SELISIH

    @property
    def ok(self) -> bool | None:
        """True when equal, False when different, None when it cannot be said (missing value, no children)."""
        status = self.status
        if status is Status.SESUAI:
            return True
        if status is Status.SELISIH:
            return False
        return None

    @property
    def difference(self) -> Decimal | None:
        """Stated − computed, when both are fully known."""
        if self.ok is None:
            return None
        assert self.stated is not None
        assert self.children is not None
        return self.stated - self.children.value

    @property
    def explanation(self) -> str:
        stated = KOSONG if self.stated is None else format_rupiah(self.stated)
        head = f"Pagu tertulis ({self.year}) = {stated}"
        if self.children is None:
            return f"{head}; tidak ada baris rincian di bawahnya, tidak ada yang dibandingkan"
        text = f"{head}; {self.children.explanation}"
        status = self.status
        if status is Status.PAGU_KOSONG:
            return f"{text}; pagu baris ini kosong, tidak dapat dibandingkan"
        if status is Status.TIDAK_LENGKAP:
            return f"{text}; tidak dapat dipastikan sesuai karena ada nilai kosong"
        if status is Status.SESUAI:
            return f"{text}; sesuai"
        difference = self.difference
        assert difference is not None
        sign = "+" if difference > 0 else "-"
        return f"{text}; selisih (tertulis − jumlah) = {sign}{format_rupiah(abs(difference))}"


@dataclass(frozen=True)
class RowRollup:
    id: int
    level: str
    checks: Mapping[int, PaguCheck]  # year → check


@dataclass(frozen=True)
class Rollup:
    years: tuple[int, ...]
    rows: Mapping[int, RowRollup]  # row id → its checks, in input order
    level_totals: Mapping[str, Mapping[int, Figure]]  # level → year → Σ stated pagu of the level's rows
    plan_totals: Mapping[int, Figure]  # year → Σ stated pagu of the top rows
    counts: Mapping[str, int]  # level → number of rows
    orphans: tuple[int, ...]  # rows whose parent is not among the rows (counted as top rows)

    def check(self, row_id: int, year: int) -> PaguCheck:
        return self.rows[row_id].checks[year]

    @property
    def mismatches(self) -> tuple[PaguCheck, ...]:
        """Every (row, year) whose stated pagu differs from the sum of its children."""
        return tuple(c for r in self.rows.values() for c in r.checks.values() if c.status is Status.SELISIH)

    @property
    def counts_text(self) -> str:
        """`5 program, 10 kegiatan, 56 sub kegiatan` (the three standard levels always, others if present)."""
        return ", ".join(f"{n} {level_label(level)}" for level, n in self.counts.items())


def _ordered_levels(rows: Iterable[RollupRow]) -> list[str]:
    levels = list(LEVEL_ORDER)
    for row in rows:
        if row.level not in levels:
            levels.append(row.level)
    return levels


def _sum_formula(subject: str, year: int) -> str:
    return f"Σ pagu {subject} ({year})"


def _subject(rows: Sequence[RollupRow], fallback: str) -> str:
    levels = {r.level for r in rows}
    return level_label(next(iter(levels))) if len(levels) == 1 else fallback


def _figure(rows: Sequence[RollupRow], year: int, subject: str) -> Figure:
    terms = tuple(Term(row_id=r.id, label=r.name, value=r.pagu_for(year)) for r in rows)
    return Figure(formula=_sum_formula(subject, year), terms=terms)


def compute_rollup(rows: Sequence[RollupRow], years: Sequence[int]) -> Rollup:
    """Roll the stated pagu up the tree for each year. Row ids must be unique (ValueError otherwise).

    A row whose `parent_id` is unknown, or is its own id, is counted as a top row and listed in `orphans`.
    """
    by_id: dict[int, RollupRow] = {}
    for row in rows:
        if row.id in by_id:
            raise ValueError(f"id baris ganda: {row.id}")
        by_id[row.id] = row

    children: dict[int, list[RollupRow]] = {}
    roots: list[RollupRow] = []
    orphans: list[int] = []
    for row in rows:
        parent = row.parent_id
        if parent is None:
            roots.append(row)
        elif parent == row.id or parent not in by_id:
            roots.append(row)
            orphans.append(row.id)
        else:
            children.setdefault(parent, []).append(row)

    year_list = tuple(years)
    row_results: dict[int, RowRollup] = {}
    for row in rows:
        kids = children.get(row.id)
        checks = {
            year: PaguCheck(
                row_id=row.id,
                year=year,
                stated=row.pagu_for(year),
                children=_figure(kids, year, _subject(kids, "baris rincian")) if kids else None,
            )
            for year in year_list
        }
        row_results[row.id] = RowRollup(id=row.id, level=row.level, checks=MappingProxyType(checks))

    levels = _ordered_levels(rows)
    level_totals: dict[str, Mapping[int, Figure]] = {}
    counts: dict[str, int] = {}
    for level in levels:
        of_level = [r for r in rows if r.level == level]
        counts[level] = len(of_level)
        level_totals[level] = MappingProxyType(
            {year: _figure(of_level, year, level_label(level)) for year in year_list}
        )

    plan_subject = _subject(roots, "baris teratas")
    plan_totals = {year: _figure(roots, year, plan_subject) for year in year_list}

    return Rollup(
        years=year_list,
        rows=MappingProxyType(row_results),
        level_totals=MappingProxyType(level_totals),
        plan_totals=MappingProxyType(plan_totals),
        counts=MappingProxyType(counts),
        orphans=tuple(orphans),
    )
