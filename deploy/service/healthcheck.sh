#!/bin/bash
# Docker HEALTHCHECK: healthy when GET /health/ready answers 200 (engine answers, every image
# present). Plain bash: the base image has no curl. Port from RUNBOX_PORT (default 4597).
exec 3<>"/dev/tcp/127.0.0.1/${RUNBOX_PORT:-4597}" || exit 1
printf 'GET /health/ready HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
IFS=' ' read -r -t 2 _ status _ <&3 || exit 1
[ "$status" = 200 ]
