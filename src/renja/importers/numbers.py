"""Numbers as real Renja documents write them (domain README §7). Pure: no Django, no float.

`parse_number` reads one cell: Indonesian (`8.319.719.640`, `28,98`) and English (`8,319,719,640`, `28.98`)
separators, a unit written next to the number (`5 dokumen`, `414Orang`, `100%`), `-` or nothing for an empty
cell, spreadsheet error literals (`#VALUE!`, `#DIV/0!`), and thousands groups broken by PDF conversion
(`500,000,00 0`, `10,481,191 ,604`, `8,319,719, 640`), which are re-joined and flagged. `parse_multi` reads a
cell that holds several values (`184,00 ; 180,00`, `26:178`): one result per value, never a sum.

Separator rules, in order:
- both `.` and `,` present: the last one is the decimal separator, the other groups thousands (`1.234.567,89`,
  `1,234,567.89`); the groups must be well formed;
- one kind, written several times: thousands groups of 3 (`8.319.719.640`), else unreadable (`1.2.3`);
- one kind, written once and followed by exactly 3 digits after 1–3 digits (not a lone `0`): thousands
  (`1.500` = 1500, `35,000` = 35000);
- otherwise a decimal separator (`28,98`, `28.98`, `0,500`).

The result keeps the raw text; `problem` names what went wrong with a stable code that is also the
`Finding.kode` of `finding_for`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from renja.calc.angka import format_angka
from renja.importers.parse.model import Finding, Loc

__all__ = [
    "ANGKA_TERPOTONG",
    "ANGKA_TIDAK_TERBACA",
    "ERROR_SPREADSHEET",
    "NILAI_GANDA",
    "RUPIAH_PECAHAN",
    "SEVERITY",
    "ParseResult",
    "finding_for",
    "is_multi",
    "parse_multi",
    "parse_number",
]

ANGKA_TERPOTONG = "ANGKA_TERPOTONG"
ERROR_SPREADSHEET = "ERROR_SPREADSHEET"
ANGKA_TIDAK_TERBACA = "ANGKA_TIDAK_TERBACA"
RUPIAH_PECAHAN = "RUPIAH_PECAHAN"
NILAI_GANDA = "NILAI_GANDA"

SEVERITY = {
    ANGKA_TERPOTONG: "info",
    ERROR_SPREADSHEET: "error",
    ANGKA_TIDAK_TERBACA: "error",
    RUPIAH_PECAHAN: "error",
    NILAI_GANDA: "peringatan",
}

_EMPTY = {"", "-", "--", "\u2013", "\u2014", "\u2212"}
_ERROR_LITERALS = {
    "#VALUE!",
    "#DIV/0!",
    "#REF!",
    "#N/A",
    "#NAME?",
    "#NUM!",
    "#NULL!",
    "#SPILL!",
    "#CALC!",
    "#GETTING_DATA",
    "#NILAI!",  # Excel in Bahasa Indonesia
    "#BAGI/0!",
}
_ERROR_LIKE = re.compile(r"#[A-Z][A-Z/0-9_]*[!?]?|#N/A", re.IGNORECASE)
_RUPIAH_PREFIX = re.compile(r"^rp\.?\s*", re.IGNORECASE)
_RUPIAH_SUFFIX = re.compile(r"\s*[.,]\s*-\s*$")
_NUMBER = re.compile(r"(?P<sign>[-+\u2212]?)\s*(?P<num>\d(?:[\d.,\s]*\d)?)(?P<rest>.*)", re.DOTALL)
_UNIT = re.compile(r"(?:%|[^\W\d_]).*", re.DOTALL)
_MULTI_SPLIT = re.compile(r"[;:]")
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class ParseResult:
    """One parsed cell. `value` is None for an empty cell (`kosong`) and for every problem except
    ANGKA_TERPOTONG (then the re-joined number is the value)."""

    raw: str
    value: Decimal | None
    unit: str = ""
    problem: str = ""  # "" or one of the codes above
    detail: str = ""  # e.g. the re-joined digits of a broken number

    @property
    def kosong(self) -> bool:
        """True when the cell is empty or a dash: no value, and nothing wrong."""
        return self.value is None and not self.problem

    @property
    def severity(self) -> str:
        return SEVERITY.get(self.problem, "")


def _clean(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ").replace("\f", " ").strip()


def _grouped(text: str, sep: str) -> bool:
    """`text` is 1–3 digits followed by one or more groups `sep` + 3 digits."""
    return re.fullmatch(rf"\d{{1,3}}(?:{re.escape(sep)}\d{{3}})+", text) is not None


def _read_digits(num: str) -> Decimal | None:
    """A number without spaces: digits with `.`/`,` separators (rules in the module docstring)."""
    dots, commas = num.count("."), num.count(",")
    try:
        if not dots and not commas:
            return Decimal(num)
        if dots and commas:
            dec = "." if num.rfind(".") > num.rfind(",") else ","
            thousands = "," if dec == "." else "."
            if num.count(dec) != 1:
                return None
            whole, frac = num.split(dec)
            if not frac.isdigit() or not _grouped(whole, thousands):
                return None
            return Decimal(whole.replace(thousands, "") + "." + frac)
        sep = "." if dots else ","
        if dots + commas > 1:
            return Decimal(num.replace(sep, "")) if _grouped(num, sep) else None
        whole, frac = num.split(sep)
        if not whole.isdigit() or not frac.isdigit():
            return None
        if len(frac) == 3 and 1 <= len(whole) <= 3 and not whole.startswith("0"):
            return Decimal(whole + frac)
        return Decimal(whole + "." + frac)
    except InvalidOperation:
        return None


def _thousands_pattern(num: str) -> bool:
    """The integer part of `num` (no spaces) is written with thousands groups."""
    dots, commas = num.count("."), num.count(",")
    if dots and commas:
        dec = "." if num.rfind(".") > num.rfind(",") else ","
        whole = num.rsplit(dec, 1)[0]
        return _grouped(whole, "," if dec == "." else ".")
    sep = "." if dots else ","
    if dots + commas == 0:
        return False
    if dots + commas > 1:
        return _grouped(num, sep)
    whole, frac = num.split(sep)
    return len(frac) == 3 and 1 <= len(whole) <= 3 and not whole.startswith("0")


def is_multi(text: str) -> bool:
    """The cell holds several values separated by `;` or `:` (`184,00 ; 180,00`, `26:178`)."""
    return len([p for p in _MULTI_SPLIT.split(_clean(text)) if p.strip()]) > 1


def parse_number(text: str, *, money: bool = False) -> ParseResult:
    """Read one number cell; never raises. `money=True`: a leading `Rp`/trailing `,-` are allowed and the
    value must be whole rupiah (a fraction other than `,00` is RUPIAH_PECAHAN)."""
    raw = text
    s = _clean(text)
    if money:
        s = _RUPIAH_SUFFIX.sub("", _RUPIAH_PREFIX.sub("", s)).strip()
    if s in _EMPTY:
        return ParseResult(raw=raw, value=None)
    if s.upper() in _ERROR_LITERALS or _ERROR_LIKE.fullmatch(s):
        return ParseResult(raw=raw, value=None, problem=ERROR_SPREADSHEET)
    if is_multi(s):
        return ParseResult(raw=raw, value=None, problem=NILAI_GANDA)
    m = _NUMBER.fullmatch(s)
    if m is None:
        return ParseResult(raw=raw, value=None, problem=ANGKA_TIDAK_TERBACA)
    num, rest = m.group("num"), m.group("rest").strip()
    unit = ""
    if rest:
        if not _UNIT.fullmatch(rest):
            return ParseResult(raw=raw, value=None, problem=ANGKA_TIDAK_TERBACA)
        unit = rest
    problem, detail = "", ""
    if _SPACES.search(num):
        joined = _SPACES.sub("", num)
        if not _thousands_pattern(joined):
            return ParseResult(raw=raw, value=None, unit=unit, problem=ANGKA_TIDAK_TERBACA)
        num, problem, detail = joined, ANGKA_TERPOTONG, joined
    value = _read_digits(num)
    if value is None:
        return ParseResult(raw=raw, value=None, unit=unit, problem=ANGKA_TIDAK_TERBACA)
    if m.group("sign") in {"-", "\u2212"}:
        value = -value
    if money:
        if value != value.to_integral_value():
            return ParseResult(raw=raw, value=None, unit=unit, problem=RUPIAH_PECAHAN, detail=str(value))
        value = Decimal(int(value))
    return ParseResult(raw=raw, value=value, unit=unit, problem=problem, detail=detail)


def parse_multi(text: str, *, money: bool = False) -> tuple[ParseResult, ...]:
    """Read a cell that may hold several values (`184,00 ; 180,00`, `26:178`): one result per value, in order.
    A cell with one value gives one result (the same as `parse_number`)."""
    parts = [p for p in _MULTI_SPLIT.split(text) if p.strip()]
    if len(parts) <= 1:
        return (parse_number(text, money=money),)
    return tuple(parse_number(p.strip(), money=money) for p in parts)


def finding_for(result: ParseResult, loc: Loc, *, konteks: str = "") -> Finding | None:
    """The finding for a problem of `result` at `loc` (None when there is none). `konteks` names the cell
    (e.g. "pagu 2024 'Penyediaan Gaji dan Tunjangan ASN'") so the message says what it is about."""
    if not result.problem:
        return None
    where = loc.label() + (f" ({konteks})" if konteks else "")
    raw = result.raw.strip()
    if result.problem == ANGKA_TERPOTONG:
        shown = format_angka(result.value) if result.value is not None else result.detail
        return Finding(
            kode=ANGKA_TERPOTONG,
            severity="info",
            pesan=f"{where}: angka '{raw}' terpotong spasi (hasil konversi PDF) dan dibaca sebagai {shown}.",
            loc=loc,
            teks=result.raw,
            ditemukan=raw,
            diharapkan=result.detail,
            saran="Cocokkan angka ini dengan dokumen sumber; bila sama, tidak perlu tindakan.",
        )
    if result.problem == ERROR_SPREADSHEET:
        return Finding(
            kode=ERROR_SPREADSHEET,
            severity="error",
            pesan=f"{where}: sel berisi '{raw}', galat rumus spreadsheet; nilainya tidak ada di dokumen.",
            loc=loc,
            teks=result.raw,
            ditemukan=raw,
            saran="Hitung ulang nilai ini di lembar kerja sumber (atau biarkan aplikasi menghitungnya) "
            "dan isi angka yang benar.",
        )
    if result.problem == RUPIAH_PECAHAN:
        return Finding(
            kode=RUPIAH_PECAHAN,
            severity="error",
            pesan=f"{where}: nilai rupiah '{raw}' terbaca {result.detail}, memuat pecahan; rupiah harus "
            "bilangan bulat, jadi nilai tidak dipakai.",
            loc=loc,
            teks=result.raw,
            ditemukan=raw,
            saran="Periksa pemisah ribuan dan desimal angka ini, tulis rupiah tanpa sen, lalu impor ulang "
            "atau isi manual.",
        )
    if result.problem == NILAI_GANDA:
        return Finding(
            kode=NILAI_GANDA,
            severity="peringatan",
            pesan=f"{where}: sel '{raw}' berisi beberapa nilai, padahal kolom ini menampung satu nilai; "
            "nilai tidak dijumlahkan dan tidak dipakai.",
            loc=loc,
            teks=result.raw,
            ditemukan=raw,
            saran="Pisahkan nilai-nilai ini menjadi indikator atau baris sendiri.",
        )
    return Finding(
        kode=ANGKA_TIDAK_TERBACA,
        severity="error",
        pesan=f"{where}: '{raw}' tidak bisa dibaca sebagai angka; nilai dibiarkan kosong.",
        loc=loc,
        teks=result.raw,
        ditemukan=raw,
        saran="Perbaiki penulisan angka (mis. 1.234.567 atau 28,98) di dokumen lalu impor ulang, "
        "atau isi nilainya secara manual.",
    )
