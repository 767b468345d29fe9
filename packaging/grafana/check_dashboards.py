#!/usr/bin/python3
"""Check Grafana dashboards against a running Prometheus: every query must
work and return data.

    check_dashboards.py [--prometheus URL] [--var NAME=VALUE]... [--range DURATION]
                        [--scrape-interval DURATION] [--allow-empty REGEX]...
                        [--timeout SECONDS] FILE.json...

Each FILE is a Grafana 9/10 dashboard (the JSON Grafana exports). Always
checked, with or without --prometheus:
  - the JSON parses and has title, uid, panels and templating;
  - every panel, rows' nested panels included, has a unique id, a type, a
    title and a gridPos inside the 24-column grid, and no two overlap;
  - every non-row panel and each of its targets uses the `${datasource}`
    variable, which the dashboard defines (type datasource, prometheus);
  - every target has an expr and a refId unique within its panel;
  - every `$variable` an expression uses is defined by the dashboard.

With --prometheus (http://host:9090; the path of a proxy is kept), each
templating query (label_values(...), query_result(...)) and each panel
target's `expr` is sent to /api/v1/query after substituting variables:
  - `$var`, `${var}`, `${var:format}`, `[[var]]` (every format alike): the
    --var values for var (repeat --var to give several: they are
    regex-escaped and joined as `(a|b)`, as Grafana does); else `.*`
    for a variable with "Include All" or multi-value; else the first value
    its own query returns (what Grafana shows on opening), in templating
    order so a variable may depend on the ones before it;
  - `$__range` (`$__range_s`, `$__range_ms`): --range, default the
    dashboard's time range (`now-24h` gives 24h);
  - `$__interval`: the range / 1000 points, at least --scrape-interval (15s);
  - `$__rate_interval`: max($__interval + scrape interval, 4 x scrape interval).
A target that answers nothing at the current time and is drawn over time
(not "instant") is asked again with /api/v1/query_range over the range.

Output: one line per dashboard, then one block per problem naming the panel
title (or variable), the target's refId, what went wrong (the server's error
or "no data") and the expression as sent. Exit status: 0 when nothing is
wrong, 1 when anything is, 2 for a usage error. A panel whose title, or a
variable whose name, matches an --allow-empty regex may return no data
(something that has not happened yet, an optional label such as vendor).
A server that does not answer at all stops the check at once (exit 1).

Example:
    /usr/bin/python3 packaging/grafana/check_dashboards.py \\
        --prometheus http://127.0.0.1:9090 --var lg_code=131016 \\
        packaging/grafana/unyo-agent.json packaging/grafana/unyo-fleet.json

Standard library only (json, urllib), for Debian's /usr/bin/python3.
"""

import argparse
import json
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

GRID_COLUMNS = 24
BUILTINS = {"__range", "__range_s", "__range_ms", "__interval", "__interval_ms",
            "__rate_interval", "__from", "__to", "__dashboard", "__org", "__user",
            "timeFilter", "__timeFilter"}
# $name, ${name}, ${name:format}, [[name]], [[name:format]]
VARIABLE = re.compile(r"\$\{(\w+)(?::(\w+))?\}|\[\[(\w+)(?::(\w+))?\]\]|\$(\w+)")
DURATION = re.compile(r"(\d+)(ms|s|m|h|d|w|y)")
UNIT_SECONDS = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800, "y": 31536000}


def parse_duration(text):
    """'1h30m' -> 5400.0 seconds; raises ValueError."""
    parts = DURATION.findall(text)
    if not parts or "".join(n + u for n, u in parts) != text:
        raise ValueError(f"not a duration: {text!r}")
    return sum(int(n) * UNIT_SECONDS[u] for n, u in parts)


def format_duration(seconds):
    """Seconds -> the shortest Prometheus duration ('90' -> '1m30s')."""
    seconds = max(1, int(round(seconds)))
    out = ""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if seconds >= size:
            out += f"{seconds // size}{unit}"
            seconds %= size
    return out


