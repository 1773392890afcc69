"""The REST API: reads scoped by the user's roles, writes through the same services as the web and CLI."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from renja.api import serializers as s
from renja.checks.rules.temuan import SEVERITIES
from renja.checks.selectors import check_renja
from renja.core.errors import PermissionDenied
from renja.core.permissions import Scope, user_roles, user_scope
from renja.core.types import Source
from renja.evaluasi.ekspor import e81_dict, tc29_dict
from renja.evaluasi.selectors import e81_table, tc29_table, triwulan_terakhir
from renja.master.models import Level, Pemda, Peran, PerangkatDaerah
from renja.plans import services as plan_services
from renja.plans.models import (
    Indikator,
    JenisIndikator,
    Pagu,
    PlanRow,
    Realisasi,
    Renja,
    Renstra,
    StatusRenja,
    Tahapan,
    Target,
)
from renja.usulan.models import Usulan, UsulanRekomendasi
from renja.usulan.services import usulan_create, usulan_rekomendasi_set, usulan_row_link
from renja.workflow import selectors as workflow_selectors
from renja.workflow import services as workflow
from renja.workflow.models import Aksi, BalasanCatatan, CatatanVerifikasi, JenisItem, StatusCatatan, Transisi

_ID = re.compile(r"[0-9]{1,18}")
_KODE = re.compile(r"[0-9A-Za-z.]{1,40}")
_BENAR = {"true": True, "1": True, "ya": True, "false": False, "0": False, "tidak": False}


@dataclass(frozen=True)
class Filter:
    """One query parameter of a list endpoint: the ORM lookups it filters on (OR-ed when several) and how its
    value is read. Anything else than the expected form answers 400 in the one error shape, never a database
    error: integers are ASCII digits (at most 18), codes are letters, digits and dots, choices are listed."""

    lookups: tuple[str, ...]
    jenis: str = "int"  # int | kode | bool | pilihan
    pilihan: tuple[str, ...] = ()
    keterangan: str = ""
    semua: bool = False  # every lookup must hold (AND) instead of any (OR)

    def parse(self, param: str, value: str) -> Any:
        if self.jenis == "int":
            if not _ID.fullmatch(value):
                raise ValidationError({param: [f"'{value[:40]}' bukan bilangan bulat (angka 0-9, paling banyak 18)."]})
            return int(value)
        if self.jenis == "bool":
            if value.lower() not in _BENAR:
                raise ValidationError({param: [f"'{value[:40]}' bukan nilai benar/salah: pakai true atau false."]})
            return _BENAR[value.lower()]
        if self.jenis == "pilihan":
            if value not in self.pilihan:
                raise ValidationError({param: [f"'{value[:40]}' tidak dikenal. Pilihan: {', '.join(self.pilihan)}."]})
            return value
        if not _KODE.fullmatch(value):
            raise ValidationError({param: [f"'{value[:40]}' bukan kode: pakai huruf, angka dan titik, mis. 35.20.01."]})
        return value

    def q(self, value: Any) -> Q:
        q = Q()
        for lookup in self.lookups:
            q = (q & Q(**{lookup: value})) if self.semua else (q | Q(**{lookup: value}))
        return q

    def parameter(self, name: str) -> OpenApiParameter:
        kind: Any = {"int": int, "bool": bool}.get(self.jenis, str)
        extra: dict[str, Any] = {}
        if self.jenis == "pilihan":
            extra["enum"] = list(self.pilihan)
        if self.jenis == "kode":
            extra["pattern"] = _KODE.pattern
        if self.jenis == "int":
            kind = {"type": "integer", "minimum": 0, "maximum": 10**18 - 1}
        return OpenApiParameter(name, kind, required=False, description=self.keterangan, **extra)


def F(*lookups: str, jenis: str = "int", pilihan: Any = (), keterangan: str = "", semua: bool = False) -> Filter:
    values = tuple(v for v, _ in pilihan) if pilihan and isinstance(pilihan[0], tuple) else tuple(pilihan)
    return Filter(tuple(lookups), jenis, values, keterangan, semua)


def _scoped(scope: Scope, *prefixes: str) -> Q:
    if scope.semua:
        return Q()
    q = Q(pk__in=[])
    for prefix in prefixes:
        q |= scope.renja_q(prefix)
    return q


class _Scoped(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):  # type: ignore[misc]
    """Reads limited to what the user's roles cover (an object outside answers 404), filtered on list."""

    permission_classes = [IsAuthenticated]
    lookup_value_regex = r"[0-9]{1,18}"  # a 64-bit id; anything else is a 404 at routing
    scope_prefixes: tuple[str, ...] = ("",)
    filters: dict[str, Filter] = {}

    def base_queryset(self) -> QuerySet[Any]:
        raise NotImplementedError  # pragma: no cover - every subclass defines it

    def scope_q(self) -> Q:
        return _scoped(user_scope(self.request.user), *self.scope_prefixes)

    def get_queryset(self) -> QuerySet[Any]:
        qs = self.base_queryset().filter(self.scope_q())
        if self.action == "list":
            for param, spec in self.filters.items():
                value = self.request.query_params.get(param)
                if value is None or value == "":
                    continue
                qs = qs.filter(spec.q(spec.parse(param, value)))
        return qs.order_by("pk")


