"""Interop cross-check driver: reads Backstep's exports with independent tools and writes activity files with them.

Usage: python crosscheck_interop.py <directory>     (python crosscheck_interop.py --check: are the packages there?)

* Every `ours-*.fit` is decoded with garmin-fit-sdk and fitdecode (the FIT driver's functions, CrossCheck/fit).
* Every `ours-*.ics` is parsed with icalendar: its events (UID, SUMMARY, DTSTART, DURATION, DTSTAMP, DTEND?).
* Every `ours-*.tcx` is parsed with lxml (and checked against the element order of the TCX XSD for the elements
  Backstep writes) and with tcxreader (only_gps=False): trackpoint times, distances, heart rates and speeds.
* `theirs-garmin-activity.fit` (garmin-fit-sdk Encoder, via the FIT driver) and `theirs-fittool-activity.fit`
  (fit-tool) are written, with the sample values they mean.

Prints one JSON object on stdout: {"fit": {file: {tool: {"errors", "messages"}}}, "ics": {file: {...}},
"tcx": {file: {...}}, "written": {file: [{"t", "distance", "speed", "heart_rate"}, ...]}}.
Exit status 3 with {"missing": [...]} when a package is missing.
"""

import datetime
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "fit"))

missing = []
try:
    import crosscheck as fit_driver  # CrossCheck/fit/crosscheck.py: garmin-fit-sdk and fitdecode decoders

    missing += fit_driver.missing
except ImportError:
    missing.append("CrossCheck/fit/crosscheck.py")
try:
    import icalendar
except ImportError:
    missing.append("icalendar")
try:
    from lxml import etree
except ImportError:
    missing.append("lxml")
try:
    from tcxreader.tcxreader import TCXReader
except ImportError:
    missing.append("tcxreader")

TCX = "{http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2}"
NS3 = "{http://www.garmin.com/xmlschemas/ActivityExtension/v2}"

# Child order of the TCX v2 XSD types Backstep writes (protocols-formats.md §3.2).
ORDER = {
    "Activity": ["Id", "Lap", "Notes", "Training", "Creator", "Extensions"],
    "Lap": ["TotalTimeSeconds", "DistanceMeters", "MaximumSpeed", "Calories", "AverageHeartRateBpm",
            "MaximumHeartRateBpm", "Intensity", "Cadence", "TriggerMethod", "Track", "Notes", "Extensions"],
    "Trackpoint": ["Time", "Position", "AltitudeMeters", "DistanceMeters", "HeartRateBpm", "Cadence",
                   "SensorState", "Extensions"],
}
REQUIRED = {"Activity": ["Id", "Lap"], "Lap": ["TotalTimeSeconds", "DistanceMeters", "Calories", "Intensity",
                                               "TriggerMethod"], "Trackpoint": ["Time"]}


def check_order(root):
    errors = []
    for element in root.iter():
        if not isinstance(element.tag, str) or not element.tag.startswith(TCX):
            continue
        name = element.tag[len(TCX):]
        if name not in ORDER:
            continue
        children = [c.tag[len(TCX):] for c in element if isinstance(c.tag, str) and c.tag.startswith(TCX)]
        positions = []
        for child in children:
            if child not in ORDER[name]:
                errors.append(f"<{child}> is not allowed in <{name}>")
            else:
                positions.append(ORDER[name].index(child))
        if positions != sorted(positions):
            errors.append(f"children of <{name}> out of order: {children}")
        for required in REQUIRED[name]:
            if required not in children:
                errors.append(f"<{name}> lacks <{required}>")
    return errors


def read_tcx(path):
    errors = []
    result = {"errors": errors}
    try:
        tree = etree.parse(path)
        root = tree.getroot()
        if root.tag != TCX + "TrainingCenterDatabase":
            errors.append(f"root is {root.tag}")
        errors += check_order(root)
        activity = root.find(f"{TCX}Activities/{TCX}Activity")
        result["sport"] = activity.get("Sport")
        result["laps"] = len(activity.findall(f"{TCX}Lap"))
        result["lapNotes"] = [n.text for n in activity.findall(f"{TCX}Lap/{TCX}Notes")]
        result["activityNotes"] = activity.findtext(f"{TCX}Notes")
        result["lxmlTrackpoints"] = len(activity.findall(f".//{TCX}Trackpoint"))
        result["positions"] = len(activity.findall(f".//{TCX}Position"))
    except Exception as error:
        errors.append(f"lxml: {type(error).__name__}: {error}")
    try:
        exercise = TCXReader().read(path, only_gps=False)
        points = []
        for point in exercise.trackpoints:
            speed = (point.tpx_ext or {}).get("Speed")
            points.append({"time": point.time.replace(tzinfo=datetime.timezone.utc).timestamp(),
                           "distance": point.distance, "heart_rate": point.hr_value, "speed": speed})
        result["trackpoints"] = points
        result["tcxreaderDistance"] = exercise.distance
    except Exception as error:
        errors.append(f"tcxreader: {type(error).__name__}: {error}")
    return result


