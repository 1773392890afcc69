"""Helpers every service uses: validate, save, audit — in that order, inside the caller's transaction."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models

from renja.audit.services import Actor, audit_record, snapshot

M = TypeVar("M", bound=models.Model)


def create_audited(obj: M, *, actor: Actor, source: str, context: dict[str, Any] | None = None) -> M:
    obj.full_clean()
    obj.save()
    audit_record(actor=actor, source=source, action="create", obj=obj, after=snapshot(obj), context=context)
    return obj


def update_audited(
    obj: M, changes: dict[str, Any], *, actor: Actor, source: str, context: dict[str, Any] | None = None
) -> M:
    """Apply `changes` to `obj`; audit only when something really changed."""
    before = snapshot(obj)
    for name, value in changes.items():
        setattr(obj, name, value)
    obj.full_clean()
    after = snapshot(obj)
    if after != before:
        obj.save()
        diff_before = {k: v for k, v in before.items() if after.get(k) != v}
        diff_after = {k: after[k] for k in diff_before}
        audit_record(
            actor=actor,
            source=source,
            action="update",
            obj=obj,
            before=diff_before,
            after=diff_after,
            context=context,
        )
    return obj


def delete_audited(obj: models.Model, *, actor: Actor, source: str, context: dict[str, Any] | None = None) -> None:
    before = snapshot(obj)
    label = obj._meta.label
    repr_ = str(obj)
    pk = obj.pk
    obj.delete()
    audit_record(
        actor=actor,
        source=source,
        action="delete",
        model=label,
        before=before,
        context=context,
        object_pk=str(pk),
        object_repr=repr_,
    )
