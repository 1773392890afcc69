"""Findings (`Temuan`) and the registry of their stable codes. Pure: no Django.

Every code a check can report is registered here with its severity, the class of check it belongs to
(domain README §8), what it means and what to do. `docs/reference/checks.md` is rendered from this registry
(`render_markdown`, kept in sync by a test), the web page and the CLI show the same texts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from renja.checks.rules.model import Lokasi

__all__ = [
    "ERROR",
    "INFO",
    "KELAS",
    "PERINGATAN",
    "REGISTRY",
    "SEVERITIES",
    "KodeTemuan",
    "Temuan",
    "buat",
    "hitung",
    "render_markdown",
    "urutkan",
]

ERROR = "error"
PERINGATAN = "peringatan"
INFO = "info"
SEVERITIES = (ERROR, PERINGATAN, INFO)
_SEVERITY_ORDER = {s: i for i, s in enumerate(SEVERITIES)}

# The classes of checks a careful verifier makes (domain README §8), in the order the page shows them.
KELAS: dict[str, str] = {
    "jumlah": "Jumlah pagu dan total",
    "hitungan": "Banyak program, kegiatan dan sub kegiatan di teks",
    "indikator": "Indikator, target dan satuan",
    "anggaran": "Target dan pagu",
    "tahun": "Tahun",
    "kode": "Kode dan nomenklatur",
    "wilayah": "Desa dan kecamatan usulan",
    "angka": "Angka yang tidak terbaca",
    "pembacaan": "Pembacaan dokumen",
}


@dataclass(frozen=True)
class KodeTemuan:
    kode: str
    severity: str
    kelas: str
    judul: str
    makna: str
    tindakan: str
    sumber: str = "pemeriksa"  # "pemeriksa" (renja check) or "pembaca dokumen" (the parser, reused as is)


@dataclass(frozen=True)
class Temuan:
    """One finding: a stable `kode`, a severity, where (`lokasi`), a message in Bahasa Indonesia, the raw text
    concerned, the expected and the found value, and a suggestion."""

    kode: str
    severity: str
    pesan: str
    lokasi: Lokasi
    teks: str = ""
    diharapkan: str = ""
    ditemukan: str = ""
    saran: str = ""
    kelas: str = ""
    rincian: tuple[str, ...] = field(default=())  # the computation behind it (formula, terms), one line each

    @property
    def judul(self) -> str:
        info = REGISTRY.get(self.kode)
        return info.judul if info else self.kode

    def to_dict(self) -> dict[str, Any]:
        lok = self.lokasi
        return {
            "kode": self.kode,
            "severity": self.severity,
            "kelas": self.kelas,
            "judul": self.judul,
            "pesan": self.pesan,
            "lokasi": {
                "label": lok.label(),
                "tabel": lok.tabel,
                "bab": lok.bab,
                "baris_dokumen": lok.baris_dokumen,
                "baris_tabel": lok.baris_tabel,
                "kolom": lok.kolom,
                "posisi": lok.posisi,
                "objek": lok.objek,
                "objek_id": lok.objek_id,
                "tautan": lok.tautan,
            },
            "teks": self.teks,
            "diharapkan": self.diharapkan,
            "ditemukan": self.ditemukan,
            "saran": self.saran,
            "rincian": list(self.rincian),
        }


def buat(
    kode: str,
    pesan: str,
    lokasi: Lokasi,
    *,
    teks: str = "",
    diharapkan: str = "",
    ditemukan: str = "",
    saran: str = "",
    rincian: Iterable[str] = (),
    severity: str | None = None,
) -> Temuan:
    """A finding of a registered code (KeyError for an unregistered one: every code must be documented).
    The severity is the registry's unless the parser that found it said otherwise."""
    info = REGISTRY[kode]
    return Temuan(
        kode=kode,
        severity=severity or info.severity,
        pesan=pesan,
        lokasi=lokasi,
        teks=teks,
        diharapkan=diharapkan,
        ditemukan=ditemukan,
        saran=saran or info.tindakan,
        kelas=info.kelas,
        rincian=tuple(rincian),
    )


