"""Times an independent Python FIT decoder over some files; prints one JSON line with MB/s (median of runs).

Usage: python bench_python.py <garmin-fit-sdk|fitdecode> <runs> <file>...
"""
import json
import os
import statistics
import sys
import time


def decode_garmin(path):
    from garmin_fit_sdk import Decoder, Stream
    messages, errors = Decoder(Stream.from_file(path)).read()
    if errors:
        raise RuntimeError(errors)
    return sum(len(v) for v in messages.values())


def decode_fitdecode(path):
    import fitdecode
    count = 0
    with fitdecode.FitReader(path, check_crc=fitdecode.CrcCheck.RAISE) as reader:
        for frame in reader:
            if frame.frame_type == fitdecode.FIT_FRAME_DATA:
                count += 1
    return count


def main():
    tool, runs, paths = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    decode = {"garmin-fit-sdk": decode_garmin, "fitdecode": decode_fitdecode}[tool]
    size = sum(os.path.getsize(p) for p in paths)
    rates = []
    messages = 0
    for _ in range(max(1, runs)):
        start = time.perf_counter()
        messages = sum(decode(p) for p in paths)
        rates.append(size / 1e6 / (time.perf_counter() - start))
    print(json.dumps({"tool": tool, "bytes": size, "messages": messages, "runs": len(rates),
                      "mb_per_s": statistics.median(rates)}))


if __name__ == "__main__":
    main()
