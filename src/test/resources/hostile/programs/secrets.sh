# Looks for a Docker socket, credentials and the service's configuration and files (their host
# folder is $1). Usage: bash secrets.sh SERVICE_FOLDER
for p in "$1" "$1/images" /var/run/docker.sock /run/docker.sock /run/containerd/containerd.sock /root/.docker/config.json \
    /etc/runbox /work /var/lib/docker /proc/1/environ; do
  if [ -r "$p" ]; then echo "READABLE $p"; else echo "no $p"; fi
done
echo "sockets on the file system: $(find / -xdev -type s 2>/dev/null | wc -l)"
echo "credential or config files: $(find / -xdev \( -name docker.sock -o -name config.json -o -name '*.properties' \
  -o -name .dockercfg -o -name '*.pem' -o -name 'id_rsa*' -o -name .netrc \) 2>/dev/null | sort | tr '\n' ' ')"
echo "environment: $(env | cut -d= -f1 | sort | tr '\n' ' ')"
