"""The REST API: reads scoped by the user's roles, writes through the same services as the web and CLI."""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Q, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from renja.api import serializers as s
from renja.core.permissions import Scope, user_roles, user_scope
from renja.core.types import Source
from renja.master.models import Pemda, Peran, PerangkatDaerah
from renja.plans import services as plan_services
from renja.plans.models import Indikator, Pagu, PlanRow, Realisasi, Renja, Renstra, Target
from renja.usulan.models import Usulan
from renja.usulan.services import usulan_create

_ID = re.compile(r"[0-9]{1,18}")


def _scoped(scope: Scope, *prefixes: str) -> Q:
    if scope.semua:
        return Q()
    q = Q(pk__in=[])
    for prefix in prefixes:
        q |= scope.renja_q(prefix)
    return q


class _Scoped(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):  # type: ignore[misc]
    permission_classes = [IsAuthenticated]
    lookup_value_regex = r"[0-9]{1,18}"  # a 64-bit id; anything else is a 404 at routing
    scope_prefixes: tuple[str, ...] = ("",)
    filter_fields: dict[str, str] = {}  # query parameter -> ORM lookup (all integers)

    def base_queryset(self) -> QuerySet[Any]:
        raise NotImplementedError  # pragma: no cover - every subclass defines it

    def get_queryset(self) -> QuerySet[Any]:
        qs = self.base_queryset().filter(_scoped(user_scope(self.request.user), *self.scope_prefixes))
        for param, lookup in self.filter_fields.items():
            value = self.request.query_params.get(param)
            if value is None or value == "":
                continue
            if not _ID.fullmatch(value):
                from rest_framework.exceptions import ValidationError

                raise ValidationError({param: [f"'{value}' bukan bilangan bulat."]})
            qs = qs.filter(**{lookup: int(value)})
        return qs.order_by("pk")


def _int_params(*names: str) -> list[Any]:
    from drf_spectacular.utils import OpenApiParameter

    return [OpenApiParameter(n, int, required=False) for n in names]


class PemdaViewSet(_Scoped):
    serializer_class = s.PemdaSerializer

    def base_queryset(self) -> QuerySet[Pemda]:
        return Pemda.objects.all()

    def get_queryset(self) -> QuerySet[Pemda]:
        scope = user_scope(self.request.user)
        qs = Pemda.objects.all()
        if not scope.semua:
            qs = qs.filter(Q(pk__in=scope.pemda_ids) | Q(perangkat_daerah__in=scope.perangkat_daerah_ids)).distinct()
        return qs.order_by("pk")


@extend_schema(parameters=_int_params("pemda"))
class PerangkatDaerahViewSet(_Scoped):
    serializer_class = s.PerangkatDaerahSerializer
    filter_fields = {"pemda": "pemda_id"}

    def base_queryset(self) -> QuerySet[PerangkatDaerah]:
        return PerangkatDaerah.objects.all()

    def get_queryset(self) -> QuerySet[PerangkatDaerah]:
        scope = user_scope(self.request.user)
        qs = PerangkatDaerah.objects.all()
        if not scope.semua:
            qs = qs.filter(Q(pk__in=scope.perangkat_daerah_ids) | Q(pemda_id__in=scope.pemda_ids))
        for param, lookup in self.filter_fields.items():
            value = self.request.query_params.get(param)
            if value and _ID.fullmatch(value):
                qs = qs.filter(**{lookup: int(value)})
        return qs.order_by("pk")


@extend_schema(parameters=_int_params("perangkat_daerah"))
class RenstraViewSet(_Scoped):
    serializer_class = s.RenstraSerializer
    filter_fields = {"perangkat_daerah": "perangkat_daerah_id"}

    def base_queryset(self) -> QuerySet[Renstra]:
        return Renstra.objects.all()


@extend_schema(parameters=_int_params("perangkat_daerah", "tahun"))
class RenjaViewSet(_Scoped):
    serializer_class = s.RenjaSerializer
    filter_fields = {"perangkat_daerah": "perangkat_daerah_id", "tahun": "tahun"}

    def base_queryset(self) -> QuerySet[Renja]:
        return Renja.objects.all()


@extend_schema(parameters=_int_params("renja", "renstra", "parent"))
class PlanRowViewSet(_Scoped):
    serializer_class = s.PlanRowSerializer
    scope_prefixes = ("renja__", "renstra__")
    filter_fields = {"renja": "renja_id", "renstra": "renstra_id", "parent": "parent_id"}

    def base_queryset(self) -> QuerySet[PlanRow]:
        return PlanRow.objects.all()


@extend_schema(parameters=_int_params("row", "renja"))
class IndikatorViewSet(_Scoped):
    serializer_class = s.IndikatorSerializer
    scope_prefixes = ("row__renja__", "row__renstra__", "tujuan_sasaran__renja__", "renstra__")
    filter_fields = {"row": "row_id", "renja": "row__renja_id"}

    def base_queryset(self) -> QuerySet[Indikator]:
        return Indikator.objects.all()


class _Write:
    request: Request

    def _created(self, obj: Any, serializer_class: Any, created: bool) -> Response:
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(serializer_class(obj).data, status=code)


