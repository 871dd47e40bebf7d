#!/usr/bin/env bash
# Set up helhedsplan on a fresh Debian/Ubuntu machine: system packages, then .venv with the project and
# its test tools. Idempotent: safe to run again. Extra apt packages can be named in EXTRA_APT.
set -euo pipefail
cd "$(dirname "$0")/.."

# Tesseract + Danish model and orientation data (scanned PDFs, sheets fed sideways), Danish word list (OCR
# letter repair), poppler/img2pdf and LibreOffice (sample generation, .doc conversion), Chromium (the tests'
# second PDF producer; four tests skip without it), fonts-liberation (Arial's metrics: without it LibreOffice sets
# the agreements in DejaVu Sans, wider, and breaks words inside narrow table cells) and python3-venv (Debian and
# Ubuntu ship Python without venv).
APT_PACKAGES="tesseract-ocr tesseract-ocr-dan tesseract-ocr-osd wdanish poppler-utils img2pdf libreoffice-writer-nogui
fonts-liberation chromium python3-venv ${EXTRA_APT:-}"
if command -v apt-get >/dev/null 2>&1; then
  missing=""
  for p in $APT_PACKAGES; do dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"; done
  if [ -n "$missing" ]; then
    SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    echo "installing system packages:$missing"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  fi
else
  echo "apt-get not found: install Tesseract (with Danish data) yourself for scanned PDFs" >&2
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >/dev/null
.venv/bin/python -m pip install -q -e ".[dev]"
echo "ready: .venv/bin/helhedsplan --help"
