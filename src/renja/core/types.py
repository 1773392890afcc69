"""Small shared types used by every layer above the domain."""

from __future__ import annotations

from django.db import models


class Source(models.TextChoices):
    """Where a write came from; recorded on every audit event."""

    WEB = "web", "web"
    API = "api", "api"
    CLI = "cli", "cli"
    IMPORT = "import", "import"
    SYSTEM = "system", "sistem"
