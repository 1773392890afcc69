"""No document crashes the checker: any cell of the clean document replaced by any text still gives a result,
and every finding has a registered code, a message and a place."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renja.checks.rules.temuan import REGISTRY, SEVERITIES
from tests.checks.documents import CLEAN, check_text

LINES = CLEAN.split("\n")
TABLE_LINES = [i for i, line in enumerate(LINES) if "\t" in line]
CELL_TEXT = st.one_of(
    st.text(alphabet=st.characters(blacklist_characters="\t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"), max_size=25),
    st.sampled_from(["-", "#VALUE!", "#DIV/0!", "1.2.3", "500,000,00 0", "-40", "0", "999999999999999999", "12 ; 7"]),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(line=st.sampled_from(TABLE_LINES), cell=st.integers(min_value=0, max_value=10), value=CELL_TEXT)
def test_any_cell_replaced_by_any_text_is_checked_without_crashing(line: int, cell: int, value: str) -> None:
    cells = LINES[line].split("\t")
    cells[cell % len(cells)] = value
    text = "\n".join([*LINES[:line], "\t".join(cells), *LINES[line + 1 :]])
    hasil = check_text(text)
    for t in hasil.temuan:
        assert t.kode in REGISTRY, t.kode
        assert t.severity in SEVERITIES and t.pesan
        assert t.lokasi.label()


@settings(max_examples=30, deadline=None)
@given(prose=st.text(max_size=300))
def test_any_prose_is_read_without_crashing(prose: str) -> None:
    text = CLEAN.replace("Dokumen ini terdiri dari lima bab.", prose.replace("\t", " "))
    hasil = check_text(text)
    assert all(t.kode in REGISTRY for t in hasil.temuan)
