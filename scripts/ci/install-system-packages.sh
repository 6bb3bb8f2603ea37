#!/usr/bin/env bash
# Debian packages the test suite needs; skipped when already present.
set -euo pipefail
need=()
command -v pg_ctlcluster >/dev/null 2>&1 && [ -x /usr/lib/postgresql/15/bin/postgres ] || need+=(postgresql-15)
# OCR-B for the machine readable zone of the lab's synthetic documents (lab/documents/fonts.ts).
[ -f /usr/share/fonts/opentype/ocr-b/OCRB.otf ] || need+=(fonts-ocr-b)
# DejaVu for the lab's scene text and screen UI (lab/capture/background.ts, lab/attacks/screen-replay.ts, lab/sheets.ts).
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] && [ -f /usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf ] || need+=(fonts-dejavu-core)
# Chromium for the demo page's browser tests (test/browser/, driven by playwright-core; found at /usr/bin/chromium).
command -v chromium >/dev/null 2>&1 || need+=(chromium)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
