"""The stage gate of a Renja: which step (ajukan, kembalikan, setujui, kunci, buka) is allowed now, and if not,
why — in words a user can act on.

    draf ──ajukan──▶ diajukan ──setujui──▶ disetujui
      ▲                 │  ▲                   │
      │            kembalikan (alasan)     kembalikan (alasan)
      │                 ▼  │                   │
      └──────────── dikembalikan ◀─────────────┘   (ajukan again after the fix)

    kunci: any status, by Bappeda (or the end of the stage's window) → immutable until `buka` (with a reason),
    which returns the Renja for revision.

Pure: no Django. The caller says which roles the actor holds for this Renja (`PERAN_*`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from enum import StrEnum


class Status(StrEnum):
    DRAF = "draf"
    DIAJUKAN = "diajukan"
    DIKEMBALIKAN = "dikembalikan"
    DISETUJUI = "disetujui"


class Aksi(StrEnum):
    AJUKAN = "ajukan"
    KEMBALIKAN = "kembalikan"
    SETUJUI = "setujui"
    KUNCI = "kunci"
    BUKA = "buka"


PERAN_PERENCANA = "perencana"
PERAN_KEPALA = "kepala_pd"
PERAN_VERIFIKATOR = "verifikator"

STATUS_LABEL = {
    Status.DRAF: "draf",
    Status.DIAJUKAN: "diajukan",
    Status.DIKEMBALIKAN: "dikembalikan untuk perbaikan",
    Status.DISETUJUI: "disetujui kepala PD",
}

AKSI_LABEL = {
    Aksi.AJUKAN: "Ajukan untuk verifikasi",
    Aksi.KEMBALIKAN: "Kembalikan untuk perbaikan",
    Aksi.SETUJUI: "Setujui",
    Aksi.KUNCI: "Kunci tahapan",
    Aksi.BUKA: "Buka kunci tahapan",
}

# who may take each step, and from which statuses
_PERAN = {
    Aksi.AJUKAN: frozenset({PERAN_PERENCANA}),
    Aksi.KEMBALIKAN: frozenset({PERAN_VERIFIKATOR, PERAN_KEPALA}),
    Aksi.SETUJUI: frozenset({PERAN_KEPALA}),
    Aksi.KUNCI: frozenset({PERAN_VERIFIKATOR}),
    Aksi.BUKA: frozenset({PERAN_VERIFIKATOR}),
}
_PERAN_LABEL = {
    PERAN_PERENCANA: "perencana perangkat daerah ini",
    PERAN_KEPALA: "kepala perangkat daerah ini",
    PERAN_VERIFIKATOR: "verifikator Bappeda",
}
_DARI = {
    Aksi.AJUKAN: frozenset({Status.DRAF, Status.DIKEMBALIKAN}),
    Aksi.KEMBALIKAN: frozenset({Status.DIAJUKAN, Status.DISETUJUI}),
    Aksi.SETUJUI: frozenset({Status.DIAJUKAN}),
    Aksi.KUNCI: frozenset(Status),
    Aksi.BUKA: frozenset(Status),
}
_PERLU_ALASAN = frozenset({Aksi.KEMBALIKAN, Aksi.BUKA})


@dataclass(frozen=True)
class Keadaan:
    """What the gate needs to know about the Renja now."""

    status: str
    terkunci: bool
    kunci_jadwal: str = ""  # non-empty: the stage's window ended or the stage is locked for the pemda (why)
    jadwal_belum_mulai: str = ""  # non-empty: the window has not opened yet (why)


@dataclass(frozen=True)
class Keputusan:
    aksi: Aksi
    boleh: bool
    alasan: str  # why it is blocked ("" when allowed)
    ke: str  # the status after the step
    perlu_alasan: bool  # the step needs a written reason
    label: str

    def __bool__(self) -> bool:
        return self.boleh


def _tolak(aksi: Aksi, keadaan: Keadaan, alasan: str) -> Keputusan:
    return Keputusan(
        aksi=aksi,
        boleh=False,
        alasan=alasan,
        ke=keadaan.status,
        perlu_alasan=aksi in _PERLU_ALASAN,
        label=AKSI_LABEL[aksi],
    )


def _ke(aksi: Aksi, status: str) -> str:
    if aksi is Aksi.AJUKAN:
        return Status.DIAJUKAN
    if aksi is Aksi.SETUJUI:
        return Status.DISETUJUI
    if aksi in (Aksi.KEMBALIKAN, Aksi.BUKA):
        return Status.DIKEMBALIKAN
    return status


def putuskan(aksi: Aksi | str, keadaan: Keadaan, peran: Collection[str], alasan: str = "") -> Keputusan:
    """May an actor holding `peran` take `aksi` now? `alasan` is the reason they wrote (required to return a
    Renja or to open a locked stage). Pass `alasan=None`-like "" to ask only whether the step is open."""
    aksi = Aksi(aksi)
    boleh_peran = _PERAN[aksi]
    if not boleh_peran & set(peran):
        siapa = " atau ".join(_PERAN_LABEL[p] for p in sorted(boleh_peran))
        return _tolak(aksi, keadaan, f"Langkah '{AKSI_LABEL[aksi]}' hanya dapat dilakukan oleh {siapa}.")
    if aksi is Aksi.BUKA:
        if not keadaan.terkunci:
            return _tolak(aksi, keadaan, "Tahapan ini tidak terkunci; tidak ada yang perlu dibuka.")
        if keadaan.kunci_jadwal:
            return _tolak(aksi, keadaan, f"{keadaan.kunci_jadwal} Kunci Renja tidak dapat dibuka sebelum itu.")
    else:
        if keadaan.terkunci:
            return _tolak(
                aksi,
                keadaan,
                "Tahapan ini sudah dikunci: tidak ada langkah lain sampai verifikator Bappeda membukanya "
                "(atau buat Renja Perubahan).",
            )
        if keadaan.kunci_jadwal and aksi is not Aksi.KUNCI:
            return _tolak(aksi, keadaan, keadaan.kunci_jadwal)
    if aksi is Aksi.AJUKAN and keadaan.jadwal_belum_mulai:
        return _tolak(aksi, keadaan, keadaan.jadwal_belum_mulai)
    status = Status(keadaan.status)
    if status not in _DARI[aksi]:
        dari = " atau ".join(STATUS_LABEL[s] for s in Status if s in _DARI[aksi])
        return _tolak(
            aksi,
            keadaan,
            f"Renja ini berstatus {STATUS_LABEL[status]}; langkah '{AKSI_LABEL[aksi]}' hanya dapat dilakukan "
            f"bila statusnya {dari}.",
        )
    if aksi in _PERLU_ALASAN and not alasan.strip():
        return Keputusan(
            aksi=aksi,
            boleh=False,
            alasan=f"Tuliskan alasannya: langkah '{AKSI_LABEL[aksi]}' wajib disertai alasan.",
            ke=_ke(aksi, keadaan.status),
            perlu_alasan=True,
            label=AKSI_LABEL[aksi],
        )
    return Keputusan(
        aksi=aksi,
        boleh=True,
        alasan="",
        ke=_ke(aksi, keadaan.status),
        perlu_alasan=aksi in _PERLU_ALASAN,
        label=AKSI_LABEL[aksi],
    )


def langkah_terbuka(keadaan: Keadaan, peran: Collection[str]) -> list[Keputusan]:
    """Every step, each with whether this actor could take it now (a reason to be written aside) and why not."""
    hasil = []
    for aksi in Aksi:
        keputusan = putuskan(aksi, keadaan, peran, alasan="-" if aksi in _PERLU_ALASAN else "")
        hasil.append(keputusan)
    return hasil
