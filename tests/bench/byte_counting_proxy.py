#!/usr/bin/env python3
"""The proxy between one remote write sender and the receiver in
push_vs_vmagent.sh: it forwards every request to the receiver and counts
what the sender put on the wire, and it can play dead.

  byte_counting_proxy.py LISTEN_PORT CONTROL_PORT UPSTREAM_URL

LISTEN_PORT (on 127.0.0.1) takes the sender's requests and forwards them,
method, path, body and headers, to UPSTREAM_URL (scheme://host:port, e.g.
the receiver Prometheus), one keep-alive upstream connection per sender
connection, and passes the receiver's answer back.

CONTROL_PORT (on 127.0.0.1) answers
  GET  /stats         the counts as JSON: requests, header_bytes,
                      body_bytes and samples of every request received;
                      ok_requests, ok_body_bytes and ok_samples of those
                      the receiver answered 2xx; undecoded;
                      statuses (answer code: count; 0 for "no answer from
                      the receiver"); down_requests (answered 503 while
                      down); down (the mode, or null); connections
                      (accepted from the sender); connections_cut
  GET  /requests      one JSON array per line and request: arrival time
                      (unix s), status (the receiver's; 0 no answer from
                      it; -1 cut while down; 503 answered while down),
                      body bytes, samples, oldest and newest sample
                      timestamp (ms; null without samples)
  POST /down?mode=M   an outage: M=refuse (the default) closes the listening
                      socket and cuts every open sender connection, so new
                      connections are refused as with a stopped receiver;
                      M=503 keeps listening and answers 503 without
                      forwarding
  POST /up            back to forwarding (listening again on LISTEN_PORT)

Bytes are those of the HTTP request as the sender wrote it: the request
line and headers (header_bytes) and the body (body_bytes, compressed as
sent). TCP and IP overhead are not counted. Samples are counted on the
wire too, the same way for every sender: a snappy-compressed remote write
1.0 body (Content-Encoding: snappy) is decompressed and its WriteRequest
walked; samples and ok_samples are the samples of all requests and of the
2xx-answered ones (metadata-only requests count their bytes and no
samples); undecoded counts bodies that could not be read that way.
Standard library only.
"""
import http.client
import http.server
import json
import socket
import socketserver
import sys
import threading
import time
import urllib.parse


def snappy_uncompress(data):
    """The snappy block format (not the framed one), as remote write 1.0 uses."""
    pos, length, shift = 0, 0, 0
    while True:
        byte = data[pos]
        pos += 1
        length |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            break
    out = bytearray()
    end = len(data)
    while pos < end:
        tag = data[pos]
        pos += 1
        kind = tag & 3
        if kind == 0:
            n = tag >> 2
            if n >= 60:
                extra = n - 59
                n = int.from_bytes(data[pos:pos + extra], "little")
                pos += extra
            n += 1
            out += data[pos:pos + n]
            pos += n
            continue
        if kind == 1:
            n = ((tag >> 2) & 7) + 4
            offset = ((tag >> 5) << 8) | data[pos]
            pos += 1
        elif kind == 2:
            n = (tag >> 2) + 1
            offset = int.from_bytes(data[pos:pos + 2], "little")
            pos += 2
        else:
            n = (tag >> 2) + 1
            offset = int.from_bytes(data[pos:pos + 4], "little")
            pos += 4
        if offset == 0 or offset > len(out):
            raise ValueError("bad snappy copy offset")
        start = len(out) - offset
        if offset >= n:
            out += out[start:start + n]
        else:
            for i in range(n):
                out.append(out[start + i])
    if len(out) != length:
        raise ValueError("snappy length mismatch")
    return bytes(out)


