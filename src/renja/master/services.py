"""Writes to master data (pemda, perangkat daerah, users' roles, sumber dana, wilayah)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractUser
from django.db import transaction

from renja.audit.services import Actor, audit_record
from renja.core.services import create_audited, update_audited
from renja.master.models import Pemda, PerangkatDaerah, PeranPengguna


@transaction.atomic
def pemda_get_or_create(*, kode: str, nama: str, jenis: str = "kabkota", actor: Actor, source: str) -> Pemda:
    existing = Pemda.objects.filter(kode=kode).first()
    if existing is not None:
        return existing
    return create_audited(Pemda(kode=kode, nama=nama, jenis=jenis), actor=actor, source=source)


@transaction.atomic
def perangkat_daerah_upsert(
    *, pemda: Pemda, nama: str, kode: str, actor: Actor, source: str, **fields: str
) -> PerangkatDaerah:
    """Find an agency by code (or by name within the pemda) and update its details, or create it."""
    existing = (
        PerangkatDaerah.objects.filter(pemda=pemda, kode=kode).first()
        or PerangkatDaerah.objects.filter(pemda=pemda, nama__iexact=nama).first()
    )
    if existing is not None:
        changes = {k: v for k, v in fields.items() if v}
        return update_audited(existing, changes, actor=actor, source=source) if changes else existing
    return create_audited(PerangkatDaerah(pemda=pemda, nama=nama, kode=kode, **fields), actor=actor, source=source)


@transaction.atomic
def user_create_with_role(
    *,
    username: str,
    password: str,
    peran: str,
    pemda: Pemda,
    perangkat_daerah: PerangkatDaerah | None = None,
    first_name: str = "",
    is_superuser: bool = False,
    actor: Actor,
    source: str,
) -> AbstractUser:
    """Create (or reset) a user with one role; used by `renja demo` and the `renja pengguna` command."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    created = user is None
    if user is None:
        user = user_model(username=username)
    user.first_name = first_name
    user.is_superuser = is_superuser
    user.is_staff = is_superuser or peran == "admin_pemda"
    user.set_password(password)
    user.save()
    audit_record(
        actor=actor,
        source=source,
        action="create" if created else "update",
        obj=user,
        after={"username": username, "peran": peran, "is_superuser": is_superuser},
    )
    role = PeranPengguna.objects.filter(user=user, peran=peran, pemda=pemda, perangkat_daerah=perangkat_daerah).first()
    if role is None:
        create_audited(
            PeranPengguna(user=user, peran=peran, pemda=pemda, perangkat_daerah=perangkat_daerah),
            actor=actor,
            source=source,
        )
    assert isinstance(user, AbstractUser)
    return user
