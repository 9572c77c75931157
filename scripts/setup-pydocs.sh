#!/bin/sh
# Install the Python 3.11 HTML documentation (Debian package python3.11-doc), the corpus
# `python -m bench.pydocs` benchmarks retrieval on. Needs root (or sudo).
set -eu
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y python3.11-doc
ls -d /usr/share/doc/python3.11/html
