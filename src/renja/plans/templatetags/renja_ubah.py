"""Small helpers for the editing templates: `{% load renja_ubah %}`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Mapping[Any, Any] | None, key: Any) -> Any:
    """`{{ counts|get_item:row.id }}` → counts[row.id], or None."""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def punya_peran_pemda(user: Any) -> bool:
    """Does the user hold a pemda-wide role (verifikator, admin pemda) or is a superuser? (for the menu)"""
    from renja.core.permissions import PEMDA_ROLES, user_roles

    if not getattr(user, "is_authenticated", False):
        return False
    if getattr(user, "is_superuser", False):
        return True
    return any(peran in PEMDA_ROLES for peran, _, _ in user_roles(user))
