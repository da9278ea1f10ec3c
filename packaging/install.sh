#!/usr/bin/env bash
# Install Maquette on Debian 12 (or Ubuntu): the system libraries Qt and VTK need,
# a virtual environment in .venv, and Maquette itself (editable).
#   bash packaging/install.sh          the application
#   bash packaging/install.sh --test   the application and the test tools (Xvfb, pytest...)
set -euo pipefail
cd "$(dirname "$0")/.."

# IFC import (ifcopenshell) is an optional extra of the package; the install gives it to
# architects by default (and to the tests, which open a real IFC file).
testing=""
[ "${1:-}" = "--test" ] && testing=1
extras="[ifc]"
[ -n "$testing" ] && extras="[test,ifc]"

# Qt's xcb platform plugin, Mesa's software OpenGL (EGL/OSMesa for off-screen
# rendering) and Xvfb for headless tests; see ../shared/HEADLESS.md.
packages=(
  python3 python3-venv python3-pip
  xvfb xauth libgl1 libegl1 libgl1-mesa-dri libosmesa6
  libglib2.0-0 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0
  libxcb-render0 libxcb-shape0 libxcb-util1 libxcb-xkb1 fonts-dejavu-core
  poppler-utils
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ -n "$testing" ]; then
  # The Khronos glTF validator (JavaScript) checks exported glTF in the tests.
  if ! command -v npm >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  fi
  # Headless Chromium opens the exported web scenes in the tests.
  if ! command -v chromium >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
  fi
  if [ ! -d .cache/node/node_modules/gltf-validator ]; then
    npm install --silent --no-audit --no-fund --prefix .cache/node gltf-validator@2.0.0-dev.3.10 >/dev/null
  fi
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".${extras}"
echo "Maquette installed in $(pwd)/.venv: run .venv/bin/maquette"