def filtered(cls: Any) -> Any:
    """Document the list filters of a viewset in the OpenAPI schema (only on `list`)."""
    params = [spec.parameter(name) for name, spec in cls.filters.items()]
    return extend_schema_view(list=extend_schema(parameters=params))(cls) if params else cls


@filtered
class PemdaViewSet(_Scoped):
    serializer_class = s.PemdaSerializer

    def base_queryset(self) -> QuerySet[Pemda]:
        return Pemda.objects.all()

    def scope_q(self) -> Q:
        scope = user_scope(self.request.user)
        if scope.semua:
            return Q()
        return Q(pk__in=sorted(scope.pemda_ids)) | Q(perangkat_daerah__in=sorted(scope.perangkat_daerah_ids))

    def get_queryset(self) -> QuerySet[Pemda]:
        return super().get_queryset().distinct()


@filtered
class PerangkatDaerahViewSet(_Scoped):
    serializer_class = s.PerangkatDaerahSerializer
    filters = {"pemda": F("pemda_id"), "kode": F("kode", jenis="kode")}

    def base_queryset(self) -> QuerySet[PerangkatDaerah]:
        return PerangkatDaerah.objects.all()

    def scope_q(self) -> Q:
        scope = user_scope(self.request.user)
        if scope.semua:
            return Q()
        return Q(pk__in=sorted(scope.perangkat_daerah_ids)) | Q(pemda_id__in=sorted(scope.pemda_ids))


@filtered
class RenstraViewSet(_Scoped):
    serializer_class = s.RenstraSerializer
    filters = {
        "perangkat_daerah": F("perangkat_daerah_id"),
        "tahun": F(
            "tahun_mulai__lte",
            "tahun_akhir__gte",
            semua=True,
            keterangan="Renstra yang periodenya mencakup tahun ini (tahun_mulai ≤ tahun ≤ tahun_akhir).",
        ),
    }

    def base_queryset(self) -> QuerySet[Renstra]:
        return Renstra.objects.all()


