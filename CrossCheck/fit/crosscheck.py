"""FIT cross-check driver: decodes our files with independent decoders and writes files with independent encoders.

Usage: python crosscheck.py <directory>

* Every `ours-*.fit` in <directory> is decoded with garmin-fit-sdk (skipped for names containing
  "compressed": its decoder rejects compressed-timestamp headers) and with fitdecode.
* `theirs-garmin-*.fit` (garmin-fit-sdk Encoder) and `theirs-fittool-*.fit` (fit-tool) are written there.

Prints one JSON object on stdout:
  {"decoded": {file: {tool: {"errors": [...], "messages": [canonical message, ...]}}},
   "written": {file: [canonical message as intended, in file order]}}
A canonical message is {"num": global number, "fields": {number: raw}, "dev": {"index:number": raw}}, serialised
with sorted keys, invalid values omitted; messages are ordered by global number, keeping file order within one.
Exit status 3 with {"missing": [...]} when a package is missing.
"""

import json
import os
import sys

missing = []
try:
    from garmin_fit_sdk import Decoder, Encoder, Stream, Profile
except ImportError:
    missing.append("garmin-fit-sdk")
try:
    import fitdecode
except ImportError:
    missing.append("fitdecode")
try:
    from fit_tool.fit_file_builder import FitFileBuilder
    from fit_tool.profile.messages.file_id_message import FileIdMessage
    from fit_tool.profile.messages.workout_message import WorkoutMessage
    from fit_tool.profile.messages.workout_step_message import WorkoutStepMessage
    from fit_tool.profile.messages.record_message import RecordMessage
except ImportError:
    missing.append("fit-tool")


def plain(value):
    if isinstance(value, (bytes, bytearray)):
        return list(value)
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def canonical(num, fields, dev):
    fields = {str(k): plain(v) for k, v in fields.items() if v is not None}
    dev = {k: plain(v) for k, v in dev.items() if v is not None}
    return json.dumps({"num": num, "fields": fields, "dev": dev}, sort_keys=True, separators=(",", ":"))


def ordered(messages):
    return [m for _, _, m in sorted((json.loads(m)["num"], i, m) for i, m in enumerate(messages))]


def decode_garmin(path):
    stream = Stream.from_file(path)
    decoder = Decoder(stream)
    integrity = decoder.check_integrity()
    decoder = Decoder(Stream.from_file(path))
    messages, errors = decoder.read(
        apply_scale_and_offset=False, convert_datetimes_to_dates=False, convert_types_to_strings=False,
        enable_crc_check=True, expand_sub_fields=False, expand_components=False, merge_heart_rates=False)
    errors = [str(e) for e in errors]
    if not integrity:
        errors.append("check_integrity() returned False")
    names = {m["messages_key"]: (num, m) for num, m in Profile["messages"].items()}
    descriptions = messages.get("field_description_mesgs", [])
    out = []
    for key, items in messages.items():
        num, profile = names.get(key, (None, None))
        if num is None:
            errors.append(f"unexpected message list {key}")
            continue
        by_name = {f["name"]: n for n, f in profile["fields"].items()}
        for item in items:
            fields = {}
            dev = {}
            for name, value in item.items():
                if name == "developer_fields":
                    for dev_key, dev_value in value.items():
                        d = descriptions[dev_key]
                        dev[f"{d['developer_data_index']}:{d['field_definition_number']}"] = dev_value
                elif name == "key" and num == 206:
                    continue
                elif name in by_name:
                    fields[by_name[name]] = value
                elif isinstance(name, int):
                    fields[name] = value
                else:
                    errors.append(f"unknown field name {name} in {key}")
            out.append(canonical(num, fields, dev))
    return {"errors": errors, "messages": ordered(out)}


def decode_fitdecode(path):
    errors = []
    out = []
    try:
        with fitdecode.FitReader(path, check_crc=fitdecode.CrcCheck.RAISE) as reader:
            for frame in reader:
                if frame.frame_type != fitdecode.FIT_FRAME_DATA:
                    continue
                fields = {}
                dev = {}
                for field in frame.fields:
                    definition = field.field_def
                    if definition is None:
                        # A value fitdecode synthesised (e.g. the timestamp of a compressed-timestamp record).
                        if field.def_num is not None:
                            fields[field.def_num] = field.raw_value
                        continue
                    if getattr(definition, "dev_data_index", None) is not None:
                        dev[f"{definition.dev_data_index}:{definition.def_num}"] = field.raw_value
                    else:
                        fields[definition.def_num] = field.raw_value
                out.append(canonical(frame.global_mesg_num, fields, dev))
    except Exception as error:  # report, don't crash: the Swift side shows it
        errors.append(f"{type(error).__name__}: {error}")
    return {"errors": errors, "messages": ordered(out)}


FIT_START = 1105081200  # 2025-01-06T07:00:00Z in FIT seconds


