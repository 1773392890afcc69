"""A small world for the workflow and permission tests: two pemda, three agencies, a user per role."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from renja.master.models import Level, Pemda, Peran, PerangkatDaerah
from renja.plans.models import Indikator, Pagu, PlanRow, Renja
from tests.factories import (
    IndikatorFactory,
    PaguFactory,
    PemdaFactory,
    PerangkatDaerahFactory,
    PeranPenggunaFactory,
    PlanRowFactory,
    RenjaFactory,
    TargetFactory,
    UserFactory,
)


@dataclass
class Plan:
    renja: Renja
    program: PlanRow
    sub: PlanRow
    indikator: Indikator
    pagu: Pagu


@dataclass
class World:
    pemda: Pemda
    pemda_lain: Pemda
    pd: PerangkatDaerah  # the PD roles' own agency
    pd_lain: PerangkatDaerah  # another agency of the same pemda
    pd_luar: PerangkatDaerah  # an agency of another pemda
    users: dict[str, AbstractBaseUser | AnonymousUser]


ROLES = ("perencana", "kepala_pd", "verifikator", "admin_pemda", "publik")


def make_plan(pd: PerangkatDaerah, tahun: int = 2024, versi: int = 1) -> Plan:
    renja = RenjaFactory(perangkat_daerah=pd, tahun=tahun, versi=versi, utama=versi == 1)
    program = PlanRowFactory(renja=renja, level=Level.PROGRAM, kode="2.13.04", nama="Program Administrasi Desa")
    sub = PlanRowFactory(renja=renja, parent=program, level=Level.KEGIATAN, kode="2.13.04.2.01", nama="Pembinaan")
    ind = IndikatorFactory(row=sub, nama="Jumlah desa yang dibina", satuan="Desa")
    TargetFactory(indikator=ind, tahun=tahun, nilai=Decimal("18"), teks="18")
    PaguFactory(row=program, tahun=tahun, jumlah=Decimal("1000000"), teks="1.000.000")
    pagu = PaguFactory(row=sub, tahun=tahun, jumlah=Decimal("1000000"), teks="1.000.000")
    return Plan(renja=renja, program=program, sub=sub, indikator=ind, pagu=pagu)


def make_world() -> World:
    pemda = PemdaFactory(kode="35.20", nama="Pemerintah Kabupaten Magetan")
    pemda_lain = PemdaFactory(kode="35.21", nama="Pemerintah Kabupaten Ngawi")
    pd = PerangkatDaerahFactory(pemda=pemda, nama="Dinas Pemberdayaan Masyarakat dan Desa", singkatan="DPMD")
    pd_lain = PerangkatDaerahFactory(pemda=pemda, nama="Dinas Kesehatan", singkatan="DINKES")
    pd_luar = PerangkatDaerahFactory(pemda=pemda_lain, nama="DPMD Ngawi", singkatan="DPMDN")
    users: dict[str, AbstractBaseUser | AnonymousUser] = {
        "perencana": PeranPenggunaFactory(
            user=UserFactory(username="perencana"), peran=Peran.PERENCANA, pemda=pemda, perangkat_daerah=pd
        ).user,
        "kepala_pd": PeranPenggunaFactory(
            user=UserFactory(username="kepala"), peran=Peran.KEPALA_PD, pemda=pemda, perangkat_daerah=pd
        ).user,
        "verifikator": PeranPenggunaFactory(
            user=UserFactory(username="verifikator"), peran=Peran.VERIFIKATOR, pemda=pemda
        ).user,
        "admin_pemda": PeranPenggunaFactory(
            user=UserFactory(username="admin"), peran=Peran.ADMIN_PEMDA, pemda=pemda
        ).user,
        "publik": AnonymousUser(),
    }
    return World(pemda=pemda, pemda_lain=pemda_lain, pd=pd, pd_lain=pd_lain, pd_luar=pd_luar, users=users)
