# Sourced by scripts/test (and so by .ci/run): make sure Debian's Chromium is there for the browser tests.
# Playwright never downloads a browser here; the tests drive /usr/bin/chromium (or $RENJA_CHROMIUM).
# As root, or with passwordless sudo, it is installed from Debian's packages when missing; otherwise the
# browser tests skip with a plain reason on a user's machine (and fail in CI, where CI=true).
ensure_chromium() {
  if [ -n "${RENJA_CHROMIUM:-}" ] && [ -x "${RENJA_CHROMIUM}" ]; then return 0; fi
  if [ -x /usr/bin/chromium ]; then return 0; fi
  local SUDO=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      SUDO="sudo -n"
    else
      echo "Chromium tidak ada dan tidak dapat dipasang tanpa hak root: uji peramban akan dilewati." >&2
      echo "Pasang sendiri dengan: sudo apt-get install -y chromium" >&2
      return 0
    fi
  fi
  echo "Memasang Chromium dari paket Debian untuk uji peramban ..." >&2
  if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null; }; then
    echo "Pemasangan Chromium gagal: uji peramban akan dilewati (di CI: gagal)." >&2
  fi
  return 0
}
ensure_chromium