def _aksi(name: str, doc: str, created: bool = False) -> Any:
    """A POST step on a Renja (a stage transition), through the workflow service of the same name."""

    def step(self: RenjaViewSet, request: Request, pk: str | None = None) -> Response:
        renja = self.get_object()
        data = s.LangkahRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        alasan = data.validated_data["alasan"]
        user, api = request.user, Source.API
        if name == "ajukan":
            result = workflow.renja_ajukan(renja=renja, actor=user, source=api, catatan=alasan)
        elif name == "kembalikan":
            result = workflow.renja_kembalikan(renja=renja, alasan=alasan, actor=user, source=api)
        elif name == "setujui":
            result = workflow.renja_setujui(renja=renja, actor=user, source=api, catatan=alasan)
        elif name == "kunci":
            result = workflow.tahapan_kunci(renja=renja, actor=user, source=api, alasan=alasan)
        elif name == "buka":
            result = workflow.tahapan_buka(renja=renja, alasan=alasan, actor=user, source=api)
        elif name == "lanjut":
            result = workflow.tahapan_lanjut(renja=renja, actor=user, source=api)
        else:
            result = workflow.renja_perubahan_buat(renja=renja, actor=user, source=api)
        result.refresh_from_db()
        return Response(s.RenjaSerializer(result).data, status=201 if created else 200)

    step.__name__ = name
    step.__qualname__ = f"RenjaViewSet.{name}"
    step.__doc__ = doc
    documented = extend_schema(
        request=s.LangkahRequestSerializer,
        responses={201 if created else 200: s.RenjaSerializer},
        filters=False,
    )(step)
    return action(detail=True, methods=["post"], url_path=name, url_name=name)(documented)


