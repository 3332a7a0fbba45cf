// Backstep live player. The server's session engine is the source of truth; this page shows what it says,
// sends the user's buttons, speaks cues, keeps the screen awake and, in Bluetooth mode, relays the treadmill's
// bytes. Messages are numbered: on reconnect the page asks for everything after the last number it handled.
(function () {
  "use strict";
  var root = document.getElementById("player");
  if (!root) return;
  var sessionId = root.dataset.session;
  // A Bluetooth session starts on this page once the treadmill is connected (the link must outlive no page).
  var pending = root.dataset.pending === "true";
  var mode = root.dataset.mode;
  var unit = root.dataset.speedUnit;
  var factor = parseFloat(root.dataset.speedFactor) || 1;
  var key, lastSeq, clientSeq;
  function restore() {
    key = "backstep-live-" + sessionId;
    lastSeq = parseInt(sessionStorage.getItem(key) || "-1", 10);
    clientSeq = parseInt(sessionStorage.getItem(key + "-client") || "0", 10);
  }
  restore();
  var unacked = [];
  var socket = null, failures = 0, lastHeard = Date.now(), pauseBytes = null, controlPoint = null, closed = false;
  var segmentStartT = 0, segmentPlanned = null, sessionT = 0, nextChangeIn = null, nextChangeAt = null;
  var $ = function (id) { return document.getElementById(id); };

  function speed(mps) { return mps == null ? "–" : (mps / factor).toFixed(1) + " " + unit; }
  function clock(s) { s = Math.max(0, Math.round(s)); return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0"); }
  function say(text) {
    if (!$("speak").checked || !window.speechSynthesis) return;
    try { window.speechSynthesis.speak(new SpeechSynthesisUtterance(text)); } catch (e) { /* speech is optional */ }
  }
  function status(text) { $("status").textContent = text; }

  function send(obj, numbered) {
    if (numbered) { clientSeq += 1; obj.seq = clientSeq; sessionStorage.setItem(key + "-client", String(clientSeq)); unacked.push(obj); }
    if (socket && socket.readyState === 1) socket.send(JSON.stringify(obj));
  }

  function connect() {
    var proto = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(proto + location.host + "/sessions/live/ws?session=" + encodeURIComponent(sessionId));
    socket.onopen = function () {
      failures = 0;
      status("Connected");
      socket.send(JSON.stringify({ type: "hello", after: lastSeq }));
      unacked.forEach(function (m) { socket.send(JSON.stringify(m)); });
    };
    socket.onmessage = function (e) {
      lastHeard = Date.now();
      var m;
      try { m = JSON.parse(e.data); } catch (err) { return; }
      if (m.type === "pong") return;
      if (m.type === "ack") { unacked = unacked.filter(function (u) { return u.seq > m.seq; }); return; }
      if (m.type === "error") { status("Server: " + m.message); return; }
      if (typeof m.seq === "number") {
        if (m.seq <= lastSeq) return;
        lastSeq = m.seq;
        sessionStorage.setItem(key, String(lastSeq));
        socket.send(JSON.stringify({ type: "ack", seq: m.seq }));
      }
      handle(m);
    };
    socket.onclose = function () {
      if (closed) return;
      status("Connection lost – reconnecting…");
      failures += 1;
      if (failures < 3) { setTimeout(connect, 1000); return; }
      // The server answers but keeps refusing this session: it restarted and closed the session as interrupted.
      // Reload: the plan page then offers to continue where the session stopped.
      fetch("/health", { cache: "no-store" }).then(function (r) {
        if (r.ok) location.href = "/sessions/live"; else setTimeout(connect, 1000);
      }, function () { setTimeout(connect, 1000); });
    };
  }

  function handle(m) {
    if (m.type === "welcome") { pauseBytes = m.pauseBytes; return; }
    if (m.type === "ftmsWrite") { writeControlPoint(m.bytes); return; }
    if (m.type === "closed") {
      closed = true;
      status(m.status === "completed" ? "Session complete. Well done!" : "Session ended.");
      $("feedback-link").href = m.feedbackUrl;
      $("done-link").hidden = false;
      releaseWake();
      return;
    }
    if (m.type !== "event") return;
    var ev = m.event;
    sessionT = ev.t;
    switch (ev.type) {
      case "ready": status(ev.prompt); break;
      case "countdown": $("cue").textContent = String(ev.number); say(String(ev.number)); break;
      case "segmentStart":
        segmentStartT = ev.t; segmentPlanned = ev.plannedDurationSeconds || null;
        $("segment").textContent = ev.name + (ev.round ? " (" + ev.round + "/" + ev.rounds + ")" : "");
        $("target").textContent = speed(ev.targetSpeedMps);
        $("incline").textContent = ev.targetGradePercent != null ? ev.targetGradePercent.toFixed(1) + " %" : "–";
        $("cue").textContent = ev.instruction; say(ev.name + ". " + ev.instruction); status("Running"); break;
      case "cue": $("cue").textContent = ev.text; say(ev.text); break;
      case "targetChange":
        nextChangeAt = ev.t + ev.inSeconds;
        var what = ev.targetSpeedMps != null ? speed(ev.targetSpeedMps) : (ev.targetGradePercent + " %");
        $("cue").textContent = "In " + Math.round(ev.inSeconds) + " s: " + what; say("Coming up: " + what); break;
      case "sample":
        $("actual").textContent = speed(ev.speedMps);
        if (ev.targetSpeedMps != null) $("target").textContent = speed(ev.targetSpeedMps);
        if (ev.gradePercent != null) $("incline").textContent = ev.gradePercent.toFixed(1) + " %";
        $("hr").textContent = ev.heartRateBpm != null ? ev.heartRateBpm + " bpm" : "–";
        $("distance").textContent = Math.round(ev.distanceMeters) + " m";
        $("timer").textContent = segmentPlanned ? clock(segmentPlanned - (ev.t - segmentStartT)) : clock(ev.t - segmentStartT);
        $("next").textContent = nextChangeAt != null && nextChangeAt > ev.t ? clock(nextChangeAt - ev.t) :
          (segmentPlanned ? clock(segmentPlanned - (ev.t - segmentStartT)) : "–");
        break;
      case "pause": status("Paused (" + ev.reason + ")"); say("Paused"); break;
      case "resume": status("Running"); break;
      case "awaitingUser": status(ev.prompt); say(ev.prompt); break;
      case "warning": status(ev.message); break;
      case "capped": status("Held at your cap: " + speed(ev.allowedSpeedMps)); break;
      case "finish": status("Finished"); say("Session complete. Well done."); break;
      case "stop": status("Stopped: " + (ev.guidance && ev.guidance.summary ? ev.guidance.summary : "")); say("Stopped"); break;
    }
  }

  ["start", "pause", "stop", "pain", "skip", "done", "faster", "slower"].forEach(function (action) {
    var button = $(action);
    if (!button) return;
    button.addEventListener("click", function () {
      if (action === "start") requestWake();
      send({ type: "input", action: action }, true);
    });
  });

  // Keep the screen awake while the session runs.
  var wakeLock = null;
  function requestWake() {
    if (!("wakeLock" in navigator)) { $("wake").textContent = "Keep the screen on: this browser cannot keep it awake."; return; }
    navigator.wakeLock.request("screen").then(function (l) { wakeLock = l; $("wake").textContent = "Screen stays on."; })
      .catch(function () { $("wake").textContent = ""; });
  }
  function releaseWake() { if (wakeLock) { wakeLock.release(); wakeLock = null; } }
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "visible" && !closed && wakeLock === null) requestWake(); });

  // Bluetooth: the page relays raw FTMS bytes; all decoding and control logic stays on the server.
  var FTMS = 0x1826;
  function hex(view) { var s = ""; for (var i = 0; i < view.byteLength; i++) s += view.getUint8(i).toString(16).padStart(2, "0"); return s; }
  function bytes(h) { var a = new Uint8Array(h.length / 2); for (var i = 0; i < a.length; i++) a[i] = parseInt(h.substr(i * 2, 2), 16); return a; }
  function writeControlPoint(h) { if (controlPoint && h) controlPoint.writeValueWithResponse(bytes(h)).catch(function () {}); }
  function readHex(service, uuid) {
    return service.getCharacteristic(uuid).then(function (c) { return c.readValue(); })
      .then(function (v) { return hex(v); }, function () { return null; });
  }
  function readFeatures(service) {
    return Promise.all([readHex(service, 0x2ACC), readHex(service, 0x2AD4), readHex(service, 0x2AD5)]).then(function (r) {
      if (!r[0]) throw new Error("the treadmill did not report its features");
      return r;
    });
  }
  // Connected again during a session: the server's driver starts over with what the treadmill says now.
  function reconnectTreadmill(service) {
    return readFeatures(service).then(function (r) {
      var message = { type: "bleConnected", feature: r[0] };
      if (r[1]) message.speedRange = r[1];
      if (r[2]) message.inclinationRange = r[2];
      send(message, true);
    });
  }
  // Starts the session on the server with what the treadmill says it can do; the server decides everything else.
  function startBluetoothSession(service) {
    return readFeatures(service).then(function (r) {
      var body = { mode: "bluetooth", bluetooth: { feature: r[0] } };
      if (r[1]) body.bluetooth.speedRange = r[1];
      if (r[2]) body.bluetooth.inclinationRange = r[2];
      var week = parseInt(root.dataset.week, 10), day = parseInt(root.dataset.day, 10);
      if (!isNaN(week) && !isNaN(day)) { body.week = week; body.day = day; }
      if (root.dataset.program) body.program = root.dataset.program;
      if (root.dataset.resume) body.resume = root.dataset.resume;
      return fetch("/api/v1/sessions/live", {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": root.dataset.csrf },
        body: JSON.stringify(body)
      });
    }).then(function (response) {
      return response.json().then(function (json) {
        if (!response.ok) throw new Error(json && json.error ? json.error.message : "the session could not start");
        sessionId = json.sessionId;
        root.dataset.session = sessionId;
        restore();
        pending = false;
        history.replaceState(null, "", "/sessions/live");
        $("session-controls").hidden = false;
        var heading = document.querySelector("main h1");
        if (heading) heading.textContent = "Session";
        document.title = document.title.replace("Connect your treadmill", "Session");
      });
    });
  }
  function relayAll(service) {
    function relay(uuid) {
      return service.getCharacteristic(uuid).then(function (c) {
        c.addEventListener("characteristicvaluechanged", function (e) {
          send({ type: "ftms", characteristic: uuid.toString(16), bytes: hex(e.target.value) }, true);
        });
        return c.startNotifications();
      }).catch(function () {});
    }
    return service.getCharacteristic(0x2AD9).then(function (cp) { controlPoint = cp; return relay(0x2AD9); })
      .then(function () { return Promise.all([relay(0x2ACD), relay(0x2ADA), relay(0x2AD3)]); });
  }
  var ble = $("ble");
  if (ble) ble.addEventListener("click", function () {
    if (!navigator.bluetooth) { status("This browser has no Web Bluetooth: use manual mode."); return; }
    var service = null;
    ble.disabled = true;
    navigator.bluetooth.requestDevice({ filters: [{ services: [FTMS] }] }).then(function (device) {
      device.addEventListener("gattserverdisconnected", function () {
        controlPoint = null;
        send({ type: "bleDisconnected" }, true);
        status("Treadmill disconnected: make sure the belt has stopped, then reconnect it or end the session.");
        ble.textContent = "Reconnect treadmill";
        ble.hidden = false;
        ble.disabled = false;
      });
      return device.gatt.connect();
    }).then(function (server) { return server.getPrimaryService(FTMS); }).then(function (s) {
      service = s;
      if (pending) { status("Starting the session…"); return startBluetoothSession(service); }
      return reconnectTreadmill(service);
    }).then(function () { return relayAll(service); }).then(function () {
      status("Treadmill connected");
      ble.hidden = true;
      if (!socket) connect();
    }).catch(function (e) { status("Bluetooth: " + e.message); ble.disabled = false; });
  });
  // If the server goes silent for more than 2 s while a treadmill is connected, pause the belt ourselves.
  setInterval(function () {
    if (controlPoint && pauseBytes && !closed && Date.now() - lastHeard > 2000) { writeControlPoint(pauseBytes); lastHeard = Date.now(); status("Server link lost: belt paused"); }
  }, 500);
  // Once a second: acknowledge what was handled and ask for a pong, so a silent server is noticed within 2 s.
  setInterval(function () {
    if (!socket || socket.readyState !== 1 || closed) return;
    if (lastSeq >= 0) socket.send(JSON.stringify({ type: "ack", seq: lastSeq }));
    socket.send(JSON.stringify({ type: "ping" }));
  }, 1000);

  if (!pending) connect();
})();
