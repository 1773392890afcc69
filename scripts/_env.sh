# Sourced by scripts/demo and scripts/test: make .venv (Python >= 3.11) and install the project into it.
# Usage: . scripts/_env.sh [extra]   (extra = "test" installs the test tools too)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PY="${PYTHON:-python3}"
if ! command -v "$PY" >/dev/null 2>&1; then
  echo "Python 3.11 atau lebih baru dibutuhkan (perintah '$PY' tidak ada). Debian/Ubuntu: sudo apt-get install python3 python3-venv" >&2
  exit 1
fi
if ! "$PY" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  echo "Renja butuh Python 3.11 atau lebih baru; '$PY' adalah $("$PY" --version 2>&1)." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  if ! "$PY" -m venv .venv 2>/dev/null; then
    rm -rf .venv
    echo "Modul venv belum terpasang; memasang python3-venv ..." >&2
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq && $SUDO apt-get install -y -qq python3-venv >/dev/null
    "$PY" -m venv .venv
  fi
fi
# PDF documents (WeasyPrint) need Pango and fonts from Debian/Ubuntu; install what is missing.
LIBS="$( { ldconfig -p || /sbin/ldconfig -p; } 2>/dev/null || true)"
NEED=""
case "$LIBS" in *libpango-1.0.so.0*) ;; *) NEED="$NEED libpango-1.0-0" ;; esac
case "$LIBS" in *libpangoft2-1.0.so.0*) ;; *) NEED="$NEED libpangoft2-1.0-0" ;; esac
[ -f /usr/share/fonts/truetype/liberation/LiberationSansNarrow-Regular.ttf ] || NEED="$NEED fonts-liberation"
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || NEED="$NEED fonts-dejavu-core"
if [ -n "$NEED" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Memasang pustaka sistem untuk dokumen PDF:$NEED" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  # shellcheck disable=SC2086
  { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq $NEED >/dev/null; } \
    || echo "Peringatan: gagal memasang$NEED; ekspor PDF tidak akan berjalan sampai paket itu terpasang." >&2
fi
EXTRA="${1:-}"
SPEC="."
[ -n "$EXTRA" ] && SPEC=".[$EXTRA]"
STAMP=".venv/.installed-$(cat pyproject.toml | sha256sum | cut -c1-16)-${EXTRA:-base}"
if [ ! -f "$STAMP" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip >/dev/null 2>&1 || true
  .venv/bin/python -m pip install --quiet -e "$SPEC"
  touch "$STAMP"
fi
