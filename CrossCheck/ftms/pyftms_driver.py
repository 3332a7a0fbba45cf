"""Cross-check driver for Backstep's FTMSCodec against pyftms (an independent implementation).

Reads one JSON request on stdin and writes one JSON answer on stdout:

request  = {"decode": [{"id": str, "kind": KIND, "hex": str}, ...],
            "generate": {"seed": int, "count": int}}
answer   = {"pyftms": version,
            "decoded": [{"id": str, "values": {...}} | {"id": str, "error": str}, ...],
            "generated": [{"kind": KIND, "hex": str, "values": {...}}, ...]}

KIND is one of: treadmill, feature, speed_range, inclination_range, control, response, status, training_status.
"values" are pyftms's own view of the payload (its field names, scaled floats, "not available" fields left out),
so the Swift side compares both directions against the same shape.

"generated" payloads are built with pyftms's serializers from random values (its models for control point,
status, response and training status; its NumSerializer for the rest; Treadmill Data flags are computed here,
per FTMS v1.0.1 Table 4.5, because pyftms serializes the fields but not the flags). Each is then decoded by
pyftms itself, so its "values" are what pyftms means by those bytes. Fields inside a group (inclination and
ramp angle, the energy triplet, force and power) are always given values here: pyftms's model serializer skips a
None member instead of writing its "not available" value, which would misalign the payload; the other direction
covers "not available".
"""

import io
import json
import random
import sys
from importlib.metadata import version

from pyftms.models import (
    ControlIndicateModel,
    IndoorBikeSimulationParameters,
    ControlModel,
    MachineStatusModel,
    TrainingStatusModel,
    TreadmillData,
)
from pyftms.serializer import NumSerializer, get_serializer


