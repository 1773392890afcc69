"""Template helpers of the evaluation pages: `{% load evaluasi %}`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Mapping[Any, Any], key: Any) -> Any:
    """`{{ table.judul|get_item:8 }}`: a mapping's value by key (None when absent)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
