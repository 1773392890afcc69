"""Small constructed Renja documents (the text form of the seed) for the checker's tests, and in-memory lookups.

`CLEAN` is a correct document: every check stays silent on it. Each test breaks one thing with `broken(...)`
(a text replacement that must apply exactly once) and expects its check to fire at that place.
"""

from __future__ import annotations

from dataclasses import dataclass

from renja.checks.rules.dari_teks import dari_parsed
from renja.checks.rules.lookup import ItemNomenklatur, NamaCocok
from renja.checks.rules.periksa import HasilPeriksa, periksa
from renja.core.text import normalize_name, parent_code, similarity
from renja.importers.parse.renja_text import parse_renja_text

T = "\t"
PROSE = (
    "Rencana kerja ini disusun dengan memperhatikan kebutuhan masyarakat desa, kapasitas aparatur dan arah "
    "kebijakan daerah, sehingga program dan kegiatan yang direncanakan dapat dilaksanakan secara efektif."
)


def row(*cells: str) -> str:
    return T.join(cells)


EVALUASI_HEADER = [
    row(
        "Kode",
        "Urusan/Bidang Urusan Pemerintah Daerah dan Program/Kegiatan",
        "Indikator Kinerja Tujuan, Sasaran, Program(outcome), Kegiatan (output), Sub Kegiatan",
        "Target Kinerja Capaian Program (Renstra Perangkat Daerah 2021-2026)",
        "Realisasi Capaian Kinerja Renstra SKPD sampai dengan Renja SKPD Tahun 2021",
        "Target dan Realisasi Kinerja Program dan Kegiatan Tahun 2022",
        "",
        "",
        "Target Program dan Kegiatan PD Tahun 2023",
        "Perkiraan Realisasi Capaian Target Renstra Perangkat Daerah s/d tahun Berjalan",
        "",
    ),
    row(
        "",
        "",
        "",
        "",
        "",
        "Target 2022",
        "Realisasi renja 2022",
        "Tingkat Realisasi (%)",
        "",
        "Realisasi Capaian Program dan Kegiatan s.d tahun 2023",
        "Tinglat Capaian realisasi Target Renstra (%)",
    ),
    row(*[str(i) for i in range(1, 12)]),
]