@filtered
class RenjaViewSet(_Scoped):
    serializer_class = s.RenjaSerializer
    filters = {
        "perangkat_daerah": F("perangkat_daerah_id"),
        "pemda": F("perangkat_daerah__pemda_id"),
        "tahun": F("tahun"),
        "tahapan": F("tahapan", jenis="pilihan", pilihan=Tahapan.choices),
        "status": F("status", jenis="pilihan", pilihan=StatusRenja.choices),
        "terkunci": F("terkunci", jenis="bool"),
        "utama": F("utama", jenis="bool"),
    }

    def base_queryset(self) -> QuerySet[Renja]:
        return Renja.objects.select_related("perangkat_daerah__pemda")

    ajukan = _aksi("ajukan", "Perencana PD mengajukan Renja untuk verifikasi dan persetujuan (`alasan` = catatan).")
    kembalikan = _aksi(
        "kembalikan", "Verifikator Bappeda atau kepala PD mengembalikan Renja untuk perbaikan; `alasan` wajib."
    )
    setujui = _aksi("setujui", "Kepala PD menyetujui Renja yang diajukan (`alasan` = catatan).")
    kunci = _aksi("kunci", "Verifikator Bappeda mengunci tahapan Renja (snapshot; tidak menerima perubahan lagi).")
    buka = _aksi("buka", "Verifikator Bappeda membuka kunci tahapan; `alasan` wajib. Renja kembali ke PD.")
    lanjut = _aksi(
        "lanjut",
        "Perencana PD memulai tahapan berikutnya dari salinan tahapan yang sudah dikunci; menjawab Renja baru (201).",
        created=True,
    )
    perubahan = _aksi(
        "perubahan",
        "Perencana PD membuat Renja Perubahan dari Penetapan yang disetujui atau dikunci; menjawab Renja baru (201).",
        created=True,
    )

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, filters=False)
    @action(detail=True, methods=["get"])  # type: ignore[untyped-decorator]
    def tahapan(self, request: Request, pk: str | None = None) -> Response:
        """The Renja's current state in its stage: status, lock, schedule, every step with whether the user may
        take it now and why not, open notes, versions of the year, the latest transitions."""
        renja = self.get_object()
        h = workflow_selectors.halaman_tahapan(renja, request.user)
        jadwal = h.jadwal
        return Response(
            {
                "renja": renja.pk,
                "tahun": renja.tahun,
                "tahapan": renja.tahapan,
                "tahapan_label": renja.get_tahapan_display(),
                "status": renja.status,
                "status_label": renja.get_status_display(),
                "terkunci": renja.terkunci,
                "jadwal": None
                if jadwal is None
                else {"mulai": jadwal.mulai, "selesai": jadwal.selesai, "terkunci": jadwal.terkunci},
                "boleh_ubah_data": h.masalah_ubah is None,
                "masalah_ubah": h.masalah_ubah or "",
                "langkah": [
                    {
                        "aksi": str(k.aksi),
                        "label": k.label,
                        "boleh": k.boleh,
                        "alasan": k.alasan,
                        "perlu_alasan": k.perlu_alasan,
                        "ke": k.ke,
                    }
                    for k in h.langkah
                ],
                "catatan_terbuka": h.catatan_terbuka,
                "alasan_kembali": h.alasan_kembali,
                "versi": [
                    {
                        "id": v.id,
                        "tahapan": v.tahapan,
                        "versi": v.versi,
                        "label": v.label,
                        "status": v.status,
                        "terkunci": v.terkunci,
                        "utama": v.utama,
                    }
                    for v in h.versi
                ],
                "transisi": s.TransisiSerializer(h.transisi, many=True).data,
            }
        )

    @extend_schema(
        parameters=[OpenApiParameter("tingkat", str, enum=list(SEVERITIES), required=False)],
        responses={200: OpenApiTypes.OBJECT},
        filters=False,
    )
    @action(detail=True, methods=["get"])  # type: ignore[untyped-decorator]
    def temuan(self, request: Request, pk: str | None = None) -> Response:
        """The consistency checker's findings on the stored Renja and the verifier's completeness checklist (the
        same result as the web's findings page and `renja check --renja`). `tingkat` keeps only that severity."""
        renja = self.get_object()
        tingkat = request.query_params.get("tingkat", "")
        if tingkat and tingkat not in SEVERITIES:
            raise ValidationError({"tingkat": [f"Pilih salah satu: {', '.join(SEVERITIES)}."]})
        data = check_renja(renja).to_dict()
        if tingkat:
            data["temuan"] = [t for t in data["temuan"] if t["severity"] == tingkat]
        return Response(data)

    @extend_schema(responses={200: OpenApiTypes.OBJECT}, filters=False)
    @action(detail=True, methods=["get"])  # type: ignore[untyped-decorator]
    def tc29(self, request: Request, pk: str | None = None) -> Response:
        """Tabel T-C.29 of the Renja: every computed cell with its value, text, predikat and `penjelasan` (the
        formula with its inputs), the same data as the web page and `renja evaluate --json`."""
        renja = self.get_object()
        return Response(tc29_dict(tc29_table(renja), renja))

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "triwulan",
                {"type": "integer", "minimum": 1, "maximum": 4},
                required=False,
                description="1-4; tanpa parameter: triwulan terakhir yang ada realisasinya.",
            )
        ],
        responses={200: OpenApiTypes.OBJECT},
        filters=False,
    )
    @action(detail=True, methods=["get"])  # type: ignore[untyped-decorator]
    def e81(self, request: Request, pk: str | None = None) -> Response:
        """Formulir E.81 of the Renja for a quarter, each computed cell with its `penjelasan` (formula and inputs)."""
        renja = self.get_object()
        raw = request.query_params.get("triwulan", "")
        if raw == "":
            triwulan = triwulan_terakhir(renja)
        elif raw in ("1", "2", "3", "4"):
            triwulan = int(raw)
        else:
            raise ValidationError({"triwulan": [f"Triwulan '{raw[:20]}' tidak ada: pilih 1, 2, 3 atau 4."]})
        return Response(e81_dict(e81_table(renja, triwulan), renja))


@filtered
class PlanRowViewSet(_Scoped):
    serializer_class = s.PlanRowSerializer
    scope_prefixes = ("renja__", "renstra__")
    filters = {
        "renja": F("renja_id"),
        "renstra": F("renstra_id"),
        "parent": F("parent_id"),
        "level": F("level", jenis="pilihan", pilihan=Level.choices),
        "kode": F("kode", jenis="kode"),
    }

    def base_queryset(self) -> QuerySet[PlanRow]:
        return PlanRow.objects.all()


@filtered
class IndikatorViewSet(_Scoped):
    serializer_class = s.IndikatorSerializer
    scope_prefixes = ("row__renja__", "row__renstra__", "tujuan_sasaran__renja__", "renstra__")
    filters = {
        "row": F("row_id"),
        "renja": F("row__renja_id", "tujuan_sasaran__renja_id"),
        "renstra": F("row__renstra_id", "renstra_id"),
        "jenis": F("jenis", jenis="pilihan", pilihan=JenisIndikator.choices),
    }

    def base_queryset(self) -> QuerySet[Indikator]:
        return Indikator.objects.all()


