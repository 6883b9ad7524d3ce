# baomi (保密) as a container image (docs/ci.md#the-container-image): the wheel `make dist` built, installed on
# python:3.11-slim, run as an unprivileged user on the code mounted at /src.
#
#   make dist && docker build -t baomi:0.1.0 .
#   docker run --rm -v "$PWD:/src" baomi:0.1.0 scan infra/ --format sarif:baomi.sarif
#
# The build context is dist/*.whl alone (.dockerignore): the image holds the reviewed wheel, not the work tree.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

COPY dist/*.whl /tmp/wheels/
# exactly one wheel, or the build stops here rather than installing an old one beside the new
RUN set -eu; \
    set -- /tmp/wheels/*.whl; \
    [ "$#" -eq 1 ] || { echo "dist/ holds $# wheels; run make dist" >&2; exit 1; }; \
    pip install --no-cache-dir /tmp/wheels/*.whl; \
    rm -rf /tmp/wheels; \
    useradd --create-home --uid 10001 --user-group baomi; \
    baomi --version

USER 10001:10001
WORKDIR /src
ENTRYPOINT ["baomi"]
CMD ["--help"]
