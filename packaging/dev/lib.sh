# Shared by run.sh and test.sh: install missing Debian packages, build a preset.
# Sourced, not run.

UNYO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

# What building unyo needs, from Debian 12's archive only.
UNYO_BUILD_PACKAGES=(
  g++ cmake ninja-build pkg-config
  libboost-dev libboost-system-dev
  prometheus-cpp-dev libyaml-cpp-dev libssl-dev libcrypt-dev zlib1g-dev libdeflate-dev nlohmann-json3-dev
  libcctz-dev tzdata
  libprotobuf-dev protobuf-compiler libsnappy-dev
  libgtest-dev libgmock-dev libbenchmark-dev
)

# Installs whichever of the given packages are missing, without prompts.
# A second run with everything present touches nothing and needs no root.
unyo_install_packages() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed"; then
      missing+=("$pkg")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0

  echo "unyo: installing ${missing[*]}" >&2
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
      sudo=(sudo)
    else
      echo "unyo: missing packages (${missing[*]}); run as root or install sudo" >&2
      return 1
    fi
  fi
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Configures (once) and builds a CMakePresets.json preset; incremental after the first run.
unyo_build() {
  local preset="$1"
  cd "$UNYO_ROOT" || return 1
  if [ ! -f "build/$preset/build.ninja" ]; then
    cmake --preset "$preset" >/dev/null || return 1
  fi
  cmake --build --preset "$preset" -j "$(nproc)"
}
