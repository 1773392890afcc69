"""Properties of the evaluation calculations (hypothesis): roll-ups add up, achievement moves the right way,
row order does not matter, no input raises."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from renja.calc import evaluasi as ev
from renja.calc.e81 import E81BarisIn, E81In, E81IndikatorIn, compute_e81
from renja.calc.evaluasi import AntarTahun, Arah, BarisAnggaran, DalamTahun, Masukan, Nilai, RumusTurun, Sifat
from renja.calc.tc29 import Tc29BarisIn, Tc29In, Tc29IndikatorIn, compute_tc29

D = Decimal
rupiah = st.integers(min_value=0, max_value=10**13).map(D)
kinerja = st.decimals(min_value=-(10**9), max_value=10**9, places=4, allow_nan=False, allow_infinity=False)
positive = st.decimals(min_value=D("0.0001"), max_value=10**9, places=4, allow_nan=False, allow_infinity=False)
maybe = st.one_of(st.none(), kinerja)


@st.composite
def trees(draw: st.DrawFn, filled: bool = True) -> list[BarisAnggaran]:
    """A forest: each row's parent is an earlier row or none; amounts for quarters 1–2."""
    n = draw(st.integers(min_value=1, max_value=25))
    rows = []
    for i in range(1, n + 1):
        parent = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=i - 1))) if i > 1 else None
        values = {k: draw(rupiah if filled else st.one_of(st.none(), rupiah)) for k in (1, 2)}
        rows.append(BarisAnggaran(i, parent, f"b{i}", values))
    return rows


def leaves_under(rows: list[BarisAnggaran], row_id: int) -> list[BarisAnggaran]:
    kids = [r for r in rows if r.parent_id == row_id]
    if not kids:
        return [r for r in rows if r.id == row_id]
    return [leaf for k in kids for leaf in leaves_under(rows, k.id)]


@given(trees())
def test_a_parents_rollup_equals_the_sum_of_its_children(rows: list[BarisAnggaran]) -> None:
    result = ev.rollup_anggaran(rows, (1, 2))
    for row in rows:
        kids = [r for r in rows if r.parent_id == row.id]
        for k in (1, 2):
            if kids:
                assert result[row.id][k].nilai == sum((result[c.id][k].nilai for c in kids), D(0))  # type: ignore[misc]
            assert result[row.id][k].nilai == sum((leaf.nilai[k] for leaf in leaves_under(rows, row.id)), D(0))  # type: ignore[misc]


@given(trees(filled=False), st.randoms())
def test_rollup_does_not_depend_on_row_order(rows: list[BarisAnggaran], rnd: object) -> None:
    shuffled = list(rows)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    a, b = ev.rollup_anggaran(rows, (1, 2)), ev.rollup_anggaran(shuffled, (1, 2))
    assert {i: {k: (h.nilai, h.temuan) for k, h in v.items()} for i, v in a.items()} == {
        i: {k: (h.nilai, h.temuan) for k, h in v.items()} for i, v in b.items()
    }


@given(positive, kinerja, kinerja, st.sampled_from(list(RumusTurun)))
def test_achievement_does_not_fall_when_realisation_rises_for_naik(t: D, r1: D, r2: D, rumus: RumusTurun) -> None:
    low, high = sorted((r1, r2))

    def cap(r: D) -> D:
        h = ev.capaian(
            realisasi=Masukan("R", "r", r), target=Masukan("T", "t", t), arah=Arah.NAIK, rumus_turun=rumus, kolom=""
        )
        assert h.nilai is not None
        return h.nilai

    assert cap(low) <= cap(high)


@given(positive, positive, positive, st.sampled_from(list(RumusTurun)))
def test_achievement_does_not_rise_when_realisation_rises_for_turun(t: D, r1: D, r2: D, rumus: RumusTurun) -> None:
    low, high = sorted((r1, r2))

    def cap(r: D) -> D:
        h = ev.capaian(
            realisasi=Masukan("R", "r", r), target=Masukan("T", "t", t), arah=Arah.TURUN, rumus_turun=rumus, kolom=""
        )
        assert h.nilai is not None
        return h.nilai

    assert cap(low) >= cap(high)


