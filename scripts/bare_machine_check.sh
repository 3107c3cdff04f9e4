#!/usr/bin/env bash
# Issue 14's check, by hand (never by `make test`): `CI=true bash .ci/run` on a bare
# Debian bookworm machine like a CI container: root, git, make and ca-certificates only
# (no Python, PostgreSQL, Redis, browser or HAProxy). A minbase debootstrap is run in new
# network, mount, PID, UTS and IPC namespaces, so the servers of this machine on
# 127.0.0.1 are out of its sight; slirp4netns gives it the package registries. The
# project goes in as a fresh clone of this checkout's committed HEAD (no .venv).
#
# Usage (root, on a Debian host):
#   bash scripts/bare_machine_check.sh [--reuse] [--host-ca] [ROOTFS] [-- COMMAND...]
#   ROOTFS     default /srv/bookworm; debootstrapped anew unless --reuse keeps it as an
#              earlier run left it (packages installed: for debugging, not for the proof)
#   --host-ca  trust this host's own CAs (/usr/local/share/ca-certificates) in there too,
#              for a network whose TLS is intercepted on the way to the registries
#   COMMAND    run in the chroot instead of .ci/run (e.g. -- bash -c '...')
# The log is ROOTFS/root/ci.log; the exit status is that of .ci/run (or COMMAND).
# Everything mounted lives in the private mount namespace and ends with it.
set -euo pipefail

if [ "${1:-}" = "--inside" ]; then
  # Stage 2, in the new namespaces (PID 1 here), still on this host's file system.
  rootfs="$2"
  shift 2
  ip link set lo up
  for _ in $(seq 1 30); do ip route show default | grep -q . && break; sleep 1; done
  mount -t proc proc "$rootfs/proc"
  mount -t sysfs sysfs "$rootfs/sys"
  mount --rbind /dev "$rootfs/dev"
  mount -t tmpfs -o mode=1777 shm "$rootfs/dev/shm"
  mount -t devpts -o newinstance,ptmxmode=0666,mode=620 devpts "$rootfs/dev/pts"
  mount --bind "$rootfs/dev/pts/ptmx" "$rootfs/dev/ptmx"
  mount -t tmpfs -o mode=1777 tmpfs "$rootfs/tmp"
  hostname bare-bookworm
  # What a container runtime writes: slirp4netns's DNS forwarder and the usual hosts.
  echo "nameserver 10.0.2.3" >"$rootfs/etc/resolv.conf"
  printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n127.0.1.1\tbare-bookworm\n' \
    >"$rootfs/etc/hosts"
  [ "$#" -gt 0 ] || set -- bash -c 'cd /root/interview-bot && time CI=true bash .ci/run </dev/null'
  exec chroot "$rootfs" /usr/bin/env -i HOME=/root TERM=dumb CI=true \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"
fi

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$REPO/scripts/_system.sh"
reuse=0
host_ca=0
while [ "$#" -gt 0 ]; do
  case "$1" in
    --reuse) reuse=1 ;;
    --host-ca) host_ca=1 ;;
    --) shift; break ;;
    *) ROOTFS="$1" ;;
  esac
  shift
done
ROOTFS="${ROOTFS:-/srv/bookworm}"

[ "$(id -u)" -eq 0 ] || { echo "Run as root: it debootstraps, mounts and chroots." >&2; exit 1; }
command -v debootstrap >/dev/null 2>&1 && command -v slirp4netns >/dev/null 2>&1 ||
  apt_install debootstrap slirp4netns ||
  { echo "Could not install debootstrap and slirp4netns (apt-get install debootstrap slirp4netns)." >&2; exit 1; }

if [ "$reuse" -eq 0 ] || [ ! -x "$ROOTFS/usr/bin/apt-get" ]; then
  if findmnt -rn -o TARGET | grep -q "^$ROOTFS/"; then
    echo "Something is still mounted under $ROOTFS: not removing it." >&2
    exit 1
  fi
  echo "==> debootstrap --variant=minbase bookworm $ROOTFS"
  rm -rf "$ROOTFS"
  debootstrap --variant=minbase --include=git,make,ca-certificates bookworm "$ROOTFS" \
    http://deb.debian.org/debian >"$ROOTFS.debootstrap.log" 2>&1 ||
    { echo "debootstrap failed: $ROOTFS.debootstrap.log" >&2; exit 1; }
  cat >"$ROOTFS/etc/apt/sources.list" <<'EOF'
deb http://deb.debian.org/debian bookworm main
deb http://deb.debian.org/debian bookworm-updates main
deb http://deb.debian.org/debian-security bookworm-security main
EOF
fi
if [ "$host_ca" -eq 1 ]; then
  cp /usr/local/share/ca-certificates/*.crt "$ROOTFS/usr/local/share/ca-certificates/"
  chroot "$ROOTFS" update-ca-certificates >/dev/null
fi

echo "==> Fresh clone of $REPO ($(git -C "$REPO" rev-parse --short HEAD))"
rm -rf "$ROOTFS/root/interview-bot"
git clone -q "$REPO" "$ROOTFS/root/interview-bot"

echo "==> Running in new namespaces (log: $ROOTFS/root/ci.log)"
# unshare itself joins the new network namespace (it forks only for the PID one), so
# slirp4netns is given its PID.
unshare --net --mount --pid --uts --ipc --fork --propagation private \
  bash "$REPO/scripts/bare_machine_check.sh" --inside "$ROOTFS" "$@" \
  > >(tee "$ROOTFS/root/ci.log") 2>&1 </dev/null &
ns_pid=$!
for _ in $(seq 1 50); do
  [ "$(readlink "/proc/$ns_pid/ns/net")" != "$(readlink /proc/self/ns/net)" ] && break
  sleep 0.1
done
slirp4netns --configure --mtu=65520 --disable-host-loopback "$ns_pid" tap0 >"$ROOTFS.slirp.log" 2>&1 &
slirp_pid=$!
status=0
wait "$ns_pid" || status=$?
kill "$slirp_pid" 2>/dev/null || true
wait "$slirp_pid" 2>/dev/null || true
exit "$status"
