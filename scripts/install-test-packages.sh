#!/bin/sh
# Install the Debian packages the integration tests need (docs/testing.md):
#   - database servers the database tests start (tests/db): PostgreSQL 15 with pgaudit, MariaDB (its
#     server_audit plugin ships in mariadb-server on Debian 12) and openssl for the self-signed test certificate;
#   - the headless browser of the browser tests (tests/browser) and of `baomi report --pdf`: chromium and
#     chromium-driver (Selenium drives Debian's chromedriver, never one it downloads);
#   - a CJK font, so that Chinese text renders as glyphs, not boxes, in screenshots and PDFs.
# Idempotent: installs only what is missing, returns at once when everything is there. Run as root on
# Debian/Ubuntu (`make test-packages`; `make test` runs it).
set -eu

PACKAGES="postgresql-15 postgresql-15-pgaudit mariadb-server openssl chromium chromium-driver fonts-wqy-microhei"

missing=""
for pkg in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $pkg"
    fi
done

if [ -z "$missing" ]; then
    echo "test packages already installed:$PACKAGES" | tr -s ' '
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "install-test-packages: must run as root to install:$missing" >&2
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
