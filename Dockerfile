# Cairn in a container, for CI systems other than GitHub Actions (GitHub uses action.yml): a
# static `cairn` (musl) in a small Alpine image, run as an unprivileged user.
#
#   docker build -t cairn .
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/library" cairn build
#
# (`--user` lets the build write public/ into the mounted folder as you.) In GitLab CI, use the
# image with `entrypoint: [""]` and run `cairn build` in `script:`. The image of a release is the
# one built from its tag (https://github.com/cairn-ssg/cairn).
FROM rust:1-alpine AS build
# A C compiler and make for jemalloc (Cargo.toml); musl-dev for the static link.
RUN apk add --no-cache build-base
WORKDIR /src
COPY . .
# `cairn --version` names the commit: pass it as `--build-arg CAIRN_COMMIT=$(git rev-parse HEAD)`.
ARG CAIRN_COMMIT=""
# On aarch64, jemalloc is built for 64 KiB pages so the binary runs on any page size there.
RUN if [ "$(uname -m)" = aarch64 ]; then export JEMALLOC_SYS_WITH_LG_PAGE=16; fi \
    && cargo build --release --locked --bin cairn \
    && install -m 0755 target/release/cairn /usr/local/bin/cairn \
    && /usr/local/bin/cairn --version

FROM alpine:3
COPY --from=build /usr/local/bin/cairn /usr/local/bin/cairn
RUN adduser -D -H -u 10001 cairn
USER 10001:10001
WORKDIR /library
ENTRYPOINT ["cairn"]
CMD ["--help"]
