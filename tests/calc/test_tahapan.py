"""The stage gate (pure): who may take which step from which status, and why not — in words."""

from __future__ import annotations

import pytest

from renja.calc.tahapan import (
    PERAN_KEPALA,
    PERAN_PERENCANA,
    PERAN_VERIFIKATOR,
    Aksi,
    Keadaan,
    Status,
    langkah_terbuka,
    putuskan,
)

SEMUA = {PERAN_PERENCANA, PERAN_KEPALA, PERAN_VERIFIKATOR}


@pytest.mark.parametrize(
    ("aksi", "dari", "ke", "peran"),
    [
        (Aksi.AJUKAN, Status.DRAF, Status.DIAJUKAN, PERAN_PERENCANA),
        (Aksi.AJUKAN, Status.DIKEMBALIKAN, Status.DIAJUKAN, PERAN_PERENCANA),
        (Aksi.KEMBALIKAN, Status.DIAJUKAN, Status.DIKEMBALIKAN, PERAN_VERIFIKATOR),
        (Aksi.KEMBALIKAN, Status.DISETUJUI, Status.DIKEMBALIKAN, PERAN_KEPALA),
        (Aksi.SETUJUI, Status.DIAJUKAN, Status.DISETUJUI, PERAN_KEPALA),
        (Aksi.KUNCI, Status.DISETUJUI, Status.DISETUJUI, PERAN_VERIFIKATOR),
        (Aksi.KUNCI, Status.DRAF, Status.DRAF, PERAN_VERIFIKATOR),
    ],
)
def test_allowed_steps_and_where_they_lead(aksi: Aksi, dari: Status, ke: Status, peran: str) -> None:
    keputusan = putuskan(aksi, Keadaan(status=dari, terkunci=False), {peran}, alasan="perlu diperbaiki")

    assert keputusan.boleh, keputusan.alasan
    assert keputusan.ke == ke
    assert keputusan.alasan == ""


def test_opening_a_locked_stage_returns_it_for_revision() -> None:
    keputusan = putuskan(Aksi.BUKA, Keadaan(status=Status.DISETUJUI, terkunci=True), {PERAN_VERIFIKATOR}, "salah pagu")

    assert keputusan.boleh
    assert keputusan.ke == Status.DIKEMBALIKAN


@pytest.mark.parametrize(
    ("aksi", "peran", "kata"),
    [
        (Aksi.AJUKAN, PERAN_KEPALA, "perencana perangkat daerah ini"),
        (Aksi.SETUJUI, PERAN_PERENCANA, "kepala perangkat daerah ini"),
        (Aksi.SETUJUI, PERAN_VERIFIKATOR, "kepala perangkat daerah ini"),
        (Aksi.KUNCI, PERAN_PERENCANA, "verifikator Bappeda"),
        (Aksi.KEMBALIKAN, PERAN_PERENCANA, "verifikator Bappeda"),
    ],
)
def test_a_step_outside_the_role_names_who_may_take_it(aksi: Aksi, peran: str, kata: str) -> None:
    keputusan = putuskan(aksi, Keadaan(status=Status.DIAJUKAN, terkunci=False), {peran}, alasan="x")

    assert not keputusan
    assert kata in keputusan.alasan


def test_a_step_from_the_wrong_status_says_which_status_it_needs() -> None:
    keputusan = putuskan(Aksi.SETUJUI, Keadaan(status=Status.DRAF, terkunci=False), SEMUA)

    assert not keputusan.boleh
    assert "berstatus draf" in keputusan.alasan
    assert "diajukan" in keputusan.alasan


@pytest.mark.parametrize("aksi", [Aksi.KEMBALIKAN, Aksi.BUKA])
def test_returning_or_opening_needs_a_written_reason(aksi: Aksi) -> None:
    keadaan = Keadaan(status=Status.DIAJUKAN, terkunci=aksi is Aksi.BUKA)

    tanpa = putuskan(aksi, keadaan, SEMUA, alasan="   ")
    dengan = putuskan(aksi, keadaan, SEMUA, alasan="Target 2.13.04 belum sesuai RKPD")

    assert not tanpa.boleh and tanpa.perlu_alasan
    assert "wajib disertai alasan" in tanpa.alasan
    assert dengan.boleh


def test_a_locked_stage_takes_no_step_but_opening() -> None:
    keadaan = Keadaan(status=Status.DISETUJUI, terkunci=True)

    for aksi in (Aksi.AJUKAN, Aksi.KEMBALIKAN, Aksi.SETUJUI, Aksi.KUNCI):
        keputusan = putuskan(aksi, keadaan, SEMUA, alasan="x")
        assert not keputusan.boleh
        assert "sudah dikunci" in keputusan.alasan


def test_an_ended_window_blocks_steps_and_opening_but_not_locking() -> None:
    habis = "Jadwal tahapan Rancangan 2024 berakhir 01-03-2024 00.00."
    terbuka = Keadaan(status=Status.DIAJUKAN, terkunci=False, kunci_jadwal=habis)
    terkunci = Keadaan(status=Status.DIAJUKAN, terkunci=True, kunci_jadwal=habis)

    assert putuskan(Aksi.KUNCI, terbuka, SEMUA).boleh
    assert putuskan(Aksi.SETUJUI, terbuka, SEMUA).alasan == habis
    buka = putuskan(Aksi.BUKA, terkunci, SEMUA, alasan="perpanjang")
    assert not buka.boleh
    assert habis in buka.alasan


def test_submitting_before_the_window_opens_is_refused_with_the_date() -> None:
    belum = "Tahapan Rancangan 2024 belum dibuka: jadwalnya mulai 01-02-2024 08.00."
    keputusan = putuskan(Aksi.AJUKAN, Keadaan(status=Status.DRAF, terkunci=False, jadwal_belum_mulai=belum), SEMUA)

    assert not keputusan.boleh
    assert keputusan.alasan == belum


def test_unlocking_an_open_stage_says_there_is_nothing_to_open() -> None:
    keputusan = putuskan(Aksi.BUKA, Keadaan(status=Status.DRAF, terkunci=False), SEMUA, alasan="x")

    assert not keputusan.boleh
    assert "tidak terkunci" in keputusan.alasan


def test_langkah_terbuka_lists_every_step_with_a_reason_when_blocked() -> None:
    langkah = langkah_terbuka(Keadaan(status=Status.DRAF, terkunci=False), {PERAN_PERENCANA})

    assert [k.aksi for k in langkah] == list(Aksi)
    boleh = {k.aksi for k in langkah if k.boleh}
    assert boleh == {Aksi.AJUKAN}
    assert all(k.alasan for k in langkah if not k.boleh)