@extend_schema(parameters=_int_params("indikator", "renja", "tahun"))
class TargetViewSet(_Write, _Scoped):
    serializer_class = s.TargetSerializer
    scope_prefixes = (
        "indikator__row__renja__",
        "indikator__row__renstra__",
        "indikator__tujuan_sasaran__renja__",
        "indikator__renstra__",
    )
    filter_fields = {"indikator": "indikator_id", "renja": "indikator__row__renja_id", "tahun": "tahun"}

    def base_queryset(self) -> QuerySet[Target]:
        return Target.objects.all()

    @extend_schema(request=s.TargetSetSerializer, responses={200: s.TargetSerializer, 201: s.TargetSerializer})
    def create(self, request: Request) -> Response:
        """Set the target of an indicator for a year (triwulan 0) or a quarter; creates or updates."""
        data = s.TargetSetSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        existed = Target.objects.filter(
            indikator=v["indikator"], tahun=v["tahun"], triwulan=v["triwulan"], akhir_periode=False, proyeksi=False
        ).exists()
        obj = plan_services.target_set(
            indikator=v["indikator"],
            tahun=v["tahun"],
            triwulan=v["triwulan"],
            nilai=v["nilai"],
            teks=v["teks"],
            satuan=v["satuan"],
            actor=request.user,
            source=Source.API,
        )
        return self._created(obj, s.TargetSerializer, not existed)


@extend_schema(parameters=_int_params("row", "renja", "tahun"))
class PaguViewSet(_Write, _Scoped):
    serializer_class = s.PaguSerializer
    scope_prefixes = ("row__renja__", "row__renstra__")
    filter_fields = {"row": "row_id", "renja": "row__renja_id", "tahun": "tahun"}

    def base_queryset(self) -> QuerySet[Pagu]:
        return Pagu.objects.all()

    @extend_schema(request=s.PaguSetSerializer, responses={200: s.PaguSerializer, 201: s.PaguSerializer})
    def create(self, request: Request) -> Response:
        """Set the pagu (whole rupiah) of a plan row for a year; creates or updates."""
        data = s.PaguSetSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        existed = Pagu.objects.filter(row=v["row"], tahun=v["tahun"]).exists()
        obj = plan_services.pagu_set(
            row=v["row"],
            tahun=v["tahun"],
            jumlah=v["jumlah"],
            teks=v["teks"],
            lokasi=v["lokasi"],
            actor=request.user,
            source=Source.API,
        )
        return self._created(obj, s.PaguSerializer, not existed)


@extend_schema(parameters=_int_params("indikator", "row", "renja", "tahun", "triwulan"))
class RealisasiViewSet(_Write, _Scoped):
    serializer_class = s.RealisasiSerializer
    scope_prefixes = ("indikator__row__renja__", "indikator__row__renstra__", "indikator__renstra__", "row__renja__")
    filter_fields = {
        "indikator": "indikator_id",
        "row": "row_id",
        "renja": "row__renja_id",
        "tahun": "tahun",
        "triwulan": "triwulan",
    }

    def base_queryset(self) -> QuerySet[Realisasi]:
        return Realisasi.objects.all()

    @extend_schema(
        request=s.RealisasiRecordSerializer, responses={200: s.RealisasiSerializer, 201: s.RealisasiSerializer}
    )
    def create(self, request: Request) -> Response:
        """Record the realisation (kinerja of an indicator and/or anggaran of a row) of a year or quarter."""
        data = s.RealisasiRecordSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        existed = Realisasi.objects.filter(
            indikator=v["indikator"], row=v["row"], tahun=v["tahun"], triwulan=v["triwulan"], kumulatif=False
        ).exists()
        obj = plan_services.realisasi_record(
            indikator=v["indikator"],
            row=v["row"],
            tahun=v["tahun"],
            triwulan=v["triwulan"],
            nilai=v["nilai"],
            teks=v["teks"],
            anggaran=v["anggaran"],
            bukti=v["bukti"],
            catatan=v["catatan"],
            actor=request.user,
            source=Source.API,
        )
        return self._created(obj, s.RealisasiSerializer, not existed)


@extend_schema(parameters=_int_params("perangkat_daerah", "tahun"))
class UsulanViewSet(_Write, _Scoped):
    serializer_class = s.UsulanSerializer
    filter_fields = {"perangkat_daerah": "perangkat_daerah_id", "tahun": "tahun"}

    def base_queryset(self) -> QuerySet[Usulan]:
        return Usulan.objects.select_related("desa", "kecamatan")

    @extend_schema(request=s.UsulanSerializer, responses={201: s.UsulanSerializer})
    def create(self, request: Request) -> Response:
        """Register a proposal for an agency and year (perencana of the agency, admin pemda)."""
        data = s.UsulanSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = dict(data.validated_data)
        pd = v.pop("perangkat_daerah")
        user = request.user
        allowed = getattr(user, "is_superuser", False) or any(
            (peran == Peran.PERENCANA and pd_id == pd.pk) or (peran == Peran.ADMIN_PEMDA and pemda_id == pd.pemda_id)
            for peran, pemda_id, pd_id in user_roles(user)
        )
        if not allowed:
            from renja.core.errors import PermissionDenied

            raise PermissionDenied(f"Anda tidak berhak mencatat usulan untuk {pd}.")
        obj = usulan_create(perangkat_daerah=pd, actor=user, source=Source.API, **v)
        return Response(s.UsulanSerializer(obj).data, status=status.HTTP_201_CREATED)
