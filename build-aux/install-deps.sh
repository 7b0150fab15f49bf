#!/bin/sh
# install-deps.sh — install Copydesk's build and test dependencies on Debian 12
# Copyright 2026 The Copydesk authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Every Debian package the project needs is listed here, once. The script is
# quiet when all of them are present; otherwise it installs the missing ones
# with apt-get (as root, or through sudo).

set -eu

PACKAGES="
  build-essential
  pkg-config
  meson
  ninja-build
  git
  libglib2.0-dev
  libglib2.0-dev-bin
  libgtk-4-dev
  libadwaita-1-dev
  libgtksourceview-5-dev
  libsoup-3.0-dev
  libjson-glib-dev
  libsqlite3-dev
  libxml2-dev
  libsecret-1-dev
  libcmark-dev
  libenchant-2-dev
  hunspell-en-us
  hunspell-de-de
  hunspell-es
  hunspell-fr
  libgexiv2-dev
  gettext
  desktop-file-utils
  appstream
  flatpak-builder
  python3
  python3-jsonschema
  shared-mime-info
  python3-gi
  gir1.2-gexiv2-0.10
  dbus
  gnome-keyring
  libsecret-tools
  xvfb
  xauth
  xdotool
  imagemagick
  adwaita-icon-theme
  fonts-cantarell
  locales
  wordpress
  mariadb-server
  php-cli
  php-mysql
  curl
  openssl
  clang
  libclang-rt-14-dev
  gnome-text-editor
  hyperfine
  libx11-dev
"

# Locales the tests and translators use; generated once if absent.
LOCALES="en_US.UTF-8 de_DE.UTF-8 es_ES.UTF-8 fr_FR.UTF-8"

missing_locales () {
  have=$(locale -a 2>/dev/null | tr 'A-Z' 'a-z' | sed 's/utf-8/utf8/')
  for loc in $LOCALES; do
    want=$(echo "$loc" | tr 'A-Z' 'a-z' | sed 's/utf-8/utf8/')
    echo "$have" | grep -qx "$want" || echo "$loc"
  done
}

missing=""
for pkg in $PACKAGES; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  if [ "$status" != "installed" ]; then
    missing="$missing $pkg"
  fi
done

if [ -z "$missing" ] && [ -z "$(missing_locales)" ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "install-deps: these packages are missing and you are not root:$missing" >&2
  exit 1
fi

if [ -n "$missing" ]; then
  echo "install-deps: installing$missing" >&2
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

locales_needed=$(missing_locales)
if [ -n "$locales_needed" ]; then
  echo "install-deps: generating locales" $locales_needed >&2
  for loc in $locales_needed; do
    $SUDO sed -i "s/^# *\($loc UTF-8\)/\1/" /etc/locale.gen
    grep -q "^$loc UTF-8" /etc/locale.gen || echo "$loc UTF-8" | $SUDO tee -a /etc/locale.gen >/dev/null
  done
  $SUDO locale-gen >/dev/null
fi