def urutkan(temuan: Iterable[Temuan]) -> list[Temuan]:
    """Severity first, then the place in the document (line, table row), then the code."""

    def key(t: Temuan) -> tuple[int, int, int, str, str]:
        lok = t.lokasi
        return (
            _SEVERITY_ORDER.get(t.severity, 9),
            lok.baris_dokumen if lok.baris_dokumen is not None else 10**9,
            lok.baris_tabel if lok.baris_tabel is not None else 0,
            lok.tabel,
            t.kode,
        )

    return sorted(temuan, key=key)


def hitung(temuan: Iterable[Temuan]) -> dict[str, int]:
    counts = dict.fromkeys(SEVERITIES, 0)
    for t in temuan:
        counts[t.severity] = counts.get(t.severity, 0) + 1
    return counts


def _k(kode: str, severity: str, kelas: str, judul: str, makna: str, tindakan: str, sumber: str = "pemeriksa") -> None:
    REGISTRY[kode] = KodeTemuan(kode, severity, kelas, judul, makna, tindakan, sumber)


REGISTRY: dict[str, KodeTemuan] = {}

# --------------------------------------------------------------------------------------------- jumlah
_k(
    "PAGU_INDUK_TIDAK_SESUAI",
    ERROR,
    "jumlah",
    "Pagu induk ≠ jumlah pagu rinciannya",
    "Pagu yang tertulis pada program (atau kegiatan) berbeda dari jumlah pagu kegiatan (atau sub kegiatan) di "
    "bawahnya untuk tahun yang sama.",
    "Periksa angka pagu induk dan rinciannya; perbaiki yang salah ketik sehingga induk sama dengan jumlah rinciannya.",
)
_k(
    "JUMLAH_TIDAK_SESUAI",
    ERROR,
    "jumlah",
    "Baris JUMLAH ≠ jumlah baris tabel",
    "Total yang dinyatakan tabel (baris JUMLAH) berbeda dari jumlah baris-baris tabel itu (program, atau rincian "
    "terendah bila pagu program tidak diisi).",
    "Hitung ulang baris JUMLAH dari baris-baris tabel (atau perbaiki baris yang salah).",
)
_k(
    "JUMLAH_TINGKAT_TIDAK_SESUAI",
    PERINGATAN,
    "jumlah",
    "Jumlah per tingkat tidak sama",
    "Jumlah pagu semua program, semua kegiatan dan semua sub kegiatan seharusnya sama; di tabel ini berbeda "
    "(biasanya akibat pagu induk yang tidak sesuai atau baris tanpa induk).",
    "Lihat temuan pagu induk pada tabel yang sama; perbaiki sampai jumlah tiap tingkat sama.",
)
_k(
    "JUMLAH_TEKS_TIDAK_SESUAI",
    ERROR,
    "jumlah",
    "Total anggaran di teks ≠ tabel",
    "Teks (mis. Bab IV) menyebut total anggaran tahun rencana yang berbeda dari jumlah pagu program di tabel "
    "rencana kerja dan pendanaan.",
    "Samakan angka di teks dengan jumlah tabel (atau perbaiki tabelnya).",
)
_k(
    "ANGKA_NEGATIF",
    ERROR,
    "jumlah",
    "Pagu bernilai negatif",
    "Pagu atau pagu usulan bernilai negatif.",
    "Periksa tanda minus; pagu tidak boleh negatif.",
)
# --------------------------------------------------------------------------------------------- hitungan
_k(
    "HITUNGAN_TIDAK_SESUAI",
    ERROR,
    "hitungan",
    "Banyak program/kegiatan/sub kegiatan di teks ≠ tabel",
    "Teks menyebut sekian program, kegiatan atau sub kegiatan untuk tahun rencana, tetapi tabel rencana kerja "
    "dan pendanaan berisi jumlah baris yang berbeda.",
    "Hitung baris tabel per tingkat dan samakan kalimatnya (atau lengkapi tabelnya).",
)
# --------------------------------------------------------------------------------------------- indikator
_k(
    "PERSEN_DIJUMLAH",
    ERROR,
    "indikator",
    "Persentase/indeks dijumlahkan antar tahun",
    "Untuk indikator tingkat (persentase, indeks, skor, rasio) capaian s.d. tahun berjalan adalah nilai "
    "terakhir, bukan jumlah nilai tahunan; dokumen menjumlahkannya (mis. 50 + 60 + 70 = 180 %).",
    "Isi kolom capaian kumulatif dengan nilai tahun terakhir (mis. 70 %), bukan jumlahnya; hitung ulang "
    "tingkat capaiannya.",
)
_k(
    "PERSEN_LEBIH_100",
    PERINGATAN,
    "indikator",
    "Persentase di atas 100 %",
    "Target atau capaian indikator persentase bernilai lebih dari 100 %, biasanya hasil menjumlahkan "
    "persentase tahunan.",
    "Periksa apakah nilai ini hasil penjumlahan; tulis persentase akhir periode (paling banyak 100 %).",
)
_k(
    "SATUAN_BERUBAH",
    PERINGATAN,
    "indikator",
    "Satuan indikator berubah antar tahun",
    "Satu indikator memakai satuan berbeda di tahun yang berbeda (mis. 6 Dokumen pada tahun n dan 6 Kegiatan "
    "pada n+1); target kedua tahun tidak bisa dibandingkan.",
    "Pakai satu satuan untuk indikator ini di semua tahun (sesuai nomenklatur) dan sesuaikan targetnya.",
)
_k(
    "TARGET_MELEBIHI_RENSTRA",
    PERINGATAN,
    "indikator",
    "Target tahunan di atas target akhir Renstra",
    "Target satu tahun melebihi target akhir periode Renstra untuk indikator yang sama, tanpa catatan.",
    "Periksa targetnya (salah ketik?) atau beri catatan alasan target melampaui Renstra.",
)
_k(
    "CAPAIAN_MELEBIHI_TARGET",
    PERINGATAN,
    "indikator",
    "Perkiraan capaian melebihi target Renstra",
    "Perkiraan realisasi s.d. tahun berjalan (T-C.29 kolom 10) melebihi target akhir Renstra (kolom 4), "
    "sehingga tingkat capaian (kolom 11) di atas 100 %.",
    "Periksa target dan realisasi tahunan yang dijumlahkan; biasanya satu angka salah ketik.",
)
_k(
    "RUMUS_TIDAK_SESUAI",
    PERINGATAN,
    "indikator",
    "Kolom hitungan T-C.29 tidak sesuai rumus",
    "Kolom hitungan Tabel T-C.29 tidak sama dengan rumusnya: kolom 8 = 7 / 6 × 100, kolom 10 = 5 + 7 + 9 "
    "(indikator jumlah), kolom 11 = 10 / 4 × 100.",
    "Hitung ulang kolom itu dari kolom sumbernya.",
)
_k(
    "KOLOM_KOSONG",
    PERINGATAN,
    "indikator",
    "Kolom wajib kosong",
    "Kolom yang diperiksa verifikator (mis. T-C.29 kolom 10, perkiraan realisasi s.d. tahun berjalan) kosong "
    "pada baris yang punya target.",
    "Isi kolom itu untuk setiap baris.",
)
_k(
    "INDIKATOR_KOSONG",
    PERINGATAN,
    "indikator",
    "Baris tanpa indikator",
    "Program, kegiatan atau sub kegiatan tidak punya indikator kinerja dan target.",
    "Tambahkan indikator (nomenklatur memberi indikator dan satuan baku sub kegiatan) beserta targetnya.",
)
# --------------------------------------------------------------------------------------------- anggaran
_k(
    "TARGET_TANPA_PAGU",
    PERINGATAN,
    "anggaran",
    "Target tanpa pagu",
    "Baris punya target kinerja untuk suatu tahun tetapi tidak punya pagu (kosong, '-' atau 0), dan "
    "rinciannya pun tidak berpagu.",
    "Isi pagu indikatif tahun itu, atau hapus targetnya bila kegiatan tidak dilaksanakan.",
)
_k(
    "PAGU_TANPA_TARGET",
    PERINGATAN,
    "anggaran",
    "Pagu tanpa target",
    "Baris punya pagu untuk suatu tahun tetapi tidak punya target kinerja tahun itu.",
    "Isi target indikator tahun itu.",
)
_k(
    "PRAKIRAAN_MAJU_KOSONG",
    PERINGATAN,
    "anggaran",
    "Prakiraan maju (n+1) kosong",
    "Baris punya target atau pagu tahun rencana tetapi target dan pagu prakiraan maju tahun n+1 kosong.",
    "Isi target dan pagu prakiraan maju tahun n+1 (T-C.33 dan Bab IV memintanya).",
)
_k(
    "REKOMENDASI_MELEBIHI_USULAN",
    PERINGATAN,
    "anggaran",
    "Pagu rekomendasi di atas pagu usulan",
    "Pagu yang direkomendasikan untuk satu usulan lebih besar daripada pagu yang diusulkan.",
    "Periksa angkanya; rekomendasi biasanya sama atau lebih kecil dari usulan.",
)
# --------------------------------------------------------------------------------------------- tahun
_k(
    "TAHUN_TEKS_TIDAK_SESUAI",
    PERINGATAN,
    "tahun",
    "Tahun di teks bukan tahun dokumen",
    "Kalimat tentang Renja/RKPD tahun rencana menyebut tahun lain (biasanya tersalin dari dokumen tahun lalu).",
    "Ganti tahun di kalimat itu dengan tahun rencana.",
)
_k(
    "TAHUN_KOLOM_TIDAK_SESUAI",
    ERROR,
    "tahun",
    "Tahun kolom tabel tidak sesuai",
    "Tahun pada kepala kolom tidak sesuai tahun rencana n: prakiraan maju harus n+1; T-C.29 memakai n-3 "
    "(realisasi s.d.), n-2 (target dan realisasi) dan n-1 (target tahun berjalan).",
    "Perbaiki tahun di kepala kolom (dan isinya bila ikut salah).",
)
_k(
    "RENSTRA_BERAKHIR",
    INFO,
    "tahun",
    "Periode Renstra sudah berakhir",
    "Periode Renstra yang dirujuk tabel evaluasi berakhir sebelum tahun rencana; target akhir Renstra yang "
    "dibandingkan adalah target periode itu (masa transisi RPD).",
    "Pastikan target pembanding adalah dokumen perencanaan yang berlaku (Renstra/RPD transisi).",
)
# --------------------------------------------------------------------------------------------- kode
_k(
    "KODE_TIDAK_DIKENAL",
    PERINGATAN,
    "kode",
    "Kode tidak ada di nomenklatur",
    "Kode program/kegiatan/sub kegiatan tidak ada di versi nomenklatur yang berlaku.",
    "Periksa kodenya (salah ketik, atau kode versi lama) dan pakai kode nomenklatur yang berlaku.",
)
_k(
    "KODE_LEVEL_SALAH",
    ERROR,
    "kode",
    "Kode pada tingkat yang salah",
    "Kode menunjuk tingkat lain dari baris itu (mis. kode kegiatan pada baris sub kegiatan), atau tingkat "
    "pemerintahan lain (kegiatan 1.xx provinsi pada dokumen kabupaten/kota).",
    "Pakai kode tingkat yang benar untuk baris ini.",
)
_k(
    "KODE_INDUK_TIDAK_SESUAI",
    PERINGATAN,
    "kode",
    "Kode tidak turunan kode induknya",
    "Kode baris tidak diawali kode baris induknya (mis. sub kegiatan 2.13.03… di bawah kegiatan 2.13.04…).",
    "Pindahkan baris ke induk yang benar, atau perbaiki kodenya.",
)
_k(
    "NAMA_TIDAK_SESUAI_KODE",
    PERINGATAN,
    "kode",
    "Nama tidak sesuai kodenya",
    "Nama baris berbeda jauh dari nama resmi kode itu di nomenklatur.",
    "Pakai nama resmi nomenklatur untuk kode ini, atau perbaiki kodenya.",
)
_k(
    "KODE_GANDA",
    PERINGATAN,
    "kode",
    "Kode ganda",
    "Kode yang sama muncul lebih dari sekali di satu tabel.",
    "Gabungkan baris yang sama atau perbaiki kodenya.",
)
_k(
    "BARIS_GANDA",
    PERINGATAN,
    "kode",
    "Baris ganda",
    "Baris dengan nama yang sama muncul dua kali di bawah induk yang sama.",
    "Hapus atau gabungkan baris yang terulang.",
)
_k(
    "NOMENKLATUR_TIDAK_COCOK",
    PERINGATAN,
    "kode",
    "Nama tidak dikenal nomenklatur",
    "Nama program/kegiatan/sub kegiatan tidak cocok dengan item nomenklatur mana pun (juga dilaporkan importir).",
    "Periksa ejaan, atau pilih kodenya dari nomenklatur secara manual.",
)
_k(
    "NAMA_BEDA_NOMENKLATUR",
    INFO,
    "kode",
    "Nama sedikit berbeda dari nomenklatur",
    "Nama dicocokkan ke item nomenklatur yang namanya sedikit berbeda (ejaan), dengan skor kemiripannya.",
    "Pakai nama resmi nomenklatur.",
)
_k(
    "INDUK_NOMENKLATUR_BERBEDA",
    PERINGATAN,
    "kode",
    "Baris di bawah induk yang salah",
    "Nama cocok dengan item nomenklatur yang bukan turunan baris induknya di dokumen.",
    "Periksa apakah baris ini diletakkan di bawah program/kegiatan yang benar.",
)
# --------------------------------------------------------------------------------------------- wilayah
_k(
    "DESA_TIDAK_DITEMUKAN",
    ERROR,
    "wilayah",
    "Desa tidak ada di pemda",
    "Desa/kelurahan usulan tidak ditemukan di master wilayah pemda ini (juga tidak dengan ejaan mirip).",
    "Periksa nama desanya di daftar wilayah Kemendagri; perbaiki usulannya.",
)
_k(
    "DESA_BEDA_KECAMATAN",
    ERROR,
    "wilayah",
    "Desa tidak ada di kecamatan yang ditulis",
    "Desa ada di pemda ini, tetapi tidak di kecamatan yang ditulis usulan.",
    "Perbaiki kecamatan (atau desanya) sesuai master wilayah.",
)
_k(
    "KECAMATAN_TIDAK_DITEMUKAN",
    ERROR,
    "wilayah",
    "Kecamatan tidak ada di pemda",
    "Kecamatan yang ditulis usulan tidak ditemukan di master wilayah pemda ini.",
    "Periksa nama kecamatannya di daftar wilayah Kemendagri.",
)
_k(
    "DESA_TIDAK_PASTI",
    PERINGATAN,
    "wilayah",
    "Desa tidak pasti",
    "Nama desa hanya mirip dengan satu atau beberapa desa (atau sama dengan desa di beberapa kecamatan tanpa "
    "kecamatan yang membedakan); pemeriksa tidak memilih sendiri.",
    "Pilih desa yang dimaksud dari saran dan perbaiki ejaannya (atau tulis kecamatannya).",
)
_k(
    "DESA_EJAAN_BERBEDA",
    INFO,
    "wilayah",
    "Nama desa ditulis berbeda",
    "Nama desa/kecamatan ditemukan setelah memperbaiki ejaan: spasi yang terpotong konversi PDF "
    "('RINGINAGUN G'), ejaan lama (oe, dj, tj) atau awalan sengau Jawa ('MBEDAGUNG' = Bedagung).",
    "Tulis nama resmi dari master wilayah.",
)
_k(
    "DESA_ADALAH_KELURAHAN",
    INFO,
    "wilayah",
    "Kelurahan, bukan desa",
    "Kolom desa menunjuk sebuah kelurahan (kode 1xxx); program yang khusus untuk desa (mis. dana desa) tidak "
    "berlaku untuknya.",
    "Pastikan usulan ini memang untuk kelurahan dan programnya berlaku untuk kelurahan.",
)
_k(
    "WILAYAH_TIDAK_DIPERIKSA",
    INFO,
    "wilayah",
    "Desa usulan tidak diperiksa",
    "Master wilayah belum dimuat, atau pemda dokumen tidak dikenali, sehingga desa dan kecamatan usulan tidak "
    "diperiksa.",
    "Muat master wilayah: renja wilayah import BERKAS.csv (CSV kode,nama Kemendagri).",
)
_k(
    "USULAN_GANDA",
    PERINGATAN,
    "wilayah",
    "Usulan ganda",
    "Usulan yang sama (desa, kecamatan dan kegiatan) tercatat lebih dari sekali.",
    "Gabungkan atau hapus usulan yang terulang.",
)

