"""The official table layouts, read from a data file (one definition per table, versioned).

Pure: no Django. The shipped definitions are `data/tabel-permendagri-86-2017.toml`; a pemda may put its own
`tabel.toml` in `$RENJA_HOME/templates/dokumen/` (the caller passes its text to `parse_layouts`).
Renderers ask a layout for its columns, header rows and titles; they hold no table knowledge of their own.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType
from typing import Any

JENIS = frozenset({"nomor", "kode", "uraian", "teks", "indikator", "target", "angka", "persen", "rupiah"})
NUMERIC = frozenset({"target", "angka", "persen", "rupiah"})
SHIPPED = "tabel-permendagri-86-2017.toml"


class LayoutError(ValueError):
    """A layout file that cannot be used; the message says which table and field, in Bahasa Indonesia."""


@dataclass(frozen=True)
class Tahun:
    """The years a layout's placeholders stand for."""

    n: int
    akhir: int | None = None  # last year of the Renstra period (None: unknown)

    def mapping(self) -> dict[str, str]:
        return {
            "n": str(self.n),
            "n1": str(self.n + 1),
            "n_1": str(self.n - 1),
            "n_2": str(self.n - 2),
            "n_3": str(self.n - 3),
            "akhir": str(self.akhir) if self.akhir else "…",
        }

    def fill(self, text: str) -> str:
        values = self.mapping()
        out = text
        for key, value in values.items():
            out = out.replace("{" + key + "}", value)
        return out


@dataclass(frozen=True)
class Kolom:
    key: str
    nomor: str
    judul: str
    jenis: str
    lebar: float = 10
    grup: str = ""
    per_indikator: bool = False
    jumlah: bool = False
    rumus: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    rumus_teks: str = ""

    @property
    def numeric(self) -> bool:
        return self.jenis in NUMERIC

    def formula(self, varian: str | None) -> str | None:
        """The spreadsheet formula template for a cell of this column: the one for every row (key "", a plain
        string in the file) or, when the column has one per kind, the one of the kind the data names (None: the
        cell holds the computed value, not a formula)."""
        if "" in self.rumus:
            return self.rumus[""]
        return self.rumus.get(varian) if varian is not None else None


@dataclass(frozen=True)
class HeaderCell:
    """One cell of a header row: `colspan`/`rowspan` as in HTML, `col` = index of its first column."""

    text: str
    col: int
    colspan: int = 1
    rowspan: int = 1


@dataclass(frozen=True)
class TabelLayout:
    kode: str  # "T-C.33", "Bab IV", …
    nomor: str  # caption number, "3.2" → "Tabel 3.2"
    judul: str  # with placeholders
    bab: int
    subbab: str
    lembar: str  # XLSX sheet name (≤ 31 characters)
    orientasi: str  # portrait | landscape
    kolom: tuple[Kolom, ...]
    rencana: bool = False  # the plan sheet that `renja import BUKU.xlsx` reads back

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(k.key for k in self.kolom)

    def index(self, key: str) -> int:
        return self.keys.index(key)

    def column(self, key: str) -> Kolom:
        return self.kolom[self.index(key)]

    @property
    def landscape(self) -> bool:
        return self.orientasi == "landscape"

    @property
    def has_groups(self) -> bool:
        return any(k.grup for k in self.kolom)

    def caption(self, tahun: Tahun) -> str:
        return f"Tabel {self.nomor} {tahun.fill(self.judul)}"

    def header_rows(self, tahun: Tahun) -> list[list[HeaderCell]]:
        """One header row, or two when some columns share a group header (the group spans its columns on the
        first row; an ungrouped column spans both rows). The numbered row ("1 2 3 …") is not included."""
        if not self.has_groups:
            return [[HeaderCell(tahun.fill(k.judul), i) for i, k in enumerate(self.kolom)]]
        top: list[HeaderCell] = []
        bottom: list[HeaderCell] = []
        i = 0
        while i < len(self.kolom):
            k = self.kolom[i]
            if not k.grup:
                top.append(HeaderCell(tahun.fill(k.judul), i, rowspan=2))
                i += 1
                continue
            j = i
            while j < len(self.kolom) and self.kolom[j].grup == k.grup:
                bottom.append(HeaderCell(tahun.fill(self.kolom[j].judul), j))
                j += 1
            top.append(HeaderCell(tahun.fill(k.grup), i, colspan=j - i))
            i = j
        return [top, bottom]

    def widths(self) -> list[float]:
        """Relative widths summing to 100."""
        total = sum(k.lebar for k in self.kolom) or 1
        return [round(k.lebar * 100 / total, 2) for k in self.kolom]


