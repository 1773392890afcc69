"""Default settings: development and the embedded (SQLite) mode. See docs/settings.md."""

from .base import *  # noqa: F403
