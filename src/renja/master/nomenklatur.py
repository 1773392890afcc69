"""Nomenclature: import a version from a file (services) and find an item by code or name (selectors).

Services
- `nomenklatur_import`: a Kepmendagri 900 or SIPD XLSX -> one `NomenklaturVersi` and its items, in bulk,
  idempotent, with one `ImportRun` and one audit event.
- `nomenklatur_load_builtin`: the curated subset shipped with the product (`data/nomenklatur-kurasi-2.13.csv`:
  urusan 2, bidang 2.13 and the support program X.XX.01), as version `kepmendagri-900-kurasi`.

Selectors
- `NomenklaturMatcher(versi, jenis_pemda, bidang_kode)`: loads the candidates of a level once (one query per
  level), then `.match(level, nama, parent_kode)` and `.match_code(kode)` run without queries.
- `nomenklatur_match(...)`: the same for one name.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count

from renja.audit.services import Actor, audit_record
from renja.core.errors import ImportFailed, RenjaError
from renja.core.text import (
    code_level,
    compact_key,
    generic_support_code,
    is_support_code,
    normalize_name,
    parent_code,
    similarity_keys,
    specialise_support_code,
    try_canonical_code,
)
from renja.importers.models import ImportRun
from renja.importers.parse.model import Finding, Loc
from renja.importers.parse.nomenklatur_xlsx import (
    FORMAT_KEPMENDAGRI,
    FORMAT_SIPD,
    LEVELS,
    NomenklaturFormatError,
    NomenklaturItem,
    ParsedNomenklatur,
    parse_kurasi_csv,
    parse_nomenklatur_xlsx,
)
from renja.importers.report import ImportReport
from renja.master.models import Level, Nomenklatur, NomenklaturVersi

__all__ = [
    "AMBIGUITY_MARGIN",
    "BUILTIN_CSV",
    "BUILTIN_VERSI_KODE",
    "DEFAULT_THRESHOLD",
    "Match",
    "NomenklaturMatcher",
    "nomenklatur_count_per_level",
    "nomenklatur_import",
    "nomenklatur_load_builtin",
    "nomenklatur_match",
]

BUILTIN_VERSI_KODE = "kepmendagri-900-kurasi"
BUILTIN_VERSI_NAMA = "Kepmendagri 900.x kab/kota — kurasi: urusan 2, bidang 2.13 dan program penunjang X.XX.01"
BUILTIN_CSV = Path(__file__).resolve().parent / "data" / "nomenklatur-kurasi-2.13.csv"
DEFAULT_THRESHOLD = 0.9
AMBIGUITY_MARGIN = 0.02
_BATCH = 500

_DATA_FIELDS = (
    "level",
    "kode_asli",
    "nama",
    "nama_kunci",
    "kinerja",
    "indikator",
    "satuan",
    "keterangan",
    "kode_sebelumnya",
    "extra",
)


# ================================================================================================ services


def nomenklatur_import(
    *,
    path_or_bytes: str | Path | bytes,
    versi_kode: str | None = None,
    versi_nama: str | None = None,
    actor: Actor,
    source: str,
    nama_berkas: str | None = None,
) -> ImportReport:
    """Import a nomenclature XLSX (Kepmendagri 900 kab/kota or SIPD export) as version `versi_kode`.

    Without `versi_kode`/`versi_nama` they follow from the format (`kepmendagri-900`, `sipd-2027` with the
    year from the file name). Creates what is new, updates what changed, leaves items that are no longer in
    the file alone (plans may point at them) and counts them. Importing the same file again changes nothing.
    Raises ImportFailed (message in Bahasa Indonesia) when the file cannot be read.
    """
    started = time.perf_counter()
    if isinstance(path_or_bytes, bytes):
        data = path_or_bytes
        name = nama_berkas or "unggahan.xlsx"
    else:
        path = Path(path_or_bytes)
        name = nama_berkas or path.name
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise ImportFailed(f"Berkas {path} tidak ada. Periksa nama dan folder berkasnya.") from exc
        except OSError as exc:
            raise ImportFailed(f"Berkas {path} tidak bisa dibaca ({exc.strerror or exc}).") from exc
    try:
        parsed = parse_nomenklatur_xlsx(data, nama=name)
    except NomenklaturFormatError as exc:
        raise ImportFailed(exc.message) from exc
    default_kode, default_nama, tahun = _default_versi(parsed, name)
    return _apply(
        parsed,
        versi_kode=versi_kode or default_kode,
        versi_nama=versi_nama or default_nama,
        berlaku_tahun=tahun,
        nama_berkas=name,
        sha256=hashlib.sha256(data).hexdigest(),
        actor=actor,
        source=source,
        started=started,
    )


def nomenklatur_load_builtin(*, actor: Actor, source: str) -> ImportReport:
    """Load (or refresh) the curated subset shipped with the product as version `kepmendagri-900-kurasi`."""
    started = time.perf_counter()
    data = BUILTIN_CSV.read_bytes()
    parsed = parse_kurasi_csv(data.decode("utf-8"))
    return _apply(
        parsed,
        versi_kode=BUILTIN_VERSI_KODE,
        versi_nama=BUILTIN_VERSI_NAMA,
        berlaku_tahun=None,
        nama_berkas=BUILTIN_CSV.name,
        sha256=hashlib.sha256(data).hexdigest(),
        actor=actor,
        source=source,
        started=started,
    )


def _default_versi(parsed: ParsedNomenklatur, name: str) -> tuple[str, str, int | None]:
    years = re.findall(r"(?<!\d)(20\d\d)(?!\d)", name)
    tahun = int(years[-1]) if years else None
    if parsed.format == FORMAT_KEPMENDAGRI:
        return "kepmendagri-900", "Kepmendagri 900.x — nomenklatur kabupaten/kota", tahun
    if parsed.format == FORMAT_SIPD:
        suffix = f"-{tahun}" if tahun else ""
        return f"sipd{suffix}", f"SIPD pemutakhiran{' ' + str(tahun) if tahun else ''}".strip(), tahun
    return parsed.format, parsed.format, tahun


def _values(item: NomenklaturItem) -> dict[str, Any]:
    return {
        "level": item.level,
        "kode_asli": item.kode_asli,
        "nama": item.nama,
        "nama_kunci": normalize_name(item.nama)[:500],
        "kinerja": item.kinerja,
        "indikator": item.indikator,
        "satuan": item.satuan,
        "keterangan": item.keterangan,
        "kode_sebelumnya": item.kode_sebelumnya,
        "extra": dict(item.extra),
    }


def _invalid(item: NomenklaturItem, exc: ValidationError, sheet: str) -> Finding:
    problems = "; ".join(f"{f}: {' '.join(str(m) for m in msgs)}" for f, msgs in exc.message_dict.items())
    return Finding(
        kode="NILAI_TIDAK_SAH",
        severity="error",
        pesan=f"{item.level.replace('_', ' ').capitalize()} {item.kode} (baris {item.baris}) tidak bisa disimpan: "
        f"{problems}. Baris dilewati.",
        loc=Loc(line=item.baris, table=sheet),
        teks=item.kode_asli,
        saran="Perbaiki nilai di berkas sumber lalu impor lagi.",
    )


def _apply(
    parsed: ParsedNomenklatur,
    *,
    versi_kode: str,
    versi_nama: str,
    berlaku_tahun: int | None,
    nama_berkas: str,
    sha256: str,
    actor: Actor,
    source: str,
    started: float,
) -> ImportReport:
    report = ImportReport(berkas=nama_berkas, sha256=sha256, jenis="nomenklatur")
    for finding in parsed.findings:
        report.add(finding)
    by_level: dict[str, list[NomenklaturItem]] = defaultdict(list)
    for it in parsed.items:
        by_level[it.level].append(it)
    created = updated = unchanged = 0
    with transaction.atomic():
        versi, versi_dibuat = _versi_upsert(versi_kode, versi_nama, berlaku_tahun, nama_berkas)
        existing = {(o.jenis_pemda, o.kode): o for o in Nomenklatur.objects.filter(versi=versi)}
        ids: dict[tuple[str, str], int] = {k: o.pk for k, o in existing.items()}
        to_update: list[Nomenklatur] = []
        changed_fields: set[str] = set()
        seen: set[tuple[str, str]] = set()
        for level in LEVELS:  # parents first, so a new child gets its parent's id at creation
            new: list[Nomenklatur] = []
            for it in by_level.get(level, ()):
                key = (it.jenis_pemda, it.kode)
                seen.add(key)
                values = _values(it)
                parent_id = ids.get((it.jenis_pemda, it.parent_kode)) if it.parent_kode else None
                obj = existing.get(key)
                if obj is None:
                    obj = Nomenklatur(
                        versi=versi, jenis_pemda=it.jenis_pemda, kode=it.kode, parent_id=parent_id, **values
                    )
                    try:
                        obj.clean_fields(exclude=["versi", "parent"])
                    except ValidationError as exc:
                        report.add(_invalid(it, exc, parsed.sheet))
                        continue
                    new.append(obj)
                    continue
                changes = [f for f, v in values.items() if getattr(obj, f) != v]
                if obj.parent_id != parent_id:
                    changes.append("parent")
                if not changes:
                    unchanged += 1
                    continue
                snapshot = {f: getattr(obj, f) for f in values}
                for f in changes:
                    if f != "parent":
                        setattr(obj, f, values[f])
                obj.parent_id = parent_id
                try:
                    obj.clean_fields(exclude=["versi", "parent"])
                except ValidationError as exc:
                    for f, v in snapshot.items():
                        setattr(obj, f, v)
                    report.add(_invalid(it, exc, parsed.sheet))
                    continue
                to_update.append(obj)
                changed_fields.update(changes)
            Nomenklatur.objects.bulk_create(new, batch_size=_BATCH)
            if any(o.pk is None for o in new):  # a backend that does not return ids from bulk inserts
                ids.update(
                    {
                        (j, k): pk
                        for j, k, pk in Nomenklatur.objects.filter(versi=versi, level=level).values_list(
                            "jenis_pemda", "kode", "pk"
                        )
                    }
                )
            else:
                ids.update({(o.jenis_pemda, o.kode): o.pk for o in new})
            created += len(new)
            if new:
                report.count(level, len(new))
        if to_update:
            Nomenklatur.objects.bulk_update(to_update, sorted(changed_fields), batch_size=_BATCH)
            updated = len(to_update)
        missing = [k for k in existing if k not in seen]
        per_jenis = {j or "-": parsed.count_per_level(j) for j in parsed.jenis_pemda}
        report.ringkasan.update(
            {
                "format": parsed.format,
                "lembar": parsed.sheet,
                "versi": versi.kode,
                "versi_nama": versi.nama,
                "versi_dibuat": versi_dibuat,
                "baris_data": parsed.baris_data,
                "baris_kosong": parsed.baris_kosong,
                "per_level": parsed.count_per_level(),
                "per_jenis_pemda": per_jenis,
                "item_di_berkas": len(parsed.items),
                "dibuat": created,
                "diperbarui": updated,
                "tetap": unchanged,
                "tidak_ada_di_berkas": len(missing),
                "field_diperbarui": sorted(changed_fields),
            }
        )
        report.ringkasan["detik"] = round(time.perf_counter() - started, 2)
        run = ImportRun.objects.create(
            actor_id=getattr(actor, "pk", None) if getattr(actor, "is_authenticated", False) else None,
            source=source,
            jenis="nomenklatur",
            nama_berkas=nama_berkas[:300],
            sha256=sha256,
            ringkasan=report.ringkasan,
            temuan=report.temuan,
        )
        report.ringkasan["import_run_id"] = run.pk
        audit_record(
            actor=actor,
            source=source,
            action="import",
            obj=versi,
            after={
                k: report.ringkasan[k]
                for k in ("per_level", "dibuat", "diperbarui", "tetap", "tidak_ada_di_berkas", "versi_dibuat")
            },
            context={
                "import_run": run.pk,
                "berkas": nama_berkas,
                "sha256": sha256,
                "format": parsed.format,
                "temuan": len(report.temuan),
            },
        )
    return report


def _versi_upsert(kode: str, nama: str, berlaku_tahun: int | None, sumber: str) -> tuple[NomenklaturVersi, bool]:
    versi = NomenklaturVersi.objects.filter(kode=kode).first()
    if versi is None:
        versi = NomenklaturVersi(kode=kode, nama=nama, berlaku_tahun=berlaku_tahun, sumber=sumber[:300])
        try:
            versi.full_clean()
        except ValidationError as exc:
            raise ImportFailed(
                f"Kode versi '{kode}' atau namanya tidak sah ({'; '.join(exc.messages)}). "
                "Pakai kode pendek tanpa spasi, misalnya kepmendagri-900 atau sipd-2027."
            ) from exc
        versi.save()
        return versi, True
    changed = False
    if nama and versi.nama != nama:
        versi.nama, changed = nama, True
    if berlaku_tahun and versi.berlaku_tahun != berlaku_tahun:
        versi.berlaku_tahun, changed = berlaku_tahun, True
    if changed:
        versi.full_clean()
        versi.save()
    return versi, False


# ================================================================================================ selectors


def nomenklatur_count_per_level(*, versi: NomenklaturVersi | str) -> dict[str, dict[str, int]]:
    """Items per jenis pemda and level of a version, in one query."""
    qs = Nomenklatur.objects.filter(versi__kode=versi) if isinstance(versi, str) else versi.items.all()
    out: dict[str, dict[str, int]] = {}
    for row in qs.values("jenis_pemda", "level").annotate(n=Count("id")).order_by():
        out.setdefault(row["jenis_pemda"] or "-", dict.fromkeys(LEVELS, 0))[row["level"]] = row["n"]
    return out


@dataclass(frozen=True)
class Match:
    """A nomenclature item found for a code or a name.

    `kode` is the item's code, with the support program specialised to the agency's bidang when the matcher
    knows it (`X.XX.01.2.01.0001` -> `2.13.01.2.01.0001`). `how`: "kode" (exact code), "nama" (equal after
    `normalize_name`, spaces ignored) or "fuzzy" (`score` = `similarity`, at least the threshold). For a
    code match with a name given, `score` says how well the name agrees with the code (else 1.0).
    `outside_parent` is True when a parent was given but the item was found elsewhere. `ambiguous` is True
    when another item with a different name matched as well (exact) or nearly as well (fuzzy, within
    `AMBIGUITY_MARGIN`): show it to a person before trusting it.
    """

    item: Nomenklatur
    kode: str
    score: float
    how: str
    outside_parent: bool = False
    ambiguous: bool = False

    @property
    def metode(self) -> str:
        return self.how


@dataclass
class _Candidate:
    item: Nomenklatur
    key: str
    compact: str
    parent: str
    own: bool  # in the matcher's bidang, or the support program
    rank: tuple[int, int, str]  # lower is preferred among equal scores


@dataclass
class _LevelIndex:
    candidates: list[_Candidate]
    by_code: dict[str, _Candidate]
    by_key: dict[str, list[_Candidate]]
    by_compact: dict[str, list[_Candidate]]
    children: dict[str, list[_Candidate]]
    in_bidang: list[_Candidate]


@dataclass
class _Scope:
    candidates: Sequence[_Candidate]
    outside_parent: bool
    parent: str | None = None
    own_only: bool = False

    def __contains__(self, cand: _Candidate) -> bool:
        if self.parent is not None:
            return cand.parent == self.parent
        return cand.own or not self.own_only


_LEADING_CODE = re.compile(r"^\s*([0-9Xx]+(?:\s*\.\s*[0-9Xx]+)+)\.?\s+(\S.*)$", re.DOTALL)


class NomenklaturMatcher:
    """Finds nomenclature items of one version for one jenis pemda (and optionally one agency's bidang).

    Build one per import; each level's candidates are loaded once, on first use (one query), so matching
    many rows costs no further queries. `.match` tries a code first (given, or written before the name);
    then it searches the children of `parent_kode`, then the agency's bidang plus the support program, then
    the whole level, and in each scope takes an equal normalised name (spaces ignored), else the most
    similar name at or above `threshold`. Among equals it prefers the level of government of `jenis_pemda`
    (kegiatan `2.xx` for kab/kota, `1.xx` for provinsi), then the agency's bidang, then the lowest code.
    """

    def __init__(
        self,
        versi: NomenklaturVersi | int | str,
        jenis_pemda: str = "kabkota",
        bidang_kode: str | None = None,
        *,
        threshold: float = DEFAULT_THRESHOLD,
    ) -> None:
        if isinstance(versi, NomenklaturVersi):
            self.versi_id = versi.pk
        elif isinstance(versi, int):
            self.versi_id = versi
        else:
            found = NomenklaturVersi.objects.filter(kode=versi).values_list("pk", flat=True).first()
            if found is None:
                raise RenjaError(
                    f"Versi nomenklatur '{versi}' belum ada. Impor dulu: renja nomenklatur import BERKAS "
                    "--versi KODE, atau renja nomenklatur load-builtin."
                )
            self.versi_id = found
        self.jenis_pemda = jenis_pemda
        self.bidang_kode = try_canonical_code(bidang_kode) if bidang_kode else None
        if bidang_kode and (self.bidang_kode is None or code_level(self.bidang_kode) != Level.BIDANG):
            raise ValueError(f"'{bidang_kode}' bukan kode bidang urusan (contoh: 2.13)")
        self.threshold = threshold
        self._gov_digit = {"kabkota": "2", "prov": "1"}.get(jenis_pemda, "")
        self._levels: dict[str, _LevelIndex] = {}

    # ------------------------------------------------------------------------------------------- loading

    def _index(self, level: str) -> _LevelIndex:
        idx = self._levels.get(level)
        if idx is not None:
            return idx
        qs = Nomenklatur.objects.filter(
            versi_id=self.versi_id, level=level, jenis_pemda__in=sorted({self.jenis_pemda, ""})
        )
        qs = qs.order_by("kode", "-jenis_pemda")  # for one code, the item of this jenis pemda before a generic one
        prefix = f"{self.bidang_kode}." if self.bidang_kode else None
        idx = _LevelIndex([], {}, defaultdict(list), defaultdict(list), defaultdict(list), [])
        for item in qs:
            key = normalize_name(item.nama)
            segs = item.kode.split(".")
            gov = 0 if len(segs) < 5 or not self._gov_digit or segs[3] == self._gov_digit else 1
            own = prefix is not None and (
                item.kode == self.bidang_kode or item.kode.startswith(prefix) or is_support_code(item.kode)
            )
            if item.kode in idx.by_code:
                continue
            parent = parent_code(item.kode) or ""
            cand = _Candidate(item, key, compact_key(key), parent, own, (gov, 0 if own else 1, item.kode))
            idx.candidates.append(cand)
            idx.by_code[item.kode] = cand
            idx.by_key[key].append(cand)
            idx.by_compact[cand.compact].append(cand)
            idx.children[parent].append(cand)
            if own:
                idx.in_bidang.append(cand)
        self._levels[level] = idx
        return idx

    def preload(self, levels: Iterable[str] = LEVELS) -> NomenklaturMatcher:
        for level in levels:
            self._index(level)
        return self

    # ------------------------------------------------------------------------------------------- matching

    def _result(
        self, cand: _Candidate, score: float, how: str, outside_parent: bool = False, ambiguous: bool = False
    ) -> Match:
        return Match(
            item=cand.item,
            kode=specialise_support_code(cand.item.kode, self.bidang_kode),
            score=round(score, 4),
            how=how,
            outside_parent=outside_parent,
            ambiguous=ambiguous,
        )

    def _lookup_code(self, kode: str) -> _Candidate | None:
        idx = self._index(code_level(kode))
        cand = idx.by_code.get(kode)
        if cand is None:
            generic = generic_support_code(kode)
            if generic is not None:
                cand = idx.by_code.get(generic)
        return cand

    def match_code(self, kode: str, nama: str | None = None) -> Match | None:
        """The item with this code (any written form; `2.13.01…` finds the support program `X.XX.01…`)."""
        canonical = try_canonical_code(kode)
        if canonical is None:
            return None
        cand = self._lookup_code(canonical)
        if cand is None:
            return None
        score = similarity_keys(normalize_name(nama), cand.key) if nama else 1.0
        return self._result(cand, score, "kode")

    def _scopes(self, idx: _LevelIndex, parent_kode: str | None) -> list[_Scope]:
        scopes: list[_Scope] = []
        parent = try_canonical_code(parent_kode) if parent_kode else None
        if parent is not None:
            generic = generic_support_code(parent)
            if parent not in idx.children and generic is not None:
                parent = generic
            scopes.append(_Scope(idx.children.get(parent, []), False, parent=parent))
        outside = parent is not None
        if self.bidang_kode is not None:
            scopes.append(_Scope(idx.in_bidang, outside, own_only=True))
        scopes.append(_Scope(idx.candidates, outside))
        return scopes

    def match(self, level: str, nama: str, parent_kode: str | None = None, kode: str | None = None) -> Match | None:
        """The item of `level` for a name as a document writes it (see the class docstring for the order).

        A code given as `kode`, or written at the start of `nama` (`2.13.04.2.01.0001 Fasilitasi …`), is tried
        first; when it does not exist at this level the name decides.
        """
        level = str(level)
        written = _LEADING_CODE.match(nama or "")
        if kode is None and written is not None and try_canonical_code(written.group(1)) is not None:
            kode, nama = written.group(1), written.group(2)
        if kode:
            canonical = try_canonical_code(kode)
            if canonical is not None and code_level(canonical) == level:
                by_code = self.match_code(canonical, nama)
                if by_code is not None:
                    return by_code
        key = normalize_name(nama)
        if not key:
            return None
        idx = self._index(level)
        by_key = idx.by_key.get(key, [])
        by_compact = idx.by_compact.get(compact_key(key), [])
        for scope in self._scopes(idx, parent_kode):
            if not scope.candidates:
                continue
            hits = [c for c in by_key if c in scope] or [c for c in by_compact if c in scope]
            if hits:
                best = min(hits, key=lambda c: c.rank)
                ambiguous = len({c.key for c in hits}) > 1 or any(
                    c.rank[:2] == best.rank[:2] for c in hits if c is not best
                )
                return self._result(best, 1.0, "nama", scope.outside_parent, ambiguous)
            found = self._fuzzy(key, scope.candidates)
            if found is not None:
                score, cand, ambiguous = found
                return self._result(cand, score, "fuzzy", scope.outside_parent, ambiguous)
        return None

    def _fuzzy(self, key: str, candidates: Sequence[_Candidate]) -> tuple[float, _Candidate, bool] | None:
        scored: list[tuple[float, _Candidate]] = []
        n = len(key)
        floor = self.threshold - AMBIGUITY_MARGIN
        for cand in candidates:
            m = len(cand.key)
            if 2 * min(n, m) / (n + m) < floor:  # no ratio of two strings this long can reach the floor
                continue
            score = similarity_keys(key, cand.key, floor)
            if score >= floor:
                scored.append((score, cand))
        if not scored:
            return None
        scored.sort(key=lambda sc: (-sc[0], sc[1].rank))
        score, best = scored[0]
        if score < self.threshold:
            return None
        ambiguous = any(s >= score - AMBIGUITY_MARGIN and c.key != best.key for s, c in scored[1:])
        return score, best, ambiguous


def nomenklatur_match(
    *,
    versi: NomenklaturVersi | int | str,
    level: str,
    nama: str,
    parent_kode: str | None = None,
    jenis_pemda: str = "kabkota",
    bidang_kode: str | None = None,
    kode: str | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> Match | None:
    """One lookup (one query). To match many rows build a `NomenklaturMatcher` once and reuse it."""
    matcher = NomenklaturMatcher(versi, jenis_pemda, bidang_kode, threshold=threshold)
    return matcher.match(level, nama, parent_kode=parent_kode, kode=kode)
