"""Load client for the Backstep web benchmark (Benchmarks/web/run.sh).

  webload.py http --base URL --config seed.json --rate 200 --duration 30 [--warmup 5] PATH...
      Signs the seeded athlete in through the real sign-in form, then drives each PATH in turn at a constant
      rate (open loop: request i is sent at t0 + i/rate whether or not earlier ones have answered) and measures
      each latency from the request's *intended* send time, so a slow server cannot hide its queueing
      (coordinated omission). Prints one JSON object per path.

  webload.py live --base URL --config seed.json --sessions 500 --duration 60 --server-pid PID
      Starts one Bluetooth-mode live session per seeded live athlete (the server runs one session per user)
      through POST /api/v1/sessions/live, opens its WebSocket and plays the treadmill the page would relay:
      one Treadmill Data notification (a sample) per second per session, numbered, plus the control-point
      responses the driver's writes ask for. Measures sample-to-acknowledgement latency from the intended send
      time, the server's CPU (/proc/PID/stat) and resident memory (/proc/PID/status), and checks that every
      sample is acknowledged and every session closes when stopped. Prints one JSON object.

  webload.py churn --base URL --config seed.json --checkpoints 100,1000 --settle 8 --server-pid PID
      Runs short simulated live sessions one after another for one seeded athlete: start, press Start, wait for
      a few samples, press Stop, wait for the session to close. At each checkpoint (sessions run so far) it
      waits --settle seconds (longer than the server's live retention plus its sweep interval) and reads the
      server's resident memory. Prints one JSON object.
"""

import argparse
import asyncio
import json
import os
import random
import re
import resource
import struct
import sys
import time

import aiohttp


def percentile(sorted_values, p):
    if not sorted_values:
        return None
    k = min(len(sorted_values) - 1, max(0, int(round(p / 100.0 * len(sorted_values) + 0.5)) - 1))
    return sorted_values[k]


def summary_ms(latencies):
    values = sorted(latencies)
    out = {"count": len(values)}
    for name, p in (("p50", 50), ("p90", 90), ("p99", 99), ("p999", 99.9)):
        v = percentile(values, p)
        out[name] = None if v is None else round(v * 1000, 2)
    out["max"] = round(values[-1] * 1000, 2) if values else None
    return out


def cookie_value(response, name):
    for header in response.headers.getall("Set-Cookie", []):
        match = re.match(r"\s*%s=([^;]*)" % re.escape(name), header)
        if match:
            return match.group(1)
    return None


async def sign_in(http, base, email, password):
    """The real sign-in route: the form's CSRF token and cookie, then POST /signin; returns the session cookie."""
    async with http.get(base + "/signin") as r:
        page = await r.text()
        csrf_cookie = cookie_value(r, "bs_csrf")
    token = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    form = {"_csrf": token, "next": "/dashboard", "email": email, "password": password}
    async with http.post(
        base + "/signin", data=form, headers={"Cookie": "bs_csrf=%s" % csrf_cookie}, allow_redirects=False
    ) as r:
        await r.read()
        session = cookie_value(r, "bs_session")
        if r.status != 303 or not session:
            raise SystemExit("sign-in failed: HTTP %d" % r.status)
    return "bs_session=%s" % session


async def constant_rate(http, url, headers, rate, duration, warmup, timeout):
    loop = asyncio.get_running_loop()
    total = int(round((warmup + duration) * rate))
    t0 = loop.time() + 0.1
    measured_from = t0 + warmup
    results = []
    statuses = {}
    errors = {}
    client_timeout = aiohttp.ClientTimeout(total=timeout)

    async def one(intended):
        try:
            async with http.get(url, headers=headers, timeout=client_timeout) as r:
                await r.read()
                status = r.status
        except Exception as error:  # timeouts, resets: counted, never hidden
            name = type(error).__name__
            if intended >= measured_from:
                errors[name] = errors.get(name, 0) + 1
            return
        done = loop.time()
        if intended >= measured_from:
            statuses[status] = statuses.get(status, 0) + 1
            if status == 200:
                results.append((intended, done))

    tasks = []
    for i in range(total):
        intended = t0 + i / rate
        delay = intended - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(intended)))
    await asyncio.gather(*tasks)
    latencies = [done - intended for intended, done in results]
    out = summary_ms(latencies)
    sent = total - int(round(warmup * rate))
    if results:
        span = max(done for _, done in results) - measured_from
        out["achieved_rate"] = round(len(results) / max(span, duration), 1)
    else:
        out["achieved_rate"] = 0.0
    out.update({"target_rate": rate, "sent": sent, "statuses": statuses, "errors": errors})
    return out


