"""Base classes for the Django admin.

- `AuditedModelAdmin`: master data edited in the admin is written through the audited helpers of
  `renja.core.services` (validate, save, audit), so an admin edit leaves the same audit trail as a service call.
- `ReadOnlyModelAdmin`: plans, usulan and audit events are browsed, never written, in the admin: their writes go
  through services (web forms, API, CLI, importers) that validate and audit them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from renja.core.services import create_audited, delete_audited, update_audited
from renja.core.types import Source

ADMIN_CONTEXT = {"via": "admin"}


class AuditedModelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def save_model(self, request: HttpRequest, obj: models.Model, form: ModelForm[Any], change: bool) -> None:
        if not change:
            create_audited(obj, actor=request.user, source=Source.WEB, context=ADMIN_CONTEXT)
            return
        original = type(obj)._default_manager.get(pk=obj.pk)
        changes = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if not f.primary_key}
        update_audited(original, changes, actor=request.user, source=Source.WEB, context=ADMIN_CONTEXT)

    def delete_model(self, request: HttpRequest, obj: models.Model) -> None:
        delete_audited(obj, actor=request.user, source=Source.WEB, context=ADMIN_CONTEXT)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            delete_audited(obj, actor=request.user, source=Source.WEB, context=ADMIN_CONTEXT)


class ReadOnlyModelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """View only: no add, change or delete, whoever asks (superusers included)."""

    def has_add_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False
