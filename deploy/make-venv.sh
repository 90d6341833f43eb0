#!/bin/sh
# Creates the project's virtualenv: make-venv.sh VENV [PYTHON]
#
# Without PYTHON it takes the distribution's interpreter (/usr/bin/python3, if it is 3.11 or
# newer) rather than the first python3 on the PATH: Debian's is built with profile-guided and
# link-time optimisation and links libpython statically, whereas a pyenv build (the default
# python3 of many machines) has neither and runs WeasyPrint's pure-Python layout about 18 %
# slower (bench/chromium.py, README "Benchmarks"). PYTHON=... chooses another one.
set -eu
venv=$1
python=${2:-}
if [ -z "$python" ]; then
  python=python3
  if [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    if /usr/bin/python3 -c 'import ensurepip' 2>/dev/null; then
      python=/usr/bin/python3
    elif [ "$(id -u)" = 0 ]; then
      echo "installing python3-venv (the distribution's optimised interpreter)"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null \
        && python=/usr/bin/python3
    else
      echo "note: /usr/bin/python3 lacks venv (apt-get install python3-venv, as root);"
      echo "      using $(command -v python3), which may be an unoptimised build (slower renders)"
    fi
  fi
fi
echo "virtualenv $venv with $python ($("$python" -c 'import sys; print(sys.version.split()[0])'))"
"$python" -m venv "$venv"
"$venv/bin/pip" install -q --upgrade pip