class _Write:
    request: Request

    def _created(self, obj: Any, serializer_class: Any, created: bool) -> Response:
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(serializer_class(obj).data, status=code)


@filtered
class TargetViewSet(_Write, _Scoped):
    serializer_class = s.TargetSerializer
    scope_prefixes = (
        "indikator__row__renja__",
        "indikator__row__renstra__",
        "indikator__tujuan_sasaran__renja__",
        "indikator__renstra__",
    )
    filters = {
        "indikator": F("indikator_id"),
        "renja": F("indikator__row__renja_id", "indikator__tujuan_sasaran__renja_id"),
        "tahun": F("tahun"),
        "triwulan": F("triwulan"),
    }

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


@filtered
class PaguViewSet(_Write, _Scoped):
    serializer_class = s.PaguSerializer
    scope_prefixes = ("row__renja__", "row__renstra__")
    filters = {"row": F("row_id"), "renja": F("row__renja_id"), "tahun": F("tahun")}

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


@filtered
class RealisasiViewSet(_Write, _Scoped):
    serializer_class = s.RealisasiSerializer
    scope_prefixes = ("indikator__row__renja__", "indikator__row__renstra__", "indikator__renstra__", "row__renja__")
    filters = {
        "indikator": F("indikator_id"),
        "row": F("row_id"),
        "renja": F("row__renja_id", "indikator__row__renja_id"),
        "tahun": F("tahun"),
        "triwulan": F("triwulan"),
        "kumulatif": F("kumulatif", jenis="bool"),
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


@filtered
class UsulanViewSet(_Write, _Scoped):
    serializer_class = s.UsulanSerializer
    filters = {
        "perangkat_daerah": F("perangkat_daerah_id"),
        "tahun": F("tahun"),
        "status": F("status", jenis="pilihan", pilihan=Usulan.Status.choices),
        "sumber": F("sumber", jenis="pilihan", pilihan=Usulan.Sumber.choices),
        "kecamatan": F("kecamatan__kode", jenis="kode", keterangan="Kode wilayah kecamatan, mis. 35.20.01."),
        "desa": F("desa__kode", jenis="kode", keterangan="Kode wilayah desa/kelurahan, mis. 35.20.01.2001."),
        "tidak_terpetakan": F(
            "desa__isnull", jenis="bool", keterangan="true: usulan yang desanya belum cocok dengan kode wilayah."
        ),
        "row": F("row_id", keterangan="Usulan yang ditautkan ke baris (sub kegiatan) ini."),
    }

    def base_queryset(self) -> QuerySet[Usulan]:
        return Usulan.objects.select_related("desa", "kecamatan", "perangkat_daerah__pemda").prefetch_related(
            Prefetch("rekomendasi", queryset=UsulanRekomendasi.objects.order_by("dicatat_pada", "id"))
        )

    @extend_schema(request=s.RekomendasiSetSerializer, responses={200: s.UsulanSerializer}, filters=False)
    @action(detail=True, methods=["post"])  # type: ignore[untyped-decorator]
    def rekomendasi(self, request: Request, pk: str | None = None) -> Response:
        """Record (or record again) one level of the recommendation chain (desa < kecamatan < pd < bappeda)
        through `usulan_rekomendasi_set`; answers the proposal with its levels and current state."""
        usulan = self.get_object()
        data = s.RekomendasiSetSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        usulan_rekomendasi_set(
            usulan=usulan,
            tingkat=v["tingkat"],
            status=v["status"],
            alasan=v["alasan"],
            pagu_rekomendasi=v["pagu_rekomendasi"],
            volume=v["volume"],
            satuan=v["satuan"],
            digabung_ke=v["digabung_ke"],
            actor=request.user,
            source=Source.API,
        )
        return Response(s.UsulanSerializer(self.get_object()).data)

    @extend_schema(request=s.BarisTautanSerializer, responses={200: s.UsulanSerializer}, filters=False)
    @action(detail=True, methods=["post"])  # type: ignore[untyped-decorator]
    def baris(self, request: Request, pk: str | None = None) -> Response:
        """Link the proposal to a sub kegiatan row of a Renja of its agency and year (`row: null` unlinks)
        through `usulan_row_link`."""
        usulan = self.get_object()
        data = s.BarisTautanSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        usulan_row_link(usulan=usulan, row=data.validated_data["row"], actor=request.user, source=Source.API)
        return Response(s.UsulanSerializer(self.get_object()).data)

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
            raise PermissionDenied(f"Anda tidak berhak mencatat usulan untuk {pd}.")
        obj = usulan_create(perangkat_daerah=pd, actor=user, source=Source.API, **v)
        return Response(s.UsulanSerializer(obj).data, status=status.HTTP_201_CREATED)


# --- the workflow -------------------------------------------------------------------------------------------


@filtered
class TransisiViewSet(_Scoped):
    """The stage transitions of the Renja the user may see, newest first in the web; here by id."""

    serializer_class = s.TransisiSerializer
    scope_prefixes = ("renja__",)
    filters = {
        "renja": F("renja_id"),
        "aksi": F("aksi", jenis="pilihan", pilihan=Aksi.choices),
    }

    def base_queryset(self) -> QuerySet[Transisi]:
        return Transisi.objects.all()


@filtered
class CatatanViewSet(_Scoped):
    """Verification notes with their replies. Written by Bappeda's verifikator; replied to by the agency
    (perencana, kepala) and Bappeda; resolved by the verifikator."""

    serializer_class = s.CatatanSerializer
    scope_prefixes = ("renja__",)
    filters = {
        "renja": F("renja_id"),
        "status": F("status", jenis="pilihan", pilihan=StatusCatatan.choices),
        "jenis_item": F("jenis_item", jenis="pilihan", pilihan=JenisItem.choices),
        "item_id": F("item_id"),
        "selesai": F("selesai", jenis="bool"),
    }

    def base_queryset(self) -> QuerySet[CatatanVerifikasi]:
        return CatatanVerifikasi.objects.select_related("renja__perangkat_daerah__pemda").prefetch_related(
            Prefetch("balasan", queryset=BalasanCatatan.objects.order_by("dibuat", "id"))
        )

    @extend_schema(request=s.CatatanBuatSerializer, responses={201: s.CatatanSerializer})
    def create(self, request: Request) -> Response:
        """Write a note with a status on an item of a Renja (verifikator Bappeda of the Renja's pemda)."""
        data = s.CatatanBuatSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        obj = workflow.catatan_buat(
            renja=v["renja"],
            jenis_item=v["jenis_item"],
            item_id=v["item_id"],
            status=v["status"],
            teks=v["teks"],
            actor=request.user,
            source=Source.API,
        )
        return Response(s.CatatanSerializer(obj).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=s.BalasanBuatSerializer, responses={201: s.BalasanSerializer}, filters=False)
    @action(detail=True, methods=["post"])  # type: ignore[untyped-decorator]
    def balas(self, request: Request, pk: str | None = None) -> Response:
        """Reply to a note (perencana and kepala of the agency, verifikator Bappeda)."""
        catatan = self.get_object()
        data = s.BalasanBuatSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        obj = workflow.catatan_balas(
            catatan=catatan, teks=data.validated_data["teks"], actor=request.user, source=Source.API
        )
        return Response(s.BalasanSerializer(obj).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={200: s.CatatanSerializer}, filters=False)
    @action(detail=True, methods=["post"])  # type: ignore[untyped-decorator]
    def selesaikan(self, request: Request, pk: str | None = None) -> Response:
        """Mark a note resolved (verifikator Bappeda)."""
        catatan = self.get_object()
        workflow.catatan_selesaikan(catatan=catatan, actor=request.user, source=Source.API)
        return Response(s.CatatanSerializer(self.get_object()).data)
