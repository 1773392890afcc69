"""Web pages of the proposals (usulan): the list with its filters and scope, the summary per kecamatan with its
chart, a proposal's page (places, path, linked row with its pagu), the intake and edit forms, recording a level's
recommendation (the reason rule shown by the field), linking and unlinking a sub kegiatan — each list page with a
fixed number of queries whatever the number of proposals."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from pytest_django import DjangoAssertNumQueries

from renja.master.models import Level, Wilayah
from renja.plans.models import PlanRow
from renja.usulan.models import Usulan, UsulanRekomendasi
from tests.factories import PaguFactory, PlanRowFactory, UserFactory
from tests.workflow.world import Plan, World, make_plan, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fast_password_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# --- the world -------------------------------------------------------------------------------------------------


@dataclass
class UWorld:
    world: World
    plans: dict[str, Plan]  # per target: sendiri, lain, luar
    subs: dict[str, PlanRow]  # a sub kegiatan (with pagu 2024) per target
    kec: Wilayah
    desa: Wilayah
    usulan: dict[str, Usulan]  # a proposal per target


def wilayah_magetan() -> tuple[Wilayah, Wilayah]:
    prov = Wilayah.objects.create(kode="35", nama="JAWA TIMUR", level=Wilayah.Level.PROVINSI)
    kab = Wilayah.objects.create(kode="35.20", nama="KAB. MAGETAN", level=Wilayah.Level.KABKOTA, parent=prov)
    kec = Wilayah.objects.create(kode="35.20.06", nama="Magetan", level=Wilayah.Level.KECAMATAN, parent=kab)
    desa = Wilayah.objects.create(kode="35.20.06.2004", nama="Ringinagung", level=Wilayah.Level.DESA, parent=kec)
    Wilayah.objects.create(kode="35.20.06.2005", nama="Tambakrejo", level=Wilayah.Level.DESA, parent=kec)
    return kec, desa


def make_sub(plan: Plan, kode: str = "2.13.04.2.01.0001", nama: str = "Fasilitasi Sarana Prasarana Desa") -> PlanRow:
    sub = PlanRowFactory(renja=plan.renja, parent=plan.sub, level=Level.SUB_KEGIATAN, kode=kode, nama=nama)
    PaguFactory(row=sub, tahun=plan.renja.tahun, jumlah=Decimal("750000000"), teks="750.000.000")
    return sub


def add_usulan(pd: Any, *, desa: Wilayah | None = None, kec: Wilayah | None = None, **kw: Any) -> Usulan:
    values: dict[str, Any] = {
        "perangkat_daerah": pd,
        "tahun": 2024,
        "kegiatan": "PEMBANGUNAN TALUD DAN DRAINASE JALAN",
        "desa_teks": "RINGINAGUN G",
        "kecamatan_teks": "MAGETAN",
        "desa": desa,
        "kecamatan": kec,
        "pagu_usulan": Decimal("200000000"),
        "pagu_usulan_teks": "200,000,000",
        "nomor": "13",
    }
    values.update(kw)
    return Usulan.objects.create(**values)


def make_uworld() -> UWorld:
    world = make_world()
    kec, desa = wilayah_magetan()
    plans, subs, usulan = {}, {}, {}
    for target, pd in (("sendiri", world.pd), ("lain", world.pd_lain), ("luar", world.pd_luar)):
        plans[target] = make_plan(pd)
        subs[target] = make_sub(plans[target], nama=f"Fasilitasi Sarana Prasarana Desa {pd.singkatan}")
        usulan[target] = add_usulan(pd, desa=desa, kec=kec)
    return UWorld(world=world, plans=plans, subs=subs, kec=kec, desa=desa, usulan=usulan)


@pytest.fixture
def uw() -> UWorld:
    return make_uworld()


def client_for(uw: UWorld, role: str) -> Client:
    c = Client()
    user = uw.world.users[role]
    if not isinstance(user, AnonymousUser):
        c.force_login(user)
    return c


def html_of(response: Any) -> str:
    return response.content.decode()


# --- the list ------------------------------------------------------------------------------------------------


def test_the_planner_sees_only_the_proposals_of_its_own_agency(uw: UWorld) -> None:
    response = client_for(uw, "perencana").get(reverse("usulan:list"))

    html = html_of(response)
    assert response.status_code == 200
    assert f'id="usulan-{uw.usulan["sendiri"].pk}"' in html
    assert f'id="usulan-{uw.usulan["lain"].pk}"' not in html
    assert f'id="usulan-{uw.usulan["luar"].pk}"' not in html
    assert "Ringinagung" in html and "35.20.06.2004" in html


def test_the_verifier_sees_every_agency_of_its_pemda_and_not_another_pemda(uw: UWorld) -> None:
    html = html_of(client_for(uw, "verifikator").get(reverse("usulan:list")))

    assert f'id="usulan-{uw.usulan["sendiri"].pk}"' in html
    assert f'id="usulan-{uw.usulan["lain"].pk}"' in html
    assert f'id="usulan-{uw.usulan["luar"].pk}"' not in html


def test_the_public_is_sent_to_the_login_and_sees_nothing(uw: UWorld) -> None:
    for name, args in (("usulan:list", []), ("usulan:ringkasan", []), ("usulan:detail", [uw.usulan["sendiri"].pk])):
        response = Client().get(reverse(name, args=args))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_filters_by_status_source_text_place_and_unresolved(uw: UWorld) -> None:
    pd = uw.world.pd
    ditolak = add_usulan(pd, kegiatan="PENGADAAN LAMPU JALAN", status=Usulan.Status.DITOLAK, nomor="21")
    pokir = add_usulan(pd, kegiatan="BANTUAN SARPRAS POKIR", sumber=Usulan.Sumber.POKIR, nomor="30")
    tak_terpetakan = add_usulan(pd, kegiatan="PAVING JALAN SAWAH", desa_teks="SEMPOLL", kecamatan_teks="MAOSPATII")
    resolved = uw.usulan["sendiri"]
    c = client_for(uw, "verifikator")

    def ids(**params: Any) -> set[int]:
        html = html_of(c.get(reverse("usulan:list"), params))
        every = [resolved, ditolak, pokir, tak_terpetakan, uw.usulan["lain"]]
        return {u.pk for u in every if f'id="usulan-{u.pk}"' in html}

    assert ids(status="ditolak") == {ditolak.pk}
    assert ids(sumber="pokir") == {pokir.pk}
    assert ids(q="lampu") == {ditolak.pk}
    assert ids(tidak_terpetakan="1") == {ditolak.pk, pokir.pk, tak_terpetakan.pk}
    assert ids(kecamatan=uw.kec.pk) == {resolved.pk, uw.usulan["lain"].pk}
    assert ids(desa=uw.desa.pk, perangkat_daerah=pd.pk) == {resolved.pk}
    assert ids(tahun=2025) == set()
    # a rejected and an unmapped proposal stay listed and searchable
    assert ids(q="sempoll") == {tak_terpetakan.pk}


def test_the_list_shows_the_raw_text_and_flags_an_unresolved_place(uw: UWorld) -> None:
    add_usulan(uw.world.pd, kegiatan="PAVING JALAN SAWAH", desa_teks="SEMPOLL", kecamatan_teks="MAOSPATII")

    html = html_of(client_for(uw, "perencana").get(reverse("usulan:list")))

    assert "SEMPOLL" in html and "belum terpetakan" in html
    assert "tertulis: RINGINAGUN G" in html  # the resolved one keeps the text as written


def test_the_list_paginates_and_keeps_the_filters(uw: UWorld) -> None:
    for i in range(55):
        add_usulan(uw.world.pd, kegiatan=f"USULAN {i}", nomor=str(100 + i))

    html = html_of(client_for(uw, "perencana").get(reverse("usulan:list"), {"tahun": "2024"}))

    assert "Halaman 1 dari 2" in html
    assert "?tahun=2024&amp;halaman=2" in html


# session, user, roles; the page: count + page of proposals; the filter choices: years, agencies, kecamatan,
# desa; the agencies the user may record for (2). The summary: its grouped sums and the choices.
QUERIES = {"usulan:list": 11, "usulan:ringkasan": 8}


@pytest.mark.parametrize("name", ["usulan:list", "usulan:ringkasan"])
def test_list_queries_do_not_grow_with_the_number_of_proposals(
    name: str, uw: UWorld, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    c = client_for(uw, "verifikator")
    for extra in (0, 40):
        for i in range(extra):
            add_usulan(
                uw.world.pd_lain if i % 2 else uw.world.pd,
                kegiatan=f"USULAN {i}",
                desa=uw.desa if i % 3 else None,
                kec=uw.kec if i % 3 else None,
                row=uw.subs["sendiri"] if i % 2 == 0 else None,
            )
        with django_assert_num_queries(QUERIES[name]):
            response = c.get(reverse(name))
        assert response.status_code == 200
        assert "USULAN 39" in response.content.decode() or extra == 0 or name == "usulan:ringkasan"


# --- the summary per kecamatan -----------------------------------------------------------------------------------


def test_the_summary_counts_and_sums_per_kecamatan_with_a_total_and_a_chart(uw: UWorld) -> None:
    add_usulan(
        uw.world.pd,
        kegiatan="PAVING",
        desa_teks="TAMBAKREJO",
        desa=Wilayah.objects.get(kode="35.20.06.2005"),
        kec=uw.kec,
        pagu_usulan=Decimal("100000000"),
        pagu_rekomendasi=Decimal("80000000"),
    )

    html = html_of(client_for(uw, "perencana").get(reverse("usulan:ringkasan")))

    assert "35.20.06" in html and "Magetan" in html
    assert "300.000.000" in html  # 200.000.000 + 100.000.000
    assert 'id="ringkasan-total"' in html
    assert "<svg" in html and "Pagu usulan dan pagu rekomendasi per kecamatan" in html


# --- a proposal's page ----------------------------------------------------------------------------------------


def test_the_proposal_page_shows_the_raw_text_beside_the_official_code_and_the_path(uw: UWorld) -> None:
    u = uw.usulan["sendiri"]

    html = html_of(client_for(uw, "perencana").get(reverse("usulan:detail", args=[u.pk])))

    assert "RINGINAGUN G" in html and "Ringinagung" in html and "35.20.06.2004" in html
    assert "35.20.06" in html
    for label in UsulanRekomendasi.Tingkat.labels:
        assert label in html
    assert 'id="form-rekomendasi"' in html
    assert 'id="form-tautan"' in html
    assert uw.subs["sendiri"].nama in html  # in the picker
    assert uw.subs["lain"].nama not in html  # another agency's rows are not offered


def test_an_unresolved_place_is_flagged_with_the_matchers_suggestions(uw: UWorld) -> None:
    u = add_usulan(uw.world.pd, desa_teks="RINGINAGUNK", kecamatan_teks="MAGETAN", desa=None, kec=None)

    html = html_of(client_for(uw, "perencana").get(reverse("usulan:detail", args=[u.pk])))

    assert "belum terpetakan" in html
    assert "RINGINAGUNK" in html


def test_the_kepala_sees_the_page_without_any_button(uw: UWorld) -> None:
    html = html_of(client_for(uw, "kepala_pd").get(reverse("usulan:detail", args=[uw.usulan["sendiri"].pk])))

    assert 'id="judul-usulan"' in html
    assert 'id="form-rekomendasi"' not in html
    assert 'id="form-tautan"' not in html
    assert 'id="ubah-usulan"' not in html


def test_a_planner_of_another_agency_gets_403_and_a_missing_proposal_404(uw: UWorld) -> None:
    c = client_for(uw, "perencana")

    assert c.get(reverse("usulan:detail", args=[uw.usulan["lain"].pk])).status_code == 403
    assert c.get(reverse("usulan:detail", args=[uw.usulan["luar"].pk])).status_code == 403
    assert c.get(reverse("usulan:detail", args=[999_999])).status_code == 404


# --- intake and edit --------------------------------------------------------------------------------------------


def test_intake_creates_a_proposal_with_the_text_as_written_and_resolves_its_place(uw: UWorld) -> None:
    c = client_for(uw, "perencana")
    form = c.get(reverse("usulan:baru"))
    assert form.status_code == 200
    assert uw.world.pd.nama in html_of(form) and uw.world.pd_lain.nama not in html_of(form)

    response = c.post(
        reverse("usulan:baru"),
        {
            "perangkat_daerah": uw.world.pd.pk,
            "tahun": "2024",
            "sumber": "asmas",
            "nomor": "28",
            "pengusul": "Pemdes Tambakrejo",
            "desa_teks": "TAMBAKREJO",
            "kecamatan_teks": "MAGETAN",
            "kegiatan": "RABAT BETON JALAN DESA",
            "volume": "1,5",
            "satuan": "km",
            "pagu_usulan": "150.000.000",
        },
    )

    u = Usulan.objects.get(nomor="28", perangkat_daerah=uw.world.pd)
    assert response.status_code == 302 and response["Location"] == reverse("usulan:detail", args=[u.pk])
    assert u.pagu_usulan == Decimal("150000000") and u.pagu_usulan_teks == "150.000.000"
    assert u.volume == Decimal("1.5") and u.desa_teks == "TAMBAKREJO"
    assert u.desa is not None and u.desa.kode == "35.20.06.2005"
    assert u.kecamatan is not None and u.kecamatan.kode == "35.20.06"


def test_intake_refuses_a_number_it_cannot_read_by_the_field(uw: UWorld) -> None:
    response = client_for(uw, "perencana").post(
        reverse("usulan:baru"),
        {"perangkat_daerah": uw.world.pd.pk, "tahun": "2024", "sumber": "asmas", "kegiatan": "X", "pagu_usulan": "abc"},
    )

    assert response.status_code == 422
    assert 'id="field-pagu_usulan"' in html_of(response) and "Tidak terbaca sebagai angka" in html_of(response)
    assert not Usulan.objects.filter(kegiatan="X").exists()


def test_the_edit_form_changes_the_intake_fields(uw: UWorld) -> None:
    u = uw.usulan["sendiri"]
    c = client_for(uw, "perencana")
    assert c.get(reverse("usulan:ubah", args=[u.pk])).status_code == 200

    response = c.post(
        reverse("usulan:ubah", args=[u.pk]),
        {
            "sumber": "pokir",
            "kegiatan": "PEMBANGUNAN TALUD",
            "desa_teks": "RINGINAGUN G",
            "kecamatan_teks": "MAGETAN",
            "pagu_usulan": "210.000.000",
            "revisi": str(getattr(u, "revisi", 0)),
        },
    )

    assert response.status_code == 302
    u.refresh_from_db()
    assert u.kegiatan == "PEMBANGUNAN TALUD" and u.sumber == "pokir" and u.pagu_usulan == Decimal("210000000")


# --- the recommendation chain ----------------------------------------------------------------------------------


def rekomendasi(c: Client, u: Usulan, tingkat: str, status: str, alasan: str = "", pagu: str = "") -> Any:
    return c.post(
        reverse("usulan:rekomendasi", args=[u.pk]),
        {"tingkat": tingkat, "status": status, "alasan": alasan, "pagu_rekomendasi": pagu},
    )


def test_a_rejection_without_a_reason_is_refused_by_the_reason_field(uw: UWorld) -> None:
    u = uw.usulan["sendiri"]

    response = rekomendasi(client_for(uw, "perencana"), u, "desa", "ditolak")

    html = html_of(response)
    assert response.status_code == 422
    assert 'id="field-alasan"' in html
    error = html.split('id="field-alasan"', 1)[1].split("</div>", 1)[0]
    assert "field-error" in error and "Alasan wajib diisi" in error
    assert not UsulanRekomendasi.objects.filter(usulan=u).exists()
    u.refresh_from_db()
    assert u.status == Usulan.Status.DIUSULKAN


def test_the_levels_are_recorded_in_order_and_the_current_state_follows(uw: UWorld) -> None:
    u = uw.usulan["sendiri"]
    p = client_for(uw, "perencana")

    assert rekomendasi(p, u, "desa", "diterima", pagu="200.000.000").status_code == 302
    assert rekomendasi(p, u, "kecamatan", "diterima_perubahan", "Volume dikurangi", "180.000.000").status_code == 302
    assert rekomendasi(p, u, "pd", "diterima", pagu="180.000.000").status_code == 302
    refused = rekomendasi(p, u, "bappeda", "diterima", pagu="180.000.000")  # Bappeda's level is the verifier's
    assert refused.status_code == 403
    done = rekomendasi(
        client_for(uw, "verifikator"), u, "bappeda", "digabung", "Digabung dengan usulan 12", "150.000.000"
    )
    assert done.status_code == 302

    u.refresh_from_db()
    assert u.status == Usulan.Status.DIGABUNG and u.pagu_rekomendasi == Decimal("150000000")
    levels = list(UsulanRekomendasi.objects.filter(usulan=u).values_list("tingkat", "status"))
    assert sorted(levels) == sorted(
        [("desa", "diterima"), ("kecamatan", "diterima_perubahan"), ("pd", "diterima"), ("bappeda", "digabung")]
    )
    html = html_of(p.get(reverse("usulan:detail", args=[u.pk])))
    assert "Volume dikurangi" in html and "Digabung dengan usulan 12" in html and "150.000.000" in html
    assert "verifikator" in html  # who recorded the last level


def test_a_level_out_of_order_is_refused_with_the_services_message(uw: UWorld) -> None:
    u = uw.usulan["sendiri"]

    response = rekomendasi(client_for(uw, "perencana"), u, "pd", "diterima")

    assert response.status_code in (409, 422)
    assert 'role="alert"' in html_of(response)
    assert not UsulanRekomendasi.objects.filter(usulan=u).exists()


# --- the link to a sub kegiatan -----------------------------------------------------------------------------------


def test_link_shows_the_row_and_its_pagu_then_unlink(uw: UWorld) -> None:
    u = uw.usulan["sendiri"]
    sub = uw.subs["sendiri"]
    c = client_for(uw, "perencana")

    linked = c.post(reverse("usulan:tautan", args=[u.pk]), {"row": sub.pk})

    assert linked.status_code == 302
    u.refresh_from_db()
    assert u.row_id == sub.pk
    html = html_of(c.get(reverse("usulan:detail", args=[u.pk])))
    box = html.split('id="baris-tertaut"', 1)[1]
    assert sub.kode in box and sub.nama in box and "750.000.000" in box

    unlinked = c.post(reverse("usulan:tautan", args=[u.pk]), {"lepas": "1"})

    assert unlinked.status_code == 302
    u.refresh_from_db()
    assert u.row_id is None


def test_a_row_of_another_agency_cannot_be_linked(uw: UWorld) -> None:
    u = uw.usulan["sendiri"]

    response = client_for(uw, "perencana").post(reverse("usulan:tautan", args=[u.pk]), {"row": uw.subs["lain"].pk})

    assert response.status_code == 422
    assert "Pilih sub kegiatan dari daftar" in html_of(response)
    u.refresh_from_db()
    assert u.row_id is None


# --- navigation ---------------------------------------------------------------------------------------------------


def test_the_navigation_and_the_renja_tabs_link_to_the_proposals(uw: UWorld) -> None:
    c = client_for(uw, "perencana")

    home = html_of(c.get(reverse("plans:home")))
    renja = html_of(c.get(reverse("plans:renja_detail", args=[uw.plans["sendiri"].renja.pk])))

    assert f'href="{reverse("usulan:list")}"' in home
    assert f"{reverse('usulan:list')}?perangkat_daerah={uw.world.pd.pk}&amp;tahun=2024" in renja


def test_a_user_without_a_role_sees_an_explanation(uw: UWorld) -> None:
    c = Client()
    c.force_login(UserFactory(username="tanpa-peran"))

    html = html_of(c.get(reverse("usulan:list")))

    assert "Akun Anda belum memiliki peran" in html


# --- the XLSX intake import ---------------------------------------------------------------------------------------


def _xlsx() -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from renja.importers.parse.usulan_xlsx import template_xlsx

    return SimpleUploadedFile("usulan.xlsx", template_xlsx())


def test_the_import_shows_a_trial_with_its_findings_then_applies(uw: UWorld) -> None:
    c = client_for(uw, "perencana")
    assert c.get(reverse("usulan:impor")).status_code == 200
    before = Usulan.objects.count()
    data = {"perangkat_daerah": uw.world.pd.pk, "tahun": "2025"}

    trial = c.post(reverse("usulan:impor"), {**data, "uji_coba": "on", "berkas": _xlsx()})

    assert trial.status_code == 200
    assert "Hasil uji coba (tidak ada yang disimpan)" in html_of(trial)
    assert 'id="hasil-impor"' in html_of(trial)
    assert Usulan.objects.count() == before

    applied = c.post(reverse("usulan:impor"), {**data, "berkas": _xlsx()})

    assert applied.status_code == 200 and "Hasil impor" in html_of(applied)
    assert Usulan.objects.filter(perangkat_daerah=uw.world.pd, tahun=2025).count() == 1


def test_the_import_refuses_a_file_that_is_not_a_workbook_by_the_field(uw: UWorld) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(uw, "perencana").post(
        reverse("usulan:impor"),
        {"perangkat_daerah": uw.world.pd.pk, "tahun": "2025", "berkas": SimpleUploadedFile("x.xlsx", b"bukan xlsx")},
    )

    html = html_of(response)
    assert response.status_code == 422
    assert "field-error" in html.split('id="field-berkas"', 1)[1].split("</div>", 1)[0]
