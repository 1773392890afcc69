"""Text helpers for matching names and codes of the nomenclature. Pure: no Django.

- `normalize_name`: the key two spellings of one name share (case, spacing, punctuation, "&").
- `canonical_code`: one form for a nomenclature code written in any of the forms documents use.
- `similarity`: a 0..1 score for small spelling differences (difflib; no extra dependency).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from difflib import SequenceMatcher

__all__ = [
    "LEVEL_BY_SEGMENTS",
    "canonical_code",
    "code_level",
    "compact_key",
    "generic_support_code",
    "is_support_code",
    "normalize_name",
    "parent_code",
    "similarity",
    "similarity_keys",
    "specialise_support_code",
    "try_canonical_code",
]

# ------------------------------------------------------------------------------------------------ names

_DASHES = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
_AMPERSAND = re.compile(r"(?<=\s)&(?=\s)")
_AROUND_JOINERS = re.compile(r"\s*([/\-])\s*")
_NOT_WORD = re.compile(r"[^\w/\-]+")
_EDGE_JOINERS = re.compile(r"^[\s/\-]+|[\s/\-]+$")
_JOINER_RUNS = re.compile(r"([/\-])[/\-]+")


_DROP = {"Mn", "Mc", "Me", "Cf", "Cc", "Cs", "Co", "Cn"}


def _fold(text: str) -> str:
    """Case-fold and strip accents and invisible characters, until the text no longer changes."""
    for _ in range(4):
        folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
        folded = "".join(ch for ch in folded if ch.isspace() or unicodedata.category(ch) not in _DROP)
        folded = unicodedata.normalize("NFC", folded)
        if folded == text:
            break
        text = folded
    return text


def normalize_name(text: object) -> str:
    """The matching key of a name: case-folded, accents and punctuation dropped, whitespace collapsed.

    - runs of spaces, tabs and newlines become one space; leading/trailing blanks and dots go;
    - `/` and `-` stay but lose the spaces around them (`Bulanan/ Triwulanan`, `DPA- SKPD`, `Kabupaten /Kota`);
    - other punctuation (`,` `.` `;` `:` `(` `)` quotes) becomes a space (`Ketentraman , Ketertiban`);
    - a free-standing `&` reads as `dan` (`Sarana & Prasarana`); `R&D` is left alone.

    Idempotent, and never raises: `None` gives "".
    """
    if text is None:
        return ""
    s = _fold(str(text))
    s = _DASHES.sub("-", s)
    s = _AMPERSAND.sub(" dan ", s)
    s = _NOT_WORD.sub(" ", s.replace("_", " "))
    s = _AROUND_JOINERS.sub(r"\1", s)
    s = _JOINER_RUNS.sub(r"\1", s)
    s = _EDGE_JOINERS.sub("", s)
    return " ".join(s.split())


def compact_key(key: str) -> str:
    """A normalised key without spaces: `kerjasama` = `kerja sama`, glued words (`PenyelenggaraanAdministrasi`)."""
    return key.replace(" ", "")


def _ratio(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _upper_bound(a: str, b: str) -> float:
    """An upper bound of any difflib ratio of two strings with these characters (difflib's quick_ratio)."""
    common = sum((Counter(a) & Counter(b)).values())
    return 2.0 * common / (len(a) + len(b))


def similarity_keys(a: str, b: str, floor: float = 0.0) -> float:
    """`similarity` for keys already passed through `normalize_name` (the matcher caches them).

    With `floor`, a pair that cannot reach it is rejected early (cheap character count) and scores 0.0:
    use it when only scores at or above a threshold matter.
    """
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    x, y = (a, b) if a <= b else (b, a)  # symmetric by construction
    cx, cy = compact_key(x), compact_key(y)
    if floor > 0.0 and max(_upper_bound(x, y), _upper_bound(cx, cy) if cx and cy else 0.0) < floor:
        return 0.0
    whole = _ratio(x, y)
    glued = _ratio(cx, cy)
    xs, ys = " ".join(sorted(x.split())), " ".join(sorted(y.split()))
    xs, ys = (xs, ys) if xs <= ys else (ys, xs)
    tokens = _ratio(xs, ys)
    return max(whole, glued, tokens)


def similarity(a: object, b: object) -> float:
    """How alike two names are, 0..1, after `normalize_name`: 1.0 when the keys are equal.

    The best of three difflib ratios: on the keys, on the keys without spaces (glued words) and on the
    sorted words (a word moved). Small spelling differences (`Fasilitas`/`Fasilitasi`, `Pedesaan`/
    `Perdesaan`, `Cetak`/`Cetakan`) score above 0.95; unrelated names of similar length stay below 0.7.
    An empty name matches nothing (0.0). Beware: official names that differ in one short word (`TPS`/`TPST`,
    `RDTR`/`RTRW`, `Desa`/`Kecamatan`) also score 0.85–0.99, so a score ranks candidates, it does not prove
    two names mean the same item.
    """
    return similarity_keys(normalize_name(a), normalize_name(b))


# ------------------------------------------------------------------------------------------------ codes

LEVEL_BY_SEGMENTS = {1: "urusan", 2: "bidang", 3: "program", 5: "kegiatan", 6: "sub_kegiatan"}
_SEPARATORS = re.compile(r"\s*[.,]\s*")
_CODE = re.compile(r"[0-9A-Za-z]+(?:\.[0-9A-Za-z]+)*")


def _pad(segment: str, width: int, what: str, text: str) -> str:
    if not segment.isdigit() or not segment.isascii() or len(segment) > width:
        raise ValueError(f"kode '{text}': bagian {what} '{segment}' harus berupa angka paling banyak {width} digit")
    return segment.zfill(width)


def canonical_code(text: str) -> str:
    """The canonical form `U.BB.PP.K.KK.SSSS` (cut at the code's level) of a nomenclature code.

    Accepts the forms documents use: `2.13.04.2.01.0001`, the 2-digit sub kegiatan of Permendagri 90/2019
    (`2.13.04.2.01.01` -> `…0001`), unpadded segments (`2.13.4`, `2.13.4.2.1.1`), blanks around dots, a
    trailing dot, and the support program of every agency `X.XX.01…` (any case). Levels: 1 segment urusan,
    2 bidang, 3 program, 5 kegiatan, 6 sub kegiatan.

    Raises ValueError (message in Bahasa Indonesia) for anything else, e.g. 4 segments or a unit code.
    """
    raw = str(text)
    s = _SEPARATORS.sub(".", raw.strip()).strip(".")
    if not s or not _CODE.fullmatch(s):
        raise ValueError(f"'{raw}' bukan kode nomenklatur (contoh yang benar: 2.13.04.2.01.0001)")
    segs = s.upper().split(".")
    n = len(segs)
    if n not in LEVEL_BY_SEGMENTS:
        raise ValueError(
            f"kode '{raw}' punya {n} bagian; kode nomenklatur punya 1 (urusan), 2 (bidang), 3 (program), "
            "5 (kegiatan) atau 6 (sub kegiatan) bagian"
        )
    out: list[str] = []
    if segs[0] == "X":
        out.append("X")
        if n >= 2:
            if segs[1] not in {"XX", "X"}:
                raise ValueError(f"kode '{raw}': program penunjang ditulis X.XX, bukan X.{segs[1]}")
            out.append("XX")
    else:
        out.append(_pad(segs[0], 1, "urusan", raw))
        if n >= 2:
            if segs[1] == "XX":
                raise ValueError(f"kode '{raw}': bidang XX hanya untuk urusan X (X.XX)")
            out.append(_pad(segs[1], 2, "bidang", raw))
    if n >= 3:
        out.append(_pad(segs[2], 2, "program", raw))
    if n >= 5:
        out.append(_pad(segs[3], 1, "kegiatan", raw))
        out.append(_pad(segs[4], 2, "kegiatan", raw))
    if n == 6:
        out.append(_pad(segs[5], 4, "sub kegiatan", raw))
    return ".".join(out)


def try_canonical_code(text: object) -> str | None:
    """`canonical_code`, or None when the text is not a nomenclature code."""
    if text is None:
        return None
    try:
        return canonical_code(str(text))
    except ValueError:
        return None


def code_level(kode: str) -> str:
    """The level of a canonical code: urusan, bidang, program, kegiatan or sub_kegiatan."""
    return LEVEL_BY_SEGMENTS[len(kode.split("."))]


def parent_code(kode: str) -> str | None:
    """The code of the parent of a canonical code (None for an urusan)."""
    segs = kode.split(".")
    keep = {1: 0, 2: 1, 3: 2, 5: 3, 6: 5}[len(segs)]
    return ".".join(segs[:keep]) or None


def is_support_code(kode: str) -> bool:
    """True for the codes of the support program of every agency (`X`, `X.XX`, `X.XX.01…`)."""
    return kode.split(".", 1)[0] == "X"


def specialise_support_code(kode: str, bidang_kode: str | None) -> str:
    """`X.XX.01.2.01.0001` inside an agency of bidang `2.13` -> `2.13.01.2.01.0001`; others unchanged."""
    if not is_support_code(kode) or not bidang_kode:
        return kode
    bidang = canonical_code(bidang_kode).split(".")
    if len(bidang) != 2 or bidang[0] == "X":
        raise ValueError(f"'{bidang_kode}' bukan kode bidang urusan (contoh: 2.13)")
    segs = kode.split(".")
    return ".".join(bidang[: len(segs)] + segs[2:])


def generic_support_code(kode: str) -> str | None:
    """`2.13.01.2.01.0001` (program 01 of a bidang, the support program) -> `X.XX.01.2.01.0001`; else None."""
    segs = kode.split(".")
    if len(segs) >= 3 and segs[2] == "01" and segs[0] != "X":
        return ".".join(["X", "XX", *segs[2:]])
    return None
