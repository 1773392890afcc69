"""The pagu roll-up: plain functions, no database."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from renja.calc.rollup import (
    KOSONG,
    Figure,
    PaguCheck,
    RollupRow,
    Status,
    Term,
    compute_rollup,
    level_label,
)

D = Decimal
N = 2024
N1 = 2025


def row(
    id: int,
    parent: int | None,
    level: str,
    n: Decimal | None = None,
    n1: Decimal | None = None,
    label: str = "",
) -> RollupRow:
    return RollupRow(id=id, parent_id=parent, level=level, pagu={N: n, N1: n1}, label=label)


def small_tree() -> list[RollupRow]:
    # program 1 (40 jt) > kegiatan 2 (40 jt) > sub 3 (36 jt) + sub 4 (4 jt)
    # program 5 (10 jt) > kegiatan 6 (9 jt)
    return [
        row(1, None, "program", D(40_000_000), D(50_000_000), "2.13.04"),
        row(2, 1, "kegiatan", D(40_000_000), D(50_000_000), "2.13.04.2.01"),
        row(3, 2, "sub_kegiatan", D(36_000_000), D(45_000_000), "2.13.04.2.01.0001"),
        row(4, 2, "sub_kegiatan", D(4_000_000), None, "2.13.04.2.01.0002"),
        row(5, None, "program", D(10_000_000), None, "2.13.05"),
        row(6, 5, "kegiatan", D(9_000_000), None, "2.13.05.2.01"),
    ]


def test_parent_equal_to_sum_of_children_is_sesuai_with_explanation() -> None:
    result = compute_rollup(small_tree(), [N, N1])

    check = result.check(2, N)
    assert check.status is Status.SESUAI
    assert check.ok is True
    assert check.difference == D(0)
    assert check.children is not None
    assert check.children.value == D(40_000_000)
    assert check.children.explanation == "Σ pagu sub kegiatan (2024) = 36.000.000 + 4.000.000 = 40.000.000"
    assert check.explanation == (
        "Pagu tertulis (2024) = 40.000.000; Σ pagu sub kegiatan (2024) = 36.000.000 + 4.000.000 = 40.000.000; sesuai"
    )


def test_parent_different_from_sum_is_selisih_with_signed_difference() -> None:
    result = compute_rollup(small_tree(), [N, N1])

    check = result.check(5, N)
    assert check.status is Status.SELISIH
    assert check.ok is False
    assert check.difference == D(1_000_000)
    assert check.explanation.endswith("selisih (tertulis − jumlah) = +1.000.000")
    assert result.mismatches == (check,)


def test_negative_difference_is_written_with_minus() -> None:
    rows = [row(1, None, "program", D(100)), row(2, 1, "kegiatan", D(150))]

    check = compute_rollup(rows, [N]).check(1, N)

    assert check.difference == D(-50)
    assert check.explanation.endswith("= -50")


def test_missing_child_value_is_counted_and_named_never_a_silent_zero() -> None:
    result = compute_rollup(small_tree(), [N, N1])

    check = result.check(2, N1)  # sub 4 has no pagu for n+1
    assert check.status is Status.TIDAK_LENGKAP
    assert check.ok is None
    assert check.difference is None
    assert check.children is not None
    assert check.children.missing == 1
    assert check.children.known == 1
    assert check.children.complete is False
    assert check.children.missing_labels == ("2.13.04.2.01.0002",)
    assert check.children.explanation == (
        f"Σ pagu sub kegiatan (2025) = 45.000.000 + {KOSONG} = 45.000.000; "
        "1 dari 2 nilai kosong, tidak dijumlahkan: 2.13.04.2.01.0002"
    )
    assert check.explanation.endswith("tidak dapat dipastikan sesuai karena ada nilai kosong")


def test_missing_own_pagu_is_pagu_kosong() -> None:
    result = compute_rollup(small_tree(), [N, N1])

    check = result.check(5, N1)  # program 5 states nothing for n+1
    assert check.status is Status.PAGU_KOSONG
    assert check.ok is None
    assert check.explanation.startswith(f"Pagu tertulis (2025) = {KOSONG}; ")
    assert check.explanation.endswith("pagu baris ini kosong, tidak dapat dibandingkan")


def test_leaf_row_has_nothing_to_compare() -> None:
    result = compute_rollup(small_tree(), [N])

    check = result.check(3, N)
    assert check.status is Status.TANPA_RINCIAN
    assert check.children is None
    assert check.ok is None
    assert check.explanation == (
        "Pagu tertulis (2024) = 36.000.000; tidak ada baris rincian di bawahnya, tidak ada yang dibandingkan"
    )


def test_level_and_plan_totals_with_counts() -> None:
    result = compute_rollup(small_tree(), [N, N1])

    assert result.years == (N, N1)
    assert dict(result.counts) == {"program": 2, "kegiatan": 2, "sub_kegiatan": 2}
    assert result.counts_text == "2 program, 2 kegiatan, 2 sub kegiatan"
    assert result.level_totals["program"][N].value == D(50_000_000)
    assert result.level_totals["kegiatan"][N].value == D(49_000_000)
    assert result.level_totals["sub_kegiatan"][N].value == D(40_000_000)
    plan = result.plan_totals[N]
    assert plan.value == D(50_000_000)
    assert plan.explanation == "Σ pagu program (2024) = 40.000.000 + 10.000.000 = 50.000.000"
    plan_n1 = result.plan_totals[N1]
    assert plan_n1.value == D(50_000_000)
    assert plan_n1.missing == 1
    assert "1 dari 2 nilai kosong" in plan_n1.explanation
    assert result.orphans == ()


def test_empty_plan_reports_no_rows() -> None:
    result = compute_rollup([], [N])

    assert result.counts_text == "0 program, 0 kegiatan, 0 sub kegiatan"
    assert result.plan_totals[N].value == D(0)
    assert result.plan_totals[N].explanation == "Σ pagu baris teratas (2024): tidak ada baris, jumlah 0"
    assert result.level_totals["kegiatan"][N].explanation == "Σ pagu kegiatan (2024): tidak ada baris, jumlah 0"
    assert result.mismatches == ()


def test_year_absent_from_a_row_is_missing() -> None:
    rows = [RollupRow(id=1, parent_id=None, level="program", pagu={N: D(5)})]

    result = compute_rollup(rows, [N, N1])

    assert result.plan_totals[N1].missing == 1
    assert result.plan_totals[N1].explanation.endswith("tidak dijumlahkan: baris 1")


def test_unknown_or_self_parent_counts_as_top_row_and_is_reported() -> None:
    rows = [
        row(1, None, "program", D(10)),
        row(2, 99, "kegiatan", D(5)),  # parent not in the plan
        row(3, 3, "kegiatan", D(7)),  # its own parent
    ]

    result = compute_rollup(rows, [N])

    assert result.orphans == (2, 3)
    assert result.plan_totals[N].value == D(22)
    assert result.plan_totals[N].formula == "Σ pagu baris teratas (2024)"
    assert result.check(3, N).status is Status.TANPA_RINCIAN


def test_mixed_children_levels_and_unknown_levels() -> None:
    rows = [
        row(1, None, "program", D(10)),
        row(2, 1, "kegiatan", D(4)),
        row(3, 1, "sub_kegiatan", D(6)),  # sub kegiatan directly under a program
        row(4, None, "urusan", D(1)),
    ]

    result = compute_rollup(rows, [N])

    children = result.check(1, N).children
    assert children is not None
    assert children.formula == "Σ pagu baris rincian (2024)"
    assert list(result.counts) == ["program", "kegiatan", "sub_kegiatan", "urusan"]
    assert result.counts_text == "1 program, 1 kegiatan, 1 sub kegiatan, 1 urusan"
    assert result.level_totals["urusan"][N].value == D(1)


def test_duplicate_ids_are_refused() -> None:
    with pytest.raises(ValueError, match="id baris ganda: 1"):
        compute_rollup([row(1, None, "program"), row(1, None, "program")], [N])


def test_result_is_read_only() -> None:
    result = compute_rollup(small_tree(), [N])

    with pytest.raises(TypeError):
        result.counts["program"] = 9  # type: ignore[index]


def test_figure_and_check_can_be_built_directly() -> None:
    figure = Figure(formula="Σ x", terms=(Term(1, "a", D(2)), Term(2, "b", D(3))))
    check = PaguCheck(row_id=1, year=N, stated=D(5), children=figure)

    assert figure.value == D(5)
    assert check.ok is True
    assert level_label("sub_kegiatan") == "sub kegiatan"


levels = st.sampled_from(["program", "kegiatan", "sub_kegiatan"])
amounts = st.one_of(st.none(), st.decimals(min_value=0, max_value=10**12, places=0))


@st.composite
def trees(draw: st.DrawFn) -> list[RollupRow]:
    size = draw(st.integers(min_value=0, max_value=30))
    rows: list[RollupRow] = []
    for i in range(1, size + 1):
        parent = draw(st.one_of(st.none(), st.integers(min_value=0, max_value=size + 2)))
        rows.append(row(i, parent, draw(levels), draw(amounts), draw(amounts)))
    return rows


@given(trees())
def test_any_tree_rolls_up_without_crashing_and_totals_add_up(rows: list[RollupRow]) -> None:
    # given any rows (unknown parents, self-parents, cycles, missing values), when rolled up,
    # then nothing crashes and each level total is the sum of its rows' known values, with the missing counted
    result = compute_rollup(rows, [N, N1])

    for level, by_year in result.level_totals.items():
        of_level = [r for r in rows if r.level == level]
        for year, figure in by_year.items():
            known = [r.pagu[year] for r in of_level if r.pagu[year] is not None]
            assert figure.value == sum(known, D(0))
            assert figure.missing == len(of_level) - len(known)
            assert figure.explanation
    for rollup_row in result.rows.values():
        for check in rollup_row.checks.values():
            assert check.explanation
            assert (check.difference is None) == (check.ok is None)
