# Switchboard in a container: the standalone binary on a distroless base, as a non-root user.
#   docker build -t switchboard .
#   docker run --rm -p 8000:8000 -e HOST=0.0.0.0 -e JWT_SECRET=... switchboard

FROM denoland/deno:2.9.6 AS build
WORKDIR /src
COPY deno.json deno.lock ./
RUN deno install --quiet
COPY . .
RUN deno task compile && cp dist/switchboard-* /switchboard \
  && mkdir -p /data

FROM gcr.io/distroless/cc-debian12:nonroot
COPY --from=build /switchboard /usr/local/bin/switchboard
COPY --from=build --chown=nonroot:nonroot /data /data
ENV HOST=0.0.0.0 PORT=8000 DATA_DIR=/data
EXPOSE 8000
USER nonroot
ENTRYPOINT ["/usr/local/bin/switchboard"]
