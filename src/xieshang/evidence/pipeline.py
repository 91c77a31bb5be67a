"""A file's records, parsed and prepared in a process of its own while this one writes them.

Python runs one thread at a time per process: parsing a phone backup, fingerprinting and tokenising its
messages (`evidence.prepare`) and writing them to the database would queue on one core. A big file is
therefore parsed and prepared by a child process (a fresh interpreter that imports only the importers
and the preparing code — no Django, no database connection, nothing of the parent's program run again)
and handed over batch by batch through a pipe, read by a thread of the writer at most AHEAD batches ahead
(then the pipe holds the child back), so memory stays flat; the writer (`evidence.writer`) takes each batch as it
would take one prepared inline. Small files and importers given by the caller are prepared inline, by the
same code.

A file that cannot be read fails the same way in both: the child sends the importer's exception, and
the import raises it inside its transaction (nothing of the file is kept). A child that dies without a
word (killed, out of memory) fails the import with a plain error; its transaction is rolled back too.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import queue
import subprocess
import sys
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import xieshang
from xieshang.core.lender_tags import LenderTagger
from xieshang.evidence.prepare import PreparedBatch, Preparer
from xieshang.importers.base import Importer, SourceContext

# Of every 10 records, how many the child leaves to the writer to make the search forms of: the writer's
# own work is mostly SQLite's (C), so it has time; both processes then finish about together (measured at
# 200k messages: 2 since the forms are made batch by batch and the child normalises each text once).
FORMS_LEFT = 2
AHEAD = 2  # batches read from the child ahead of the writer (memory: a few batches, whatever the file's size)


class PreparingProcessDied(RuntimeError):
    pass


class ChildUnavailable(RuntimeError):
    """No child process could be started: the file is prepared inline instead."""


def batches_inline(
    importer: Importer, stream: Any, context: SourceContext, preparer: Preparer
) -> Iterator[PreparedBatch]:
    """The prepared batches of a file, in this process (the last one carries the final counts)."""
    for record in importer.parse(stream, context):
        batch = preparer.add(record)
        if batch is not None:
            batch.position = stream.tell()
            yield batch
    final = preparer.take(final=True)
    final.position = stream.tell()
    yield final


def child_main() -> None:  # pragma: no cover - runs in the child process (the pipeline tests go through it)
    """The child: read its task (one pickle) from stdin, parse and prepare the file, and write pickles to
    stdout: ("batch", batch) … then ("done", None), or ("error", exception) when the file cannot be read.
    A full pipe blocks it: the writer's pace bounds what waits between them."""
    out = sys.stdout.buffer
    try:
        task = pickle.load(sys.stdin.buffer)
        from xieshang.importers.registry import importer_named
        from xieshang.knowledge import lenders

        importer = importer_named(task["importer"])
        gc.freeze()  # the modules and the task: the cycle collector's full passes leave them alone
        preparer = Preparer(
            tagger=LenderTagger(task["debts"], lenders),
            source_sha256=task["sha256"],
            forms_left=task["forms_left"],
            **task["settings"],
        )
        with open(task["path"], "rb") as stream:
            for batch in batches_inline(importer, stream, task["context"], preparer):
                pickle.dump(("batch", batch), out, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.dump(("done", None), out)
    except BaseException as exc:  # sent, then raised by the writer inside its transaction
        try:
            data = pickle.dumps(("error", exc))
        except Exception:  # an exception that does not pickle: its type and words
            data = pickle.dumps(("error", RuntimeError(f"{type(exc).__name__}: {exc}")))
        with contextlib.suppress(OSError):
            out.write(data)
    with contextlib.suppress(OSError):
        out.flush()


def child_command() -> list[str]:
    return [sys.executable, "-m", "xieshang.evidence.pipeline"]


@contextmanager
def batches_in_child(
    *,
    importer_name: str,
    path: Path,
    context: SourceContext,
    debts: Sequence[tuple[int, str]],
    source_sha256: str,
    settings: dict[str, Any],
) -> Iterator[Iterator[PreparedBatch]]:
    """The prepared batches of a file, parsed and prepared by a child process (a fresh interpreter
    running only this module: nothing of the parent's program is run again); the child is stopped when
    the block is left, whatever happens."""
    package_root = str(Path(xieshang.__file__).resolve().parent.parent)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([package_root, os.environ.get("PYTHONPATH", "")])}
    try:
        child = subprocess.Popen(
            child_command(),
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,
        )
    except (
        OSError
    ) as exc:  # no interpreter to start (a frozen build, no processes left): the caller goes on inline
        raise ChildUnavailable(str(exc)) from exc
    assert child.stdin is not None and child.stdout is not None
    task = {
        "importer": importer_name,
        "path": str(path),
        "context": context,
        "debts": list(debts),
        "sha256": source_sha256,
        "settings": settings,
        "forms_left": FORMS_LEFT,
    }
    reader = child.stdout
    messages: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=AHEAD)
    stop = threading.Event()

    def read() -> None:
        """The child's messages, read and unpickled as they come, into `messages` (a pipe holds much less
        than a batch: with a few batches read ahead, the child is not held back each time the writer takes
        longer over one, nor the writer when the child does; unpickling overlaps SQLite's work)."""
        while True:
            try:
                message: tuple[str, Any] = pickle.load(reader)
            except EOFError:
                message = ("ended", None)
            except Exception as exc:  # a broken message (or the pipe closed while stopping)
                message = ("broken", exc)
            while not stop.is_set():
                try:
                    messages.put(message, timeout=0.1)
                    break
                except queue.Full:
                    continue
            if stop.is_set() or message[0] != "batch":
                return

    def receive() -> Iterator[PreparedBatch]:
        while True:
            what, value = messages.get()
            if what == "batch":
                yield value
            elif what == "done":
                return
            elif what == "ended":
                code = child.wait()
                raise PreparingProcessDied(
                    f"the process reading the file ended without finishing (exit code {code})"
                )
            else:  # "error": the importer's exception; "broken": the message's
                raise value

    reading = threading.Thread(target=read, name="xieshang-batches", daemon=True)
    try:
        with contextlib.suppress(BrokenPipeError):
            pickle.dump(task, child.stdin)
            child.stdin.close()
        reading.start()
        yield receive()
    finally:
        stop.set()
        if child.poll() is None:
            child.kill()
        child.wait()
        if reading.is_alive():
            reading.join()
        reader.close()


if __name__ == "__main__":  # pragma: no cover
    child_main()
