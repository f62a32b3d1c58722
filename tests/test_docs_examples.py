"""Every shell, Python and Makefile example of README.md and docs/*.md runs (issue 15), so a
doc that drifts from the code fails the suite.

The examples are read from the Markdown: each fenced block marked ``sh``, ``python`` or
``make``. A comment on the line before a fence (blank lines between allowed) changes what
happens to it:

- ``<!-- no-run: why -->``: not run. None is left (every example runs), and
  :func:`test_the_docs_have_examples_and_no_opt_outs` keeps it so: a block that needs what a
  machine may lack says so in :data:`NEEDS` instead, and is left out only where it is missing.
- ``<!-- file: NAME -->``: the block (of any language) is written as ``NAME`` into the
  folder the examples run in, before any of them runs (a rule pack the examples load).
- ``<!-- make: TARGET ... -->``: the targets a ``make`` block is run with.
- ``<!-- env: NAME=VALUE ...; why -->``: the block runs with these in its environment (``make
  test`` collects the suite instead of running it again inside itself; ``make eval`` scores
  the first pages of each corpus, not all 1,806). The reason after ``;`` is required.

The examples of one document run in order in one fresh folder, which holds the files they
name: ``dump.txt``, ``new-dump.txt``, ``a.txt``, ``page.html``, ``b.html``, ``site.toml`` (a rule
pack), ``dumps/`` and ``pages/`` (text dumps and HTML pages of the fixtures), ``crawl/`` (WARC
files), a WET file, ``pages.jsonl.gz``, ``pages.parquet/``, ``tests/`` (the repository's) and a
copy of ``benchmarks/`` (so that ``make eval UPDATE=1`` rewrites the copy's results, not the
committed ones), and the repository's ``Makefile`` with ``.venv/bin/python`` (this
interpreter) standing for the set-up ``make`` would otherwise do. The folder sits beside
``shared/``, a link to the repository's neighbour, so ``../shared/eval`` names the evaluation
corpus as it does in a checkout. A shell block runs in ``bash -e -o pipefail`` with
``articlekit`` (this checkout), ``python3`` (this interpreter) and ``less`` (``cat``) on the
PATH; a block that needs what is not here (Chromium, the evaluation corpus in
``../shared/eval``, PySpark and a Java runtime: the ``spark`` extra, which ``.ci/run``
installs) is left out and the document's test then skips, after running the rest. The Python
blocks of a document run in one interpreter, one namespace, so a block may use what an
earlier one defined.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
RUN = {"sh", "python", "make"}
_FENCE = re.compile(r"^```(\w*)\s*$")
_MARK = re.compile(r"^<!--\s*(no-run|file|make|env)\b:?\s*(.*?)\s*-->\s*$")


@dataclass
class Example:
    doc: Path
    line: int  # of the opening fence, 1-based
    lang: str
    code: str
    mark: tuple[str, str] | None  # ("no-run", why), ("file", name), ("make", targets)

    @property
    def where(self) -> str:
        return f"{self.doc.relative_to(ROOT)}:{self.line}"


def examples(doc: Path) -> list[Example]:
    """The fenced blocks of ``doc``, each with the marker comment before it, if any."""
    lines = doc.read_text("utf-8").splitlines()
    found: list[Example] = []
    i = 0
    while i < len(lines):
        opening = _FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        end = next(j for j in range(i + 1, len(lines)) if lines[j].startswith("```"))
        before = next((lines[k] for k in range(i - 1, -1, -1) if lines[k].strip()), "")
        mark = _MARK.match(before.strip())
        found.append(
            Example(
                doc,
                i + 1,
                opening.group(1),
                "\n".join(lines[i + 1 : end]) + "\n",
                (mark.group(1), mark.group(2)) if mark else None,
            )
        )
        i = end + 1
    return found


def runnable(doc: Path) -> list[Example]:
    return [
        e
        for e in examples(doc)
        if e.lang in RUN and (e.mark is None or e.mark[0] in ("make", "env"))
    ]


def environment(example: Example) -> dict[str, str]:
    """What an ``env`` mark adds to the block's environment."""
    if example.mark is None or example.mark[0] != "env":
        return {}
    assignments, _, why = example.mark[1].partition(";")
    assert why.strip(), f"{example.where}: say why the block runs with {assignments}"
    pairs = [word.partition("=") for word in shlex.split(assignments)]
    assert pairs and all(eq for _, eq, _ in pairs), f"{example.where}: NAME=VALUE expected"
    return {name: value for name, _, value in pairs}


def test_the_docs_have_examples_and_no_opt_outs() -> None:
    every = [e for doc in DOCS for e in examples(doc)]
    run = [e for e in every if e.lang in RUN]
    skipped = [e for e in run if e.mark is not None and e.mark[0] == "no-run"]
    assert len(run) >= 30
    # make demo, make test (collected), make eval (its first pages) and PySpark all run now
    assert not skipped, [e.where for e in skipped]
    for example in run:
        environment(example)  # each env mark well formed, with its reason


