"""Reads for the evaluation tables: load the stored data (a fixed number of queries whatever the size of the
plan), turn it into the pure inputs of `renja.calc.tc29` / `renja.calc.e81`, and compute.

For the web pages, the CLI (`renja evaluate`), the JSON and the document generator alike:

- `tc29_table(renja) -> Tc29Table`: 5 queries (1 when the Renja has no Renstra);
- `e81_table(renja, triwulan) -> E81Table`: 14 queries (8 without a Renstra).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import Max, Prefetch, Q
from django.http import Http404

from renja.calc.e81 import (
    E81BarisIn,
    E81CatatanIn,
    E81In,
    E81IndikatorIn,
    E81Table,
    RenstraBarisIn,
    RenstraIndikatorIn,
    compute_e81,
    pasangkan,
)
from renja.calc.evaluasi import AntarTahun, Arah, DalamTahun, Nilai, RumusTurun, Sifat, Tercetak, adalah_persen
from renja.calc.tc29 import Tc29BarisIn, Tc29In, Tc29IndikatorIn, Tc29Table, compute_tc29
from renja.evaluasi.models import CatatanTriwulan
from renja.importers.numbers import ANGKA_TERPOTONG, ERROR_SPREADSHEET, parse_number
from renja.plans.models import Indikator, Pagu, PlanRow, Realisasi, Renja, Target

KOLOM_TERCETAK = (8, 10, 11)


# --- shared pieces ----------------------------------------------------------------------------------------------


def _context(renja: Renja) -> Renja:
    """The Renja with its agency, pemda and Renstra (one query)."""
    return Renja.objects.select_related("perangkat_daerah__pemda", "renstra").get(pk=renja.pk)


def rumus_turun(renja: Renja) -> RumusTurun:
    """The pemda's formula for `turun` indicators (unknown values fall back to T/R, and say so nowhere else)."""
    value = renja.perangkat_daerah.pemda.rumus_turun
    return RumusTurun(value) if value in {r.value for r in RumusTurun} else RumusTurun.T_PER_R


def sifat_indikator(ind: Indikator) -> Sifat:
    return Sifat(
        arah=Arah(ind.arah),
        dalam_tahun=DalamTahun(ind.agregasi_dalam_tahun),
        antar_tahun=AntarTahun(ind.agregasi_antar_tahun),
        disimpulkan=ind.semantik_disimpulkan,
        persen=adalah_persen(ind.nama, ind.satuan),
    )


def _nilai(obj: Target | Realisasi | None) -> Nilai | None:
    return None if obj is None else Nilai(obj.nilai, obj.teks)


def tercetak(teks: str) -> Tercetak:
    """A value a document printed ("100%", "#DIV/0!", "28,98"), read for the comparison."""
    result = parse_number(teks)
    value = result.value if result.problem in ("", ANGKA_TERPOTONG) else None
    decimals = 0
    if value is not None:
        exponent = value.as_tuple().exponent
        decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    return Tercetak(teks=teks, nilai=value, galat=result.problem == ERROR_SPREADSHEET, desimal=decimals)


# --- T-C.29 -----------------------------------------------------------------------------------------------------


def _entries(doc: object, kolom: int) -> list[str] | None:
    if not isinstance(doc, dict) or str(kolom) not in doc:
        return None
    raw = doc[str(kolom)]
    if isinstance(raw, list):
        return ["" if v is None else str(v) for v in raw]
    return ["" if raw is None else str(raw)]


def _printed(doc: object, j: int) -> dict[int, Tercetak]:
    out: dict[int, Tercetak] = {}
    for kolom in KOLOM_TERCETAK:
        entries = _entries(doc, kolom)
        if entries is None:
            continue
        if j < len(entries):
            text = entries[j]
        elif len(entries) == 1:
            text = entries[0]  # one value printed for several indicators (a multi-valued cell)
        else:
            text = ""
        out[kolom] = tercetak(text)
    return out


def _sel_ganda(doc: object, count: int) -> str:
    if count < 2:
        return ""
    for kolom in KOLOM_TERCETAK:
        entries = _entries(doc, kolom) or []
        filled = [e for e in entries if e.strip()]
        if filled and len(entries) < count:
            return filled[0]
    return ""


def _pick_akhir(targets: Iterable[Target], tahun_akhir: int | None) -> Target | None:
    akhir = [t for t in targets if t.akhir_periode]
    exact = [t for t in akhir if t.tahun == tahun_akhir]
    if exact:
        return exact[0]
    return max(akhir, key=lambda t: t.tahun, default=None)


def _first(items: Iterable[Any], **match: Any) -> Any:
    for item in items:
        if all(getattr(item, k) == v for k, v in match.items()):
            return item
    return None