class Problems:
    def __init__(self):
        self.items = []

    def add(self, where, what, expr=None):
        self.items.append((where, what, expr))


def walk_panels(panels):
    """Every panel, with the panels nested in rows after their row."""
    for panel in panels or []:
        yield panel
        yield from walk_panels(panel.get("panels"))


def variables_used(text):
    for m in VARIABLE.finditer(text or ""):
        yield m.group(1) or m.group(3) or m.group(5)


def variable_query(var):
    query = var.get("query")
    if isinstance(query, dict):
        query = query.get("query", "")
    return query or var.get("definition") or ""


def check_structure(dash, problems):
    for key in ("title", "uid", "panels", "templating"):
        if key not in dash:
            problems.add("dashboard", f"has no {key!r}")
    variables = {v.get("name"): v for v in dash.get("templating", {}).get("list", [])}
    ds = variables.get("datasource")
    if not ds or ds.get("type") != "datasource" or ds.get("query") != "prometheus":
        problems.add("templating", "needs a variable `datasource` of type datasource, query prometheus")
    wanted_ds = "${datasource}"
    for name, var in variables.items():
        if var.get("type") == "query":
            if (var.get("datasource") or {}).get("uid") != wanted_ds:
                problems.add(f"variable {name}", f"datasource must be {wanted_ds}")
            for used in variables_used(variable_query(var)):
                if used not in variables and used not in BUILTINS:
                    problems.add(f"variable {name}", f"uses ${used}, which is not defined")
    ids, boxes = set(), []
    for panel in walk_panels(dash.get("panels")):
        where = f"panel {panel.get('title')!r} (id {panel.get('id')})"
        for key in ("id", "type", "title", "gridPos"):
            if key not in panel:
                problems.add(where, f"has no {key!r}")
        if panel.get("id") in ids:
            problems.add(where, "id is not unique")
        ids.add(panel.get("id"))
        pos = panel.get("gridPos") or {}
        if not all(isinstance(pos.get(k), int) for k in ("x", "y", "w", "h")):
            problems.add(where, "gridPos needs integer x, y, w, h")
        elif pos["x"] < 0 or pos["w"] < 1 or pos["x"] + pos["w"] > GRID_COLUMNS or pos["h"] < 1:
            problems.add(where, f"gridPos {pos} is outside the {GRID_COLUMNS}-column grid")
        else:
            for other_where, o in boxes:
                if (pos["x"] < o["x"] + o["w"] and o["x"] < pos["x"] + pos["w"]
                        and pos["y"] < o["y"] + o["h"] and o["y"] < pos["y"] + pos["h"]):
                    problems.add(where, f"overlaps {other_where}")
            boxes.append((where, pos))
        if panel.get("type") == "row":
            continue
        if (panel.get("datasource") or {}).get("uid") != wanted_ds:
            problems.add(where, f"datasource must be {wanted_ds}")
        targets = panel.get("targets") or []
        if not targets:
            problems.add(where, "has no targets")
        refs = set()
        for target in targets:
            ref = target.get("refId")
            if not ref or ref in refs:
                problems.add(where, f"target refId {ref!r} is missing or repeated")
            refs.add(ref)
            if (target.get("datasource") or {}).get("uid") != wanted_ds:
                problems.add(f"{where} / {ref}", f"datasource must be {wanted_ds}")
            if not target.get("expr"):
                problems.add(f"{where} / {ref}", "has no expr")
            for used in variables_used(target.get("expr")):
                if used not in variables and used not in BUILTINS:
                    problems.add(f"{where} / {ref}", f"uses ${used}, which is not defined",
                                 target.get("expr"))


class Unreachable(Exception):
    """The server does not answer at all: no point asking the other queries."""


