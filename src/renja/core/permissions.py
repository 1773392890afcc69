"""Who may see and do what, from the user's roles (`PeranPengguna`). The services ask these functions before
every write (views ask them too, to show or hide a button, never instead of the service).

- perencana PD: sees its own agency's plans; writes its own agency's plan data (rows, indicators, targets,
  pagu, narrative, Renstra), submits the Renja, replies to notes.
- kepala PD: sees its own agency's plans; approves (or returns) its agency's submitted Renja, replies to notes.
- verifikator Bappeda: sees every agency of its pemda; writes verification notes, returns a stage with a
  reason, locks and opens stages.
- admin pemda: sees every agency of its pemda; sets the stage schedule (jadwal), the pagu ceilings and the
  pemda's ceiling setting.
- superuser: everything. publik (no login): approved Renja only (`is_public_renja`), writes nothing.

A PD role without an agency sees nothing. An anonymous or inactive user sees nothing behind the login.
Selectors filter with `user_scope`; views and selectors ask `can_view_renja`. The roles are read once per user
object (one query) and kept on it for the rest of the request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q

from renja.master.models import Peran, PeranPengguna

if TYPE_CHECKING:
    from renja.master.models import PerangkatDaerah
    from renja.plans.models import Renja, Renstra
    from renja.usulan.models import Usulan

User = AbstractBaseUser | AnonymousUser

PD_ROLES = frozenset({Peran.PERENCANA.value, Peran.KEPALA_PD.value})
PEMDA_ROLES = frozenset({Peran.VERIFIKATOR.value, Peran.ADMIN_PEMDA.value})

_CACHE_ATTR = "_renja_scope"
_ROLES_ATTR = "_renja_roles"


@dataclass(frozen=True)
class Scope:
    """The agencies a user may see: all of them, those of some pemda, or some agencies by id."""

    semua: bool = False
    pemda_ids: frozenset[int] = frozenset()
    perangkat_daerah_ids: frozenset[int] = frozenset()

    @property
    def kosong(self) -> bool:
        return not (self.semua or self.pemda_ids or self.perangkat_daerah_ids)

    def covers(self, *, pemda_id: int, perangkat_daerah_id: int) -> bool:
        return self.semua or pemda_id in self.pemda_ids or perangkat_daerah_id in self.perangkat_daerah_ids

    def renja_q(self, prefix: str = "") -> Q:
        """A filter on Renja (or, with `prefix`, on a model that points to one) limited to this scope."""
        if self.semua:
            return Q()
        if self.kosong:
            return Q(pk__in=[])
        return Q(**{f"{prefix}perangkat_daerah_id__in": sorted(self.perangkat_daerah_ids)}) | Q(
            **{f"{prefix}perangkat_daerah__pemda_id__in": sorted(self.pemda_ids)}
        )


def user_scope(user: User) -> Scope:
    cached = getattr(user, _CACHE_ATTR, None)
    if isinstance(cached, Scope):
        return cached
    if not user.is_authenticated or not user.is_active:
        return Scope()
    if getattr(user, "is_superuser", False):
        scope = Scope(semua=True)
    else:
        pemda_ids: set[int] = set()
        pd_ids: set[int] = set()
        for peran, pemda_id, pd_id in user_roles(user):
            if peran in PEMDA_ROLES:
                pemda_ids.add(pemda_id)
            elif peran in PD_ROLES and pd_id is not None:
                pd_ids.add(pd_id)
        scope = Scope(pemda_ids=frozenset(pemda_ids), perangkat_daerah_ids=frozenset(pd_ids))
    setattr(user, _CACHE_ATTR, scope)
    return scope


def can_view_renja(user: User, renja: Renja) -> bool:
    """True when one of the user's roles covers the Renja's agency (or the user is a superuser)."""
    scope = user_scope(user)
    if scope.semua:
        return True
    if scope.kosong:
        return False
    return scope.covers(pemda_id=renja.perangkat_daerah.pemda_id, perangkat_daerah_id=renja.perangkat_daerah_id)


def user_roles(user: User) -> tuple[tuple[str, int, int | None], ...]:
    """(peran, pemda_id, perangkat_daerah_id) of each role of the user; read once per user object."""
    cached = getattr(user, _ROLES_ATTR, None)
    if isinstance(cached, tuple):
        return cached
    if not user.is_authenticated or not user.is_active:
        return ()
    roles = tuple(PeranPengguna.objects.filter(user_id=user.pk).values_list("peran", "pemda_id", "perangkat_daerah_id"))
    setattr(user, _ROLES_ATTR, roles)
    return roles


def has_pd_role(user: User, peran: str, perangkat_daerah_id: int) -> bool:
    return any(p == peran and pd == perangkat_daerah_id for p, _, pd in user_roles(user))


def can_edit_renja(user: User, renja: Renja) -> bool:
    """Plan data (rows, indicators, targets, pagu, realisasi, narrative) is written by the agency's own perencana
    (and by a superuser). Locks are checked separately by the services."""
    if not user.is_authenticated or not user.is_active:
        return False
    if getattr(user, "is_superuser", False):
        return True
    return has_pd_role(user, Peran.PERENCANA.value, renja.perangkat_daerah_id)


def _active(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active)


def _superuser(user: User) -> bool:
    return _active(user) and bool(getattr(user, "is_superuser", False))


def has_pemda_role(user: User, peran: str, pemda_id: int) -> bool:
    return any(p == peran and pemda == pemda_id for p, pemda, _ in user_roles(user))


def can_edit_renstra(user: User, renstra: Renstra) -> bool:
    """A Renstra (its rows, indicators and targets) is written by the agency's own perencana (and a superuser)."""
    if _superuser(user):
        return True
    return _active(user) and has_pd_role(user, Peran.PERENCANA.value, renstra.perangkat_daerah_id)