def protobuf_fields(data):
    """(field number, wire type, value) of each field of one message."""
    pos, end = 0, len(data)

    def varint():
        nonlocal pos
        value, shift = 0, 0
        while True:
            byte = data[pos]
            pos += 1
            value |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return value

    while pos < end:
        key = varint()
        number, wire = key >> 3, key & 7
        if wire == 0:
            yield number, wire, varint()
        elif wire == 1:
            pos += 8
            yield number, wire, None
        elif wire == 2:
            n = varint()
            yield number, wire, data[pos:pos + n]
            pos += n
        elif wire == 5:
            pos += 4
            yield number, wire, None
        else:
            raise ValueError("unsupported protobuf wire type")


def read_request(body, encoding):
    """(samples, oldest, newest sample timestamp in ms) of a remote write 1.0
    request; None if it cannot be read. No samples: (0, None, None)."""
    if encoding.lower() != "snappy":
        return None
    try:
        request = snappy_uncompress(body)
        samples, oldest, newest = 0, None, None
        for number, wire, value in protobuf_fields(request):
            if number != 1 or wire != 2:  # WriteRequest.timeseries
                continue
            for inner, inner_wire, sample in protobuf_fields(value):
                if inner != 2 or inner_wire != 2:  # TimeSeries.samples
                    continue
                samples += 1
                for field, field_wire, ts in protobuf_fields(sample):
                    if field == 2 and field_wire == 0:  # Sample.timestamp
                        ts = ts - (1 << 64) if ts >= 1 << 63 else ts
                        oldest = ts if oldest is None else min(oldest, ts)
                        newest = ts if newest is None else max(newest, ts)
        return samples, oldest, newest
    except (IndexError, ValueError):
        return None


class Counts:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = 0
        self.header_bytes = 0
        self.body_bytes = 0
        self.ok_requests = 0
        self.ok_body_bytes = 0
        self.samples = 0
        self.ok_samples = 0
        self.undecoded = 0
        self.down_requests = 0
        self.connections = 0
        self.connections_cut = 0
        self.statuses = {}
        # One row per request: [arrival unix s, status (0: none, -1: cut
        # while down, 503 while down), body bytes, samples, oldest ms, newest ms].
        self.log = []

    def as_json(self, down):
        with self.lock:
            return json.dumps({
                "requests": self.requests,
                "header_bytes": self.header_bytes,
                "body_bytes": self.body_bytes,
                "ok_requests": self.ok_requests,
                "ok_body_bytes": self.ok_body_bytes,
                "samples": self.samples,
                "ok_samples": self.ok_samples,
                "undecoded": self.undecoded,
                "down_requests": self.down_requests,
                "connections": self.connections,
                "connections_cut": self.connections_cut,
                "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
                "down": down,
            })


class Proxy:
    def __init__(self, port, upstream):
        self.port = port
        parts = urllib.parse.urlsplit(upstream)
        self.upstream = (parts.hostname, parts.port or 80)
        self.counts = Counts()
        self.down = None  # None, "refuse" or "503"
        self.lock = threading.Lock()
        self.server = None
        self.thread = None
        self.open_sockets = set()
        self.sockets_lock = threading.Lock()
        self.listen()

    def listen(self):
        proxy = self

        class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
            daemon_threads = True
            allow_reuse_address = True
            request_queue_size = 64

            def process_request(self, request, client_address):
                with proxy.sockets_lock:
                    proxy.open_sockets.add(request)
                with proxy.counts.lock:
                    proxy.counts.connections += 1
                super().process_request(request, client_address)

            def shutdown_request(self, request):
                with proxy.sockets_lock:
                    proxy.open_sockets.discard(request)
                super().shutdown_request(request)

        self.server = Server(("127.0.0.1", self.port), make_handler(self))
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.2,), daemon=True)
        self.thread.start()

    def go_down(self, mode):
        with self.lock:
            if self.down is not None:
                return
            self.down = mode
            if mode == "refuse":
                self.server.shutdown()
                self.server.server_close()
                with self.sockets_lock:
                    cut = list(self.open_sockets)
                for sock in cut:
                    try:
                        sock.shutdown(socket.SHUT_RDWR)
                    except OSError:
                        pass
                with self.counts.lock:
                    self.counts.connections_cut += len(cut)

    def go_up(self):
        with self.lock:
            if self.down == "refuse":
                self.listen()
            self.down = None