class Prometheus:
    def __init__(self, url, timeout):
        self.url = url.rstrip("/")
        self.timeout = timeout

    def call(self, path, params):
        """POSTs a form to the HTTP API; returns (data, None) or (None, error)."""
        body = urllib.parse.urlencode(params).encode()
        request = urllib.request.Request(self.url + path, data=body, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                answer = json.load(response)
        except urllib.error.HTTPError as e:
            try:
                answer = json.load(e)
            except ValueError:
                return None, f"HTTP {e.code} {e.reason}"
        except urllib.error.URLError as e:
            raise Unreachable(f"cannot reach {self.url}: {e.reason}") from e
        except (OSError, ValueError) as e:
            return None, f"cannot query {self.url}: {e}"
        if answer.get("status") != "success":
            return None, f"{answer.get('errorType', 'error')}: {answer.get('error')}"
        return answer["data"], None

    def query(self, expr, now):
        data, error = self.call("/api/v1/query", {"query": expr, "time": now})
        return (data or {}).get("result"), error

    def query_range(self, expr, start, end, step):
        data, error = self.call("/api/v1/query_range",
                                {"query": expr, "start": start, "end": end, "step": step})
        return (data or {}).get("result"), error


def has_data(result):
    if isinstance(result, list):
        return len(result) > 0
    return result is not None  # scalar or string


def label_values(prom, query, now):
    """Values of a templating query, or (None, error)."""
    m = re.fullmatch(r"\s*label_values\((.*),\s*(\w+)\s*\)\s*", query, re.S)
    if m:
        expr = f"count by ({m.group(2)}) ({m.group(1)})"
        result, error = prom.query(expr, now)
        if error:
            return None, error, expr
        return sorted({r["metric"].get(m.group(2), "") for r in result} - {""}), None, expr
    m = re.fullmatch(r"\s*label_values\(\s*(\w+)\s*\)\s*", query)
    if m:
        expr = f"count by ({m.group(1)}) ({{{m.group(1)}!=\"\"}})"
        result, error = prom.query(expr, now)
        if error:
            return None, error, expr
        return sorted({r["metric"][m.group(1)] for r in result}), None, expr
    m = re.fullmatch(r"\s*query_result\((.*)\)\s*", query, re.S)
    expr = m.group(1) if m else query
    result, error = prom.query(expr, now)
    if error:
        return None, error, expr
    return [json.dumps(r.get("metric", r)) for r in result or []], None, expr


def regex_escape(value):
    """As Grafana escapes one of several values: for RE2, inside a PromQL string."""
    return re.escape(value).replace("\\", "\\\\")


def substitute(text, values, builtins):
    def one(m):
        name = m.group(1) or m.group(3) or m.group(5)
        if name in builtins:
            return builtins[name]
        if name not in values:
            return m.group(0)
        vals = values[name]
        return vals[0] if len(vals) == 1 else "(" + "|".join(vals) + ")"
    return VARIABLE.sub(one, text)


def dashboard_range(dash, override):
    if override:
        return parse_duration(override)
    start = (dash.get("time") or {}).get("from", "now-6h")
    m = re.fullmatch(r"now-(\w+)", start)
    return parse_duration(m.group(1)) if m else 6 * 3600


def check_queries(dash, prom, given, range_s, scrape_s, allow_empty, problems):
    now = time.time()
    interval_s = max(scrape_s, range_s / 1000)
    builtins = {
        "__range": format_duration(range_s), "__range_s": str(int(range_s)),
        "__range_ms": str(int(range_s * 1000)),
        "__interval": format_duration(interval_s), "__interval_ms": str(int(interval_s * 1000)),
        "__rate_interval": format_duration(max(interval_s + scrape_s, 4 * scrape_s)),
        "__from": str(int((now - range_s) * 1000)), "__to": str(int(now * 1000)),
    }
    values = {}
    count = 0
    for var in dash.get("templating", {}).get("list", []):
        name = var.get("name")
        if name in given:
            values[name] = [regex_escape(v) if len(given[name]) > 1 else v for v in given[name]]
        if var.get("type") != "query":
            if name not in values and var.get("type") in ("custom", "constant", "textbox"):
                current = (var.get("current") or {}).get("value")
                values[name] = [".*" if var.get("includeAll") or var.get("multi")
                                else str(current if not isinstance(current, list) else current[0])]
            continue
        count += 1
        query = substitute(variable_query(var), values, builtins)
        found, error, sent = label_values(prom, query, now)
        if error:
            problems.add(f"variable {name}", error, sent)
        elif not found and not any(re.search(p, name) for p in allow_empty):
            problems.add(f"variable {name}", "no data", sent)
        if name not in values:
            if var.get("includeAll") or var.get("multi"):
                values[name] = [var.get("allValue") or ".*"]
            else:
                values[name] = [found[0] if found else ".*"]
    for panel in walk_panels(dash.get("panels")):
        if panel.get("type") == "row":
            continue
        title = panel.get("title")
        for target in panel.get("targets") or []:
            if target.get("hide") or not target.get("expr"):
                continue
            count += 1
            expr = substitute(target["expr"], values, builtins)
            where = f"panel {title!r} / {target.get('refId')}"
            result, error = prom.query(expr, now)
            if not error and not has_data(result) and not target.get("instant"):
                step = format_duration(max(interval_s, range_s / 250))
                result, error = prom.query_range(expr, now - range_s, now, step)
            if error:
                problems.add(where, error, expr)
            elif not has_data(result) and not any(re.search(p, title or "") for p in allow_empty):
                problems.add(where, "no data", expr)
    return count


def main(argv):
    parser = argparse.ArgumentParser(
        description="Check Grafana dashboards: structure, and with --prometheus that every "
                    "query works and returns data.")
    parser.add_argument("files", nargs="+", metavar="FILE.json")
    parser.add_argument("--prometheus", metavar="URL", help="e.g. http://127.0.0.1:9090")
    parser.add_argument("--var", action="append", default=[], metavar="NAME=VALUE",
                        help="a variable's value; repeat for several values or variables")
    parser.add_argument("--range", metavar="DURATION",
                        help="the time range ($__range), e.g. 6h; default the dashboard's")
    parser.add_argument("--scrape-interval", default="15s", metavar="DURATION",
                        help="the sample interval behind $__interval (default 15s)")
    parser.add_argument("--allow-empty", action="append", default=[], metavar="REGEX",
                        help="panels whose title (variables whose name) matches may return "
                             "no data; repeatable")
    parser.add_argument("--timeout", type=float, default=30, metavar="SECONDS")
    args = parser.parse_args(argv)
    given = {}
    for item in args.var:
        name, sep, value = item.partition("=")
        if not sep or not name:
            parser.error(f"--var wants NAME=VALUE, got {item!r}")
        given.setdefault(name, []).append(value)
    try:
        scrape_s = parse_duration(args.scrape_interval)
        if args.range:
            parse_duration(args.range)
    except ValueError as e:
        parser.error(str(e))
    prom = Prometheus(args.prometheus, args.timeout) if args.prometheus else None

    failed = False
    for path in args.files:
        problems = Problems()
        count = 0
        try:
            with open(path, encoding="utf-8") as f:
                dash = json.load(f)
        except (OSError, ValueError) as e:
            problems.add("file", str(e))
            dash = None
        if dash is not None:
            check_structure(dash, problems)
            if prom:
                try:
                    count = check_queries(dash, prom, given, dashboard_range(dash, args.range),
                                          scrape_s, args.allow_empty, problems)
                except Unreachable as e:
                    print(f"{path}: FAIL ({e})")
                    return 1
        checked = f"{count} queries" if prom else "structure only"
        status = "FAIL" if problems.items else "ok"
        n = len(problems.items)
        print(f"{path}: {status} ({checked}, {n} problem{'' if n == 1 else 's'})")
        for where, what, expr in problems.items:
            print(f"  {where}: {what}")
            if expr:
                print(f"    expr: {' '.join(expr.split())}")
        failed = failed or bool(problems.items)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