async def closed_loop(http, url, headers, connections, seconds):
    """The most the server answers with `connections` requests always in flight (the capacity, not a latency)."""
    loop = asyncio.get_running_loop()
    until = loop.time() + seconds
    done = [0]

    async def worker():
        while loop.time() < until:
            async with http.get(url, headers=headers) as r:
                await r.read()
                if r.status == 200:
                    done[0] += 1

    started = loop.time()
    await asyncio.gather(*(worker() for _ in range(connections)))
    return round(done[0] / (loop.time() - started), 1)


async def run_http(args):
    config = json.load(open(args.config))
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector) as http:
        cookie = await sign_in(http, args.base, config["email"], config["password"])
        headers = {"Cookie": cookie}
        for path in args.paths:
            # Check the page really renders for the signed-in athlete before loading it.
            async with http.get(args.base + path, headers=headers, allow_redirects=False) as r:
                body = await r.read()
                if r.status != 200:
                    raise SystemExit("%s answered HTTP %d" % (path, r.status))
            capacity = await closed_loop(http, args.base + path, headers, args.connections, args.capacity_seconds)
            result = await constant_rate(
                http, args.base + path, headers, args.rate, args.duration, args.warmup, args.timeout
            )
            result.update({"path": path, "bytes": len(body), "closed_loop_capacity": capacity,
                           "closed_loop_connections": args.connections})
            print(json.dumps(result), flush=True)


# --- live sessions -------------------------------------------------------------------------------------------


def proc_cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    # Fields 14 and 15 (utime, stime) are the 12th and 13th after the command name.
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc_memory_mb(pid):
    values = {}
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, amount, _unit = line.split()
                values[key.rstrip(":")] = round(int(amount) / 1024, 1)
    return values


def own_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Stats:
    def __init__(self):
        self.window = None  # (start, end) in loop time
        self.latencies = []
        self.sent_in_window = 0
        self.acked_in_window = 0
        self.samples_sent = 0
        self.samples_acked = 0
        self.server_messages = 0
        self.errors = {}
        self.closed = 0
        self.started = 0
        self.connected = 0

    def error(self, kind):
        self.errors[kind] = self.errors.get(kind, 0) + 1

    def in_window(self, t):
        return self.window is not None and self.window[0] <= t < self.window[1]


