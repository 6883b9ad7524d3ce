#!/bin/sh
# Install the database servers the database tests start (tests/db): PostgreSQL 15 with pgaudit,
# MariaDB (its server_audit plugin ships in mariadb-server on Debian 12) and openssl for the
# self-signed test certificate. Idempotent: installs only what is missing, returns at once when
# everything is there. Run as root on Debian/Ubuntu.
set -eu

PACKAGES="postgresql-15 postgresql-15-pgaudit mariadb-server openssl"

missing=""
for pkg in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $pkg"
    fi
done

if [ -z "$missing" ]; then
    echo "database servers already installed:$PACKAGES" | tr -s ' '
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "install-db-servers: must run as root to install:$missing" >&2
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# Packaged services must not start (no init system in containers; the tests run their own instances).
policy=/usr/sbin/policy-rc.d
created_policy=""
if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' > "$policy"
    chmod +x "$policy"
    created_policy=yes
fi
trap '[ -n "$created_policy" ] && rm -f "$policy"' EXIT

echo "installing:$missing"
apt-get update -qq
# shellcheck disable=SC2086  # word splitting of the package list is intended
apt-get install -y -qq --no-install-recommends $missing