def tc29_input(renja: Renja) -> Tc29In:
    ctx = _context(renja)
    n = ctx.tahun
    renstra = ctx.renstra
    if renstra is None:
        return Tc29In(tahun=n, tahun_akhir_renstra=None, rumus_turun=rumus_turun(ctx), baris=(), ada_renstra=False)
    indikator = Indikator.objects.order_by("urutan", "id").prefetch_related(
        Prefetch("targets", queryset=Target.objects.filter(triwulan=0, proyeksi=False), to_attr="target_list"),
        Prefetch("realisasi", queryset=Realisasi.objects.filter(triwulan=0), to_attr="realisasi_list"),
    )
    rows = (
        PlanRow.objects.filter(renstra=renstra)
        .order_by("urutan", "id")
        .only("id", "parent_id", "level", "kode", "kode_asli", "nama", "nilai_dokumen", "urutan")
        .prefetch_related(Prefetch("indikator", queryset=indikator, to_attr="indikator_list"))
    )
    baris: list[Tc29BarisIn] = []
    for row in rows:
        inds: list[Indikator] = list(getattr(row, "indikator_list", []))
        items = []
        for j, ind in enumerate(inds):
            targets: list[Target] = getattr(ind, "target_list", [])
            realisasi: list[Realisasi] = getattr(ind, "realisasi_list", [])
            items.append(
                Tc29IndikatorIn(
                    id=ind.pk,
                    nama=ind.nama,
                    satuan=ind.satuan,
                    sifat=sifat_indikator(ind),
                    kolom4=_nilai(_pick_akhir(targets, renstra.tahun_akhir)),
                    kolom5=_nilai(_first(realisasi, kumulatif=True, tahun=n - 3)),
                    kolom6=_nilai(_first(targets, akhir_periode=False, tahun=n - 2)),
                    kolom7=_nilai(_first(realisasi, kumulatif=False, tahun=n - 2)),
                    kolom9=_nilai(_first(targets, akhir_periode=False, tahun=n - 1)),
                    tercetak=_printed(row.nilai_dokumen, j),
                )
            )
        baris.append(
            Tc29BarisIn(
                id=row.pk,
                parent_id=row.parent_id,
                level=row.level,
                kode=row.kode or row.kode_asli,
                uraian=row.nama,
                indikator=tuple(items),
                sel_ganda=_sel_ganda(row.nilai_dokumen, len(items)),
            )
        )
    return Tc29In(tahun=n, tahun_akhir_renstra=renstra.tahun_akhir, rumus_turun=rumus_turun(ctx), baris=tuple(baris))


def tc29_table(renja: Renja) -> Tc29Table:
    """T-C.29 of the Renja (from the rows and indicators of its Renstra, where Tabel 2.1 is stored)."""
    return compute_tc29(tc29_input(renja))


# --- E.81 -------------------------------------------------------------------------------------------------------


def urut_pohon(rows: Sequence[PlanRow]) -> list[PlanRow]:
    """Rows depth first (program > kegiatan > sub kegiatan), keeping the stored order among siblings. Never
    loops: a row not reached from a top row is appended as a top row."""
    ids = {r.pk for r in rows}
    children: dict[int, list[PlanRow]] = {}
    tops: list[PlanRow] = []
    for row in rows:
        if row.parent_id is None or row.parent_id == row.pk or row.parent_id not in ids:
            tops.append(row)
        else:
            children.setdefault(row.parent_id, []).append(row)
    ordered: list[PlanRow] = []
    seen: set[int] = set()
    for start in [*tops, *rows]:
        stack = [start]
        while stack:
            node = stack.pop()
            if node.pk in seen:
                continue
            seen.add(node.pk)
            ordered.append(node)
            stack.extend(reversed(children.get(node.pk, [])))
    return ordered


def _keterangan(item: Realisasi) -> str:
    parts = [item.catatan.strip()]
    if item.bukti.strip():
        parts.append(f"bukti: {item.bukti.strip()}")
    return "; ".join(p for p in parts if p)


