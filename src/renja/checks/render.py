"""The check result as text for the terminal (the JSON form is `HasilPeriksa.to_dict()`)."""

from __future__ import annotations

from renja.checks.rules.kelengkapan import STATUS_LABEL
from renja.checks.rules.periksa import HasilPeriksa
from renja.checks.rules.temuan import SEVERITIES

_MARK = {"lengkap": "✓", "belum_lengkap": "!", "tidak_ada": "✗", "tidak_diperiksa": "–"}


def render_text(hasil: HasilPeriksa, *, tingkat: str = "info", rincian: bool = False) -> str:
    """Findings (down to `tingkat`: error, peringatan or info) and the completeness checklist."""
    shown = SEVERITIES[: SEVERITIES.index(tingkat) + 1]
    head = f"Pemeriksaan {hasil.nama}"
    if hasil.format:
        head += f" ({hasil.format})"
    lines = [head]
    who = ", ".join(x for x in (hasil.perangkat_daerah, hasil.pemda) if x)
    if who or hasil.tahun:
        lines.append(f"  Renja {hasil.tahun or '?'}" + (f" — {who}" if who else ""))
    lines.append(
        f"  nomenklatur: {hasil.nomenklatur or 'tidak diperiksa'}; wilayah: {hasil.wilayah or 'tidak diperiksa'}"
    )
    counts = hasil.jumlah
    lines.append(
        f"Temuan: {counts['error']} error, {counts['peringatan']} peringatan, {counts['info']} info"
        + ("" if tingkat == "info" else f" (ditampilkan: {', '.join(shown)})")
    )
    for t in hasil.temuan:
        if t.severity not in shown:
            continue
        lines.append(f"  [{t.severity}] {t.kode} — {t.lokasi.label()}")
        lines.append(f"      {t.pesan}")
        if t.diharapkan or t.ditemukan:
            lines.append(f"      diharapkan: {t.diharapkan or '-'}; ditemukan: {t.ditemukan or '-'}")
        if t.saran:
            lines.append(f"      saran: {t.saran}")
        if t.lokasi.tautan:
            lines.append(f"      tautan: {t.lokasi.tautan}")
        if rincian:
            lines.extend(f"      | {r}" for r in t.rincian)
    lines.append("Kelengkapan (daftar periksa verifikator):")
    for b in hasil.kelengkapan:
        lines.append(f"  [{_MARK[b.status]}] {b.bab}: {b.judul} — {STATUS_LABEL[b.status]}. {b.keterangan}")
    return "\n".join(lines)
