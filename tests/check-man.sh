# The manual pages are clean under mandoc -T lint (skipped without mandoc).
command -v mandoc >/dev/null || { echo "mandoc not installed: skipped"; exit 0; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir/man1" "$dir/man5"
cp "$srcdir/man/respstat.1" "$dir/man1/"
cp "$srcdir/man/respstat.conf.5" "$dir/man5/"
command -v makewhatis >/dev/null && makewhatis "$dir" 2>/dev/null
out=$(MANPATH="$dir:/usr/share/man" mandoc -T lint -W style "$dir/man1/respstat.1" \
    "$dir/man5/respstat.conf.5" 2>&1 | grep -v 'outdated mandoc.db')
[ -z "$out" ] || { echo "$out"; exit 1; }