def _renstra_data(renja: Renja) -> tuple[dict[str, PlanRow], int | None, int | None]:
    renstra = renja.renstra
    if renstra is None:
        return {}, None, None
    indikator = Indikator.objects.order_by("urutan", "id").prefetch_related(
        Prefetch(
            "targets",
            queryset=Target.objects.filter(triwulan=0, akhir_periode=True, proyeksi=False),
            to_attr="target_list",
        ),
        Prefetch("realisasi", queryset=Realisasi.objects.filter(triwulan=0), to_attr="realisasi_list"),
    )
    rows = (
        PlanRow.objects.filter(renstra=renstra)
        .exclude(kode="")
        .order_by("urutan", "id")
        .only("id", "kode", "nama", "urutan")
        .prefetch_related(
            Prefetch("indikator", queryset=indikator, to_attr="indikator_list"),
            Prefetch("pagu", queryset=Pagu.objects.all(), to_attr="pagu_list"),
            Prefetch(
                "realisasi",
                queryset=Realisasi.objects.filter(triwulan=0, indikator__isnull=True),
                to_attr="anggaran_list",
            ),
        )
    )
    by_kode: dict[str, PlanRow] = {}
    for row in rows:
        by_kode.setdefault(row.kode, row)
    return by_kode, renstra.tahun_mulai, renstra.tahun_akhir


def _renstra_indikator(ind: Indikator, tahun_akhir: int | None, cocok: str) -> RenstraIndikatorIn:
    realisasi: list[Realisasi] = getattr(ind, "realisasi_list", [])
    return RenstraIndikatorIn(
        target_akhir=_nilai(_pick_akhir(getattr(ind, "target_list", []), tahun_akhir)),
        tahunan={r.tahun: r.nilai for r in realisasi if not r.kumulatif},
        kumulatif={r.tahun: r.nilai for r in realisasi if r.kumulatif},
        cocok=cocok,
    )


def _renstra_baris(row: PlanRow) -> RenstraBarisIn:
    anggaran: list[Realisasi] = getattr(row, "anggaran_list", [])
    return RenstraBarisIn(
        pagu={p.tahun: p.jumlah for p in getattr(row, "pagu_list", [])},
        anggaran_tahunan={r.tahun: r.anggaran for r in anggaran if not r.kumulatif},
        anggaran_kumulatif={r.tahun: r.anggaran for r in anggaran if r.kumulatif},
    )


def e81_input(renja: Renja, triwulan: int) -> E81In:
    ctx = _context(renja)
    n = ctx.tahun
    indikator = Indikator.objects.order_by("urutan", "id").prefetch_related(
        Prefetch(
            "targets",
            queryset=Target.objects.filter(tahun=n, triwulan=0, akhir_periode=False, proyeksi=False),
            to_attr="target_list",
        ),
        Prefetch(
            "realisasi",
            queryset=Realisasi.objects.filter(tahun=n, triwulan__gte=1, kumulatif=False),
            to_attr="realisasi_list",
        ),
    )
    rows = list(
        PlanRow.objects.filter(renja=ctx)
        .select_related("unit_penanggung_jawab")
        .order_by("urutan", "id")
        .only("id", "parent_id", "level", "kode", "kode_asli", "nama", "urutan", "unit_penanggung_jawab__unit")
        .prefetch_related(
            Prefetch("indikator", queryset=indikator, to_attr="indikator_list"),
            Prefetch("pagu", queryset=Pagu.objects.filter(tahun=n), to_attr="pagu_list"),
            Prefetch(
                "realisasi",
                queryset=Realisasi.objects.filter(tahun=n, triwulan__gte=1, kumulatif=False, indikator__isnull=True),
                to_attr="anggaran_list",
            ),
        )
    )
    renstra_rows, mulai, akhir = _renstra_data(ctx)
    baris: list[E81BarisIn] = []
    for row in urut_pohon(rows):
        inds: list[Indikator] = getattr(row, "indikator_list", [])
        renstra_row = renstra_rows.get(row.kode) if row.kode else None
        renstra_inds: list[Indikator] = getattr(renstra_row, "indikator_list", []) if renstra_row else []
        pairs = pasangkan([i.nama for i in inds], [i.nama for i in renstra_inds]) if renstra_row else []
        items = []
        for j, ind in enumerate(inds):
            entries: list[Realisasi] = getattr(ind, "realisasi_list", [])
            targets: list[Target] = getattr(ind, "target_list", [])
            index, how = pairs[j] if pairs else (None, "")
            items.append(
                E81IndikatorIn(
                    id=ind.pk,
                    nama=ind.nama,
                    satuan=ind.satuan,
                    sifat=sifat_indikator(ind),
                    target=_nilai(targets[0] if targets else None),
                    triwulan={r.triwulan: Nilai(r.nilai, r.teks) for r in entries},
                    catatan={r.triwulan: _keterangan(r) for r in entries},
                    renstra=_renstra_indikator(renstra_inds[index], akhir, how) if index is not None else None,
                )
            )
        anggaran: list[Realisasi] = getattr(row, "anggaran_list", [])
        pagu: list[Pagu] = getattr(row, "pagu_list", [])
        unit = getattr(row, "unit_penanggung_jawab", None)
        baris.append(
            E81BarisIn(
                id=row.pk,
                parent_id=row.parent_id,
                level=row.level,
                kode=row.kode or row.kode_asli,
                uraian=row.nama,
                indikator=tuple(items),
                pagu=Nilai(pagu[0].jumlah, pagu[0].teks) if pagu else None,
                anggaran={r.triwulan: r.anggaran for r in anggaran},
                catatan_anggaran={r.triwulan: _keterangan(r) for r in anggaran},
                unit=unit.unit if unit is not None else "",
                renstra=_renstra_baris(renstra_row) if renstra_row is not None else None,
            )
        )
    catatan = CatatanTriwulan.objects.filter(renja=ctx, triwulan=triwulan).first()
    pd = ctx.perangkat_daerah
    return E81In(
        tahun=n,
        triwulan=triwulan,
        rumus_turun=rumus_turun(ctx),
        baris=tuple(baris),
        renstra_mulai=mulai,
        renstra_akhir=akhir,
        unit_default=pd.singkatan or pd.nama,
        catatan=E81CatatanIn(
            faktor_pendorong=catatan.faktor_pendorong,
            faktor_penghambat=catatan.faktor_penghambat,
            tindak_lanjut_triwulan=catatan.tindak_lanjut_triwulan,
            tindak_lanjut_renja=catatan.tindak_lanjut_renja,
        )
        if catatan is not None
        else E81CatatanIn(),
        ada_renstra=ctx.renstra_id is not None,
    )


