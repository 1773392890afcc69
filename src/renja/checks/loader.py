"""Loader: a Renja stored in the database -> `DokumenCek`, in a fixed number of queries whatever its size.

The main version of a year also carries its agency's Tabel 2.4 versions (Rancangan Awal RKPD v1 and Hasil
Analisis Kebutuhan v2), its Renstra rows (Tabel 2.1) and service indicators (Tabel 2.2), the usulan of the
agency and year, its tujuan/sasaran and its narrative chapters. Every row's location carries a link to its
place in the plan tree (`/renja/<pk>/rincian/#baris-<id>`) and the document place it was imported from.

Values stored as text only (nothing could be read from them) are reported again, with the parser's codes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from decimal import Decimal

from django.db.models import Count, Prefetch
from django.urls import reverse

from renja.calc.angka import format_angka, format_rupiah
from renja.checks.rules.dari_json import cocokkan_nama
from renja.checks.rules.lookup import NomenklaturLookup
from renja.checks.rules.model import (
    SUMBER_TERSIMPAN,
    Angka,
    BarisEvaluasi,
    BarisRencana,
    DokumenCek,
    IndikatorCek,
    Lokasi,
    NarasiCek,
    TabelRencana,
    UsulanCek,
)
from renja.checks.rules.teks import BAB_LABEL, jumlah_dalam_teks
from renja.checks.rules.temuan import Temuan, buat
from renja.core.text import try_canonical_code
from renja.importers.numbers import finding_for, parse_number
from renja.importers.parse.model import Loc
from renja.master.models import Level
from renja.plans.models import (
    Indikator,
    JenisIndikator,
    Pagu,
    PlanRow,
    Realisasi,
    Renja,
    Tahapan,
    Target,
    TujuanSasaran,
)
from renja.usulan.models import Usulan

__all__ = ["renja_dokumen"]


def _tree_url(renja_id: int, row_id: int) -> str:
    return f"{reverse('plans:renja_tree', args=[renja_id])}#baris-{row_id}"


def _table_name(renja: Renja) -> str:
    label = renja.label.split(" (")[0] if renja.label else renja.get_tahapan_display()
    return f"Renja {renja.tahun} {label} v{renja.versi}"


class _Unreadable:
    """Collects the stored values whose text could not be read as a number (nilai NULL, text not empty/-)."""

    def __init__(self) -> None:
        self.found: list[Temuan] = []

    def check(self, teks: str, nilai: Decimal | None, lokasi: Lokasi, *, money: bool, konteks: str) -> None:
        if nilai is not None or not teks.strip():
            return
        result = parse_number(teks, money=money)
        f = finding_for(result, Loc(line=0), konteks=konteks)
        if f is None or f.kode == "ANGKA_TERPOTONG":
            return
        where = lokasi.label()
        self.found.append(
            buat(
                f.kode,
                f"{where} ({konteks}): tersimpan sebagai teks '{teks}', bukan angka.",
                lokasi,
                teks=teks,
                ditemukan=teks,
                saran=f.saran,
                severity=f.severity,
            )
        )


def _row_lokasi(row: PlanRow, table: str, renja_id: int) -> Lokasi:
    head = row.kode or row.kode_asli
    name = row.nama if len(row.nama) <= 50 else row.nama[:47] + "…"
    where = f"baris '{head} {name}'".replace("' ", "'").strip() if head else f"baris '{name}'"
    if row.sumber:
        where += f" (dokumen: {row.sumber})"
    return Lokasi(tabel=table, posisi=where, objek="baris", objek_id=row.pk, tautan=_tree_url(renja_id, row.pk))


def _pagu_angka(p: Pagu, lokasi: Lokasi, bad: _Unreadable, nama: str) -> Angka:
    teks = p.teks if p.teks else (format_rupiah(p.jumlah) if p.jumlah is not None else "")
    bad.check(p.teks, p.jumlah, lokasi, money=True, konteks=f"pagu {p.tahun} '{nama[:60]}'")
    return Angka(teks=teks, nilai=p.jumlah, lokasi=lokasi)


def _target_angka(t: Target, satuan: str, lokasi: Lokasi, bad: _Unreadable, nama: str) -> Angka:
    teks = t.teks if t.teks else (format_angka(t.nilai) if t.nilai is not None else "")
    bad.check(t.teks, t.nilai, lokasi, money=False, konteks=f"target {t.tahun} '{nama[:60]}'")
    return Angka(teks=teks, nilai=t.nilai, satuan=t.satuan or satuan, lokasi=lokasi)


def _plan_table(
    renja: Renja,
    rows: Iterable[PlanRow],
    jenis: str,
    years: tuple[int, ...],
    bad: _Unreadable,
    lookup: NomenklaturLookup | None,
) -> TabelRencana:
    table = _table_name(renja)
    out: list[BarisRencana] = []
    lokasi_ok = sumber_ok = True
    row_list = list(rows)
    parents = {r.parent_id for r in row_list if r.parent_id}
    for row in row_list:
        lokasi = _row_lokasi(row, table, renja.pk)
        pagu = {p.tahun: p for p in row.pagu.all()}
        indikator = []
        for ind in row.indikator.all():
            targets = {
                t.tahun: _target_angka(t, ind.satuan, lokasi.dengan(kolom=f"Target {t.tahun}"), bad, ind.nama)
                for t in ind.targets.all()
            }
            indikator.append(IndikatorCek(nama=ind.nama, satuan=ind.satuan, target=targets, lokasi=lokasi))
        n_pagu = pagu.get(renja.tahun)
        lokasi_kegiatan = row.lokasi or (n_pagu.lokasi if n_pagu is not None else "")
        sumber = row.sumber_dana or (n_pagu.sumber_dana if n_pagu is not None else None)
        if row.pk not in parents:
            lokasi_ok = lokasi_ok and bool(lokasi_kegiatan)
            sumber_ok = sumber_ok and sumber is not None
        out.append(
            BarisRencana(
                id=str(row.pk),
                nama=row.nama,
                lokasi=lokasi,
                induk=str(row.parent_id) if row.parent_id else None,
                level=row.level,
                kode=(try_canonical_code(row.kode) or row.kode) if row.kode else "",
                kode_asli=row.kode_asli or row.kode,
                indikator=tuple(indikator),
                pagu={
                    y: _pagu_angka(p, lokasi.dengan(kolom=f"Pagu {y}"), bad, row.nama)
                    for y, p in sorted(pagu.items())
                    if y in years
                },
                lokasi_kegiatan=lokasi_kegiatan,
                sumber_dana=str(sumber) if sumber is not None else "",
                cocok="kode" if row.kode else "",
            )
        )
    out = cocokkan_nama(out, lookup)
    kolom = {"uraian", "indikator", "target", "pagu", "pd_penanggung_jawab"}
    if out and all(r.kode for r in out):
        kolom.add("kode")
    if out and lokasi_ok:
        kolom.add("lokasi")
    if out and sumber_ok:
        kolom.add("sumber_dana")
    return TabelRencana(
        nama=table,
        jenis=jenis,
        tahun=years,
        baris=tuple(out),
        kolom=frozenset(kolom),
        lokasi=Lokasi(
            tabel=table, objek="renja", objek_id=renja.pk, tautan=reverse("plans:renja_tree", args=[renja.pk])
        ),
    )


def _evaluasi(renja: Renja, bad: _Unreadable) -> tuple[tuple[BarisEvaluasi, ...] | None, dict[int, int], int | None]:
    """Tabel 2.1 from the Renstra rows (4 queries) and the count of Tabel 2.2 indicators (1 query)."""
    if renja.renstra_id is None:
        return None, {}, None
    n = renja.tahun
    rows = (
        PlanRow.objects.filter(renstra_id=renja.renstra_id)
        .order_by("urutan", "id")
        .prefetch_related(
            Prefetch(
                "indikator",
                queryset=Indikator.objects.order_by("urutan", "id").prefetch_related(
                    Prefetch("targets", queryset=Target.objects.filter(triwulan=0)),
                    Prefetch("realisasi", queryset=Realisasi.objects.filter(triwulan=0)),
                ),
            )
        )
    )
    out: list[BarisEvaluasi] = []
    for k, row in enumerate(rows, start=1):
        head = f"{row.kode_asli or row.kode} {row.nama[:40]}".strip()
        where = f"baris '{head}'" + (f" (dokumen: {row.sumber})" if row.sumber else f" (baris {k})")
        lokasi = Lokasi(tabel="Renstra tersimpan (Tabel 2.1)", posisi=where, objek="renstra", objek_id=row.pk)
        inds = list(row.indikator.all())
        kolom: dict[int, list[Angka]] = {c: [] for c in range(4, 12)}
        for i, ind in enumerate(inds):
            targets = list(ind.targets.all())
            real = list(ind.realisasi.all())

            def pick(items: list[Target] | list[Realisasi], **want: object) -> tuple[str, Decimal | None]:
                for it in items:
                    if all(getattr(it, key) == value for key, value in want.items()):
                        return it.teks or (format_angka(it.nilai) if it.nilai is not None else ""), it.nilai
                return "", None

            cells = {
                4: pick(targets, akhir_periode=True),
                5: pick(real, kumulatif=True, tahun=n - 3),
                6: pick(targets, akhir_periode=False, proyeksi=False, tahun=n - 2),
                7: pick(real, kumulatif=False, tahun=n - 2),
                9: pick(targets, akhir_periode=False, proyeksi=False, tahun=n - 1),
            }
            for c in (8, 10, 11):
                texts = (row.nilai_dokumen or {}).get(str(c)) or []
                text = str(texts[i]) if i < len(texts) else ""
                cells[c] = (text, parse_number(text).value if text else None)
            for c in range(4, 12):
                teks, nilai = cells.get(c, ("", None))
                cell = lokasi.dengan(kolom=str(c))
                if c in (8, 10, 11):
                    bad.check(teks, nilai, cell, money=False, konteks=f"kolom {c} '{row.nama[:50]}'")
                kolom[c].append(Angka(teks=teks, nilai=nilai, lokasi=cell))
        out.append(
            BarisEvaluasi(
                lokasi=lokasi,
                kode=(try_canonical_code(row.kode) or "") if row.kode else "",
                kode_asli=row.kode_asli or row.kode,
                nama=row.nama,
                level=row.level,
                indikator=tuple(IndikatorCek(nama=ind.nama, satuan=ind.satuan, lokasi=lokasi) for ind in inds),
                kolom={c: tuple(v) for c, v in kolom.items()},
            )
        )
    pelayanan = Indikator.objects.filter(renstra_id=renja.renstra_id, jenis=JenisIndikator.PELAYANAN).count()
    years = {5: n - 3, 6: n - 2, 7: n - 2, 8: n - 2, 9: n - 1, 10: n - 1}
    return tuple(out), years, pelayanan


def renja_dokumen(renja: Renja, *, nomenklatur: NomenklaturLookup | None = None) -> tuple[DokumenCek, list[Temuan]]:
    """The stored Renja as the checks read it, and the findings about stored values that are not numbers.

    Queries: 1 Renja, 1 sibling versions, 4 plan rows (rows, pagu, indicators, targets), 4 Renstra rows
    (rows, indicators, targets, realisasi) + 1 service indicators when the Renja has a Renstra, 1 usulan,
    1 narasi, 1 tujuan/sasaran."""
    renja = Renja.objects.select_related("perangkat_daerah__pemda", "renstra").get(pk=renja.pk)
    pd = renja.perangkat_daerah
    n = renja.tahun
    bad = _Unreadable()
    siblings: list[Renja] = []
    if renja.utama:
        siblings = list(
            Renja.objects.filter(
                perangkat_daerah=pd, tahun=n, tahapan=Tahapan.RANCANGAN_AWAL, versi__in=[1, 2], utama=False
            ).order_by("versi")
        )
    all_renja = {renja.pk: renja, **{s.pk: s for s in siblings}}
    rows = (
        PlanRow.objects.filter(renja_id__in=list(all_renja))
        .select_related("sumber_dana")
        .order_by("renja_id", "urutan", "id")
        .prefetch_related(
            Prefetch("pagu", queryset=Pagu.objects.select_related("sumber_dana").order_by("tahun")),
            Prefetch(
                "indikator",
                queryset=Indikator.objects.order_by("urutan", "id").prefetch_related(
                    Prefetch(
                        "targets",
                        queryset=Target.objects.filter(triwulan=0, akhir_periode=False, proyeksi=False).order_by(
                            "tahun"
                        ),
                    )
                ),
            ),
        )
    )
    by_renja: dict[int, list[PlanRow]] = {pk: [] for pk in all_renja}
    for row in rows:
        assert row.renja_id is not None
        by_renja[row.renja_id].append(row)
    rencana = _plan_table(renja, by_renja[renja.pk], "rencana", (n, n + 1), bad, nomenklatur)
    halves: dict[int, TabelRencana] = {
        s.versi: _plan_table(
            s, by_renja[s.pk], "ranwal" if s.versi == 1 else "analisis_kebutuhan", (n,), bad, nomenklatur
        )
        for s in siblings
    }
    evaluasi, evaluasi_tahun, pelayanan = _evaluasi(renja, bad)
    usulan_qs = Usulan.objects.filter(perangkat_daerah=pd, tahun=n).select_related("desa", "kecamatan")
    usulan = tuple(
        UsulanCek(
            lokasi=Lokasi(
                tabel="Usulan",
                baris_tabel=k,
                posisi=f"usulan no. {u.nomor}" + (f" (dokumen: {u.sumber_dokumen})" if u.sumber_dokumen else ""),
                objek="usulan",
                objek_id=u.pk,
            ),
            nomor=u.nomor,
            desa=u.desa_teks or (u.desa.nama if u.desa else ""),
            kecamatan=u.kecamatan_teks or (u.kecamatan.nama if u.kecamatan else ""),
            kegiatan=u.kegiatan,
            pagu_usulan=Angka(teks=u.pagu_usulan_teks or _rp(u.pagu_usulan), nilai=u.pagu_usulan),
            pagu_rekomendasi=Angka(teks=u.pagu_rekomendasi_teks or _rp(u.pagu_rekomendasi), nilai=u.pagu_rekomendasi),
            kode_desa=u.desa.kode if u.desa else "",
            kode_kecamatan=u.kecamatan.kode if u.kecamatan else "",
        )
        for k, u in enumerate(usulan_qs.order_by("urutan", "id"), start=1)
    )
    detail = reverse("plans:renja_detail", args=[renja.pk])
    narasi = tuple(
        NarasiCek(
            kode=nar.kode,
            judul=nar.judul,
            baris=tuple((None, line) for line in nar.teks.split("\n") if line.strip()),
            lokasi=Lokasi(bab=BAB_LABEL.get(nar.kode, nar.judul), objek="narasi", objek_id=nar.pk, tautan=detail),
        )
        for nar in renja.narasi.order_by("urutan", "id")
    )
    tujuan = TujuanSasaran.objects.filter(renja=renja).annotate(k=Count("indikator")).values_list("k", flat=True)
    tujuan_list = list(tujuan)
    doc = DokumenCek(
        sumber=SUMBER_TERSIMPAN,
        nama=f"Renja {n} {pd.nama} ({renja.get_tahapan_display()} v{renja.versi})",
        tahun=n,
        pemda=pd.pemda.nama,
        pemda_kode=pd.pemda.kode,
        perangkat_daerah=pd.nama,
        bidang_kode=pd.bidang_kode,
        format="basis data",
        renstra_periode=(renja.renstra.tahun_mulai, renja.renstra.tahun_akhir) if renja.renstra else None,
        evaluasi=evaluasi,
        evaluasi_tahun=evaluasi_tahun,
        pelayanan=pelayanan,
        rencana=_with_renstra_columns(rencana, evaluasi),
        ranwal=halves.get(1),
        analisis_kebutuhan=halves.get(2),
        usulan=usulan or None,
        tujuan_sasaran=sum(1 for k in tujuan_list if k) if tujuan_list else None,
        narasi=narasi,
        jumlah_teks=tuple(jumlah_dalam_teks(narasi, n, rencana.nama)),
        penandatangan=renja.penandatangan_nama,
        lokasi=Lokasi(objek="renja", objek_id=renja.pk, tautan=detail),
    )
    return doc, bad.found


def _rp(value: Decimal | None) -> str:
    return format_rupiah(value) if value is not None else ""


def _with_renstra_columns(tabel: TabelRencana, evaluasi: tuple[BarisEvaluasi, ...] | None) -> TabelRencana:
    """The SIPD-RI columns that come from the Renstra (end target, realisasi n-2, prakiraan n-1) count as present
    when every coded plan row has a Renstra row with the same code."""
    if not evaluasi:
        return tabel
    codes = {ev.kode for ev in evaluasi if ev.kode}
    coded = [r for r in tabel.baris if r.kode and r.level in (Level.PROGRAM, Level.KEGIATAN, Level.SUB_KEGIATAN)]
    if not coded or not all(r.kode in codes for r in coded):
        return tabel
    return replace(tabel, kolom=tabel.kolom | {"target_akhir_renstra", "realisasi_n2", "prakiraan_n1"})
