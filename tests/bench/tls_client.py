#!/usr/bin/env python3
"""The client side of scrape_vs_node_exporter.sh's TLS mode.

  tls_client.py fresh CAFILE COUNT SPACING URL...   COUNT scrapes of each URL,
      SPACING seconds apart, each over its own keep-alive connection (as
      Prometheus keeps one per target)
  tls_client.py burst CAFILE COUNT URL               COUNT back-to-back scrapes
      on one connection
  tls_client.py handshakes CAFILE COUNT URL          COUNT full TLS handshakes,
      nothing else (a new connection each, no session resumption)

Scrapes ask for gzip, as Prometheus does. The script only makes the
requests; the caller measures the servers' CPU around it.
"""
import http.client
import socket
import ssl
import sys
import time
import urllib.parse


def context(cafile):
    ctx = ssl.create_default_context(cafile=cafile)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_3
    return ctx


def connect(url, ctx):
    parts = urllib.parse.urlsplit(url)
    return http.client.HTTPSConnection(parts.hostname, parts.port, context=ctx, timeout=30), parts.path


def scrape(conn, path):
    conn.request("GET", path, headers={"Accept-Encoding": "gzip"})
    response = conn.getresponse()
    response.read()
    if response.status != 200:
        sys.exit(f"GET {path}: status {response.status}")


def fresh(cafile, count, spacing, urls):
    ctx = context(cafile)
    conns = [connect(url, ctx) for url in urls]
    for _ in range(count):
        for conn, path in conns:
            scrape(conn, path)
        time.sleep(spacing)


def burst(cafile, count, url):
    conn, path = connect(url, context(cafile))
    for _ in range(count):
        scrape(conn, path)


def handshakes(cafile, count, url):
    parts = urllib.parse.urlsplit(url)
    for _ in range(count):
        ctx = context(cafile)  # a fresh context holds no session to resume
        with socket.create_connection((parts.hostname, parts.port), timeout=30) as raw:
            with ctx.wrap_socket(raw, server_hostname=parts.hostname) as tls:
                tls.do_handshake()


def main(argv):
    mode, cafile, count = argv[1], argv[2], int(argv[3])
    if mode == "fresh":
        fresh(cafile, count, float(argv[4]), argv[5:])
    elif mode == "burst":
        burst(cafile, count, argv[4])
    elif mode == "handshakes":
        handshakes(cafile, count, argv[4])
    else:
        sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv)
