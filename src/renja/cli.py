"""The `renja` console command: a thin front over Django's management commands.

`renja` alone prints an overview of Renja's own commands; `renja help` lists every command (Django's too);
`renja help PERINTAH` or `renja PERINTAH --help` explains one. Exit status: 0 done, 1 refused or errors found,
2 usage (docs/reference/cli.md).
"""

from __future__ import annotations

import os
import sys

OVERVIEW = """\
renja — Rencana Kerja Perangkat Daerah (Permendagri 86/2017) dari baris perintah.

Perintah Renja:
  demo          siapkan data dan pengguna demo, lalu jalankan server
  import        impor dokumen Renja (.txt), ekspor JSON, atau lembar rencana XLSX (--dry-run: uji coba)
  export        ekspor satu Renja: json, pdf, docx, xlsx, html
  check         periksa konsistensi dokumen atau Renja tersimpan (status 1 bila ada error)
  evaluate      tabel evaluasi T-C.29 dan E.81
  realisasi     impor/ekspor realisasi triwulanan (lembar E.81)
  tahapan       status, ajukan, kembalikan, setujui, kunci, buka, lanjut, perubahan, jadwal, tutup
  pengguna      pengguna dan peran: list, buat, peran tambah/hapus, nonaktifkan/aktifkan, sandi
  usulan        usulan musrenbang/pokir (bila terpasang)
  nomenklatur   impor nomenklatur (Kepmendagri 900, SIPD) atau muat subset bawaan
  wilayah       impor kode wilayah Kemendagri
  backup        cadangkan seluruh basis data ke satu ZIP
  restore       pulihkan cadangan ke basis data kosong

Bantuan satu perintah: renja PERINTAH --help   (mis. renja tahapan --help)
Semua perintah, termasuk milik Django (migrate, runserver, createsuperuser …): renja help
Panduan lengkap dengan contoh: docs/reference/cli.md
Status keluar: 0 berhasil · 1 ditolak atau ada error · 2 salah penggunaan
"""


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renja.settings")
    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        sys.stdout.write(OVERVIEW)
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(["renja", *args])


if __name__ == "__main__":  # pragma: no cover
    main()
