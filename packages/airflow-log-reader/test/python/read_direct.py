"""Runs the reader module alone (no Airflow), as the API server's process would call it.

Usage: read_direct.py READER.py CASES.json OUT.json
CASES.json: {"settings": {...}, "attempts": [{dag_id, run_id, task_id, map_index, try_number,
state, start, end}]}. For each attempt: LokiTaskLogIO(settings).read(path, ti), the stream
consumed to its end; writes the sources, the parsed lines and the seconds it took. Also reports
every module the source imports at its top level (the reader must need the standard library only).
"""

import ast
import importlib.util
import json
import sys
import time
from datetime import datetime
from types import SimpleNamespace

source_path, cases_path, out_path = sys.argv[1:]
tree = ast.parse(open(source_path).read())
top_level_imports = sorted(
    {a.name.split(".")[0] for n in tree.body if isinstance(n, ast.Import) for a in n.names}
    | {n.module.split(".")[0] for n in tree.body if isinstance(n, ast.ImportFrom) and n.module}
)
spec = importlib.util.spec_from_file_location("logstack_reader_under_test", source_path)
reader = importlib.util.module_from_spec(spec)
spec.loader.exec_module(reader)

cases = json.load(open(cases_path))
io = reader.LokiTaskLogIO(cases["settings"])
out = {
    "topLevelImports": top_level_imports,
    "stdlib": sorted(sys.stdlib_module_names),
    "upload": io.upload("x.log", None),
    "reads": [],
}
for a in cases["attempts"]:
    ti = SimpleNamespace(**{**a, "start_date": datetime.fromisoformat(a["start"]), "end_date": datetime.fromisoformat(a["end"])})
    started = time.monotonic()
    sources, streams = io.read("ignored/relative/path.log", ti)
    lines = [json.loads(line) for stream in streams or [] for line in stream]
    out["reads"].append({"sources": sources, "lines": lines, "seconds": time.monotonic() - started})
json.dump(out, open(out_path, "w"))