# -- the folder the examples run in ----------------------------------------------------------------


def _texts() -> list[Path]:
    return sorted(p / "input.txt" for p in FIXTURES.iterdir() if (p / "input.txt").is_file())


def _htmls() -> list[Path]:
    return sorted(p / "input.html" for p in FIXTURES.iterdir() if (p / "input.html").is_file())


def sandbox(folder: Path, doc: Path) -> dict[str, str]:
    """Fill ``folder`` with what the examples read; the environment to run them in. ``folder``
    gets a neighbour ``shared``, the repository's own (the evaluation corpus)."""
    if (ROOT.parent / "shared").is_dir():
        (folder.parent / "shared").symlink_to(ROOT.parent / "shared", target_is_directory=True)
    texts, htmls = _texts(), _htmls()
    shutil.copy(texts[0], folder / "dump.txt")
    shutil.copy(texts[1], folder / "new-dump.txt")
    shutil.copy(htmls[0], folder / "page.html")
    shutil.copy(texts[2], folder / "a.txt")
    shutil.copy(htmls[2], folder / "b.html")
    (folder / "site.toml").write_text('[chrome.any]\nexact = ["goTop"]\n', "utf-8")
    for name, src in [("a.txt", texts[0]), ("b.txt", texts[2]), ("2024/c.txt", texts[3])]:
        (folder / "dumps" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, folder / "dumps" / name)
    for name, src in [("a.txt", texts[4]), ("b.html", htmls[1]), ("sub/c.txt", texts[5])]:
        (folder / "pages" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(src, folder / "pages" / name)
    _crawl_files(folder, htmls[:3])
    (folder / "tests").symlink_to(ROOT / "tests", target_is_directory=True)
    shutil.copytree(
        ROOT / "benchmarks", folder / "benchmarks", ignore=shutil.ignore_patterns("__pycache__")
    )
    # The Makefile (copied: a ``make`` block is written over it) over a venv that is this
    # interpreter, installed: its stamp is newer than pyproject.toml.
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, folder / name)
    venv = folder / ".venv" / "bin"
    venv.mkdir(parents=True)
    (venv / "python").write_text(f'#!/bin/bash\nexec "{sys.executable}" "$@"\n')
    (venv / "python").chmod(0o755)
    (folder / ".venv" / ".installed").touch()
    for example in examples(doc):
        if example.mark is not None and example.mark[0] == "file":
            (folder / example.mark[1]).write_text(example.code, "utf-8")
    bin_ = folder / ".bin"
    bin_.mkdir()
    for name, body in {
        "articlekit": f'exec "{sys.executable}" -m articlekit "$@"',
        "python3": f'exec "{sys.executable}" "$@"',
        "python": f'exec "{sys.executable}" "$@"',
        "less": "exec cat",
    }.items():
        (bin_ / name).write_text(f"#!/bin/bash\n{body}\n")
        (bin_ / name).chmod(0o755)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "COLUMNS"))}
    # this checkout first, then whatever the caller's PYTHONPATH adds (an extra's packages)
    path = [str(ROOT / "src"), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    env.update(
        PATH=f"{bin_}{os.pathsep}{os.environ['PATH']}",
        PYTHONPATH=os.pathsep.join(path),
        NO_COLOR="1",
        PYTHONHASHSEED="0",
        # Hugging Face datasets: its cache in the folder, and no attempt at the network
        HF_HOME=str(folder / ".hf"),
        HF_HUB_OFFLINE="1",
        # PySpark: its Python workers this interpreter, the driver on the loopback address
        # only, its scratch files in the folder
        PYSPARK_PYTHON=sys.executable,
        PYSPARK_DRIVER_PYTHON=sys.executable,
        SPARK_LOCAL_IP="127.0.0.1",
        SPARK_LOCAL_DIRS=str(folder / ".spark"),
    )
    return env


def _crawl_files(folder: Path, htmls: list[Path]) -> None:
    """``crawl/*.warc.gz``, a Common Crawl-like WET file, ``pages.jsonl.gz`` and
    ``pages.parquet/``: the same few pages each way."""
    import gzip
    import io

    urls = [f"https://news.example/{i}" for i in range(len(htmls))]
    pages = [p.read_bytes() for p in htmls]
    with gzip.open(folder / "pages.jsonl.gz", "wt", encoding="utf-8") as fh:
        for i, (url, html) in enumerate(zip(urls, pages, strict=True)):
            fh.write(
                json.dumps({"id": str(i), "url": url, "html": html.decode("utf-8", "replace")})
            )
            fh.write("\n")
    try:
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter
    except ImportError:
        return
    (folder / "crawl").mkdir()
    for part in (0, 1):
        with open(folder / "crawl" / f"part-{part}.warc.gz", "wb") as out:
            w = WARCWriter(out, gzip=True)
            for url, html in list(zip(urls, pages, strict=True))[part::2]:
                headers = StatusAndHeaders(
                    "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
                )
                w.write_record(
                    w.create_warc_record(
                        url, "response", payload=io.BytesIO(html), http_headers=headers
                    )
                )
    with open(folder / "CC-MAIN-20240101-00000.warc.wet.gz", "wb") as out:
        w = WARCWriter(out, gzip=True)
        for url, text in zip(urls, _texts()[:3], strict=False):
            w.write_record(
                w.create_warc_record(
                    url,
                    "conversion",
                    payload=io.BytesIO(text.read_bytes()),
                    warc_content_type="text/plain",
                )
            )
    try:
        import pandas as pd
    except ImportError:
        return
    (folder / "pages.parquet").mkdir()
    frame = pd.DataFrame({"url": urls, "html": [p.decode("utf-8", "replace") for p in pages]})
    with contextlib.suppress(ImportError):  # no pyarrow: the examples that need it skip
        frame.to_parquet(folder / "pages.parquet" / "part.0.parquet")


# -- running them ----------------------------------------------------------------------------------


#: Optional packages, and how an example shows it needs one.
OPTIONAL = {
    "warcio": r"warc|records crawl",
    "dask": r"\bdask\b",
    "pandas": r"\bpandas\b|\bdask\b",
    "pyarrow": r"pyarrow|parquet",
    "datasets": r"^import datasets\b",
}
#: Programs an example may pipe into.
TOOLS = {"jq": r"\| jq\b"}
#: What a shell example may need beyond this checkout, how it shows it, and whether it is here.
NEEDS = {
    "Chromium": (r"^chromium\b", lambda: shutil.which("chromium") is not None),
    "the evaluation corpus (../shared/eval)": (
        r"^make eval\b",
        lambda: (ROOT.parent / "shared" / "eval").is_dir(),
    ),
    "PySpark and a Java runtime (pip install '.[spark]')": (
        r"^from pyspark\b|^import pyspark\b",
        lambda: (
            importlib.util.find_spec("pyspark") is not None and shutil.which("java") is not None
        ),
    ),
}

#: The blocks run in the namespace of ``__main__`` itself, as a user's script does: functions
#: they define pickle by reference (``datasets.map`` hashes its function with dill, which would
#: otherwise try to pickle a whole stand-in namespace).
_PYTHON_RUNNER = """
import json as _ak_json, sys as _ak_sys, traceback as _ak_traceback
import __main__ as _ak_main
for _ak_where, _ak_code in _ak_json.load(_ak_sys.stdin):
    try:
        exec(compile(_ak_code, _ak_where, "exec"), vars(_ak_main))
    except Exception:
        _ak_traceback.print_exc()
        _ak_sys.exit(f"the example at {_ak_where} failed")
"""


def _run(args: list[str], cwd: Path, env: dict[str, str], stdin: str = "") -> str | None:
    """None if the command went well, else what it said."""
    proc = subprocess.run(
        args, cwd=cwd, env=env, input=stdin, capture_output=True, text=True, timeout=600
    )
    if proc.returncode == 0:
        return None
    out, err = proc.stdout[-3000:], proc.stderr[-5000:]
    return f"exit status {proc.returncode}\n--- stdout\n{out}\n--- stderr\n{err}"


@pytest.mark.parametrize("doc", [d for d in DOCS if runnable(d)], ids=lambda d: d.name)
def test_the_examples_of_each_doc_run(doc: Path, tmp_path: Path) -> None:
    code = "".join(e.code for e in runnable(doc))
    for module, sign in OPTIONAL.items():  # the extras an example needs, if it needs one
        if re.search(sign, code, re.M) and importlib.util.find_spec(module) is None:
            pytest.skip(f"{doc.name}: an example needs {module}")
    for tool, sign in TOOLS.items():
        if re.search(sign, code) and shutil.which(tool) is None:
            pytest.skip(f"{doc.name}: an example needs {tool}")
    work = tmp_path / "work"
    work.mkdir()
    env = sandbox(work, doc)
    failures = []
    python = []
    left_out = []
    for example in runnable(doc):
        missing = [
            need
            for need, (sign, here) in NEEDS.items()
            if re.search(sign, example.code, re.M) and not here()
        ]
        if missing:
            left_out.append(f"{example.where} needs {', '.join(missing)}")
            continue
        if example.lang == "python":
            python.append((example.where, example.code))
            continue
        if example.lang == "sh":
            args = ["bash", "-e", "-o", "pipefail", "-c", example.code]
        else:
            (work / "Makefile").write_text(example.code, "utf-8")
            targets = example.mark[1].split() if example.mark and example.mark[0] == "make" else []
            args = ["make", "-s", *targets]
        said = _run(args, work, {**env, **environment(example)})
        if said is not None:
            failures.append(f"{example.where} ({example.lang}):\n{example.code}{said}")
    if python:
        said = _run([sys.executable, "-c", _PYTHON_RUNNER], work, env, json.dumps(python))
        if said is not None:
            failures.append(f"{doc.name} (python):\n{said}")
    assert not failures, "\n\n".join(failures)
    if left_out:
        pytest.skip("; ".join(left_out))