class LiveClient:
    """One page with a Bluetooth treadmill: relays a sample a second and answers the driver's writes."""

    def __init__(self, index, token, args, config, stats, http):
        self.index = index
        self.token = token
        self.args = args
        self.config = config
        self.stats = stats
        self.http = http
        self.seq = 0
        self.pending = {}  # client seq -> (intended send time, is a sample)
        self.belt = 0  # hundredths of km/h
        self.running = False
        self.ws = None
        self.closed = asyncio.Event()
        self.stopping = False
        self.until = None  # when the samples stop (set once every session is open)
        self.tasks = []

    def next_seq(self):
        self.seq += 1
        return self.seq

    async def send(self, message, intended, sample=False):
        seq = self.next_seq()
        message["seq"] = seq
        self.pending[seq] = (intended, sample)
        if sample:
            self.stats.samples_sent += 1
            if self.stats.in_window(intended):
                self.stats.sent_in_window += 1
        await self.ws.send_str(json.dumps(message))

    async def start(self, base):
        body = {
            "mode": "bluetooth",
            "program": "regular-practice",
            "bluetooth": {"feature": self.config["feature"], "speedRange": self.config["speedRange"]},
        }
        headers = {"Authorization": "Bearer " + self.token}
        async with self.http.post(base + "/api/v1/sessions/live", json=body, headers=headers) as r:
            answer = await r.json(content_type=None)
            if r.status != 201:
                raise RuntimeError("start: HTTP %d %s" % (r.status, answer))
        self.stats.started += 1
        url = base.replace("http://", "ws://") + answer["websocket"]
        self.ws = await self.http.ws_connect(url, headers=headers, max_msg_size=1 << 20, heartbeat=None)
        self.stats.connected += 1
        await self.ws.send_str(json.dumps({"type": "hello", "after": -1}))
        loop = asyncio.get_running_loop()
        await self.send({"type": "input", "action": "start"}, loop.time())

    async def read(self):
        loop = asyncio.get_running_loop()
        async for message in self.ws:
            if message.type != aiohttp.WSMsgType.TEXT:
                if message.type in (aiohttp.WSMsgType.ERROR, aiohttp.WSMsgType.CLOSE):
                    break
                continue
            now = loop.time()
            m = json.loads(message.data)
            kind = m.get("type")
            if kind == "ack":
                entry = self.pending.pop(m.get("seq"), None)
                if entry is None:
                    continue
                intended, sample = entry
                if sample:
                    self.stats.samples_acked += 1
                    if self.stats.in_window(intended):
                        self.stats.acked_in_window += 1
                        self.stats.latencies.append(now - intended)
                continue
            if kind == "error":
                self.stats.error("server error: " + str(m.get("message"))[:60])
                continue
            if isinstance(m.get("seq"), int):
                self.stats.server_messages += 1
                await self.ws.send_str(json.dumps({"type": "ack", "seq": m["seq"]}))
            if kind == "ftmsWrite":
                await self.control_point(bytes.fromhex(m.get("bytes", "")), now)
            elif kind == "closed":
                self.stats.closed += 1
                self.closed.set()
                break
        if not self.closed.is_set() and not self.stopping:
            self.stats.error("socket ended before the session closed")

    async def control_point(self, data, now):
        """Answers a control-point write the way a compliant treadmill does: success, and the belt follows."""
        if not data:
            return
        op = data[0]
        if op == 0x02 and len(data) >= 3:
            self.belt = struct.unpack_from("<H", data, 1)[0]
        elif op == 0x07:
            self.running = True
        elif op == 0x08:
            self.running = False
        elif op == 0x01:
            self.running = False
            self.belt = 0
        response = bytes([0x80, op, 0x01]).hex()
        await self.send({"type": "ftms", "characteristic": "2ad9", "bytes": response}, now)

    async def sample_loop(self):
        """One Treadmill Data notification (flags 0: instantaneous speed only) a second, open loop, from the
        moment the page is connected (as a real page relays them) until `self.until`."""
        loop = asyncio.get_running_loop()
        t = loop.time() + random.random()
        while (self.until is None or t < self.until) and not self.closed.is_set():
            delay = t - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            speed = self.belt if self.running else 0
            try:
                await self.send(
                    {"type": "ftms", "characteristic": "2acd", "bytes": struct.pack("<HH", 0, speed).hex()},
                    t,
                    sample=True,
                )
            except Exception:
                self.stats.error("send failed")
                return
            t += 1.0

    async def stop(self):
        self.stopping = True
        loop = asyncio.get_running_loop()
        try:
            await self.send({"type": "input", "action": "stop"}, loop.time())
        except Exception:
            self.stats.error("stop failed")