def make_handler(proxy):
    local = threading.local()

    def upstream_connection(fresh=False):
        conn = getattr(local, "conn", None)
        if conn is None or fresh:
            if conn is not None:
                conn.close()
            conn = http.client.HTTPConnection(*proxy.upstream, timeout=60)
            local.conn = conn
        return conn

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            counts = proxy.counts
            arrived = time.time()
            read = read_request(body, self.headers.get("Content-Encoding", ""))
            samples, oldest, newest = read if read is not None else (None, None, None)
            row = [round(arrived, 3), 0, len(body), samples, oldest, newest]
            with counts.lock:
                counts.log.append(row)
                counts.requests += 1
                counts.header_bytes += len(self.raw_requestline) + len(self.headers.as_bytes())
                counts.body_bytes += len(body)
                if samples is None:
                    counts.undecoded += 1
                else:
                    counts.samples += samples
            down = proxy.down
            if down == "refuse":
                # A request that slipped in as the outage began: no answer.
                row[1] = -1
                self.close_connection = True
                return
            if down == "503":
                with counts.lock:
                    counts.down_requests += 1
                    row[1] = 503
                self.answer(503, b"proxy down\n", {})
                return
            headers = {k: v for k, v in self.headers.items()
                       if k.lower() not in ("host", "connection", "keep-alive", "content-length")}
            status, reply, reply_headers = 0, b"", {}
            for attempt in range(2):
                try:
                    conn = upstream_connection(fresh=attempt > 0)
                    conn.request(self.command, self.path, body=body, headers=headers)
                    response = conn.getresponse()
                    status, reply = response.status, response.read()
                    reply_headers = {k: v for k, v in response.getheaders()
                                     if k.lower() in ("content-type", "retry-after")}
                    break
                except (OSError, http.client.HTTPException):
                    status = 0
            with counts.lock:
                row[1] = status
                counts.statuses[status] = counts.statuses.get(status, 0) + 1
                if 200 <= status < 300:
                    counts.ok_requests += 1
                    counts.ok_body_bytes += len(body)
                    counts.ok_samples += samples or 0
            if status == 0:
                self.answer(502, b"receiver unreachable\n", {})
            else:
                self.answer(status, reply, reply_headers)

        do_PUT = do_POST

        def answer(self, status, body, headers):
            self.send_response(status)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


def make_control(proxy):
    class Control(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def reply(self, status, text):
            data = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json" if text.startswith("{") else "text/plain")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            if self.path == "/stats":
                self.reply(200, proxy.counts.as_json(proxy.down))
            elif self.path == "/requests":
                with proxy.counts.lock:
                    rows = list(proxy.counts.log)
                self.reply(200, "\n".join(json.dumps(r) for r in rows) + "\n")
            else:
                self.reply(404, "GET /stats, POST /down?mode=refuse|503, POST /up\n")

        def do_POST(self):
            url = urllib.parse.urlsplit(self.path)
            if url.path == "/down":
                mode = urllib.parse.parse_qs(url.query).get("mode", ["refuse"])[0]
                if mode not in ("refuse", "503"):
                    self.reply(400, "mode is refuse or 503\n")
                    return
                proxy.go_down(mode)
                self.reply(200, "down\n")
            elif url.path == "/up":
                proxy.go_up()
                self.reply(200, "up\n")
            else:
                self.reply(404, "POST /down or /up\n")

    return Control


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    listen_port, control_port, upstream = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    proxy = Proxy(listen_port, upstream)
    control = http.server.ThreadingHTTPServer(("127.0.0.1", control_port), make_control(proxy))
    control.daemon_threads = True
    try:
        control.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
