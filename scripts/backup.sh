#!/usr/bin/env bash
# Back up MijnPSO: the database and the uploaded files, into one dated folder.
#
#   DATABASE_URL=postgres://… scripts/backup.sh /backups          (PostgreSQL: pg_dump, custom format)
#   scripts/backup.sh /backups                                      (SQLite: var/db.sqlite3)
#
# Both are online backups: the application may keep running. PostgreSQL's pg_dump reads one
# consistent snapshot; SQLite's ".backup" copies the database page by page under a read lock,
# unlike `cp`, which can copy a half-written file. FIELD_ENCRYPTION_KEY is not in the backup
# (it must not be: a stolen dump alone then reveals no TOTP seeds); keep it in the secret store,
# without it the restored authenticators cannot be read. docs/backup.md explains restoring.
set -euo pipefail
cd "$(dirname "$0")/.."

dest="${1:?usage: scripts/backup.sh DEST_DIR}"
url="${DATABASE_URL:-sqlite:///$(pwd)/var/db.sqlite3}"
media="${MEDIA_ROOT:-var/media}"
private="${PRIVATE_MEDIA_ROOT:-var/private}"
stamp="$(date -u +%Y%m%dT%H%M%SZ)"
out="$dest/pso-$stamp"
mkdir -p "$out"

case "$url" in
  postgres://*|postgresql://*)
    # --no-owner: the dump restores into a database owned by whoever restores it.
    pg_dump --format=custom --no-owner --file="$out/database.dump" "$url"
    ;;
  sqlite://*)
    db="${url#sqlite://}"
    sqlite3 "$db" ".backup '$out/database.sqlite3'"
    # The copy must be whole: integrity_check reads every page.
    test "$(sqlite3 "$out/database.sqlite3" 'PRAGMA integrity_check;')" = "ok"
    ;;
  *)
    echo "scripts/backup.sh: unsupported DATABASE_URL scheme: ${url%%:*}" >&2
    exit 2
    ;;
esac

# Uploaded files (news images, quotes, audit reports, invoices' PDFs): the database names
# them, so they belong to the same backup. A missing folder is an empty one.
archive() {  # archive NAME FOLDER: NAME.tar.gz holds the folder under its own name
  if [ -d "$2" ]; then tar -C "$(dirname "$2")" -czf "$out/$1.tar.gz" "$(basename "$2")"; fi
}
archive media "$media"
archive private "$private"
echo "$out"
