"""Writes to master data (pemda, perangkat daerah, users' roles, sumber dana, wilayah)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from renja.audit.services import Actor, audit_record
from renja.core.errors import PermissionDenied, RenjaError
from renja.core.permissions import can_admin_pemda
from renja.core.services import create_audited, delete_audited, update_audited
from renja.master.models import Pemda, Peran, PerangkatDaerah, PeranPengguna


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
) -> User:
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
    assert isinstance(user, User)
    return user


# --- users and roles (`renja pengguna`; the web may call the same functions) ------------------------------------
#
# Who may manage users: a superuser, or the admin pemda of the pemda the role (or the user's roles) belong to;
# `actor=None` is the operator at the server's shell (the CLI without --sebagai). The audit event of a user never
# carries the password hash: only the fields below, and "password": "diubah" when it changed.

_USER_AUDIT_FIELDS = ("username", "email", "first_name", "is_active", "is_staff", "is_superuser")


def _user_fields(user: User) -> dict[str, object]:
    return {name: getattr(user, name) for name in _USER_AUDIT_FIELDS}


def _pemda_ids_of(user: User) -> set[int]:
    return set(PeranPengguna.objects.filter(user=user).values_list("pemda_id", flat=True))


def _ensure_user_admin(actor: Actor, *, pemda_ids: set[int], apa: str) -> None:
    """Refuse unless `actor` is the system, a superuser, or admin pemda of one of `pemda_ids`."""
    if actor is None or (getattr(actor, "is_superuser", False) and actor.is_active):
        return
    if pemda_ids and any(can_admin_pemda(actor, pemda_id) for pemda_id in sorted(pemda_ids)):
        return
    raise PermissionDenied(
        f"Anda tidak berhak {apa}: hanya admin pemda dari pemda pengguna itu (atau superuser) yang dapat "
        "mengelola pengguna dan peran. Minta admin pemda Anda melakukannya."
    )


def _check_password(password: str, user: User | None) -> None:
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise RenjaError(
            "Kata sandi ditolak: " + " ".join(str(m) for m in exc.messages) + " Pilih kata sandi lain.",
            field="password",
        ) from exc


def _audit_user(
    user: User,
    *,
    action: str,
    before: dict[str, object] | None,
    actor: Actor,
    source: str,
    context: dict[str, object] | None = None,
    after: dict[str, object] | None = None,
) -> None:
    audit_record(
        actor=actor,
        source=source,
        action=action,
        obj=user,
        before=before,
        after=after if after is not None else _user_fields(user),
        context=context,
    )


@transaction.atomic
def user_create(*, username: str, password: str, email: str = "", nama: str = "", actor: Actor, source: str) -> User:
    """Create a login with no role yet (add one with `user_role_add`). Refuses a name already taken."""
    _ensure_user_admin(actor, pemda_ids=set(_admin_pemda_ids(actor)), apa="membuat pengguna")
    username = username.strip()
    if not username:
        raise RenjaError("Nama pengguna kosong: tuliskan nama login, mis. perencana.dpmd.", field="username")
    user_model = get_user_model()
    if user_model.objects.filter(username__iexact=username).exists():
        raise RenjaError(
            f"Nama pengguna '{username}' sudah dipakai. Pilih nama lain, atau ubah pengguna yang ada "
            "(renja pengguna peran tambah / sandi).",
            field="username",
        )
    user = user_model(username=username, email=email.strip(), first_name=nama.strip())
    assert isinstance(user, User)
    _check_password(password, user)
    user.set_password(password)
    try:
        user.full_clean()
    except ValidationError as exc:  # a name with spaces, a bad e-mail, …
        messages = getattr(exc, "messages", [str(exc)])
        raise RenjaError("Pengguna tidak dibuat: " + " ".join(str(m) for m in messages)) from exc
    user.save()
    _audit_user(user, action="create", before=None, actor=actor, source=source)
    return user


def _admin_pemda_ids(actor: Actor) -> list[int]:
    """The pemda where `actor` is admin pemda (empty for the system and for other users)."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return []
    return list(
        PeranPengguna.objects.filter(user_id=int(actor.pk or 0), peran="admin_pemda").values_list("pemda_id", flat=True)
    )