CLEAN = "\n".join(
    [
        "PEMERINTAH",
        "KABUPATEN MAGETAN",
        "",
        "RENCANA KERJA",
        "",
        "Dinas Pemberdayaan Masyarakat dan Desa Tahun 2024",
        "",
        "Jl. Tripandita 03, MAGETAN",
        "",
        "i KATA PENGANTAR",
        "",
        f"Rencana Kerja Dinas Pemberdayaan Masyarakat dan Desa Tahun 2024 ini memuat program dan kegiatan. {PROSE}",
        "",
        "BAB I",
        "PENDAHULUAN",
        "",
        "1.1 Latar Belakang",
        "",
        "Penyusunan Rencana Kerja Dinas Pemberdayaan Masyarakat dan Desa tahun 2024 mengacu pada Rancangan Awal "
        f"Rencana Kerja Pemerintah Daerah Kabupaten Magetan tahun 2024. {PROSE}",
        "",
        "1.2. Landasan Hukum",
        "",
        "- Peraturan Bupati Magetan Nomor 25 tahun 2023 Tentang Rencana Kerja Pemerintah Daerah Tahun 2024.",
        "",
        "1.3 Maksud dan Tujuan",
        "",
        f"Maksud penyusunan Rencana Kerja adalah menguraikan rencana program dan kegiatan tahun 2024. {PROSE}",
        "",
        "1.4.Sistematika Penulisan",
        "",
        f"Dokumen ini terdiri dari lima bab. {PROSE}",
        "",
        "BAB II",
        "HASIL EVALUASI RENJA PERANGKAT DAERAH TAHUN LALU",
        "",
        "2.1 Evaluasi Pelaksanaan Renja Perangkat Daerah Tahun Lalu dan Capaian Renstra Perangkat Daerah",
        "",
        f"Hasil evaluasi terhadap pelaksanaan Renja Tahun 2022 dapat dilihat pada tabel berikut. {PROSE}",
        "",
        "Tabel 2.1",
        "Evaluasi Capaian Renja Perangkat Daerah",
        "",
        *EVALUASI_HEADER,
        row("2.13", "URUSAN PEMERINTAHAN BIDANG PEMBERDAYAAN MASYARAKAT DAN DESA", "", "", "", "", "", "", "", "", ""),
        row(
            "2.13.04",
            "PROGRAM ADMINISTRASI PEMERINTAHAN DESA",
            "Persentase Desa dengan Administrasi Pemerintahan Desa yang Baik II %",
            "70",
            "50",
            "60",
            "60",
            "100%",
            "70",
            "70",
            "100%",
        ),
        row(
            "2.13.04.2.01",
            "Pembinaan dan Pengawasan Penyelenggaraan Administrasi Pemerintahan Desa",
            "Jumlah dokumen pembinaan administrasi pemerintahan desa",
            "9",
            "3",
            "3",
            "3",
            "100%",
            "3",
            "9",
            "100%",
        ),
        row(
            "2.13.04.2.01.01",
            "Fasilitasi Penyelenggaraan Administrasi Pemerintahan Desa",
            "Jumlah dokumen penyelenggaraan administrasi pemerintahan desa",
            "12",
            "4",
            "4",
            "4",
            "100%",
            "4",
            "12",
            "100%",
        ),
        row(
            "2.13.04.2.01.02",
            "Fasilitasi Penyusunan Produk Hukum Desa",
            "Jumlah dokumen produk hukum desa",
            "6",
            "2",
            "2",
            "2",
            "100%",
            "2",
            "6",
            "100%",
        ),
        "",
        "2.2 Analisis Kinerja Pelayanan",
        "",
        f"Analisis kinerja pelayanan disajikan pada tabel berikut. {PROSE}",
        "",
        "Tabel 2.2",
        "",
        row(
            "NO.",
            "INDIKATOR",
            "Target Renstra SKPD",
            "",
            "",
            "",
            "",
            "Realisasi Capaian (%)",
            "",
            "Proyeksi (%)",
            "Catatan Analisis",
        ),
        row("", "", "2019", "2020", "2021", "2022", "2023", "2021", "2022", "2023", ""),
        row("A", "Urusan Pemberdayaan Pemerintahan Desa", "", "", "", "", "", "", "", "", ""),
        row(
            "1.",
            "Persentase Desa dengan pengelolaan keuangan yang baik",
            "30",
            "40",
            "45",
            "55",
            "60",
            "45",
            "60",
            "70",
            "",
        ),
        "",
        "2.3 Isu-Isu Penting Penyelenggaraan Tugas Dan Fungsi",
        "",
        f"Isu strategis yang terkait layanan dinas adalah keterbatasan sumber daya manusia desa. {PROSE}",
        "",
        "2.4 Review Terhadap Rancangan Awal RKPD",
        "",
        f"Rancangan awal RKPD tahun 2024 menjadi acuan dalam penyusunan rancangan rencana kerja. {PROSE}",
        "",
        "Tabel 2.4",
        "Review Terhadap Rancangan Awal Program dan Kegiatan SKPD",
        "",
        row("No", "RANCANGAN AWAL SKPD", "", "", "", "HASIL ANALISA KEBUTUHAN", "", "", ""),
        row(
            "",
            "PROGRAM / KEGIATAN / SUB KEGIATAN",
            "INDIKATOR PROGRAM / KEGIATAN/ SUB KEGIATAN",
            "Target Program / Kegiatan / Sub kegiatan",
            "Pagu Indikatif",
            "PROGRAM / KEGIATAN / SUB KEGIATAN",
            "INDIKATOR PROGRAM / KEGIATAN/ SUB KEGIATAN",
            "Target Program / Kegiatan / Sub kegiatan",
            "Pagu Indikatif",
        ),
        row(
            "1",
            "PROGRAM ADMINISTRASI PEMERINTAHAN DESA",
            "Persentase desa beradministrasi baik",
            "70 %",
            "100.000.000",
            "PROGRAM ADMINISTRASI PEMERINTAHAN DESA",
            "Persentase desa beradministrasi baik",
            "70 %",
            "100.000.000",
        ),
        row(
            "1.1",
            "Pembinaan dan Pengawasan Penyelenggaraan Administrasi Pemerintahan Desa",
            "Jumlah dokumen pembinaan",
            "5 Dokumen",
            "100.000.000",
            "Pembinaan dan Pengawasan Penyelenggaraan Administrasi Pemerintahan Desa",
            "Jumlah dokumen pembinaan",
            "5 Dokumen",
            "100.000.000",
        ),
        row(
            "",
            "Fasilitasi Penyelenggaraan Administrasi Pemerintahan Desa",
            "Jumlah dokumen administrasi",
            "3 Dokumen",
            "60.000.000",
            "Fasilitasi Penyelenggaraan Administrasi Pemerintahan Desa",
            "Jumlah dokumen administrasi",
            "3 Dokumen",
            "60.000.000",
        ),
        row(
            "",
            "Fasilitasi Penyusunan Produk Hukum Desa",
            "Jumlah dokumen produk hukum",
            "2 Dokumen",
            "40.000.000",
            "Fasilitasi Penyusunan Produk Hukum Desa",
            "Jumlah dokumen produk hukum",
            "2 Dokumen",
            "40.000.000",
        ),
        row("JUMLAH", "", "", "100.000.000", "", "", "", "100.000.000"),
        "",
        "2.5 Penelaahan Usulan dan Program Kegiatan Masyarakat",
        "",
        f"Usulan yang disampaikan pada forum musyawarah sebagaimana tabel berikut. {PROSE}",
        "",
        "Tabel 2.5",
        "Usulan Program dan Kegiatan Masyarakat 2024",
        "",
        row("NO", "DESA", "ALAMAT", "KEGIATAN", "PAGU USULAN", "PAGU REKOMENDASI"),
        row("1", "TANJUNG", "BENDO", "PENGERASAN JALAN DESA", "300.000.000", "300.000.000"),
        row("2", "PELEM", "KARANGREJO", "PEMELIHARAAN JALAN ANTAR DESA", "250.000.000", "200.000.000"),
        "",
        "BAB III",
        "",
        "TUJUAN DAN SASARAN PERANGKAT DAERAH",
        "",
        "3.1 Telaahan terhadap Kebijakan Nasional",
        "",
        f"Guna mendukung tercapainya sasaran pembangunan nasional tahun 2024 diperlukan peran daerah. {PROSE}",
        "",
        "3.2 Tujuan dan Sasaran Renja Perangkat Daerah",
        "",
        "Tabel 3.1",
        "",
        row("No", "Tujuan/Sasaran", "", "Indikator Tujuan/Sasaran", "Target (%)"),
        row("1", "2", "3", "4", "5"),
        row("1", "Meningkatkan kemandirian desa", "1", "Persentase Desa Mandiri", "28,9"),
        row("1.1", "Meningkatkan Tata Kelola Pemerintahan Desa", "1.1", "% Desa dengan tata kelola baik", "70"),
        "",
        "3.3. Program dan Kegiatan",
        "",
        "Untuk mewujudkan tujuan serta sasaran maka pada tahun 2024 Dinas Pemberdayaan Masyarakat dan Desa "
        "melaksanakan 1 (satu) program, 1 (satu) kegiatan dan 2 (dua) sub kegiatan yaitu program administrasi "
        f"pemerintahan desa. {PROSE}",
        "",
        "BAB IV",
        "RENCANA KERJA DAN PENDANAAN PERANGKAT DAERAH",
        "",
        "Pada bab ini akan diuraikan Rencana Kerja dan Pendanaan Tahun Anggaran 2024 Dinas Pemberdayaan Masyarakat "
        "dan Desa untuk 1 program, 1 kegiatan dan 2 sub kegiatan beserta target capaian kinerja untuk masing-masing "
        "kegiatan dengan total anggaran yang direncanakan sebesar Rp 100.000.000,-",
        "",
        "Tabel 4.1",
        "Rencana Kerja dan Pendanaan Tahun 2024 - 2025",
        "",
        row(
            "Program dan Kegiatan",
            "Indikator Kinerja Tujuan, Sasaran, Program (Outcome) dan Kegiatan (Output)",
            "Traget Kinerja Program dan Kerangka Pendanaan",
            "",
            "",
            "",
        ),
        row("", "", "Kerangka Pendanaan", "", "Prakiraan Maju", ""),
        row("", "", "Target 2024", "Pagu", "Target 2025", "Pagu"),
        row("(5)", "(6)", "(8)", "(9)", "(10)", "(11)"),
        row(
            "Program Administrasi Pemerintahan Desa",
            "Persentase Desa dengan Administrasi Pemerintahan Desa yang Baik",
            "70%",
            "100,000,000",
            "80%",
            "110,000,000",
        ),
        row(
            "Pembinaan dan Pengawasan Penyelenggaraan Administrasi Pemerintahan Desa",
            "Jumlah dokumen pembinaan administrasi pemerintahan desa",
            "5 Dokumen",
            "100,000,000",
            "5 Dokumen",
            "110,000,000",
        ),
        row(
            "Fasilitasi Penyelenggaraan Administrasi Pemerintahan Desa",
            "Jumlah dokumen penyelenggaraan administrasi pemerintahan desa",
            "3 Dokumen",
            "60,000,000",
            "3 Dokumen",
            "66,000,000",
        ),
        row(
            "Fasilitasi Penyusunan Produk Hukum Desa",
            "Jumlah dokumen produk hukum desa",
            "2 Dokumen",
            "40,000,000",
            "2 Dokumen",
            "44,000,000",
        ),
        row("", "", "", "100,000,000", "", "110,000,000"),
        "",
        "Magetan, 2023",
        "",
        "KEPALA DINAS",
        "PEMBERDAYAAN MASYARAKAT DAN DESA",
        "",
        "EKO MURYANTO, S.IP, M.Si",
        "",
        "Pembina Utama Muda",
        "NIP. 19750527 199311 1 001",
        "",
        "BAB V",
        "P E N U T U P",
        "",
        f"Pada tahun 2024 terdapat program/kegiatan sebanyak 1 program dan 1 kegiatan serta 2 sub kegiatan. {PROSE}",
        "",
        "Demikian Rencana Kerja Dinas Pemberdayaan Masyarakat dan Desa Tahun 2024 ini dibuat.",
        "",
    ]
)


