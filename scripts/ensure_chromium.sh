#!/usr/bin/env bash
# Make sure the headless browser used by the e2e tests is present:
# Debian's Chromium (/usr/bin/chromium), DejaVu fonts (map labels),
# poppler-utils (pdftotext, used to check exported PDFs) and Mesa's EGL with its
# software driver llvmpipe (the tests' WebGL; see tests/helpers/chromium.ts).
# Never downloads a browser from anywhere but the Debian archive.
set -euo pipefail

CHROMIUM=/usr/bin/chromium

# Runs a command as root: directly when we are root, through sudo otherwise.
as_root() {
  if [ "$(id -u)" -eq 0 ]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1; then
    sudo -n "$@"
  else
    echo "ensure_chromium: not root and sudo is missing; cannot run: $*" >&2
    return 1
  fi
}

apt_install() {
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure_chromium: apt-get is not available; install manually: $*" >&2
    return 1
  fi
  as_root apt-get update -qq &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"
}

# Mesa's EGL (libegl1 loads libegl-mesa0) and its DRI drivers, llvmpipe among them.
MESA=(libegl1 libegl-mesa0 libgl1-mesa-dri)

missing=()
if [ ! -x "$CHROMIUM" ]; then
  echo "Chromium absent: installation via apt-get (chromium, fonts-dejavu-core, poppler-utils, ${MESA[*]})…"
  missing=(chromium fonts-dejavu-core poppler-utils "${MESA[@]}")
else
  for package in fonts-dejavu-core "${MESA[@]}"; do
    if ! dpkg -s "$package" >/dev/null 2>&1; then
      missing+=("$package")
    fi
  done
  if ! command -v pdftotext >/dev/null 2>&1; then
    missing+=(poppler-utils)
  fi
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "Chromium present; missing packages: ${missing[*]}: installation via apt-get…"
  fi
fi

if [ "${#missing[@]}" -gt 0 ]; then
  if ! apt_install "${missing[@]}"; then
    echo "ERROR: failed to install ${missing[*]} with apt-get." >&2
    echo "       Install them by hand (apt-get install ${missing[*]}) and rerun." >&2
    exit 1
  fi
fi

if [ ! -x "$CHROMIUM" ]; then
  echo "ERROR: $CHROMIUM is still missing after installation." >&2
  exit 1
fi
if ! command -v pdftotext >/dev/null 2>&1; then
  echo "ERROR: pdftotext is still missing after installation (poppler-utils)." >&2
  exit 1
fi

echo "Chromium ready: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
