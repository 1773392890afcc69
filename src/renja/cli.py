"""The `renja` console command: a thin front over Django's management commands.

`renja demo`, `renja import PATH`, `renja export ...`, `renja nomenklatur import PATH`, `renja wilayah import PATH`,
and every other management command (`renja migrate`, `renja runserver 127.0.0.1:8001`, `renja createsuperuser`).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renja.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        args = ["help"]
    execute_from_command_line(["renja", *args])


if __name__ == "__main__":  # pragma: no cover
    main()