def broken(old: str, new: str, text: str = CLEAN) -> str:
    """The clean document with one replacement (which must occur exactly once)."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def line_of(text: str, fragment: str) -> int:
    """1-based line of the (single) line holding `fragment`."""
    hits = [i for i, line in enumerate(text.split("\n"), start=1) if fragment in line]
    assert len(hits) == 1, f"{fragment!r} on lines {hits}"
    return hits[0]


# ------------------------------------------------------------------------------------------ lookups


NOMENKLATUR = [
    ItemNomenklatur("2.13", "bidang", "URUSAN PEMERINTAHAN BIDANG PEMBERDAYAAN MASYARAKAT DAN DESA"),
    ItemNomenklatur("2.13.03", "program", "PROGRAM PENINGKATAN KERJASAMA DESA"),
    ItemNomenklatur("2.13.03.2.01", "kegiatan", "Fasilitasi Kerja sama antar Desa"),
    ItemNomenklatur("2.13.03.2.01.0001", "sub_kegiatan", "Fasilitasi Kerja Sama Antar Desa dalam Kabupaten/Kota"),
    ItemNomenklatur("2.13.04", "program", "PROGRAM ADMINISTRASI PEMERINTAHAN DESA"),
    ItemNomenklatur(
        "2.13.04.2.01", "kegiatan", "Pembinaan dan Pengawasan Penyelenggaraan Administrasi Pemerintahan Desa"
    ),
    ItemNomenklatur("2.13.04.2.01.0001", "sub_kegiatan", "Fasilitasi Penyelenggaraan Administrasi Pemerintahan Desa"),
    ItemNomenklatur("2.13.04.2.01.0002", "sub_kegiatan", "Fasilitasi Penyusunan Produk Hukum Desa"),
]


@dataclass
class FakeNomenklatur:
    """An in-memory `NomenklaturLookup`: a name matches when equal after normalisation (or similar ≥ 0.9),
    first among the children of the parent code, then anywhere (outside the parent)."""

    items: list[ItemNomenklatur]
    versi: str = "uji"
    jenis_pemda: str = "kabkota"

    def by_code(self, kode: str) -> ItemNomenklatur | None:
        from renja.core.text import try_canonical_code

        canonical = try_canonical_code(kode)
        return next((i for i in self.items if i.kode == canonical), None)

    def by_name(self, level: str, nama: str, parent_kode: str | None = None) -> NamaCocok | None:
        pool = [i for i in self.items if i.level == level]
        scopes = [[i for i in pool if parent_code(i.kode) == parent_kode], pool] if parent_kode else [pool]
        for k, scope in enumerate(scopes):
            outside = bool(parent_kode) and k == 1
            for i in scope:
                if normalize_name(i.nama) == normalize_name(nama):
                    return NamaCocok(i, 1.0, "nama", di_luar_induk=outside)
            scored = sorted(((similarity(nama, i.nama), i) for i in scope), key=lambda s: -s[0])
            if scored and scored[0][0] >= 0.9:
                return NamaCocok(scored[0][1], scored[0][0], "fuzzy", di_luar_induk=outside)
        return None


def check_text(text: str, *, nomenklatur: object | None = "fake", wilayah: object | None = None) -> HasilPeriksa:
    lookup = FakeNomenklatur(NOMENKLATUR) if nomenklatur == "fake" else nomenklatur
    parsed = parse_renja_text(text)
    doc, awal = dari_parsed(parsed, text, nama="uji.txt", nomenklatur=lookup)  # type: ignore[arg-type]
    return periksa(doc, nomenklatur=lookup, wilayah=wilayah, temuan_awal=awal)  # type: ignore[arg-type]


def codes(hasil: HasilPeriksa) -> list[str]:
    return [t.kode for t in hasil.temuan]
