#!/usr/bin/env bash
# Builds the docx, pdf and html renditions of the seed notices that `npm run eval` scores
# (test/fixtures/renditions/). Needs LibreOffice and a CJK font:
#   apt-get install -y libreoffice-writer-nogui fonts-wqy-zenhei
set -euo pipefail
cd "$(dirname "$0")/.."
out=test/fixtures/renditions
mkdir -p "$out"
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
for seed in seeds/*.txt; do
  stem=$(basename "$seed" .txt)
  node --import tsx scripts/render-html.ts "$seed" "$out/$stem.html"
  for target in 'docx:MS Word 2007 XML' 'pdf:writer_pdf_Export'; do
    soffice -env:UserInstallation="file://$profile" --headless --infilter='HTML (StarWriter)' \
      --convert-to "$target" --outdir "$out" "$out/$stem.html" >/dev/null
  done
done
ls -la "$out"
