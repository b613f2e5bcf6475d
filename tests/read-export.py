# SPDX-License-Identifier: GPL-3.0-or-later
"""Reads an exported file back the way a partner's tools would and prints
what it holds as JSON, for test-export.c to compare cell by cell.

    read-export.py FILE.xlsx   sheets, cells (value and type), header
                               formatting, freeze pane, autofilter, widths,
                               document properties
    read-export.py FILE.csv    BOM, line ends, rows parsed by the csv module
"""
import csv
import datetime
import io
import json
import sys


def cell_json(cell):
    value = cell.value
    if value is None:
        return None
    if isinstance(value, bool):
        kind = "bool"
    elif isinstance(value, datetime.datetime):
        kind = "datetime"
        value = value.isoformat()
    elif isinstance(value, (int, float)):
        kind = "number"
        value = repr(float(value))
    elif isinstance(value, str):
        kind = "str"
    else:
        kind = type(value).__name__
        value = str(value)
    return {"type": kind, "value": value, "number_format": cell.number_format}


def read_xlsx(path):
    import openpyxl

    book = openpyxl.load_workbook(path)
    sheets = []
    for sheet in book.worksheets:
        rows = [[cell_json(c) for c in row] for row in sheet.iter_rows()]
        header = next(sheet.iter_rows(min_row=1, max_row=1), ())
        widths = {}
        for letter, dim in sheet.column_dimensions.items():
            if dim.width:
                widths[letter] = dim.width
        sheets.append({
            "name": sheet.title,
            "freeze": sheet.freeze_panes,
            "autofilter": sheet.auto_filter.ref,
            "header_bold": [bool(c.font and c.font.b) for c in header],
            "widths": widths,
            "rows": rows,
        })
    props = book.properties
    return {
        "title": props.title,
        "creator": props.creator,
        "sheets": sheets,
    }


def read_csv(path):
    with open(path, "rb") as f:
        data = f.read()
    bom = data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    # Every record ends in CRLF; a bare LF or CR may only sit inside quotes.
    outside = []
    quoted = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
        elif not quoted:
            outside.append(ch)
    outside = "".join(outside)
    crlf_only = outside.count("\n") == outside.count("\r\n") and \
        outside.count("\r") == outside.count("\r\n") and outside.endswith("\r\n")
    return {"bom": bom, "crlf_only": crlf_only, "rows": rows}


def main():
    path = sys.argv[1]
    if path.lower().endswith(".csv"):
        result = read_csv(path)
    else:
        result = read_xlsx(path)
    json.dump(result, sys.stdout, ensure_ascii=False, sort_keys=True)


if __name__ == "__main__":
    main()