def plain(value):
    """JSON-friendly copy: IntEnums to int, tuples to lists."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return int(value)
    return value


def decode(kind, data):
    if kind == "treadmill":
        return get_serializer(TreadmillData).deserialize(data)._asdict()
    if kind == "feature":
        src, u4 = io.BytesIO(data), NumSerializer("u4")
        values = {"machine_features": u4.deserialize(src), "target_settings": u4.deserialize(src)}
        if src.read():
            raise ValueError("trailing bytes")
        return values
    if kind in ("speed_range", "inclination_range"):
        fmt = "u2.01" if kind == "speed_range" else "s2.1"
        src, num = io.BytesIO(data), NumSerializer(fmt)
        values = dict(zip(("min_value", "max_value", "step"), (num.deserialize(src) for _ in range(3))))
        if src.read():
            raise ValueError("trailing bytes")
        return values
    if kind == "control":
        return ControlModel._deserialize(io.BytesIO(data))._asdict()
    if kind == "response":
        src = io.BytesIO(data)
        values = ControlIndicateModel._deserialize(src)._asdict()
        if src.read():
            raise ValueError("trailing bytes")
        return values
    if kind == "status":
        return MachineStatusModel._deserialize(io.BytesIO(data))._asdict()
    if kind == "training_status":
        return TrainingStatusModel._deserialize(io.BytesIO(data))._asdict()
    raise ValueError(f"unknown kind {kind}")


def serialize(model):
    buf = io.BytesIO()
    model._serialize(buf)
    return buf.getvalue()


def generate(rng, kind):
    """Random values serialized by pyftms; returns the bytes, or (bytes, values) when pyftms can't read them."""
    u16 = lambda: rng.randrange(0, 0xFFFF)
    s16 = lambda: rng.randrange(-0x8000, 0x7FFF)
    if kind == "treadmill":
        from pyftms.models.realtime_data.common import EnergyData, InclinationData
        from pyftms.models.realtime_data.treadmill import ElevationGainData, ForceOnBeltData

        maybe = lambda make: make() if rng.random() < 0.5 else None
        fields = {
            "speed_instant": rng.randrange(0, 0xFFFF) / 100,
            "speed_average": maybe(lambda: u16() / 100),
            "distance_total": maybe(lambda: rng.randrange(0, 0xFFFFFF)),
            "inclination": maybe(lambda: InclinationData(
                inclination=s16() / 10, ramp_angle=s16() / 10)),
            "elevation_gain": maybe(lambda: ElevationGainData(
                elevation_gain_positive=u16() / 10, elevation_gain_negative=u16() / 10)),
            "pace_instant": maybe(lambda: rng.randrange(0, 0xFF) / 10),
            "pace_average": maybe(lambda: rng.randrange(0, 0xFF) / 10),
            "energy": maybe(lambda: EnergyData(
                energy_total=u16(), energy_per_hour=u16(), energy_per_minute=rng.randrange(0, 0xFF))),
            "heart_rate": maybe(lambda: rng.randrange(0, 0xFF)),
            "metabolic_equivalent": maybe(lambda: rng.randrange(0, 0xFF) / 10),
            "time_elapsed": maybe(u16),
            "time_remaining": maybe(u16),
            "force_on_belt": maybe(lambda: ForceOnBeltData(force_on_belt=s16(), power_output=s16())),
            "step_count": maybe(lambda: rng.randrange(0, 0xFFFFFF)),
        }
        if rng.random() < 0.2:
            fields["speed_instant"] = None  # a More Data = 1 fragment
        order = list(fields)
        flags = 0 if fields["speed_instant"] is not None else 1
        for bit, name in enumerate(order):
            if bit > 0 and fields[name] is not None:
                flags |= 1 << bit
        model = TreadmillData(mask=flags, **fields)
        return flags.to_bytes(2, "little") + serialize(model)
    if kind == "feature":
        buf, u4 = io.BytesIO(), NumSerializer("u4")
        for _ in range(2):
            u4.serialize(buf, rng.randrange(0, 0xFFFFFFFF))
        return buf.getvalue()
    if kind in ("speed_range", "inclination_range"):
        buf = io.BytesIO()
        if kind == "speed_range":
            num = NumSerializer("u2.01")
            for _ in range(3):
                num.serialize(buf, u16() / 100)
        else:
            num = NumSerializer("s2.1")
            for value in (s16() / 10, s16() / 10, rng.randrange(0, 0x7FFF) / 10):
                num.serialize(buf, value)
        return buf.getvalue()
    bike = lambda: IndoorBikeSimulationParameters(
        wind_speed=s16() / 1000, grade=s16() / 100, rolling_resistance=rng.randrange(0, 0xFF) / 10000,
        wind_resistance=rng.randrange(0, 0xFF) / 100)
    if kind == "control":
        choices = [
            lambda: ControlModel(code=0), lambda: ControlModel(code=1), lambda: ControlModel(code=7),
            lambda: ControlModel(target_speed=u16() / 100),
            lambda: ControlModel(target_inclination=s16() / 10),
            lambda: ControlModel(target_power=s16()),
            lambda: ControlModel(target_heart_rate=rng.randrange(0, 0xFF)),
            lambda: ControlModel(stop_pause=rng.choice([1, 2])),
            lambda: ControlModel(target_energy=u16()),
            lambda: ControlModel(target_steps=u16()),
            lambda: ControlModel(target_strides=u16()),
            lambda: ControlModel(target_distance=rng.randrange(0, 0xFFFFFF)),
            lambda: ControlModel(target_time=tuple(u16() for _ in range(rng.choice([1, 2, 3, 5])))),
            lambda: ControlModel(indoor_bike_simulation=bike()),
            lambda: ControlModel(wheel_circumference=u16() / 10),
            lambda: ControlModel(spin_down=rng.choice([1, 2])),
            lambda: ControlModel(target_cadence=u16() / 2),
        ]
        model = rng.choice(choices)()
        data = serialize(model)
        if model.code in (0x0D, 0x0E, 0x0F, 0x10):
            # pyftms serializes the targeted-time lists but cannot read them back (its list reader is lazy
            # and never consumes the bytes), so report the values it serialized.
            times = next(getattr(model, f"target_time_{n}") for n in (1, 2, 3, 5)
                         if getattr(model, f"target_time_{n}") is not None)
            return data, {"code": model.code, "target_time": list(times)}
        return data
    if kind == "response":
        return serialize(ControlIndicateModel(
            code=0x80, request_code=rng.choice([c for c in range(0x15) if c != 0x13]),
            result_code=rng.randrange(1, 6)))
    if kind == "status":
        choices = [
            lambda: MachineStatusModel(code=rng.choice([1, 3, 4])),
            lambda: MachineStatusModel(code=2, stop_pause=rng.choice([1, 2])),
            lambda: MachineStatusModel(code=5, target_speed=u16() / 100),
            lambda: MachineStatusModel(code=6, target_inclination=s16() / 10),
            lambda: MachineStatusModel(code=8, target_power=s16()),
            lambda: MachineStatusModel(code=9, target_heart_rate=rng.randrange(0, 0xFF)),
            lambda: MachineStatusModel(code=0x0A, target_energy=u16()),
            lambda: MachineStatusModel(code=0x0D, target_distance=rng.randrange(0, 0xFFFFFF)),
            lambda: MachineStatusModel(code=0x12, indoor_bike_simulation=bike()),
            lambda: MachineStatusModel(code=0x14, spin_down_status=rng.randrange(1, 5)),
            lambda: MachineStatusModel(code=0x15, target_cadence=u16() / 2),
        ]
        return serialize(rng.choice(choices)())
    if kind == "training_status":
        return serialize(TrainingStatusModel(flags=rng.choice([0, 0]), code=rng.randrange(0, 16)))
    raise ValueError(kind)


KINDS = ["treadmill", "feature", "speed_range", "inclination_range", "control", "response", "status",
         "training_status"]


def main():
    request = json.load(sys.stdin)
    answer = {"pyftms": version("pyftms"), "decoded": [], "generated": []}
    for case in request.get("decode", []):
        try:
            values = decode(case["kind"], bytes.fromhex(case["hex"]))
            answer["decoded"].append({"id": case["id"], "values": plain(values)})
        except Exception as error:  # report, let the Swift side decide
            answer["decoded"].append({"id": case["id"], "error": f"{type(error).__name__}: {error}"})
    spec = request.get("generate")
    if spec:
        rng = random.Random(spec["seed"])
        for index in range(spec["count"]):
            kind = KINDS[index % len(KINDS)]
            data = generate(rng, kind)
            if isinstance(data, tuple):
                data, values = data
            else:
                values = decode(kind, data)
            answer["generated"].append({"kind": kind, "hex": data.hex(), "values": plain(values)})
    json.dump(answer, sys.stdout)


if __name__ == "__main__":
    main()