async def run_live(args):
    config = json.load(open(args.config))
    tokens = config["tokens"][: args.sessions]
    if len(tokens) < args.sessions:
        raise SystemExit("the seed has only %d live users" % len(tokens))
    stats = Stats()
    loop = asyncio.get_running_loop()
    pid = args.server_pid
    memory_before = proc_memory_mb(pid)
    connector = aiohttp.TCPConnector(limit=0)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=None)) as http:
        clients = [LiveClient(i, token, args, config, stats, http) for i, token in enumerate(tokens)]
        # Ramp up: start and connect every session, at most 25 starts in flight.
        gate = asyncio.Semaphore(25)
        ramp_started = loop.time()

        async def open_one(client):
            async with gate:
                try:
                    await client.start(args.base)
                except Exception as error:
                    stats.error("start: " + type(error).__name__ + " " + str(error)[:80])
                    return False
            # Read and relay at once: an unanswered control-point write would pause the session (link lost).
            client.tasks = [asyncio.create_task(client.read()), asyncio.create_task(client.sample_loop())]
            return True

        opened = await asyncio.gather(*(open_one(c) for c in clients))
        live = [c for c, ok in zip(clients, opened) if ok]
        ramp_seconds = loop.time() - ramp_started
        warm_until = loop.time() + args.warmup
        window_end = warm_until + args.duration
        stats.window = (warm_until, window_end)
        for c in live:
            c.until = window_end + 1.0
        readers = [c.tasks[0] for c in live]
        senders = [c.tasks[1] for c in live]
        await asyncio.sleep(max(0.0, warm_until - loop.time()))
        cpu0, own0, wall0 = proc_cpu_seconds(pid), own_cpu_seconds(), time.monotonic()
        rss_peak = 0.0
        while loop.time() < window_end:
            rss_peak = max(rss_peak, proc_memory_mb(pid).get("VmRSS", 0.0))
            await asyncio.sleep(min(1.0, max(0.0, window_end - loop.time())))
        cpu1, own1, wall1 = proc_cpu_seconds(pid), own_cpu_seconds(), time.monotonic()
        memory_during = proc_memory_mb(pid)
        await asyncio.gather(*senders)
        await asyncio.sleep(args.grace)
        unacked = stats.sent_in_window - stats.acked_in_window
        # Stop every session and wait for the server to close and save them all.
        for c in live:
            await c.stop()
        try:
            await asyncio.wait_for(asyncio.gather(*(c.closed.wait() for c in live)), timeout=args.close_timeout)
        except asyncio.TimeoutError:
            stats.error("sessions not closed within %ds" % args.close_timeout)
        for c in live:
            await c.ws.close()
        await asyncio.gather(*readers, return_exceptions=True)
    elapsed = wall1 - wall0
    result = {
        "sessions": args.sessions,
        "started": stats.started,
        "connected": stats.connected,
        "ramp_seconds": round(ramp_seconds, 1),
        "window_seconds": round(elapsed, 1),
        "ack": summary_ms(stats.latencies),
        "samples_sent_in_window": stats.sent_in_window,
        "samples_acked_in_window": stats.acked_in_window,
        "unacked_in_window": unacked,
        "sample_rate": round(stats.sent_in_window / max(elapsed, 1e-9), 1),
        "server_messages": stats.server_messages,
        "closed": stats.closed,
        "errors": stats.errors,
        "server_cpu_percent_of_one_core": round(100 * (cpu1 - cpu0) / elapsed, 1),
        "client_cpu_percent_of_one_core": round(100 * (own1 - own0) / elapsed, 1),
        "memory_before_mb": memory_before,
        "memory_during_mb": {"VmRSS_end": memory_during.get("VmRSS"), "VmRSS_peak": rss_peak,
                             "VmHWM": memory_during.get("VmHWM")},
    }
    print(json.dumps(result), flush=True)


