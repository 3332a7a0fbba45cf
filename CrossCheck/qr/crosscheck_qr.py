"""QR cross-check driver: compares Backstep's QR matrices with segno and decodes them with zxing-cpp.

Usage: python crosscheck_qr.py <cases.json>     (python crosscheck_qr.py --check: are the packages there?)

<cases.json> is {"cases": [{"id", "text", "level": "L"|"M"|"Q"|"H", "version", "mask", "rows": ["0101…", …]}]},
our symbol without its quiet zone, one string of 0 (light) and 1 (dark) a row.

For every case:
* segno (an independent encoder) makes the symbol for the same UTF-8 bytes in byte mode with the same version,
  level and mask (no error-level boost); its matrix must equal ours module for module. segno's own choice of mask
  (same version) and of version (no version given) are reported too.
* our matrix is drawn with Pillow (4 pixels a module, 4-module quiet zone), saved as PNG, read back and decoded
  with zxing-cpp; the decoded bytes and text must be the case's text.

Prints {"cases": [{"id", "segnoEqual", "segnoDiff", "segnoMask", "segnoVersion", "zxingText", "zxingBytesMatch",
"zxingVersionError"}]} on stdout. Exit status 3 with {"missing": [...]} when a package is missing.
"""

import json
import os
import sys
import tempfile

missing = []
try:
    import segno
except ImportError:
    missing.append("segno")
try:
    import zxingcpp
except ImportError:
    missing.append("zxing-cpp")
try:
    from PIL import Image
except ImportError:
    missing.append("pillow")

SCALE = 4
BORDER = 4


def segno_rows(data, level, version=None, mask=None):
    """segno's symbol for bytes in byte mode: its matrix as 0/1 strings, its version and its mask."""
    qr = segno.make(data, error=level, version=version, mask=mask, mode="byte", micro=False, boost_error=False)
    rows = ["".join("1" if module else "0" for module in row) for row in qr.matrix]
    return rows, qr.version, qr.mask


def first_difference(ours, theirs):
    if len(ours) != len(theirs):
        return f"size {len(ours)} vs segno {len(theirs)}"
    for y, (a, b) in enumerate(zip(ours, theirs)):
        if a != b:
            x = next(i for i, (p, q) in enumerate(zip(a, b)) if p != q)
            return f"first difference at x={x}, y={y}"
    return None


def render_png(rows, path):
    side = len(rows) + 2 * BORDER
    image = Image.new("L", (side, side), 255)
    pixels = image.load()
    for y, row in enumerate(rows):
        for x, module in enumerate(row):
            if module == "1":
                pixels[x + BORDER, y + BORDER] = 0
    image.resize((side * SCALE, side * SCALE), Image.Resampling.NEAREST).save(path, format="PNG")


def decode(rows, path):
    render_png(rows, path)
    with Image.open(path) as image:
        image.load()
        results = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode, try_rotate=False)
    if not results:
        return None
    return results[0]


def check(case, directory):
    data = case["text"].encode("utf-8")
    level = case["level"]
    out = {"id": case["id"]}
    try:
        theirs, _, _ = segno_rows(data, level, case["version"], case["mask"])
        difference = first_difference(case["rows"], theirs)
        if case["id"] in ("0", "1"):
            import json as _j
            open(f"/tmp/qrdbg-{case['id']}.json", "w").write(_j.dumps({"ours": case["rows"], "theirs": theirs, "level": level, "mask": case["mask"], "version": case["version"], "text": case["text"]}))
        out["segnoEqual"] = difference is None
        out["segnoDiff"] = difference
        _, _, auto_mask = segno_rows(data, level, case["version"])
        out["segnoMask"] = auto_mask
        _, auto_version, _ = segno_rows(data, level)
        out["segnoVersion"] = auto_version
    except Exception as error:  # noqa: BLE001 — reported to the Swift test
        out["segnoEqual"] = False
        out["segnoDiff"] = f"segno: {type(error).__name__}: {error}"
    try:
        result = decode(case["rows"], os.path.join(directory, f"{case['id']}.png"))
        out["zxingText"] = None if result is None else result.text
        out["zxingBytesMatch"] = result is not None and bytes(result.bytes) == data
        out["zxingEcLevel"] = None if result is None else result.ec_level
    except Exception as error:  # noqa: BLE001
        out["zxingText"] = None
        out["zxingBytesMatch"] = False
        out["zxingError"] = f"zxing-cpp: {type(error).__name__}: {error}"
    return out


def main():
    if missing:
        print(json.dumps({"missing": missing}))
        sys.exit(3)
    if len(sys.argv) < 2 or sys.argv[1] == "--check":
        print(json.dumps({"missing": []}))
        return
    with open(sys.argv[1], encoding="utf-8") as handle:
        cases = json.load(handle)["cases"]
    with tempfile.TemporaryDirectory(prefix="backstep-qr-") as directory:
        report = {"cases": [check(case, directory) for case in cases]}
    print(json.dumps(report))


if __name__ == "__main__":
    main()