def e81_table(renja: Renja, triwulan: int) -> E81Table:
    """Formulir E.81 of the Renja for quarter `triwulan` (1–4)."""
    return compute_e81(e81_input(renja, triwulan))


def triwulan_terakhir(renja: Renja) -> int:
    """The last quarter of the Renja's year with any realisation recorded (1 when none): the default of the
    E.81 page. One query."""
    latest = Realisasi.objects.filter(
        Q(indikator__row__renja=renja) | Q(row__renja=renja), tahun=renja.tahun, kumulatif=False
    ).aggregate(tw=Max("triwulan"))["tw"]
    return int(latest) if latest else 1


# --- the realisation form ---------------------------------------------------------------------------------------


def baris_renja(renja: Renja, row_id: int) -> PlanRow:
    """A row of the Renja (404 otherwise)."""
    row = PlanRow.objects.filter(pk=row_id, renja=renja).select_related("unit_penanggung_jawab").first()
    if row is None:
        raise Http404("Baris ini tidak ada di Renja ini. Buka lagi dari halaman Monev E.81.")
    return row


def isian_baris(renja: Renja, row: PlanRow, triwulan: int) -> dict[str, Any]:
    """What the realisation form of a row shows for a quarter: its indicators with target and stored entry,
    the anggaran entry (rows without children), the pagu. Four queries."""
    n = renja.tahun
    indikator = list(
        Indikator.objects.filter(row=row)
        .order_by("urutan", "id")
        .prefetch_related(
            Prefetch(
                "targets",
                queryset=Target.objects.filter(tahun=n, triwulan=0, akhir_periode=False, proyeksi=False),
                to_attr="target_list",
            ),
            Prefetch(
                "realisasi",
                queryset=Realisasi.objects.filter(tahun=n, triwulan=triwulan, kumulatif=False),
                to_attr="entry_list",
            ),
        )
    )
    punya_rincian = row.children.exists()
    anggaran = Realisasi.objects.filter(
        row=row, indikator__isnull=True, tahun=n, triwulan=triwulan, kumulatif=False
    ).first()
    pagu = Pagu.objects.filter(row=row, tahun=n).first()
    return {
        "indikator": [
            {
                "obj": ind,
                "sifat": sifat_indikator(ind),
                "target": ind.target_list[0] if getattr(ind, "target_list", []) else None,
                "entry": ind.entry_list[0] if getattr(ind, "entry_list", []) else None,
            }
            for ind in indikator
        ],
        "punya_rincian": punya_rincian,
        "anggaran": anggaran,
        "pagu": pagu,
    }


def indikator_renja(renja: Renja, indikator_id: int) -> Indikator:
    """An indicator shown on the Renja's evaluation pages (its own rows or its Renstra's); 404 otherwise."""
    owner = Q(row__renja=renja)
    if renja.renstra_id is not None:
        owner |= Q(row__renstra_id=renja.renstra_id) | Q(renstra_id=renja.renstra_id)
    ind = Indikator.objects.filter(owner, pk=indikator_id).select_related("row").first()
    if ind is None:
        raise Http404("Indikator ini tidak ada di Renja ini atau Renstra-nya.")
    return ind
