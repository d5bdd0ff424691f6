# schoolgate: build the Debian package in a builder stage, install it in a slim runtime image.
# Built here without a Docker engine: see docs/docker.md (tools/setup/build-docker-image.sh, podman build).

FROM debian:bookworm AS build
# Dependencies first, so that source edits do not re-run apt (the packaging tools too: debhelper, help2man,
# pandoc).
COPY tools/setup/install-debian-deps.sh /src/tools/setup/install-debian-deps.sh
RUN /src/tools/setup/install-debian-deps.sh --packaging
COPY . /src/schoolgate
WORKDIR /src/schoolgate
# The one way the package is built (tools/setup/build-deb.sh wraps the same command); the packages land in
# /src. The test suite runs in CI (.ci/run), not here.
RUN DEB_BUILD_OPTIONS="parallel=$(nproc)" dpkg-buildpackage -us -uc -b \
 && ls -l /src/*.deb

FROM debian:bookworm AS runtime
# The packages, installed as a network manager would (apt resolves their dependencies from Debian; the
# postinsts create the user schoolgate, /etc/schoolgate, /var/log/schoolgate, /var/lib/schoolgate with the
# exemptions file, the console's store and its self-signed certificate). The debug symbols packages stay
# behind.
COPY --from=build /src/schoolgate_*.deb /src/schoolgate-console_*.deb /tmp/debs/
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends /tmp/debs/*.deb \
 && rm -rf /var/lib/apt/lists/* /tmp/debs
# The demo capture (not part of the package).
COPY pcaps/demo /usr/local/share/schoolgate/demo
ENV TZ=UTC LC_ALL=C.UTF-8
USER schoolgate
WORKDIR /var/lib/schoolgate
ENTRYPOINT ["schoolgate"]
CMD ["replay", "/usr/local/share/schoolgate/demo/school-morning.pcap", \
     "--policy", "/usr/share/schoolgate/examples/hillside.yaml", \
     "--school-time", "2026-03-04T10:15:00", "--all-flows"]
