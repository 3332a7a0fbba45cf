// Backstep's live view: a professional watches a client's session, read-only. It only reads the socket; it sends
// nothing the session acts on (the server ignores whatever it would send anyway).
(function () {
  "use strict";
  var root = document.querySelector("section.watch");
  if (!root) { return; }
  var client = root.getAttribute("data-client");
  var status = document.getElementById("watch-status");
  var segment = document.getElementById("watch-segment");
  var timer = document.getElementById("watch-timer");
  var target = document.getElementById("watch-target");
  var actual = document.getElementById("watch-actual");
  var distance = document.getElementById("watch-distance");
  var events = document.getElementById("watch-events");

  function clock(seconds) {
    var s = Math.max(0, Math.floor(seconds));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }
  function kmh(mps) { return (mps * 3.6).toFixed(1) + " km/h"; }
  function note(text) {
    var item = document.createElement("li");
    item.textContent = text;
    events.insertBefore(item, events.firstChild);
    while (events.children.length > 30) { events.removeChild(events.lastChild); }
  }

  var scheme = location.protocol === "https:" ? "wss:" : "ws:";
  var socket = new WebSocket(scheme + "//" + location.host + "/clients/live/ws?client=" + encodeURIComponent(client));
  socket.onopen = function () { status.textContent = "Watching live"; };
  socket.onclose = function () {
    if (status.textContent !== "Session ended") { status.textContent = "Not connected: no session running, or access ended"; }
  };
  socket.onmessage = function (message) {
    var data;
    try { data = JSON.parse(message.data); } catch (e) { return; }
    if (data.type === "welcome") {
      segment.textContent = data.workout;
      note("Session started (" + data.mode + ")");
    } else if (data.type === "closed") {
      status.textContent = "Session ended";
      note("Session ended: " + data.status);
    } else if (data.type === "error") {
      status.textContent = data.message;
      note(data.message);
    } else if (data.type === "event" && data.event) {
      var e = data.event;
      if (typeof e.t === "number") { timer.textContent = clock(e.t); }
      if (e.type === "sample") {
        if (typeof e.speedMps === "number") { actual.textContent = kmh(e.speedMps); }
        if (typeof e.distanceMeters === "number") { distance.textContent = (e.distanceMeters / 1000).toFixed(2) + " km"; }
        if (typeof e.targetSpeedMps === "number") { target.textContent = kmh(e.targetSpeedMps); }
      } else if (e.type === "segmentStart" || e.type === "segmentStarted") {
        segment.textContent = e.name || segment.textContent;
        if (typeof e.targetSpeedMps === "number") { target.textContent = kmh(e.targetSpeedMps); }
        note("Step: " + (e.name || ""));
      } else if (e.type === "paused") {
        note("Paused (" + (e.reason || "") + ")");
      } else if (e.type === "resumed") {
        note("Resumed");
      } else if (e.type === "stopped") {
        note("Stopped: " + (e.reason || ""));
      } else if (e.type === "warning") {
        note("Warning: " + (e.text || e.message || ""));
      }
    }
  };
})();