# ------------------------------------------------------------ codes of the document reader (reused, not re-checked)
_P = "pembaca dokumen"
_k(
    "ERROR_SPREADSHEET",
    ERROR,
    "angka",
    "Galat rumus spreadsheet",
    "Sel berisi galat rumus Excel (#VALUE!, #DIV/0!, …): nilainya tidak ada di dokumen.",
    "Hitung ulang nilai di lembar kerja sumber dan isi angka yang benar.",
    _P,
)
_k(
    "ANGKA_TIDAK_TERBACA",
    ERROR,
    "angka",
    "Angka tidak terbaca",
    "Isi sel tidak bisa dibaca sebagai angka.",
    "Perbaiki angkanya di dokumen sumber.",
    _P,
)
_k(
    "RUPIAH_PECAHAN",
    ERROR,
    "angka",
    "Rupiah berpecahan",
    "Nilai rupiah terbaca dengan pecahan (pemisah ribuan/desimal keliru); nilai tidak dipakai.",
    "Tulis rupiah sebagai bilangan bulat dengan pemisah ribuan yang benar.",
    _P,
)
_k(
    "ANGKA_TERPOTONG",
    INFO,
    "angka",
    "Angka terpotong spasi",
    "Angka terpotong spasi hasil konversi PDF ('500,000,00 0') dan dibaca dengan menyambungnya kembali.",
    "Cocokkan dengan dokumen sumber; bila sama, tidak perlu tindakan.",
    _P,
)
_k(
    "NILAI_GANDA",
    PERINGATAN,
    "angka",
    "Sel berisi beberapa nilai",
    "Satu sel berisi beberapa nilai ('184 ; 180', '26:178'); dibaca sebagai beberapa indikator, tidak dijumlah.",
    "Tulis satu nilai per indikator.",
    _P,
)
for _kode, _sev, _judul, _makna, _tindakan in (
    (
        "BARIS_DISAMBUNG",
        INFO,
        "Baris disambung",
        "Baris terpotong halaman disambung ke baris di atasnya.",
        "Periksa bahwa sambungan ini benar.",
    ),
    (
        "BARIS_TIDAK_DIKENALI",
        PERINGATAN,
        "Baris tidak dikenali",
        "Baris tanpa nomor/kode dan nama yang tidak bisa disambung ke baris mana pun.",
        "Periksa baris ini.",
    ),
    (
        "IDENTITAS_TIDAK_DITEMUKAN",
        PERINGATAN,
        "Identitas tidak ditemukan",
        "Nama pemda atau perangkat daerah tidak ditemukan di sampul.",
        "Lengkapi sampul dokumen.",
    ),
    (
        "INDIKATOR_GANDA",
        PERINGATAN,
        "Nama indikator kurang",
        "Sel nilai berisi beberapa nilai tetapi kolom indikator hanya satu nama.",
        "Tulis nama tiap indikator.",
    ),
    (
        "JUMLAH_NILAI_TIDAK_SESUAI",
        PERINGATAN,
        "Banyak nilai ≠ banyak indikator",
        "Sel berisi nilai lebih sedikit/banyak dari indikator barisnya.",
        "Tulis satu nilai per indikator.",
    ),
    (
        "JUMLAH_TIDAK_TERBACA",
        PERINGATAN,
        "Baris jumlah tidak terbaca",
        "Baris JUMLAH tidak cocok dengan kolom pagu tabel.",
        "Periksa baris jumlah.",
    ),
    (
        "KELOMPOK_GANDA",
        PERINGATAN,
        "Huruf kelompok ganda",
        "Huruf kelompok dipakai dua kali di T-C.30.",
        "Perbaiki penomoran kelompok.",
    ),
    (
        "KODE_TIDAK_TERBACA",
        PERINGATAN,
        "Kode tidak terbaca",
        "Kode bukan kode nomenklatur yang sah.",
        "Perbaiki kodenya.",
    ),
    (
        "KOLOM_BERLEBIH",
        PERINGATAN,
        "Sel berlebih",
        "Baris punya lebih banyak sel dari kolom tabel.",
        "Periksa baris ini.",
    ),
    (
        "KOLOM_DISESUAIKAN",
        INFO,
        "Kolom disesuaikan",
        "Baris kekurangan sel (tab hilang); sel kosong ditambahkan.",
        "Periksa bahwa nilai berada di kolom yang benar.",
    ),
    (
        "KOLOM_TIDAK_DIKENALI",
        PERINGATAN,
        "Kolom tidak dikenali",
        "Kepala tabel tidak menyebut kolom yang dikenal.",
        "Periksa bahwa nilai terbaca di kolom yang benar.",
    ),
    (
        "PARSER_GAGAL",
        ERROR,
        "Pembacaan terhenti",
        "Kesalahan program saat membaca bagian dokumen.",
        "Laporkan ke pengembang; periksa bagian itu secara manual.",
    ),
    (
        "PENANDATANGAN_BERBEDA",
        PERINGATAN,
        "Penandatangan berbeda",
        "Nama penandatangan berbeda di bagian dokumen yang berbeda.",
        "Samakan nama penandatangan.",
    ),
    (
        "TABEL_TIDAK_DIKENALI",
        PERINGATAN,
        "Tabel tidak dikenali",
        "Tata letak tabel tidak dikenali; isinya tidak dibaca.",
        "Sesuaikan kepala tabel dengan format Permendagri 86/2017.",
    ),
    (
        "TABEL_TIDAK_DITEMUKAN",
        PERINGATAN,
        "Tabel tidak ditemukan",
        "Salah satu tabel wajib tidak ditemukan.",
        "Periksa judul dan kepala tabel.",
    ),
    (
        "TAHUN_HEADER_GANDA",
        PERINGATAN,
        "Tahun kepala tabel ganda",
        "Kepala tabel menulis tahun yang sama dua kali.",
        "Perbaiki tahun di kepala tabel.",
    ),
    (
        "TAHUN_TIDAK_DITEMUKAN",
        PERINGATAN,
        "Tahun tidak ditemukan",
        "Tahun dokumen atau kolom tidak ditemukan.",
        "Tulis tahunnya di sampul/kepala kolom.",
    ),
    (
        "TAHUN_TIDAK_KONSISTEN",
        PERINGATAN,
        "Tahun sampul ≠ kepala halaman",
        "Sampul dan kepala halaman menyebut tahun berbeda.",
        "Samakan tahunnya.",
    ),
    (
        "TEKS_DALAM_TABEL",
        PERINGATAN,
        "Teks di tengah tabel",
        "Baris tanpa pemisah kolom di tengah tabel.",
        "Periksa baris ini.",
    ),
    (
        "BARIS_TANPA_INDUK",
        ERROR,
        "Baris indikator tanpa baris rencana",
        "Buku kerja XLSX: baris indikator tanpa kode dan uraian di atasnya; diabaikan.",
        "Isi kode dan uraian baris rencana, atau hapus baris ini.",
    ),
    (
        "KOLOM_BERGESER",
        PERINGATAN,
        "Kolom bergeser",
        "Buku kerja XLSX: urutan kolom lembar rencana berbeda dari ekspor; dibaca menurut nomor kolom.",
        "Kembalikan urutan kolom seperti saat diekspor.",
    ),
    (
        "RUMUS_TANPA_NILAI",
        ERROR,
        "Rumus tanpa nilai",
        "Buku kerja XLSX: sel berisi rumus tanpa nilai tersimpan (buku disimpan oleh program yang tidak menghitung).",
        "Buka dan simpan buku kerja di Excel/LibreOffice agar nilainya terhitung, atau ketik angkanya.",
    ),
):
    _k(_kode, _sev, "pembacaan", _judul, _makna, _tindakan, _P)


