"""Fixtures of the CLI tests: one agency's Renja and the four roles of the demo."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import AbstractUser
from django.core.management import call_command

from renja.plans.models import Renja
from tests.evaluasi.builders import Rencana, build_rencana
from tests.factories import PeranPenggunaFactory, UserFactory


@dataclass
class Dunia:
    rencana: Rencana
    renja: Renja
    perencana: AbstractUser
    kepala: AbstractUser
    verifikator: AbstractUser
    admin: AbstractUser

    @property
    def pd(self) -> str:
        return self.renja.perangkat_daerah.kode


@pytest.fixture
def dunia(db: Any) -> Dunia:
    rencana = build_rencana()
    renja = rencana.renja
    pd = renja.perangkat_daerah
    users = {}
    for name, peran, scoped in (
        ("perencana", "perencana", True),
        ("kepala", "kepala_pd", True),
        ("verifikator", "verifikator", False),
        ("admin", "admin_pemda", False),
    ):
        user = UserFactory(username=name)
        PeranPenggunaFactory(user=user, peran=peran, pemda=pd.pemda, perangkat_daerah=pd if scoped else None)
        users[name] = user
    return Dunia(rencana=rencana, renja=renja, **users)


def run(name: str, *args: str, **kwargs: Any) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out, stderr=io.StringIO(), **kwargs)
    return out.getvalue()
