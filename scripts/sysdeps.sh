#!/usr/bin/env bash
# Installs the Debian packages that building, testing and packaging need,
# only when some are missing (so repeat runs cost one dpkg-query).
#
#   scripts/sysdeps.sh [GROUP...]     GROUP: build (default) test package windows wine all
#   scripts/sysdeps.sh -n GROUP...    only list what is missing; exit 1 if anything is
#
# As root it runs apt-get itself, otherwise through sudo; when neither is
# possible it prints the exact command to run and exits 1.
set -euo pipefail

build_pkgs=(gcc pkg-config libgl1-mesa-dev xorg-dev)
test_pkgs=(xvfb xdotool imagemagick strace xz-utils desktop-file-utils time python3 python3-xlib file dbus dbus-daemon dbus-bin dunst chromium prometheus dovecot-imapd openssl util-linux)
package_pkgs=(xz-utils desktop-file-utils)
windows_pkgs=(gcc-mingw-w64-x86-64)
wine_pkgs=(wine64) # make test-windows runs the .exe

check_only=0
if [[ ${1:-} == -n ]]; then
	check_only=1
	shift
fi
(($#)) || set -- build

want=()
for group in "$@"; do
	case $group in
	build) want+=("${build_pkgs[@]}") ;;
	test) want+=("${build_pkgs[@]}" "${test_pkgs[@]}") ;;
	package) want+=("${build_pkgs[@]}" "${package_pkgs[@]}") ;;
	windows) want+=("${windows_pkgs[@]}") ;;
	wine) want+=("${wine_pkgs[@]}") ;;
	all) want+=("${build_pkgs[@]}" "${test_pkgs[@]}" "${package_pkgs[@]}" "${windows_pkgs[@]}" "${wine_pkgs[@]}") ;;
	*)
		echo "sysdeps: unknown group '$group' (build, test, package, windows, wine, all)" >&2
		exit 2
		;;
	esac
done

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "sysdeps: no dpkg-query: not a Debian-like system; install the equivalents of: ${want[*]}" >&2
	exit 0
fi

missing=()
declare -A seen=()
for p in "${want[@]}"; do
	[[ -n ${seen[$p]:-} ]] && continue
	seen[$p]=1
	status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
	[[ $status == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]} == 0)); then
	exit 0
fi

if ((check_only)); then
	echo "sysdeps: missing: ${missing[*]}"
	exit 1
fi

echo "sysdeps: installing ${missing[*]}" >&2
apt_opts=(-y -q -o DPkg::Lock::Timeout=600)
if [[ $(id -u) == 0 ]]; then
	sudo=()
elif command -v sudo >/dev/null 2>&1 && { sudo -n true 2>/dev/null || [[ -t 0 ]]; }; then
	sudo=(sudo)
else
	echo "sysdeps: need root to install packages; run:" >&2
	echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
if ! "${sudo[@]}" apt-get update -q -o DPkg::Lock::Timeout=600 ||
	! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install "${apt_opts[@]}" "${missing[@]}"; then
	echo "sysdeps: installation failed; run:" >&2
	echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
	exit 1
fi
echo "sysdeps: installed ${missing[*]}" >&2
