#!/usr/bin/env bash
# Preview a 通报 made by `gwsite report`: LibreOffice (headless) converts the .docx to PDF, and
# pdftoppm (poppler-utils) renders each page to PNG, so the layout can be looked at without Word.
#
#   scripts/report-preview.sh 通报.docx [OUTPUT_FOLDER]
#
# Writes OUTPUT_FOLDER/<name>.pdf and OUTPUT_FOLDER/<name>-1.png, -2.png, … (default: beside the
# document). Needs Debian's libreoffice-writer, poppler-utils and Chinese fonts:
#   apt-get install libreoffice-writer poppler-utils fonts-noto-cjk fonts-arphic-ukai
# The document names the fonts Chinese offices have (方正小标宋简体, 仿宋_GB2312, 黑体, 楷体_GB2312),
# which Debian has not: the conversion maps them to Debian's nearest free faces (see fonts.conf below),
# so the preview shows which text is 宋/仿宋 (Noto Serif CJK), 黑体 (Noto Sans CJK) and 楷体 (AR PL UKai).
set -euo pipefail

fail() { echo "report-preview: $*" >&2; exit 1; }

[ $# -ge 1 ] && [ $# -le 2 ] || fail "usage: scripts/report-preview.sh FILE.docx [OUTPUT_FOLDER]"
docx=$1
[ -f "$docx" ] || fail "no such document: $docx"
out=${2:-$(dirname "$docx")}
mkdir -p "$out"
command -v soffice >/dev/null 2>&1 || fail "soffice not found: install Debian's libreoffice-writer"
command -v pdftoppm >/dev/null 2>&1 || fail "pdftoppm not found: install Debian's poppler-utils"
fc-list :lang=zh family 2>/dev/null | grep -q . || fail "no Chinese font: install fonts-noto-cjk"

name=$(basename "$docx" .docx)
# A profile of its own: a LibreOffice already running (or a first-run dialog) never gets in the way.
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
rm -f "$out/$name.pdf" "$out/$name"-*.png

alias() {  # <alias> for fontconfig: the fonts named $2… stand for $1
  local face=$1 family; shift
  for family in "$@"; do
    printf '  <alias binding="same"><family>%s</family><prefer><family>%s</family></prefer></alias>\n' "$family" "$face"
  done
}
{
  echo '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
  echo '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
  alias "Noto Serif CJK SC" 方正小标宋简体 宋体 SimSun 仿宋_GB2312 仿宋 FangSong
  alias "Noto Sans CJK SC" 黑体 SimHei
  alias "AR PL UKai CN" 楷体_GB2312 楷体 KaiTi
  echo '</fontconfig>'
} >"$profile/fonts.conf"
export FONTCONFIG_FILE="$profile/fonts.conf"
timeout 300 soffice -env:UserInstallation="file://$profile" --headless --norestore \
  --convert-to pdf --outdir "$out" "$docx" >"$profile/soffice.log" 2>&1 \
  || { cat "$profile/soffice.log" >&2; fail "LibreOffice could not convert $docx to PDF"; }
[ -s "$out/$name.pdf" ] || { cat "$profile/soffice.log" >&2; fail "LibreOffice wrote no PDF for $docx"; }
pdftoppm -r 80 -png "$out/$name.pdf" "$out/$name" || fail "pdftoppm could not render $out/$name.pdf"
pages=$(ls "$out/$name"-*.png 2>/dev/null | wc -l)
[ "$pages" -gt 0 ] || fail "no page rendered from $out/$name.pdf"
echo "$out/$name.pdf: $pages pages, PNG in $out/"