def write_garmin(directory):
    """A workout with a repeat step and a short activity, written with garmin-fit-sdk's Encoder (raw units)."""
    workout = [
        (0, {"type": 5, "manufacturer": 255, "product": 7, "serial_number": 4242, "time_created": FIT_START}),
        (26, {"wkt_name": "Garmin SDK intervals", "sport": 11, "sub_sport": 1, "num_valid_steps": 4}),
        (27, {"message_index": 0, "wkt_step_name": "Warm up", "duration_type": 0, "duration_value": 300000,
              "target_type": 0, "target_value": 0, "custom_target_value_low": 556,
              "custom_target_value_high": 833, "intensity": 2}),
        (27, {"message_index": 1, "wkt_step_name": "Backward", "duration_type": 1, "duration_value": 20000,
              "target_type": 1, "target_value": 0, "custom_target_value_low": 200,
              "custom_target_value_high": 220, "intensity": 0}),
        (27, {"message_index": 2, "duration_type": 6, "duration_value": 1, "target_type": 2, "target_value": 3}),
        (27, {"message_index": 3, "wkt_step_name": "Cool down", "duration_type": 5, "target_type": 2,
              "intensity": 3}),
    ]
    activity = [(0, {"type": 4, "manufacturer": 255, "product": 7, "serial_number": 4243,
                     "time_created": FIT_START})]
    for second in range(60):
        activity.append((20, {"timestamp": FIT_START + second, "distance": second * 0.85,
                              "enhanced_speed": 0.85, "heart_rate": 100 + second % 20, "cadence": 52}))
    activity.append((19, {"message_index": 0, "timestamp": FIT_START + 60, "start_time": FIT_START,
                          "total_elapsed_time": 60.0, "total_timer_time": 60.0, "total_distance": 51.0,
                          "sport": 11, "sub_sport": 1}))
    activity.append((18, {"message_index": 0, "timestamp": FIT_START + 60, "start_time": FIT_START,
                          "total_elapsed_time": 60.0, "total_timer_time": 60.0, "total_distance": 51.0,
                          "sport": 11, "sub_sport": 1, "first_lap_index": 0, "num_laps": 1}))
    activity.append((34, {"timestamp": FIT_START + 60, "total_timer_time": 60.0, "num_sessions": 1,
                          "type": 0, "local_timestamp": FIT_START + 3660}))
    written = {}
    for name, messages in (("theirs-garmin-workout.fit", workout), ("theirs-garmin-activity.fit", activity)):
        encoder = Encoder()
        expected = []
        for num, values in messages:
            encoder.on_mesg(num, dict(values))
            profile = Profile["messages"][num]["fields"]
            by_name = {f["name"]: (n, f) for n, f in profile.items()}
            raw = {}
            for key, value in values.items():
                n, f = by_name[key]
                scale = f["scale"][0] if f["scale"] else 1
                offset = f["offset"][0] if f["offset"] else 0
                raw[str(n)] = plain(value) if isinstance(value, str) else round((value + offset) * scale)
            expected.append(canonical(num, raw, {}))
        with open(os.path.join(directory, name), "wb") as handle:
            handle.write(encoder.close())
        written[name] = expected
    return written


def write_fittool(directory):
    """A workout with a repeat step and a few records, written with fit-tool (12-byte header, its own layout)."""
    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    file_id = FileIdMessage()
    file_id.type = 5
    file_id.manufacturer = 255
    file_id.product = 9
    file_id.serial_number = 777
    file_id.time_created = (FIT_START + 631065600) * 1000  # fit-tool takes ms since the Unix epoch
    builder.add(file_id)
    workout = WorkoutMessage()
    workout.workout_name = "fit-tool walk"
    workout.sport = 11
    workout.num_valid_steps = 3
    builder.add(workout)
    # fit-tool scales through the sub-field in effect (seconds, m/s); the expected values below are raw.
    fittool_si = {"duration_value": 120.0, "custom_target_value_low": 0.833, "custom_target_value_high": 0.972}
    steps = [
        dict(message_index=0, workout_step_name="Brisk", duration_type=0, duration_value=120000,
             target_type=0, target_value=0, custom_target_value_low=833, custom_target_value_high=972,
             intensity=0),
        dict(message_index=1, duration_type=6, duration_value=0, target_type=2, target_value=5),
        dict(message_index=2, workout_step_name="Easy", duration_type=5, target_type=2, intensity=3),
    ]
    for values in steps:
        step = WorkoutStepMessage()
        for key, value in values.items():
            setattr(step, key, fittool_si.get(key, value) if values["message_index"] == 0 else value)
        builder.add(step)
    with open(os.path.join(directory, "theirs-fittool-workout.fit"), "wb") as handle:
        handle.write(builder.build().to_bytes())
    names = {"workout_name": "wkt_name", "workout_step_name": "wkt_step_name"}
    expected = [canonical(0, {"0": 5, "1": 255, "2": 9, "3": 777, "4": FIT_START}, {}),
                canonical(26, {"8": "fit-tool walk", "4": 11, "6": 3}, {})]
    step_profile = {f["name"]: n for n, f in Profile["messages"][27]["fields"].items()}
    for values in steps:
        expected.append(canonical(27, {step_profile[names.get(k, k)]: v for k, v in values.items()}, {}))
    return {"theirs-fittool-workout.fit": expected}


def main():
    if missing:
        print(json.dumps({"missing": missing}))
        sys.exit(3)
    if len(sys.argv) < 2 or sys.argv[1] == "--check":
        print(json.dumps({"missing": []}))
        return
    directory = sys.argv[1]
    decoded = {}
    for name in sorted(os.listdir(directory)):
        if not (name.startswith("ours-") and name.endswith(".fit")):
            continue
        path = os.path.join(directory, name)
        result = {"fitdecode": decode_fitdecode(path)}
        if "compressed" not in name:
            result["garmin-fit-sdk"] = decode_garmin(path)
        decoded[name] = result
    written = write_garmin(directory)
    written.update(write_fittool(directory))
    print(json.dumps({"decoded": decoded, "written": written}))


if __name__ == "__main__":
    main()