@given(maybe, maybe, st.sampled_from(list(Arah)), st.sampled_from(list(RumusTurun)), st.booleans())
def test_capaian_never_raises_and_never_invents_a_value(
    r: D | None, t: D | None, arah: Arah, rumus: RumusTurun, anggaran: bool
) -> None:
    h = ev.capaian(
        realisasi=Masukan("R", "r", r),
        target=Masukan("T", "t", t),
        arah=arah,
        rumus_turun=rumus,
        kolom="",
        anggaran=anggaran,
    )
    if r is None or t is None:
        assert h.nilai is None and h.temuan
    if h.nilai is None:
        assert h.temuan  # a missing value always says why
    else:
        assert h.nilai == ev.bulat_persen(h.nilai)
    assert h.penjelasan


@given(st.lists(maybe, max_size=4), st.sampled_from(list(DalamTahun)))
def test_quarters_to_year_never_raise_and_bound_the_result(values: list[D | None], cara: DalamTahun) -> None:
    ms = tuple(Masukan(str(8 + i), f"TW {i + 1}", v) for i, v in enumerate(values))
    h = ev.agregasi_triwulan(ms, cara=cara, kolom="12K")
    known = [v for v in values if v is not None]
    if h.nilai is None:
        assert h.temuan
        return
    if cara is DalamTahun.JUMLAH:
        assert h.nilai == sum(known, D(0))
    elif cara is DalamTahun.NILAI_AKHIR:
        assert h.nilai == known[-1]
    else:
        assert min(known) - D("0.0001") <= h.nilai <= max(known) + D("0.0001")


def tc29_rows(values: list[tuple[D | None, ...]]) -> list[Tc29BarisIn]:
    rows = []
    for i, (k4, k5, k6, k7, k9) in enumerate(values, start=1):
        ind = Tc29IndikatorIn(
            id=i,
            nama=f"i{i}",
            satuan="",
            sifat=Sifat(antar_tahun=AntarTahun.JUMLAH if i % 2 else AntarTahun.NILAI_AKHIR),
            kolom4=None if k4 is None else Nilai(k4),
            kolom5=None if k5 is None else Nilai(k5),
            kolom6=None if k6 is None else Nilai(k6),
            kolom7=None if k7 is None else Nilai(k7),
            kolom9=None if k9 is None else Nilai(k9),
        )
        rows.append(Tc29BarisIn(id=i, parent_id=None, level="kegiatan", kode=str(i), uraian="x", indikator=(ind,)))
    return rows


@settings(max_examples=50)
@given(st.lists(st.tuples(maybe, maybe, maybe, maybe, maybe), min_size=1, max_size=8), st.randoms())
def test_tc29_results_do_not_depend_on_row_order(values: list[tuple[D | None, ...]], rnd: object) -> None:
    rows = tc29_rows(values)
    shuffled = list(rows)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]

    def by_row(baris: list[Tc29BarisIn]) -> dict[int, tuple[object, ...]]:
        t = compute_tc29(
            Tc29In(tahun=2024, tahun_akhir_renstra=2023, rumus_turun=RumusTurun.T_PER_R, baris=tuple(baris))
        )
        return {r.row_id: tuple((c.value, c.penjelasan) for c in r.kolom.values()) for r in t.rows}

    assert by_row(rows) == by_row(shuffled)


@settings(max_examples=50)
@given(trees(filled=False), st.lists(st.one_of(st.none(), positive), min_size=4, max_size=4), st.randoms())
def test_e81_results_do_not_depend_on_row_order(rows: list[BarisAnggaran], tw: list[D | None], rnd: object) -> None:
    baris = [
        E81BarisIn(
            id=r.id,
            parent_id=r.parent_id,
            level="kegiatan",
            kode=str(r.id),
            uraian=r.label,
            indikator=(
                E81IndikatorIn(
                    id=r.id * 10,
                    nama="i",
                    satuan="",
                    sifat=Sifat(),
                    target=Nilai(D(10)),
                    triwulan={q: Nilai(v) for q, v in enumerate(tw, 1) if v is not None},
                ),
            ),
            pagu=Nilai(D(1_000_000)),
            anggaran=r.nilai,
        )
        for r in rows
    ]
    shuffled = list(baris)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]

    def values(items: list[E81BarisIn]) -> dict[int, tuple[object, ...]]:
        t = compute_e81(E81In(tahun=2024, triwulan=4, rumus_turun=RumusTurun.T_PER_R, baris=tuple(items)))
        return {
            r.row_id: tuple(c.value for c in r.kolom.values()) + tuple(c.value for c in r.kolom_rp.values())
            for r in t.rows
        }

    assert values(baris) == values(shuffled)
