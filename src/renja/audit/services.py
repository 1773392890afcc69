"""The audit trail: every service calls `audit_record` inside its transaction."""

from __future__ import annotations

import datetime as dt
import decimal
from typing import Any, cast

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models

from renja.audit.models import AuditEvent

Actor = AbstractBaseUser | AnonymousUser | None


def _jsonable(value: Any) -> Any:
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


def snapshot(obj: models.Model) -> dict[str, Any]:
    """The concrete field values of a model instance, JSON-ready (FKs by id)."""
    data: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        data[field.attname] = _jsonable(getattr(obj, field.attname))
    return data


def actor_user(actor: Actor) -> Any:
    """The user to store on a record (None for the system or an anonymous visitor)."""
    if actor is not None and getattr(actor, "is_authenticated", False):
        return cast(Any, actor)
    return None


def audit_record(
    *,
    actor: Actor,
    source: str,
    action: str,
    obj: models.Model | None = None,
    model: str | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    context: dict[str, Any] | None = None,
    object_pk: str | None = None,
    object_repr: str | None = None,
) -> AuditEvent:
    user = actor_user(actor)
    label = getattr(user, "username", "") if user is not None else "sistem"
    return AuditEvent.objects.create(
        actor=user,
        actor_label=label,
        source=source,
        action=action,
        model=model or (obj._meta.label if obj is not None else ""),
        object_pk=object_pk if object_pk is not None else (str(obj.pk) if obj is not None and obj.pk else ""),
        object_repr=(object_repr if object_repr is not None else (str(obj) if obj is not None else ""))[:300],
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        context=_jsonable(context or {}),
    )
