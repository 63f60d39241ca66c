#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database (never over a live one).
#
#   scripts/restore.sh /backups/pso-20261204T220000Z postgres://postgres@127.0.0.1:5432/pso_restored
#   scripts/restore.sh /backups/pso-20261204T220000Z sqlite:///srv/pso/var/db.sqlite3
#
# PostgreSQL: the target database must exist and be empty (createdb pso_restored); the restore
# is one transaction (--single-transaction --exit-on-error), so it is whole or nothing.
# SQLite: the target file must not exist yet. Uploaded files are unpacked beside it when
# MEDIA_PARENT is given (e.g. MEDIA_PARENT=/srv/pso/var). docs/backup.md has the whole procedure.
set -euo pipefail

src="${1:?usage: scripts/restore.sh BACKUP_DIR TARGET_DATABASE_URL}"
url="${2:?usage: scripts/restore.sh BACKUP_DIR TARGET_DATABASE_URL}"

case "$url" in
  postgres://*|postgresql://*)
    tables="$(psql --no-psqlrc --tuples-only --no-align "$url" \
      -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")"
    if [ "$tables" != "0" ]; then
      echo "scripts/restore.sh: the target database is not empty ($tables tables); refusing" >&2
      exit 2
    fi
    pg_restore --no-owner --single-transaction --exit-on-error --dbname="$url" \
      "$src/database.dump"
    ;;
  sqlite://*)
    db="${url#sqlite://}"
    if [ -e "$db" ]; then
      echo "scripts/restore.sh: $db exists; refusing to overwrite it" >&2
      exit 2
    fi
    sqlite3 "$src/database.sqlite3" ".backup '$db'"
    ;;
  *)
    echo "scripts/restore.sh: unsupported DATABASE_URL scheme: ${url%%:*}" >&2
    exit 2
    ;;
esac

if [ -n "${MEDIA_PARENT:-}" ]; then
  for archive in "$src"/media.tar.gz "$src"/private.tar.gz; do
    if [ -f "$archive" ]; then tar -C "$MEDIA_PARENT" -xzf "$archive"; fi
  done
fi
echo "restored $src into ${url%%\?*}"
