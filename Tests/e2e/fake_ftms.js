// A pretend FTMS treadmill behind a pretend Web Bluetooth, injected into the page before its scripts run, so the
// real player.js relays real FTMS bytes in a browser with no Bluetooth. It answers the control point as FTMS
// v1.0.1 §4.16 says (80 <op> <result>; nothing but Request Control before control is granted), moves the belt
// only after Start, and notifies Treadmill Data (flags 0x0008: speed, inclination, ramp angle) every tick.
// What the page wrote is kept in window.__ftmsWrites (hex) for the test to read.
(function () {
  "use strict";
  var tickMs = window.__ftmsTickMs || 1000;
  var writes = (window.__ftmsWrites = []);
  var machine = { controlled: false, running: false, target: 0, speed: 0, incline: 0 };
  function u16(v) { return [v & 0xff, (v >> 8) & 0xff]; }
  var readable = {
    0x2acc: [0x08, 0, 0, 0, 0x03, 0, 0, 0],       // inclination supported; speed and inclination targets
    0x2ad4: u16(100).concat(u16(1200), u16(10)),  // 1.00-12.00 km/h in 0.10 steps
    0x2ad5: u16(0).concat(u16(100), u16(5))       // 0.0-10.0 % in 0.5 steps
  };
  function view(bytes) { return new DataView(new Uint8Array(bytes).buffer); }
  function hex(bytes) { return bytes.map(function (b) { return b.toString(16).padStart(2, "0"); }).join(""); }

  function Characteristic(uuid) {
    var target = new EventTarget();
    target.uuid = uuid;
    target.value = null;
    target.notifying = false;
    target.readValue = function () {
      if (!readable[uuid]) return Promise.reject(new DOMException("not readable", "NotSupportedError"));
      target.value = view(readable[uuid]);
      return Promise.resolve(target.value);
    };
    target.startNotifications = function () { target.notifying = true; return Promise.resolve(target); };
    target.notify = function (bytes) {
      if (!target.notifying) return;
      target.value = view(bytes);
      target.dispatchEvent(new Event("characteristicvaluechanged"));
    };
    target.writeValueWithResponse = function (data) {
      var bytes = Array.prototype.slice.call(new Uint8Array(data.buffer || data, data.byteOffset || 0, data.byteLength));
      writes.push(hex(bytes));
      var op = bytes[0], result = 0x01;
      if (op === 0x00) machine.controlled = true;
      else if (!machine.controlled) result = 0x05;
      else if (op === 0x02) machine.target = bytes[1] | (bytes[2] << 8);
      else if (op === 0x03) machine.incline = (bytes[1] | (bytes[2] << 8)) << 16 >> 16;
      else if (op === 0x07) machine.running = true;
      else if (op === 0x08) machine.running = false;
      else if (op !== 0x01) result = 0x02;
      setTimeout(function () { chars[0x2ad9].notify([0x80, op, result]); }, 5);
      return Promise.resolve();
    };
    return target;
  }
  var chars = {};
  [0x2acc, 0x2ad4, 0x2ad5, 0x2acd, 0x2ad9, 0x2ada, 0x2ad3].forEach(function (u) { chars[u] = Characteristic(u); });

  setInterval(function () {
    var goal = machine.running ? machine.target : 0;
    machine.speed = goal;
    chars[0x2acd].notify([0x08, 0x00].concat(u16(machine.speed), u16(machine.incline & 0xffff), u16(0)));
  }, tickMs);

  var service = {
    getCharacteristic: function (uuid) {
      return chars[uuid] ? Promise.resolve(chars[uuid]) : Promise.reject(new DOMException("no such characteristic", "NotFoundError"));
    }
  };
  var device = {
    name: "Pretend FTMS treadmill",
    addEventListener: function () {},
    gatt: { connect: function () { return Promise.resolve({ getPrimaryService: function () { return Promise.resolve(service); } }); } }
  };
  var bluetooth = { requestDevice: function () { return Promise.resolve(device); } };
  Object.defineProperty(Navigator.prototype, "bluetooth", { get: function () { return bluetooth; }, configurable: true });
})();
