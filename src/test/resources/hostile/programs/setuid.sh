# Who am I, which capabilities and filters do I have, and do setuid binaries make me root?
echo "uid $(id -u) gid $(id -g)"
grep -E '^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp):' /proc/self/status
for b in $(find / -xdev -perm -4000 -type f 2>/dev/null | sort); do
  echo "setuid binary $b"
done
su -c 'id -u' root </dev/null >/dev/null 2>&1; echo "su: status $?"
mount -t tmpfs none /tmp >/dev/null 2>&1; echo "mount: status $?"
cp /bin/sh /tmp/mysh && chmod u+s /tmp/mysh && echo "/tmp/mysh -c 'id -u': $(/tmp/mysh -c 'id -u')"
