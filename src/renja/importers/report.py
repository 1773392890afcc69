"""The import report: what was created and every finding, rendered the same way for CLI, web and API."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from renja.importers.parse.model import Finding

SEVERITY_ORDER = {"error": 0, "peringatan": 1, "info": 2}


def finding_to_dict(f: Finding) -> dict[str, Any]:
    return {
        "kode": f.kode,
        "severity": f.severity,
        "pesan": f.pesan,
        "lokasi": f.loc.label(),
        "tabel": f.loc.table,
        "baris_dokumen": f.loc.line,
        "baris_tabel": f.loc.row,
        "kolom": f.loc.column,
        "teks": f.teks,
        "diharapkan": f.diharapkan,
        "ditemukan": f.ditemukan,
        "saran": f.saran,
    }


@dataclass
class ImportReport:
    berkas: str
    sha256: str = ""
    jenis: str = "renja_dokumen"
    dry_run: bool = False
    sudah_ada: bool = False
    dibuat: Counter[str] = field(default_factory=Counter)
    ringkasan: dict[str, Any] = field(default_factory=dict)
    temuan: list[dict[str, Any]] = field(default_factory=list)
    renja_ids: list[int] = field(default_factory=list)

    def add(self, finding: Finding) -> None:
        self.temuan.append(finding_to_dict(finding))

    def count(self, what: str, n: int = 1) -> None:
        self.dibuat[what] += n

    @property
    def errors(self) -> int:
        return sum(1 for t in self.temuan if t["severity"] == "error")

    def to_dict(self) -> dict[str, Any]:
        return {
            "berkas": self.berkas,
            "sha256": self.sha256,
            "jenis": self.jenis,
            "dry_run": self.dry_run,
            "sudah_ada": self.sudah_ada,
            "dibuat": dict(sorted(self.dibuat.items())),
            "ringkasan": self.ringkasan,
            "jumlah_temuan": dict(Counter(t["severity"] for t in self.temuan)),
            "temuan": sorted(self.temuan, key=lambda t: (t["baris_dokumen"] or 0, SEVERITY_ORDER[t["severity"]])),
            "renja_ids": self.renja_ids,
        }

    def render_text(self) -> str:
        lines = [f"Impor {self.berkas}" + (" (uji coba: tidak ada yang disimpan)" if self.dry_run else "")]
        if self.sudah_ada:
            lines.append("Dokumen yang sama sudah pernah diimpor; tidak ada yang diubah.")
        for key, value in self.ringkasan.items():
            lines.append(f"  {key}: {value}")
        if self.dibuat:
            lines.append("Dibuat:")
            lines.extend(f"  {k}: {v}" for k, v in sorted(self.dibuat.items()))
        counts = Counter(t["severity"] for t in self.temuan)
        lines.append(
            f"Temuan: {counts.get('error', 0)} error, {counts.get('peringatan', 0)} peringatan, "
            f"{counts.get('info', 0)} info"
        )
        for t in self.to_dict()["temuan"]:
            extra = f" — teks: {t['teks']!r}" if t["teks"] else ""
            saran = f" Saran: {t['saran']}" if t["saran"] else ""
            lines.append(f"  [{t['severity']}] {t['kode']} ({t['lokasi']}): {t['pesan']}{extra}{saran}")
        return "\n".join(lines)
