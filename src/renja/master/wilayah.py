"""The Kemendagri region codes (`kode,nama` CSV, e.g. Permendagri 72/2019): import, and the matcher that finds
the desa/kelurahan and kecamatan a document names (`WilayahMatcher`)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from django.db import transaction
from django.db.models import Q

from renja.audit.services import Actor, audit_record
from renja.core.text import normalize_name
from renja.master.models import Wilayah


def wilayah_level(kode: str) -> str | None:
    parts = kode.split(".")
    if len(parts) == 1 and len(parts[0]) == 2:
        return Wilayah.Level.PROVINSI
    if len(parts) == 2:
        return Wilayah.Level.KABKOTA
    if len(parts) == 3:
        return Wilayah.Level.KECAMATAN
    if len(parts) == 4 and len(parts[3]) == 4:
        # 1xxx = kelurahan, 2xxx = desa (Permendagri 72/2019)
        return Wilayah.Level.KELURAHAN if parts[3].startswith("1") else Wilayah.Level.DESA
    return None


@dataclass
class WilayahReport:
    per_level: dict[str, int] = field(default_factory=dict)
    dibuat: int = 0
    diperbarui: int = 0
    temuan: list[str] = field(default_factory=list)


@transaction.atomic
def wilayah_import(*, data: bytes, actor: Actor, source: str) -> WilayahReport:
    """Create or update every region of the file; parents from the code. Idempotent."""
    report = WilayahReport()
    text = data.decode("utf-8-sig")
    rows: list[tuple[str, str, str]] = []
    for lineno, rec in enumerate(csv.reader(io.StringIO(text)), start=1):
        if not rec or not rec[0].strip():
            continue
        if len(rec) < 2:
            report.temuan.append(f"baris {lineno}: kolom nama tidak ada ({rec!r}); baris dilewati")
            continue
        kode, nama = rec[0].strip(), rec[1].strip()
        level = wilayah_level(kode)
        if level is None:
            if lineno == 1 and not kode[:1].isdigit():
                continue  # a header row
            report.temuan.append(f"baris {lineno}: kode '{kode}' bukan kode wilayah Kemendagri; baris dilewati")
            continue
        rows.append((kode, nama, level))
    existing = {w.kode: w for w in Wilayah.objects.all()}
    new = [Wilayah(kode=k, nama=n, level=lv) for k, n, lv in rows if k not in existing]
    changed = []
    for k, n, lv in rows:
        w = existing.get(k)
        if w is not None and (w.nama != n or w.level != lv):
            w.nama, w.level = n, lv
            changed.append(w)
    Wilayah.objects.bulk_create(new, batch_size=2000)
    Wilayah.objects.bulk_update(changed, ["nama", "level"], batch_size=2000)
    ids = dict(Wilayah.objects.values_list("kode", "id"))
    to_link = []
    for w in Wilayah.objects.filter(kode__in=[r[0] for r in rows]).only("id", "kode", "parent_id"):
        parent_kode = w.kode.rsplit(".", 1)[0] if "." in w.kode else None
        parent_id = ids.get(parent_kode) if parent_kode else None
        if w.parent_id != parent_id:
            w.parent_id = parent_id
            to_link.append(w)
    Wilayah.objects.bulk_update(to_link, ["parent"], batch_size=2000)
    for _, _, lv in rows:
        report.per_level[lv] = report.per_level.get(lv, 0) + 1
    report.dibuat, report.diperbarui = len(new), len(changed)
    audit_record(
        actor=actor,
        source=source,
        action="import",
        model="master.Wilayah",
        after={"per_level": report.per_level, "dibuat": report.dibuat, "diperbarui": report.diperbarui},
    )
    return report


# ================================================================================================ matching
#
# `WilayahMatcher` finds the desa/kelurahan and kecamatan a document names, inside one pemda. Names in real
# documents are written in capitals, with spaces broken by PDF conversion ("RINGINAGUN G", "NGUNTORONA DI"),
# with the Javanese nasal prefix ("MBEDAGUNG" for Bedagung), in the old spelling (oe, dj, tj) or with a typo.
# The matcher tries, in order: the same name; the same name once spaces, the old spelling and a nasal prefix
# are repaired ("ejaan"); then the most similar name ("mirip", difflib ratio on the names without spaces, at
# least `MIRIP_MIN`). With a kecamatan it looks in that kecamatan first, then in the whole pemda (and says the
# desa is not in the kecamatan given). It never picks one of two equally good answers: it returns the match
# marked `ambiguous` with the candidates, for a person to choose.

MIRIP_MIN = 0.84  # one wrong letter in an 8-letter name scores 0.875; unrelated names of that length < 0.7
SARAN_MIN = 0.7  # candidates shown as suggestions
AMBIGU_MARGIN = 0.03

_PREFIX = re.compile(r"^(?:desa|ds|kelurahan|kel|kecamatan|kec|kab|kabupaten|kota|dusun)\s+")
_OLD_SPELLING = (("oe", "u"), ("dj", "j"), ("tj", "c"), ("nj", "ny"), ("sj", "sy"), ("ch", "kh"))
_NASAL = (("mb", "b"), ("nd", "d"), ("ngg", "g"), ("nj", "j"))


def wilayah_key(nama: object) -> str:
    """The matching key of a region name: normalised (case, punctuation) without a 'Desa'/'Kel.'/'Kec.' prefix."""
    key = normalize_name(nama).replace("/", " ").replace("-", " ")
    key = " ".join(key.split())
    while True:
        stripped = _PREFIX.sub("", key)
        if stripped == key:
            return key
        key = stripped


def _variants(compact: str) -> set[str]:
    """Spellings of a name without spaces: the old spelling repaired, a nasal prefix dropped."""
    out = {compact}
    if any(old in compact for old, _ in _OLD_SPELLING[:3]):
        modern = compact
        for old, new in _OLD_SPELLING:
            modern = modern.replace(old, new)
        out.add(modern)
    for word in list(out):
        for prefix, base in _NASAL:
            if word.startswith(prefix) and len(word) > len(prefix) + 2:
                out.add(base + word[len(prefix) :])
    return out


@dataclass(frozen=True)
class WilayahEntry:
    kode: str
    nama: str
    level: str

    @property
    def parent_kode(self) -> str:
        return self.kode.rsplit(".", 1)[0]


@dataclass(frozen=True)
class WilayahMatch:
    """A region found for a name. `how`: "sama", "ejaan" or "mirip" (see above); `candidates`: the entries that
    matched as well as this one (`ambiguous`) or came close, best first."""

    entry: WilayahEntry
    how: str
    score: float
    ambiguous: bool = False
    candidates: tuple[WilayahEntry, ...] = ()
    kecamatan: WilayahEntry | None = None  # the kecamatan of a desa


@dataclass(frozen=True)
class DesaMatch:
    desa: WilayahMatch | None
    kecamatan: WilayahMatch | None
    in_kecamatan: bool | None  # None when no kecamatan was given or found, or no desa was found
    suggestions: tuple[WilayahEntry, ...] = ()


@dataclass
class _Indexed:
    entry: WilayahEntry
    key: str
    compact: str
    variants: set[str]


class WilayahMatcher:
    """Desa/kelurahan and kecamatan of one pemda, matched by name. Build it once (`for_pemda`: one query), then
    every lookup runs in memory."""

    def __init__(self, pemda: WilayahEntry, entries: Iterable[WilayahEntry]) -> None:
        self.pemda = pemda
        self.kecamatan: list[_Indexed] = []
        self.desa: list[_Indexed] = []
        self._by_kode: dict[str, WilayahEntry] = {pemda.kode: pemda}
        for e in entries:
            if not e.kode.startswith(pemda.kode + "."):
                continue
            self._by_kode[e.kode] = e
            key = wilayah_key(e.nama)
            compact = key.replace(" ", "")
            item = _Indexed(e, key, compact, _variants(compact))
            if e.level == Wilayah.Level.KECAMATAN:
                self.kecamatan.append(item)
            elif e.level in (Wilayah.Level.DESA, Wilayah.Level.KELURAHAN):
                self.desa.append(item)

    # ------------------------------------------------------------------------------------------ building

    @classmethod
    def for_pemda(cls, pemda_kode: str) -> WilayahMatcher | None:
        """The matcher of a pemda from the wilayah master (one query); None when the master lacks the pemda."""
        rows = list(
            Wilayah.objects.filter(Q(kode=pemda_kode) | Q(kode__startswith=f"{pemda_kode}.")).values_list(
                "kode", "nama", "level"
            )
        )
        entries = [WilayahEntry(k, n, lv) for k, n, lv in rows]
        pemda = next((e for e in entries if e.kode == pemda_kode), None)
        if pemda is None:
            return None
        return cls(pemda, entries)

    @classmethod
    def from_csv(cls, pemda_kode: str, text: str) -> WilayahMatcher | None:
        """The matcher of a pemda from a Kemendagri `kode,nama` CSV (no database)."""
        entries: list[WilayahEntry] = []
        for rec in csv.reader(io.StringIO(text)):
            if len(rec) < 2:
                continue
            kode = rec[0].strip()
            if kode != pemda_kode and not kode.startswith(pemda_kode + "."):
                continue
            level = wilayah_level(kode)
            if level is not None:
                entries.append(WilayahEntry(kode, rec[1].strip(), level))
        pemda = next((e for e in entries if e.kode == pemda_kode), None)
        return None if pemda is None else cls(pemda, entries)

    # ------------------------------------------------------------------------------------------ lookups

    def entry(self, kode: str) -> WilayahEntry | None:
        return self._by_kode.get(kode)

    def _find(self, nama: str, pool: list[_Indexed]) -> WilayahMatch | None:
        key = wilayah_key(nama)
        if not key or not pool:
            return None
        compact = key.replace(" ", "")
        for how, hits in (
            ("sama", [c for c in pool if c.key == key]),
            ("ejaan", [c for c in pool if c.compact == compact]),
            ("ejaan", [c for c in pool if c.variants & _variants(compact)]),
        ):
            if hits:
                return self._result(hits[0].entry, how, 1.0, [h.entry for h in hits[1:]])
        scored = sorted(
            ((SequenceMatcher(None, compact, c.compact, autojunk=False).ratio(), c) for c in pool),
            key=lambda sc: (-sc[0], sc[1].entry.kode),
        )
        best_score, best = scored[0]
        if best_score < MIRIP_MIN:
            return None
        rivals = [c.entry for s, c in scored[1:] if s >= best_score - AMBIGU_MARGIN and c.key != best.key]
        same = [c.entry for s, c in scored[1:] if c.key == best.key]
        return self._result(best.entry, "mirip", best_score, same + rivals, ambiguous_extra=bool(rivals))

    def _result(
        self, entry: WilayahEntry, how: str, score: float, others: list[WilayahEntry], ambiguous_extra: bool = False
    ) -> WilayahMatch:
        kec = self._by_kode.get(entry.parent_kode) if entry.level != Wilayah.Level.KECAMATAN else None
        return WilayahMatch(
            entry=entry,
            how=how,
            score=round(score, 4),
            ambiguous=bool(others) or ambiguous_extra,
            candidates=tuple(others),
            kecamatan=kec,
        )

    def suggestions(self, nama: str, pool: list[_Indexed] | None = None, limit: int = 3) -> tuple[WilayahEntry, ...]:
        compact = wilayah_key(nama).replace(" ", "")
        if not compact:
            return ()
        scored = sorted(
            ((SequenceMatcher(None, compact, c.compact, autojunk=False).ratio(), c) for c in (pool or self.desa)),
            key=lambda sc: (-sc[0], sc[1].entry.kode),
        )
        return tuple(c.entry for s, c in scored[:limit] if s >= SARAN_MIN)

    def match_kecamatan(self, nama: str) -> WilayahMatch | None:
        return self._find(nama, self.kecamatan)

    def match_desa(self, nama: str, kecamatan: str = "") -> DesaMatch:
        """The desa/kelurahan `nama`, in `kecamatan` when given (then in the whole pemda, to say it is elsewhere)."""
        kec = self.match_kecamatan(kecamatan) if kecamatan.strip() else None
        if kec is not None and not kec.ambiguous:
            inside = [c for c in self.desa if c.entry.parent_kode == kec.entry.kode]
            found = self._find(nama, inside)
            if found is not None:
                return DesaMatch(desa=found, kecamatan=kec, in_kecamatan=True)
            elsewhere = self._find(nama, self.desa)
            if elsewhere is not None:
                return DesaMatch(desa=elsewhere, kecamatan=kec, in_kecamatan=False)
            return DesaMatch(
                desa=None,
                kecamatan=kec,
                in_kecamatan=None,
                suggestions=self.suggestions(nama, inside) or self.suggestions(nama),
            )
        found = self._find(nama, self.desa)
        if found is None:
            return DesaMatch(desa=None, kecamatan=kec, in_kecamatan=None, suggestions=self.suggestions(nama))
        return DesaMatch(desa=found, kecamatan=kec, in_kecamatan=None)


def wilayah_find_pemda(nama: str) -> WilayahEntry | None:
    """The kabupaten/kota (or provinsi) of the wilayah master a document names ('Kabupaten Magetan' -> 35.20
    KAB. MAGETAN), in one query; None when the master does not have it (or has several)."""

    def key(text: str) -> str:
        k = normalize_name(text)
        k = re.sub(r"^(?:pemerintah(?:an)?\s+)", "", k)
        k = re.sub(r"^kabupaten\b", "kab", k)
        k = re.sub(r"^kab\b\.?", "kab", k)
        return " ".join(k.split())

    wanted = key(nama)
    if not wanted:
        return None
    last = wanted.split()[-1]
    rows = Wilayah.objects.filter(
        level__in=[Wilayah.Level.KABKOTA, Wilayah.Level.PROVINSI], nama__icontains=last
    ).values_list("kode", "nama", "level")
    hits = [WilayahEntry(k, n, lv) for k, n, lv in rows if key(n) == wanted]
    return hits[0] if len(hits) == 1 else None
