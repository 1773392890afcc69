"""factory_boy factories for tests. Tests may create rows directly; the product never does (services do)."""

from __future__ import annotations

from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from renja.master.models import Level, Nomenklatur, NomenklaturVersi, Pemda, PerangkatDaerah, PeranPengguna
from renja.plans.models import Indikator, JenisIndikator, Pagu, PlanRow, Renja, Tahapan, Target


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("rahasia-123")


class PemdaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pemda
        django_get_or_create = ("kode",)

    kode = "35.20"
    nama = "Pemerintah Kabupaten Magetan"


class PerangkatDaerahFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PerangkatDaerah

    pemda = factory.SubFactory(PemdaFactory)
    kode = factory.Sequence(lambda n: f"2.13.0.00.0.00.{n + 1:02d}.0000")
    nama = factory.Sequence(lambda n: f"Dinas Contoh {n}")
    singkatan = factory.Sequence(lambda n: f"DC{n}")
    bidang_kode = "2.13"


class PeranPenggunaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PeranPengguna

    user = factory.SubFactory(UserFactory)
    peran = "perencana"
    pemda = factory.SubFactory(PemdaFactory)
    perangkat_daerah = None


class NomenklaturVersiFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NomenklaturVersi
        django_get_or_create = ("kode",)

    kode = "uji"
    nama = "Nomenklatur uji"


class NomenklaturFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomenklatur

    versi = factory.SubFactory(NomenklaturVersiFactory)
    jenis_pemda = "kabkota"
    level = Level.SUB_KEGIATAN
    kode = factory.Sequence(lambda n: f"2.13.04.2.01.{n + 1:04d}")
    nama = factory.Sequence(lambda n: f"Sub kegiatan {n}")
    nama_kunci = factory.LazyAttribute(lambda o: o.nama.lower())


class RenjaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Renja

    perangkat_daerah = factory.SubFactory(PerangkatDaerahFactory)
    tahun = 2024
    tahapan = Tahapan.RANCANGAN_AKHIR
    versi = 1
    utama = True


class PlanRowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanRow

    renja = factory.SubFactory(RenjaFactory)
    level = Level.PROGRAM
    kode = ""
    nama = factory.Sequence(lambda n: f"Program {n}")
    urutan = factory.Sequence(lambda n: n)


class IndikatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indikator

    row = factory.SubFactory(PlanRowFactory)
    jenis = JenisIndikator.OUTPUT
    nama = factory.Sequence(lambda n: f"Jumlah dokumen {n}")
    satuan = "Dokumen"


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    indikator = factory.SubFactory(IndikatorFactory)
    tahun = 2024
    nilai = Decimal("4")
    teks = "4 Dokumen"


class PaguFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pagu

    row = factory.SubFactory(PlanRowFactory)
    tahun = 2024
    jumlah = Decimal("1000000")
    teks = "1.000.000"