def read_ics(path):
    errors = []
    events = []
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
        if b"\n" in raw.replace(b"\r\n", b""):
            errors.append("a line ends without CR")
        for number, line in enumerate(raw.split(b"\r\n")):
            if len(line) > 75:
                errors.append(f"line {number + 1} is {len(line)} octets")
        calendar = icalendar.Calendar.from_ical(raw)
        for key in ("VERSION", "PRODID"):
            if calendar.get(key) is None:
                errors.append(f"VCALENDAR lacks {key}")
        for event in calendar.walk("VEVENT"):
            start = event.decoded("DTSTART")
            stamp = event.decoded("DTSTAMP")
            if stamp.tzinfo is None or stamp.utcoffset() != datetime.timedelta(0):
                errors.append("DTSTAMP is not UTC")
            events.append({
                "uid": str(event.get("UID")),
                "summary": str(event.get("SUMMARY")),
                "description": str(event.get("DESCRIPTION")),
                "dtstart": start.isoformat(),
                "durationSeconds": event.decoded("DURATION").total_seconds() if event.get("DURATION") else None,
                "hasDtend": event.get("DTEND") is not None,
            })
    except Exception as error:
        errors.append(f"icalendar: {type(error).__name__}: {error}")
    return {"errors": errors, "events": events}


def write_fittool_activity(directory):
    """A 45-second treadmill walk written with fit-tool: file_id, records, lap and session."""
    from fit_tool.fit_file_builder import FitFileBuilder
    from fit_tool.profile.messages.file_id_message import FileIdMessage
    from fit_tool.profile.messages.record_message import RecordMessage
    from fit_tool.profile.messages.lap_message import LapMessage
    from fit_tool.profile.messages.session_message import SessionMessage

    start_ms = (fit_driver.FIT_START + 631065600) * 1000
    builder = FitFileBuilder(auto_define=True)
    file_id = FileIdMessage()
    file_id.type = 4
    file_id.manufacturer = 255
    file_id.product = 11
    file_id.serial_number = 9001
    file_id.time_created = start_ms
    builder.add(file_id)
    intended = []
    for second in range(45):
        record = RecordMessage()
        record.timestamp = start_ms + second * 1000
        record.distance = round(second * 0.75, 2)
        record.speed = 0.75
        record.heart_rate = 90 + second % 7
        builder.add(record)
        intended.append({"t": second, "distance": round(second * 0.75, 2), "speed": 0.75,
                         "heart_rate": 90 + second % 7})
    lap = LapMessage()
    lap.timestamp = start_ms + 45000
    lap.start_time = start_ms
    lap.total_elapsed_time = 45.0
    lap.total_timer_time = 45.0
    lap.total_distance = 33.0
    builder.add(lap)
    session = SessionMessage()
    session.timestamp = start_ms + 45000
    session.start_time = start_ms
    session.total_elapsed_time = 45.0
    session.total_timer_time = 45.0
    session.total_distance = 33.0
    session.sport = 11
    session.sub_sport = 1
    builder.add(session)
    with open(os.path.join(directory, "theirs-fittool-activity.fit"), "wb") as handle:
        handle.write(builder.build().to_bytes())
    return intended


def main():
    if missing:
        print(json.dumps({"missing": missing}))
        sys.exit(3)
    if len(sys.argv) < 2 or sys.argv[1] == "--check":
        print(json.dumps({"missing": []}))
        return
    directory = sys.argv[1]
    report = {"fit": {}, "ics": {}, "tcx": {}, "written": {}}
    for name in sorted(os.listdir(directory)):
        path = os.path.join(directory, name)
        if not name.startswith("ours-"):
            continue
        if name.endswith(".fit"):
            report["fit"][name] = {"fitdecode": fit_driver.decode_fitdecode(path),
                                   "garmin-fit-sdk": fit_driver.decode_garmin(path)}
        elif name.endswith(".ics"):
            report["ics"][name] = read_ics(path)
        elif name.endswith(".tcx"):
            report["tcx"][name] = read_tcx(path)
    # garmin-fit-sdk's activity from the FIT driver: 60 records, distance 0.85 m/s × t, heart rate 100 + t % 20.
    fit_driver.write_garmin(directory)
    report["written"]["theirs-garmin-activity.fit"] = [
        {"t": s, "distance": round(s * 0.85, 2), "speed": 0.85, "heart_rate": 100 + s % 20} for s in range(60)]
    report["written"]["theirs-fittool-activity.fit"] = write_fittool_activity(directory)
    print(json.dumps(report))


if __name__ == "__main__":
    main()
