#!/usr/bin/env bash
# Regenerates the format-reader fixtures in test/fixtures/formats/ from the hand-written HTML
# (notice-table.html, paragraphs.html) and a generated 80-row table (long-table.html):
#   *.docx, *.pdf        LibreOffice conversions of the HTML files
#   notice-encrypted.pdf  qpdf AES-256, user password "user"
#   long-table-truncated.pdf  the first half of long-table.pdf
#   notice-gb18030.txt, notice-utf16le.txt, notice-big5.txt  text in legacy encodings
#   legacy.doc            a Word 97 .doc (OLE compound file)
#   png-named.txt         a 1×1 PNG image named .txt
#   empty.txt             zero bytes
# Zip bombs and other hostile zips are built at test time (tools/synthetic/zip-writer.ts).
# Needs: soffice (libreoffice-writer-nogui, fonts-wqy-zenhei), qpdf, node with iconv-lite installed.
set -euo pipefail
cd "$(dirname "$0")/.."
out=test/fixtures/formats
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
soffice() {
  command soffice "-env:UserInstallation=file://$profile" --headless --infilter='HTML (StarWriter)' "$@" >/dev/null
}

# An 80-row table with a <thead>: LibreOffice repeats the header row on every PDF page and
# splits row 15 across the first page break.
node --input-type=module -e '
const rows = [];
for (let i = 1; i <= 80; i++) {
  const basis = i % 5 === 0
    ? "《医疗保障基金使用监督管理条例》第十五条、第二十条规定的定点医药机构协议管理和医疗费用结算审核事项"
    : "《社会保险法》";
  const note = i % 7 === 0 ? "Cross-province settlement of medical expenses for insured persons" : "无";
  rows.push(`<tr><td>${i}</td><td>医疗保障经办服务事项第${i}项</td><td>${basis}</td><td>${note}</td></tr>`);
}
process.stdout.write(`<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>医疗保障经办服务事项清单</title></head>
<body>
<h1>医疗保障经办服务事项清单</h1>
<p>附件：医疗保障经办服务事项清单（共八十项）</p>
<table border="1" cellspacing="0" cellpadding="3" width="100%">
<thead><tr><th width="10%">序号</th><th width="30%">事项名称</th><th width="35%">实施依据</th><th width="25%">备注</th></tr></thead>
<tbody>
${rows.join("\n")}
</tbody>
</table>
<p>以上事项自二〇二四年一月一日起执行。</p>
</body>
</html>
`);
' >"$out/long-table.html"

for name in notice-table long-table paragraphs; do
  soffice --convert-to pdf --outdir "$out" "$out/$name.html"
done
for name in notice-table long-table; do
  soffice --convert-to 'docx:MS Word 2007 XML' --outdir "$out" "$out/$name.html"
done
soffice --convert-to 'doc:MS Word 97' --outdir "$profile" "$out/notice-table.html"
mv "$profile/notice-table.doc" "$out/legacy.doc"

qpdf --encrypt user owner 256 -- "$out/notice-table.pdf" "$out/notice-encrypted.pdf"
size=$(wc -c <"$out/long-table.pdf")
head -c $((size / 2)) "$out/long-table.pdf" >"$out/long-table-truncated.pdf"

node --input-type=module -e '
import { writeFileSync } from "node:fs";
import iconv from "iconv-lite";
const dir = process.argv[1];
const notice = "关于做好医疗保障基金监管工作的通知\r\n各区医疗保障局：\r\n一、加强定点医药机构管理。\r\n序号\t事项名称\t办理时限\r\n1\t参保登记\t即时办结\r\n";
writeFileSync(`${dir}/notice-gb18030.txt`, iconv.encode(notice, "gb18030"));
writeFileSync(`${dir}/notice-utf16le.txt`, iconv.encode(notice, "utf-16le", { addBOM: true }));
writeFileSync(`${dir}/notice-big5.txt`, iconv.encode("關於做好醫療保障基金監管工作的通知\n各區醫療保障局：\n一、加強定點醫藥機構管理，規範醫療服務行為。\n", "big5"));
' "$out"

# The smallest valid PNG: 1×1 transparent pixel.
base64 -d >"$out/png-named.txt" <<'PNG'
iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==
PNG
: >"$out/empty.txt"
ls -l "$out"
