# schoolgate: build the Debian package in a builder stage, install it in a slim runtime image.
# Built here without a Docker engine: see docs/docker.md (buildah bud --isolation chroot).

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
# The package, installed as a network manager would (apt resolves its dependencies from Debian; its postinst
# creates the user schoolgate, /etc/schoolgate, /var/log/schoolgate and /var/lib/schoolgate). The debug
# symbols package stays behind.
COPY --from=build /src/schoolgate_*.deb /tmp/debs/
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends /tmp/debs/schoolgate_*.deb \
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