def render_markdown() -> str:
    """docs/reference/checks.md: every code with its severity, meaning and what to do, by class."""
    lines = [
        "# Temuan pemeriksa konsistensi (`renja check`)",
        "",
        "<!-- Dibuat dari src/renja/checks/rules/temuan.py: python -m renja.checks.rules.temuan > "
        "docs/reference/checks.md -->",
        "",
        "Setiap temuan punya kode tetap, tingkat (`error` / `peringatan` / `info`), lokasi (dokumen: bab, tabel, "
        "baris, kolom dan teks aslinya; Renja tersimpan: baris rencana dengan tautannya), pesan, nilai yang "
        "diharapkan dan yang ditemukan, serta saran. `renja check` keluar dengan status 1 bila ada `error` "
        "(kecuali dengan `--tidak-gagal`).",
        "",
        "Kode dari *pembaca dokumen* dilaporkan oleh pembaca teks (parser) saat dokumen dibaca dan dipakai apa "
        "adanya; kode lain dari pemeriksa.",
        "",
        "## Di mana pemeriksa berjalan",
        "",
        "```bash",
        "renja check DOKUMEN.txt|.docx|.json|.xlsx [--json] [--tidak-gagal] [--tingkat peringatan] [--rincian]",
        "renja check --tahun 2024 [--pd KODE] [--tahapan …] [--versi N]   # Renja yang tersimpan",
        "renja check [--deploy] [LABEL_APP …]       # pemeriksaan sistem Django, seperti biasa",
        "```",
        "",
        "- Dokumen dibaca tanpa disimpan: teks hasil konversi PDF (seperti dokumen contoh), Word (.docx) dengan tabel "
        "asli (lokasi: `paragraf N` / `tabel Word ke-N, baris M`), ekspor JSON kanonik (lokasi: jalur JSON) dan "
        "buku kerja XLSX ekspor Renja (lembar rencana T-C.33; lokasi: lembar, baris Excel, kolom).",
        "- Word hasil ekspor Renja sendiri (`renja export --format docx`): tabelnya dikenali dari kepala kolomnya "
        "menurut tata letak resmi (`src/renja/documents/data/tabel-permendagri-86-2017.toml`, atau `tabel.toml` "
        "pemda di `$RENJA_HOME/templates/dokumen/`) — T-C.29, T-C.30, T-C.31, T-C.32, Tabel 3.1, T-C.33 dan Bab IV "
        "SIPD-RI — dan dibaca sel demi sel (kolom menurut nomor cetaknya); `–` pada sel angka berarti kosong. "
        "Bab IV menjadi tabel rencana; jumlah dan kode T-C.33 diperiksa juga. Tabel lain dibaca seperti teks.",
        "- Renja tersimpan: versi utama tahun itu beserta Tabel 2.4 (dua versi), Tabel 2.1/2.2 (Renstra), usulan dan "
        "narasinya; setiap temuan menaut ke barisnya di `/renja/<id>/rincian/#baris-<id>`.",
        "- Laporan impor (`renja import`): temuan pemeriksa yang belum dilaporkan importir ditambahkan.",
        "- Web: tab **Temuan** setiap Renja (`/renja/<id>/temuan/`) dengan daftar periksa kelengkapan per bab dan "
        "tabel (T-C.29 s.d. T-C.33 ada dan terisi, Bab IV tata letak SIPD-RI, prakiraan maju = n+1).",
        "- Kode dan nama diperiksa terhadap versi nomenklatur Renja (bawaan: `kepmendagri-900-kurasi`); desa dan "
        "kecamatan usulan terhadap master wilayah pemda (`renja wilayah import BERKAS.csv`).",
        "",
    ]
    for kelas, judul in KELAS.items():
        items = [k for k in REGISTRY.values() if k.kelas == kelas]
        if not items:
            continue
        lines += [f"## {judul}", "", "| kode | tingkat | arti | yang perlu dilakukan |", "|---|---|---|---|"]
        for k in items:
            sumber = " *(pembaca dokumen)*" if k.sumber != "pemeriksa" else ""
            lines.append(f"| `{k.kode}`{sumber} | {k.severity} | **{k.judul}.** {k.makna} | {k.tindakan} |")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    print(render_markdown())