def _role_scope(*, peran: str, pemda: Pemda, perangkat_daerah: PerangkatDaerah | None) -> None:
    if peran not in Peran.values:
        raise RenjaError(f"Peran '{peran}' tidak dikenal. Pilih salah satu: {', '.join(Peran.values)}.", field="peran")
    pd_role = peran in (Peran.PERENCANA, Peran.KEPALA_PD)
    if pd_role and perangkat_daerah is None:
        raise RenjaError(
            f"Peran {Peran(peran).label} berlaku untuk satu perangkat daerah: sebutkan perangkat daerahnya "
            "(--pd KODE).",
            field="perangkat_daerah",
        )
    if not pd_role and perangkat_daerah is not None:
        raise RenjaError(
            f"Peran {Peran(peran).label} berlaku untuk seluruh pemda, bukan satu perangkat daerah: hilangkan --pd.",
            field="perangkat_daerah",
        )
    if perangkat_daerah is not None and perangkat_daerah.pemda_id != pemda.pk:
        raise RenjaError(
            f"{perangkat_daerah} bukan perangkat daerah {pemda}. Periksa kode pemda dan kode perangkat daerah.",
            field="perangkat_daerah",
        )


@transaction.atomic
def user_role_add(
    *,
    user: User,
    peran: str,
    pemda: Pemda,
    perangkat_daerah: PerangkatDaerah | None = None,
    actor: Actor,
    source: str,
) -> PeranPengguna:
    """Give `user` a role in a pemda (PD roles: in one agency). Adding a role the user already has is a no-op.
    The admin pemda role also opens the admin site (`is_staff`)."""
    _ensure_user_admin(actor, pemda_ids={pemda.pk}, apa="menambah peran")
    _role_scope(peran=peran, pemda=pemda, perangkat_daerah=perangkat_daerah)
    existing = PeranPengguna.objects.filter(
        user=user, peran=peran, pemda=pemda, perangkat_daerah=perangkat_daerah
    ).first()
    if existing is not None:
        return existing
    role = create_audited(
        PeranPengguna(user=user, peran=peran, pemda=pemda, perangkat_daerah=perangkat_daerah),
        actor=actor,
        source=source,
        context={"user": user.username},
    )
    if peran == Peran.ADMIN_PEMDA and not user.is_staff:
        before = _user_fields(user)
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        _audit_user(
            user,
            action="update",
            before={"is_staff": before["is_staff"]},
            after={"is_staff": True},
            actor=actor,
            source=source,
        )
    return role


@transaction.atomic
def user_role_remove(
    *,
    user: User,
    peran: str,
    pemda: Pemda,
    perangkat_daerah: PerangkatDaerah | None = None,
    actor: Actor,
    source: str,
) -> None:
    """Take a role away from `user`. Refuses a role the user does not have (and says which roles it has)."""
    _ensure_user_admin(actor, pemda_ids={pemda.pk}, apa="menghapus peran")
    role = PeranPengguna.objects.filter(user=user, peran=peran, pemda=pemda, perangkat_daerah=perangkat_daerah).first()
    if role is None:
        punya = (
            ", ".join(
                str(r) for r in PeranPengguna.objects.filter(user=user).select_related("pemda", "perangkat_daerah")
            )
            or "belum ada"
        )
        raise RenjaError(
            f"Pengguna {user.username} tidak memegang peran {peran} di "
            f"{perangkat_daerah or pemda}. Peran yang dipegangnya: {punya}.",
            field="peran",
        )
    delete_audited(role, actor=actor, source=source, context={"user": user.username})


@transaction.atomic
def user_set_active(*, user: User, aktif: bool, actor: Actor, source: str) -> User:
    """Deactivate a login (it can no longer sign in; its history stays) or activate it again."""
    _ensure_user_admin(actor, pemda_ids=_pemda_ids_of(user), apa="menonaktifkan atau mengaktifkan pengguna")
    if user.is_active == aktif:
        return user
    user.is_active = aktif
    user.save(update_fields=["is_active"])
    _audit_user(
        user, action="update", before={"is_active": not aktif}, after={"is_active": aktif}, actor=actor, source=source
    )
    return user


@transaction.atomic
def user_set_password(*, user: User, password: str, actor: Actor, source: str) -> User:
    """Set a new password (validated by the project's password rules). The audit says that it changed, never
    the password or its hash."""
    _ensure_user_admin(actor, pemda_ids=_pemda_ids_of(user), apa="mengganti kata sandi pengguna")
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    _audit_user(user, action="update", before=None, after={"password": "diubah"}, actor=actor, source=source)
    return user
