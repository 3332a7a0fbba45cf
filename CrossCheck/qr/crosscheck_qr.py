"""QR cross-check driver: compares Backstep's QR matrices with segno and decodes them with zxing-cpp.

Usage: python crosscheck_qr.py <cases.json>     (python crosscheck_qr.py --check: are the packages there?)

<cases.json> is {"cases": [{"id", "text", "level": "L"|"M"|"Q"|"H", "version", "mask", "rows": ["0101…", …]}]},
our symbol without its quiet zone, one string of 0 (light) and 1 (dark) a row.

For every case:
* segno (an independent encoder) makes the symbol for the same UTF-8 bytes in byte mode with the same version,
  level and mask (no error-level boost, no ECI); its matrix must equal ours module for module. segno's own choice of
  mask (same version) and of version (no version given) are reported too.
* the mask the standard's rule picks for segno's symbols: each of segno's eight complete symbols (format and version
  information drawn, as ISO/IEC 18004:2015 §7.8.3.1 asks: "the area to be evaluated is the complete symbol") is
  scored with N1, N2 and N4 from segno's own penalty function (segno.encoder.mask_scores) and N3 counted here
  (finder_like_penalty); the lowest total, the lowest mask number on a tie, is reported as standardMask.
  segno's own choice (segnoMask) differs on purpose and is only reported: it scores the symbol before the format and
  version information and the dark module are drawn (those modules light; see find_and_apply_best_mask in
  segno/encoder.py), and its N3 scan resumes after the end of a match, so it misses a 1:1:3:1:1 pattern that overlaps
  the one before it (as in 1011101011101 followed by four light modules).
* our matrix is drawn with Pillow (4 pixels a module, 4-module quiet zone), saved as PNG, read back and decoded
  with zxing-cpp; the decoded bytes and text must be the case's text.

segno 1.6.6 deviates from ISO/IEC 18004:2015 §7.4.10 in one place: its write_padding_bits appends 8 - length % 8
zero bits, so a bit stream that already ends on a codeword boundary gets a whole extra 0x00 codeword ahead of the pad
codewords 0xEC 0x11, where the standard adds padding bits only "if the bit stream length is such that it does not end
at a codeword boundary". In byte mode the stream after the 4-bit terminator always ends on a boundary (4 + 8 or 16 +
8n + 4 bits), so every symbol with room for pad codewords differs. The symbol still reads (a decoder stops at the
terminator), but it is not the standard's. This driver replaces that one function, for QR Code symbols only, with
the standard's rule (our own code, below); every other step is segno's. The report says whether the installed segno
still has the quirk ("segnoPaddingQuirk"), so the patch can go when segno fixes it.

Prints {"segnoPaddingQuirk", "cases": [{"id", "segnoEqual", "segnoDiff", "segnoMask", "standardMask",
"segnoVersion", "zxingText", "zxingBytesMatch", "zxingEcLevel", "zxingError"}]} on stdout. Exit status 3 with
{"missing": [...]} when a package is missing.
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


def conformant_padding_bits(original):
    """segno's write_padding_bits with ISO/IEC 18004:2015 §7.4.10's rule for QR Code symbols (version 1 and up):
    zero bits up to the next codeword boundary, none when the stream already ends on one. Micro QR Code versions
    (below 1 in segno) keep segno's own function."""

    def write_padding_bits(buff, version, length):
        if version < 1:
            original(buff, version, length)
        elif length % 8:
            buff.extend([0] * (8 - length % 8))

    return write_padding_bits


def install_padding_patch():
    """Patches segno's encoder; returns whether the original appends bits to a stream on a codeword boundary."""
    original = segno.encoder.write_padding_bits
    probe = []
    original(probe, 1, 32)
    segno.encoder.write_padding_bits = conformant_padding_bits(original)
    return len(probe) > 0


def segno_code(data, level, version=None, mask=None):
    """segno's symbol for bytes in byte mode: bytes go in as they are, with no ECI header."""
    return segno.make(
        data, error=level, version=version, mask=mask, mode="byte", micro=False, boost_error=False, eci=False
    )


def segno_rows(data, level, version=None, mask=None):
    """segno's symbol as 0/1 strings (segno's matrix is row by row from the top, without a quiet zone), its version
    and its mask."""
    qr = segno_code(data, level, version, mask)
    rows = ["".join("1" if module else "0" for module in row) for row in qr.matrix]
    return rows, qr.version, qr.mask


FINDER_LIKE = (1, 0, 1, 1, 1, 0, 1)


def finder_like_penalty(line):
    """N3 of ISO/IEC 18004:2015 Table 11 for one row or column: 40 for every dark-light-dark-light-dark run of widths
    1:1:3:1:1 with four light modules right before it or right after it (outside the symbol, the quiet zone, is
    light), once for each such run, overlapping ones included."""
    padded = (0,) * 4 + tuple(line) + (0,) * 4
    score = 0
    for start in range(4, len(padded) - 10):
        if padded[start : start + 7] != FINDER_LIKE:
            continue
        if not any(padded[start - 4 : start]) or not any(padded[start + 7 : start + 11]):
            score += 40
    return score


def standard_penalty(matrix):
    """The penalty of a complete symbol: segno's N1, N2 and N4, and N3 from finder_like_penalty."""
    size = len(matrix)
    n1, n2, _, n4 = segno.encoder.mask_scores(matrix, size, size)
    rows = [tuple(row) for row in matrix]
    columns = [tuple(row[x] for row in matrix) for x in range(size)]
    return n1 + n2 + n4 + sum(finder_like_penalty(line) for line in rows + columns)


def standard_mask(data, level, version):
    """The mask whose complete symbol (segno's, format and version information drawn) has the lowest penalty; the
    lowest mask number wins a tie."""
    scores = [standard_penalty(segno_code(data, level, version, mask).matrix) for mask in range(8)]
    return scores.index(min(scores))


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
        out["segnoEqual"] = difference is None
        out["segnoDiff"] = difference
        _, _, auto_mask = segno_rows(data, level, case["version"])
        out["segnoMask"] = auto_mask
        out["standardMask"] = standard_mask(data, level, case["version"])
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
    quirk = install_padding_patch()
    with tempfile.TemporaryDirectory(prefix="backstep-qr-") as directory:
        report = {"segnoPaddingQuirk": quirk, "cases": [check(case, directory) for case in cases]}
    print(json.dumps(report))


if __name__ == "__main__":
    main()
