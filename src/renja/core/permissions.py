"""Who may see what, from the user's roles (`PeranPengguna`).

- A perencana or kepala PD sees the plans of the agency the role names (a PD role without an agency sees
  nothing).
- A verifikator or admin pemda sees the plans of every agency of the role's pemda.
- A superuser sees everything. An anonymous or inactive user sees nothing.

Selectors filter with `user_scope`; views and selectors ask `can_view_renja`. The scope is read once per user
object (one query) and kept on it for the rest of the request.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q

from renja.master.models import Peran, PeranPengguna

if TYPE_CHECKING:
    from renja.plans.models import Renja

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
        roles = PeranPengguna.objects.filter(user_id=user.pk).values_list("peran", "pemda_id", "perangkat_daerah_id")
        for peran, pemda_id, pd_id in roles:
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
