# Sourced by scripts/run and scripts/test: installs the Debian/Ubuntu
# packages Dossier needs when any is missing (with sudo when not root).

# What building the desktop app needs (Tauri 2 on Linux: WebKitGTK 4.1;
# perl and make build the vendored OpenSSL under SQLCipher).
APP_PACKAGES="build-essential perl pkg-config libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libsoup-3.0-dev libssl-dev fonts-noto-cjk"
# What the tests need besides: the WebDriver for WebKitGTK, a virtual
# display, PDF tools to check exports, setpriv and mkfifo for bad-input tests,
# and age (run under script(1), which gives it a terminal) to open sealed exports.
TEST_PACKAGES="webkit2gtk-driver xvfb xauth poppler-utils qpdf util-linux coreutils age bsdutils"

ensure_packages() {
  command -v dpkg-query >/dev/null 2>&1 || {
    echo "not a Debian/Ubuntu system: install the equivalents of: $*" >&2
    return 0
  }
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "installing system packages: ${missing[*]}" >&2
  local sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# The UI's packages, exactly as package-lock.json pins them.
ensure_ui() {
  if [ ! -d ui/node_modules ] || [ ui/package-lock.json -nt ui/node_modules/.package-lock.json ]; then
    (cd ui && npm ci --no-audit --no-fund)
  fi
}

target_dir() {
  echo "${CARGO_TARGET_DIR:-$(pwd)/target}"
}
