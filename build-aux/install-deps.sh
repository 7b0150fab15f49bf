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
  clang
  libclang-rt-14-dev
  gnome-text-editor
  hyperfine
  libx11-dev
"

missing=""
for pkg in $PACKAGES; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)
  if [ "$status" != "installed" ]; then
    missing="$missing $pkg"
  fi
done

if [ -z "$missing" ]; then
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

echo "install-deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# mariadb-server must not start a system service: the tests run their own server.
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