@dataclass(frozen=True)
class LayoutSet:
    versi: str
    nama: str
    tabel: tuple[TabelLayout, ...]

    def get(self, kode: str) -> TabelLayout:
        for t in self.tabel:
            if t.kode == kode:
                return t
        raise KeyError(kode)

    @property
    def rencana(self) -> TabelLayout:
        for t in self.tabel:
            if t.rencana:
                return t
        raise LayoutError("Tidak ada tabel bertanda `rencana = true` (lembar rencana untuk impor kembali).")


def _req(spec: Mapping[str, Any], name: str, where: str) -> Any:
    if name not in spec:
        raise LayoutError(f"{where}: isian '{name}' wajib ada.")
    return spec[name]


def _kolom(spec: Mapping[str, Any], where: str) -> Kolom:
    jenis = str(_req(spec, "jenis", where))
    if jenis not in JENIS:
        raise LayoutError(f"{where}: jenis '{jenis}' tidak dikenal; pilih salah satu dari {', '.join(sorted(JENIS))}.")
    rumus_raw = spec.get("rumus", {})
    rumus = {"": rumus_raw} if isinstance(rumus_raw, str) else {str(k): str(v) for k, v in dict(rumus_raw).items()}
    return Kolom(
        key=str(_req(spec, "key", where)),
        nomor=str(_req(spec, "nomor", where)),
        judul=str(_req(spec, "judul", where)),
        jenis=jenis,
        lebar=float(spec.get("lebar", 10)),
        grup=str(spec.get("grup", "")),
        per_indikator=bool(spec.get("per_indikator", False)),
        jumlah=bool(spec.get("jumlah", False)),
        rumus=MappingProxyType(rumus),
        rumus_teks=str(spec.get("rumus_teks", "")),
    )


def _tabel(spec: Mapping[str, Any], where: str) -> TabelLayout:
    kode = str(_req(spec, "kode", where))
    where = f"{where} ({kode})"
    kolom = tuple(_kolom(k, f"{where}, kolom {i}") for i, k in enumerate(_req(spec, "kolom", where), start=1))
    keys = [k.key for k in kolom]
    if len(set(keys)) != len(keys):
        raise LayoutError(f"{where}: ada key kolom yang ganda.")
    lembar = str(spec.get("lembar", kode))
    if len(lembar) > 31 or any(c in lembar for c in "[]:*?/\\"):
        raise LayoutError(f"{where}: nama lembar '{lembar}' tidak sah untuk Excel (≤ 31 karakter, tanpa []:*?/\\).")
    orientasi = str(spec.get("orientasi", "portrait"))
    if orientasi not in {"portrait", "landscape"}:
        raise LayoutError(f"{where}: orientasi harus 'portrait' atau 'landscape'.")
    return TabelLayout(
        kode=kode,
        nomor=str(_req(spec, "nomor", where)),
        judul=str(_req(spec, "judul", where)),
        bab=int(_req(spec, "bab", where)),
        subbab=str(spec.get("subbab", "")),
        lembar=lembar,
        orientasi=orientasi,
        kolom=kolom,
        rencana=bool(spec.get("rencana", False)),
    )


def parse_layouts(text: str, *, sumber: str = "tabel.toml") -> LayoutSet:
    """Read a layout file (TOML). Raises LayoutError with a message naming the table and field."""
    try:
        doc = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LayoutError(f"{sumber} bukan TOML yang sah: {exc}.") from exc
    tabel = tuple(_tabel(t, f"{sumber}, tabel {i}") for i, t in enumerate(doc.get("tabel", []), start=1))
    if not tabel:
        raise LayoutError(f"{sumber} tidak memuat satu pun [[tabel]].")
    return LayoutSet(versi=str(doc.get("versi", "")), nama=str(doc.get("nama", "")), tabel=tabel)


def shipped_text() -> str:
    return resources.files("renja.documents").joinpath("data", SHIPPED).read_text(encoding="utf-8")


_SHIPPED: LayoutSet | None = None


def shipped_layouts() -> LayoutSet:
    """The layouts shipped with Renja (read once)."""
    global _SHIPPED
    if _SHIPPED is None:
        _SHIPPED = parse_layouts(shipped_text(), sumber=SHIPPED)
    return _SHIPPED


def require_keys(layout: TabelLayout, keys: Sequence[str]) -> None:
    """A custom layout must keep the keys the builder fills (it may drop, reorder or retitle the others)."""
    missing = [k for k in keys if k not in layout.keys]
    if missing:
        raise LayoutError(f"Tata letak {layout.kode} tidak memuat kolom wajib: {', '.join(missing)}.")
