"""One error shape for the whole API: {"error": {"kode": ..., "pesan": ..., "rincian": ...}}."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from renja.core.errors import PermissionDenied, RenjaError, StageLocked

_KODE = {
    400: "permintaan_tidak_sah",
    401: "belum_masuk",
    403: "tidak_berhak",
    404: "tidak_ditemukan",
    405: "metode_tidak_diizinkan",
    406: "format_tidak_didukung",
    409: "konflik",
    415: "jenis_isi_tidak_didukung",
    429: "terlalu_banyak_permintaan",
}


def error_body(kode: str, pesan: str, rincian: Any = None) -> dict[str, Any]:
    body: dict[str, Any] = {"kode": kode, "pesan": pesan}
    if rincian is not None:
        body["rincian"] = rincian
    return {"error": body}


def _langkah_ditolak(exc: Exception) -> RenjaError | None:
    from renja.workflow.services import LangkahDitolak

    return exc if isinstance(exc, LangkahDitolak) else None


def renja_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, StageLocked):
        return Response(error_body("tahapan_terkunci", exc.message), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, PermissionDenied):
        return Response(error_body("tidak_berhak", exc.message), status=status.HTTP_403_FORBIDDEN)
    langkah = _langkah_ditolak(exc)
    if langkah is not None and not langkah.message.startswith("Tuliskan"):
        # a stage step that the Renja's current state does not allow (e.g. approve a draft): a conflict with
        # the state, like the web's 409; a missing reason ("Tuliskan alasannya ...", the same test as the
        # service's gate) is a validation error (400) like any other field
        return Response(error_body("langkah_ditolak", langkah.message), status=status.HTTP_409_CONFLICT)
    if isinstance(exc, RenjaError):
        return Response(
            error_body("tidak_valid", exc.message, {"field": exc.field} if exc.field else None),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, DjangoValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response(
            error_body("tidak_valid", "Data tidak sah; lihat rincian per kolom.", detail),
            status=status.HTTP_400_BAD_REQUEST,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    code = _KODE.get(response.status_code, "galat")
    data = response.data
    if isinstance(data, dict) and set(data) == {"detail"}:
        response.data = error_body(code, str(data["detail"]))
    else:
        response.data = error_body(code, "Data tidak sah; lihat rincian per kolom.", data)
    return response
