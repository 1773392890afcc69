"""Audit events in the admin: searchable, never added, changed or deleted (by anyone, superusers included)."""

from __future__ import annotations

from django.contrib import admin

from renja.audit.models import AuditEvent
from renja.core.admin import ReadOnlyModelAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyModelAdmin):
    list_display = ("waktu", "actor_label", "source", "action", "model", "object_pk", "object_repr")
    list_filter = ("source", "action", "model")
    search_fields = ("object_repr", "object_pk", "actor_label", "model")
    date_hierarchy = "waktu"
    show_full_result_count = False
