#!/usr/bin/env bash
# Generates a Python client from openapi.yaml with openapi-generator (python generator, from Maven
# Central) and drives a running service with it: upload, fit, predict, budget check, plot.
# Needs Java 17, Python 3 with pydantic 2, urllib3 2, python-dateutil and typing-extensions.
#
# usage: scripts/check-python-client.sh [BASE_URL]   (default http://localhost:8080)
set -euo pipefail
cd "$(dirname "$0")/.."

url=${1:-http://localhost:8080}
version=7.14.0
out=target/python-client
family="python-client-$(date +%s)"

./mvnw -q -B dependency:copy -Dartifact="org.openapitools:openapi-generator-cli:${version}" -DoutputDirectory=target/tools
rm -rf "$out"
java -jar "target/tools/openapi-generator-cli-${version}.jar" generate -g python -i openapi.yaml -o "$out" \
  --package-name p2law_client --additional-properties=packageVersion=0.1.0 >target/python-client-generate.log
PYTHONPATH="$out" python3 clients/python_client_check.py "$url" "$family" src/test/resources/data/p2-synthetic-llama3-depth.csv
curl -fsS -o /dev/null -X DELETE "${url%/}/api/v1/families/$family"