async def churn_one(http, base, token, samples):
    """One short simulated session, start to closed; returns its id."""
    headers = {"Authorization": "Bearer " + token}
    body = {"mode": "simulated", "program": "regular-practice"}
    async with http.post(base + "/api/v1/sessions/live", json=body, headers=headers) as r:
        answer = await r.json(content_type=None)
        if r.status != 201:
            raise RuntimeError("start: HTTP %d %s" % (r.status, answer))
    url = base.replace("http://", "ws://") + answer["websocket"]
    async with http.ws_connect(url, headers=headers, max_msg_size=1 << 20, heartbeat=None) as ws:
        await ws.send_str(json.dumps({"type": "hello", "after": -1}))
        seq, seen, pressed_stop = 0, 0, False
        async for message in ws:
            if message.type != aiohttp.WSMsgType.TEXT:
                break
            m = json.loads(message.data)
            if isinstance(m.get("seq"), int) and m.get("type") not in ("ack", "pong", "error"):
                await ws.send_str(json.dumps({"type": "ack", "seq": m["seq"]}))
            event = m.get("event") or {}
            if m.get("type") == "event" and event.get("type") == "ready" and seq == 0:
                seq += 1
                await ws.send_str(json.dumps({"type": "input", "action": "start", "seq": seq}))
            if m.get("type") == "event" and event.get("type") == "sample":
                seen += 1
                if seen >= samples and not pressed_stop:
                    pressed_stop = True
                    seq += 1
                    await ws.send_str(json.dumps({"type": "input", "action": "stop", "seq": seq}))
            if m.get("type") == "closed":
                return answer["sessionId"]
    raise RuntimeError("the socket ended before the session closed")


async def run_churn(args):
    config = json.load(open(args.config))
    token = config["tokens"][0]
    checkpoints = sorted(int(c) for c in args.checkpoints.split(","))
    result = {"checkpoints": [], "settle_seconds": args.settle, "samples_per_session": args.samples}
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=None)) as http:
        # Warm-up: the first sessions load code and caches that later ones reuse.
        for _ in range(args.warmup_sessions):
            await churn_one(http, args.base, token, args.samples)
        await asyncio.sleep(args.settle)
        result["after_warmup_mb"] = proc_memory_mb(args.server_pid)
        done, started = 0, time.monotonic()
        for checkpoint in checkpoints:
            while done < checkpoint:
                await churn_one(http, args.base, token, args.samples)
                done += 1
            await asyncio.sleep(args.settle)
            memory = proc_memory_mb(args.server_pid)
            result["checkpoints"].append({"sessions": done, "VmRSS": memory.get("VmRSS"), "VmHWM": memory.get("VmHWM")})
            print("churn: %d sessions, %s MB resident" % (done, memory.get("VmRSS")), file=sys.stderr, flush=True)
        result["seconds"] = round(time.monotonic() - started, 1)
    print(json.dumps(result), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    commands = {}
    for name, duration, warmup in (("http", 30, 5), ("live", 60, 10)):
        command = sub.add_parser(name)
        command.add_argument("--base", required=True)
        command.add_argument("--config", required=True)
        command.add_argument("--duration", type=float, default=duration)
        command.add_argument("--warmup", type=float, default=warmup)
        commands[name] = command
    http, live = commands["http"], commands["live"]
    http.add_argument("--rate", type=float, default=200)
    http.add_argument("--timeout", type=float, default=10)
    http.add_argument("--capacity-seconds", type=float, default=10)
    http.add_argument("--connections", type=int, default=8)
    http.add_argument("paths", nargs="+")
    live.add_argument("--sessions", type=int, default=500)
    live.add_argument("--grace", type=float, default=5)
    live.add_argument("--close-timeout", type=int, default=60)
    live.add_argument("--server-pid", type=int, required=True)
    churn = sub.add_parser("churn")
    churn.add_argument("--base", required=True)
    churn.add_argument("--config", required=True)
    churn.add_argument("--checkpoints", default="100,1000")
    churn.add_argument("--settle", type=float, default=8)
    churn.add_argument("--samples", type=int, default=3)
    churn.add_argument("--warmup-sessions", type=int, default=20)
    churn.add_argument("--server-pid", type=int, required=True)
    args = parser.parse_args()
    runs = {"http": run_http, "live": run_live, "churn": run_churn}
    asyncio.run(runs[args.command](args))


if __name__ == "__main__":
    sys.exit(main())
