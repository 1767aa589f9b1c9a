# Caretaker's container image, from the release tarball that 'mvn package' writes to target/ (NOT TESTED HERE: no
# container runtime runs on the project's machines; a test only keeps the paths below true to the tarball). Build:
#   mvn -B -DskipTests package && docker build -t caretaker .
# Run (the store: the embedded PostgreSQL under /var/lib/caretaker, or store.url in your config; see compose.yaml):
#   docker run -v caretaker:/var/lib/caretaker -v ./caretaker.yml:/etc/caretaker/caretaker.yml:ro -p 8080:8080 caretaker
FROM eclipse-temurin:17-jre

# the tarball unpacks to /opt/caretaker-VERSION/ (ADD extracts a local tar.gz); one of them, so no version to keep in step
ADD target/caretaker-*.tar.gz /opt/
RUN set -eu; \
    set -- /opt/caretaker-*/; [ "$#" = 1 ] || { echo "target/ holds more than one caretaker-*.tar.gz: $*" >&2; exit 1; }; \
    ln -s "$1" /opt/caretaker; \
    useradd --system --home-dir /var/lib/caretaker --shell /usr/sbin/nologin caretaker; \
    install -d -o caretaker -g caretaker -m 0750 /var/lib/caretaker; \
    install -d -m 0755 /etc/caretaker; \
    install -m 0644 /opt/caretaker/etc/caretaker.yml /etc/caretaker/caretaker.yml

USER caretaker
WORKDIR /var/lib/caretaker
ENV CARETAKER_HOME=/var/lib/caretaker
VOLUME /var/lib/caretaker
EXPOSE 8080
# /healthz over bash's /dev/tcp: the image has no curl or wget to count on
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /healthz HTTP/1.0\\r\\n\\r\\n' >&3 && head -n 1 <&3 | grep -q ' 200 '"]
# SIGHUP (docker kill -s HUP) reloads the config; SIGTERM (docker stop) stops within --shutdown-wait (30 s): give docker
# stop more time than its default 10 s (docker stop -t 90, compose's stop_grace_period)
STOPSIGNAL SIGTERM
ENTRYPOINT ["/opt/caretaker/bin/caretaker"]
CMD ["run", "-c", "/etc/caretaker/caretaker.yml", "--bind", "0.0.0.0", "--port", "8080"]
