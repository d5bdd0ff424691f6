# schoolgate: build and test in a builder stage, ship a slim runtime image.
# Built here without a Docker engine: see docs/docker.md (buildah bud --isolation chroot).

FROM debian:bookworm AS build
# Dependencies first, so that source edits do not re-run apt.
COPY tools/setup/install-debian-deps.sh /src/tools/setup/install-debian-deps.sh
RUN /src/tools/setup/install-debian-deps.sh
COPY . /src
WORKDIR /src
RUN cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_INSTALL_PREFIX=/opt/schoolgate \
 && cmake --build build -j"$(nproc)" \
 && cd build && ctest --output-on-failure -j"$(nproc)" \
 && cmake --install . --strip \
 && install -d /opt/schoolgate/share/schoolgate/pcaps \
 && cp -r /src/pcaps/demo /opt/schoolgate/share/schoolgate/pcaps/

FROM debian:bookworm AS runtime
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libpcap0.8 libyaml-cpp0.7 libdate-tz3 tzdata ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --home-dir /var/lib/schoolgate --shell /usr/sbin/nologin schoolgate \
 && install -d -o schoolgate -g schoolgate -m 0750 /var/log/schoolgate
COPY --from=build /opt/schoolgate /opt/schoolgate
ENV PATH=/opt/schoolgate/bin:$PATH TZ=UTC LC_ALL=C.UTF-8
USER schoolgate
WORKDIR /var/lib/schoolgate
ENTRYPOINT ["schoolgate"]
CMD ["replay", "/opt/schoolgate/share/schoolgate/pcaps/demo/school-morning.pcap", \
     "--policy", "/opt/schoolgate/share/schoolgate/examples/hillside.yaml", \
     "--school-time", "2026-03-04T10:15:00", "--all-flows"]
