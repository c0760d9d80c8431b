# Tries to write to the root, /etc, binaries, /proc/sys and /sys.
for f in /evil /etc/evil /etc/passwd /usr/bin/evil /proc/sys/kernel/hostname /proc/sys/vm/drop_caches \
    /proc/sysrq-trigger /sys/kernel/mm/transparent_hugepage/enabled; do
  if (echo x > "$f") 2>/dev/null; then echo "WROTE $f"; else echo "refused $f"; fi
done