def can_approve_renja(user: User, renja: Renja) -> bool:
    """The head of the agency approves (or returns) its own agency's Renja."""
    if _superuser(user):
        return True
    return _active(user) and has_pd_role(user, Peran.KEPALA_PD.value, renja.perangkat_daerah_id)


def can_submit_renja(user: User, renja: Renja) -> bool:
    """The agency's perencana submits its Renja for verification and approval."""
    return can_edit_renja(user, renja)


def can_verify_renja(user: User, renja: Renja) -> bool:
    """Bappeda's verifikator of the Renja's pemda writes notes, returns stages, locks and opens them."""
    if _superuser(user):
        return True
    return _active(user) and has_pemda_role(user, Peran.VERIFIKATOR.value, renja.perangkat_daerah.pemda_id)


def can_verify_pemda(user: User, pemda_id: int) -> bool:
    """Bappeda's verifikator of a pemda locks a stage for all its agencies."""
    if _superuser(user):
        return True
    return _active(user) and has_pemda_role(user, Peran.VERIFIKATOR.value, pemda_id)


def can_reply_note(user: User, renja: Renja) -> bool:
    """Replies to a verification note: the agency (perencana, kepala) and Bappeda (verifikator)."""
    return can_edit_renja(user, renja) or can_approve_renja(user, renja) or can_verify_renja(user, renja)


def can_admin_pemda(user: User, pemda_id: int) -> bool:
    """The admin pemda sets the stage schedule (jadwal), the pagu ceilings and the pemda's settings."""
    if _superuser(user):
        return True
    return _active(user) and has_pemda_role(user, Peran.ADMIN_PEMDA.value, pemda_id)


def can_see_pemda(user: User, pemda_id: int) -> bool:
    """The pemda-wide pages (dashboard, ceilings, schedule) are for Bappeda and the admin pemda."""
    if _superuser(user):
        return True
    return _active(user) and (
        has_pemda_role(user, Peran.VERIFIKATOR.value, pemda_id)
        or has_pemda_role(user, Peran.ADMIN_PEMDA.value, pemda_id)
    )


def is_public_renja(renja: Renja) -> bool:
    """The public (no login) reads a Renja only once the head of agency has approved it."""
    from renja.plans.models import StatusRenja

    return renja.status == StatusRenja.DISETUJUI


# --- usulan (community proposals, issue 7) ---------------------------------------------------------------


def can_view_usulan(user: User, usulan: Usulan) -> bool:
    """A proposal is seen by whoever sees its agency: the agency's own roles, Bappeda/admin of the pemda."""
    scope = user_scope(user)
    if scope.semua:
        return True
    if scope.kosong:
        return False
    pd = usulan.perangkat_daerah
    return scope.covers(pemda_id=pd.pemda_id, perangkat_daerah_id=pd.pk)


def can_edit_usulan(user: User, perangkat_daerah: PerangkatDaerah) -> bool:
    """Intake, edit and link to a plan row: the agency's perencana, the verifikator or admin of its pemda."""
    if _superuser(user):
        return True
    if not _active(user):
        return False
    return (
        has_pd_role(user, Peran.PERENCANA.value, perangkat_daerah.pk)
        or has_pemda_role(user, Peran.VERIFIKATOR.value, perangkat_daerah.pemda_id)
        or has_pemda_role(user, Peran.ADMIN_PEMDA.value, perangkat_daerah.pemda_id)
    )


def can_rekomendasi(user: User, usulan: Usulan, tingkat: str) -> bool:
    """The desa, kecamatan and agency levels are transcribed by the agency's perencana (and the admin pemda);
    the Bappeda/TAPD level by the verifikator or the admin of the pemda."""
    if _superuser(user):
        return True
    if not _active(user):
        return False
    pd = usulan.perangkat_daerah
    if has_pemda_role(user, Peran.ADMIN_PEMDA.value, pd.pemda_id):
        return True
    if tingkat == "bappeda":
        return has_pemda_role(user, Peran.VERIFIKATOR.value, pd.pemda_id)
    return has_pd_role(user, Peran.PERENCANA.value, pd.pk)
