"""Import of the Kemendagri region codes (`kode,nama` CSV, e.g. Permendagri 72/2019)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction

from renja.audit.services import Actor, audit_record
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
