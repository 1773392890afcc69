"""Narrative text of a Renja chapter (`Narasi.teks`) → blocks that every renderer draws the same way.

Pure: no Django. The stored text is what the agency wrote (or what the importer read from its document): blank
lines separate paragraphs, `- ` starts a bullet, `1.`, `1)`, `a.`, `I.` start numbered items, an indented item is
one level deeper, `**bold**` and `*italic*` mark emphasis, and a line such as `2.1 Evaluasi …` is a section
heading of chapter 2. Nothing here changes the stored text; the renderers only draw it.

Two repairs of PDF-conversion artefacts are made for display only, never stored:
- a paragraph cut by a page break ("… agar" + blank line + "mereka bisa …") is joined again;
- a trailing signature block ("Magetan, 2023 / KEPALA DINAS … / NIP. …") is left out, because the document
  draws the signature block from the Renja's data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

HEADING = re.compile(r"^\s*(?P<nomor>\d{1,2}\.\d{1,2})\.?\s*(?P<judul>[A-Z(].{1,150})$")
_ITEM = re.compile(
    r"^(?P<indent>\s*)(?:[-•*]\s+)?(?P<marker>(?:\d{1,3}|[a-zA-Z]|[IVXLivxl]{1,5})[.)])\s+(?P<text>\S.*)$"
)
_BULLET = re.compile(r"^(?P<indent>\s*)[-•]\s+(?P<text>\S.*)$")
_INLINE = re.compile(r"(\*\*[^*]+\*\*|\*[^*\s][^*]*\*)")
_PLACE_DATE = re.compile(r"^[A-Z][\w .'-]{1,40},\s*(?:\d{1,2}\s+)?(?:[A-Za-z]+\s+)?\d{4}\s*$")
_TERMINAL = ".:;!?)\"'”"


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Block:
    """`jenis`: heading (a numbered section, `nomor` e.g. "2.1") | paragraph | item (a list item with `marker`
    ("•", "1.", "a)") at `level` 1, 2, …)."""

    jenis: str
    runs: tuple[Run, ...]
    nomor: str = ""
    marker: str = ""
    level: int = 0

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


def inline_runs(text: str) -> tuple[Run, ...]:
    """`Ditargetkan **93,66 %** (*Good Governance*)` → runs with bold/italic marks; unmatched stars stay text."""
    runs: list[Run] = []
    for part in _INLINE.split(text):
        if not part:
            continue
        if part.startswith("**") and part.endswith("**") and len(part) > 4:
            runs.append(Run(part[2:-2], bold=True))
        elif part.startswith("*") and part.endswith("*") and len(part) > 2:
            runs.append(Run(part[1:-1], italic=True))
        else:
            runs.append(Run(part))
    merged: list[Run] = []
    for run in runs:
        if merged and (merged[-1].bold, merged[-1].italic) == (run.bold, run.italic):
            merged[-1] = Run(merged[-1].text + run.text, run.bold, run.italic)
        else:
            merged.append(run)
    return tuple(merged)


def strip_signature(text: str, names: Iterable[str] = ()) -> str:
    """Leave out a trailing signature block: from the last "Tempat, [tanggal] tahun" line to the end, when what
    follows it names the signer (one of `names`) or carries "NIP"."""
    lines = text.rstrip().splitlines()
    wanted = [n.strip().lower() for n in names if n and n.strip()]
    for i in range(len(lines) - 1, -1, -1):
        if _PLACE_DATE.match(lines[i].strip()):
            tail = "\n".join(lines[i + 1 :]).lower()
            if "nip" in tail or any(n in tail for n in wanted):
                return "\n".join(lines[:i]).rstrip()
            break
    return text


def _paragraphs(text: str) -> list[str]:
    paras = [p.strip("\n") for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]
    joined: list[str] = []
    for p in paras:
        first = p.lstrip()
        prev = joined[-1].rstrip() if joined else ""
        cut = prev[-1:] not in _TERMINAL and (first[:1].islower() or (len(prev) > 150 and prev[-1:].isalpha()))
        if (
            joined
            and cut
            and first[:1].isalpha()
            and not _ITEM.match(p)
            and not _BULLET.match(p)
            and not HEADING.match(p)
        ):
            joined[-1] = joined[-1].rstrip() + " " + first
        else:
            joined.append(p)
    return joined


def _level(indent: str) -> int:
    return 2 if len(indent.replace("\t", "    ")) >= 1 else 1


def parse_blocks(text: str, *, bab: int | None = None, signer_names: Sequence[str] = ()) -> list[Block]:
    """Blocks of a chapter's text. With `bab`, only headings of that chapter ("2.x" in Bab II) are headings."""
    blocks: list[Block] = []
    for para in _paragraphs(strip_signature(text, signer_names)):
        lines = para.split("\n")
        pending: list[str] = []
        current: Block | None = None

        def flush() -> None:
            nonlocal current, pending
            if current is not None:
                blocks.append(current)
            elif pending:
                blocks.append(Block("paragraph", inline_runs(" ".join(s.strip() for s in pending))))
            current, pending = None, []

        for line in lines:
            if not line.strip():
                continue
            heading = HEADING.match(line)
            if heading and _is_heading(heading, bab, line):
                flush()
                nomor = heading.group("nomor")
                blocks.append(Block("heading", inline_runs(heading.group("judul").strip()), nomor=nomor, level=2))
                continue
            item = _ITEM.match(line)
            bullet = _BULLET.match(line) if item is None else None
            if item is not None or bullet is not None:
                flush()
                m = item or bullet
                assert m is not None
                marker = item.group("marker") if item is not None else "•"
                runs = inline_runs(m.group("text").strip())
                current = Block("item", runs, marker=marker, level=_level(m.group("indent")))
                continue
            if current is not None:
                # a continuation line of a list item
                runs = (*current.runs, Run(" "), *inline_runs(line.strip()))
                current = Block("item", runs, marker=current.marker, level=current.level)
                continue
            pending.append(line)
        flush()
    return blocks


def _is_heading(m: re.Match[str], bab: int | None, line: str) -> bool:
    judul = m.group("judul").strip()
    if bab is not None and not m.group("nomor").startswith(f"{bab}."):
        return False
    if judul.endswith((".", ",", ";")) or len(judul.split()) > 16:
        return False
    return not line.startswith((" ", "\t"))


def headings(blocks: Sequence[Block]) -> list[Block]:
    return [b for b in blocks if b.jenis == "heading"]
