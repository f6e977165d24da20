#!/usr/bin/env bash
# Installs the Debian libraries Qt's xcb/offscreen platforms load at run time,
# when some are missing and this user can install packages. Never fails the
# build: without root it says which packages to install and carries on.
set -u
declare -A need=(
  [libEGL.so.1]=libegl1 [libxkbcommon.so.0]=libxkbcommon0 [libdbus-1.so.3]=libdbus-1-3
  [libGL.so.1]=libgl1 [libfontconfig.so.1]=libfontconfig1 [libxkbcommon-x11.so.0]=libxkbcommon-x11-0
  [libxcb-cursor.so.0]=libxcb-cursor0 [libxcb-icccm.so.4]=libxcb-icccm4 [libxcb-keysyms.so.1]=libxcb-keysyms1
  [libxcb-shape.so.0]=libxcb-shape0 [libxcb-xinerama.so.0]=libxcb-xinerama0 [libxcb-randr.so.0]=libxcb-randr0
  [libxcb-render-util.so.0]=libxcb-render-util0 [libxcb-image.so.0]=libxcb-image0
)
command -v ldconfig >/dev/null 2>&1 || exit 0
missing=()
for lib in "${!need[@]}"; do
  ldconfig -p 2>/dev/null | grep -q "$lib" || missing+=("${need[$lib]}")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Qt needs these system libraries: ${missing[*]} (install them with your package manager)" >&2
  exit 0
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
    echo "Qt needs: sudo apt-get install ${missing[*]}" >&2
    exit 0
  fi
fi
echo "Installing the libraries Qt needs: ${missing[*]}"
$sudo apt-get update -qq >/dev/null 2>&1 || true
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
  || echo "Could not install ${missing[*]}; install them by hand if Qt fails to start" >&2
exit 0
