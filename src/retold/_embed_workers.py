"""Sentence embedding in worker processes, for scan's verify stage.

Why: verify compares pairs on the main thread (Python, one core) while the sentence model
embeds the next documents. On background *threads* the model's Python parts (tokenising,
pooling, the per-sentence loop) wait for the interpreter lock the comparisons hold: the
benchmark scan kept only 1.42 of 2 cores busy, and the comparisons waited 223 s for vectors.
In worker processes the model has interpreter locks of its own. Each worker loads the same
ONNX file with the same one-thread session and runs every sentence alone, so its vectors
are the ones the parent would compute (a sentence's vector depends only on its text; the
tests check the two are identical).

The workers are started as ``python -m retold._embed_workers`` and spoken to over their
standard input and output (length-prefixed pickles; both ends are this module), never
through ``multiprocessing``: its ``spawn`` start re-imports the caller's main module, which
breaks a user's unguarded script, and ``fork`` copies a process that already runs
onnxruntime's threads.

A worker that fails to start or dies is not fatal: its requests, and every later one, are
embedded in the calling process instead (with one warning naming the worker's last error
output), so a scan never loses its results to a worker.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import queue
import struct
import subprocess
import sys
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np

from retold._embed import Embedder

logger = logging.getLogger("retold.embed")

_HEADER = struct.Struct("<Q")
"""A frame's length prefix: 8 bytes, little-endian."""

STOP_SECONDS = 10.0
"""How long :meth:`WorkerEmbedder.close` waits for a worker to exit before killing it."""


class WorkerEmbedder:
    """An :class:`~retold._embed.Embedder` whose :meth:`embed` runs in worker processes.

    ``spec`` is the model's ``process_spec`` (see :class:`retold._embed.OnnxEmbedder`);
    ``fallback`` embeds in this process when a worker cannot. Thread-safe: each call takes
    an idle worker for itself, so ``count`` threads can embed at once. Use as a context
    manager, or call :meth:`close`: the workers are then told to stop and waited for.
    """

    thread_safe = True

    def __init__(self, spec: dict[str, str], fallback: Embedder, count: int) -> None:
        self.name = fallback.name
        self._fallback = getattr(fallback, "embed_serially", fallback.embed)
        self._idle: queue.SimpleQueue[_Worker] = queue.SimpleQueue()
        self._workers = [_Worker(spec) for _ in range(count)]
        for worker in self._workers:
            self._idle.put(worker)
        self._warned = threading.Lock()
        self._warning_given = False
        self._counted = threading.Lock()
        self.served = 0
        """Requests the workers answered (the rest, after a failure, ran in this process)."""

    def __enter__(self) -> WorkerEmbedder:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """Embed ``texts`` in an idle worker (in this process if that worker has failed)."""
        worker = self._idle.get()
        try:
            vectors = worker.embed(texts)
        finally:
            self._idle.put(worker)
        if vectors is None:
            self._warn(worker)
            return self._fallback(texts)
        with self._counted:
            self.served += 1
        return vectors

    embed_serially = embed

    @property
    def count(self) -> int:
        """How many worker processes were started."""
        return len(self._workers)

    def close(self) -> None:
        """Stop every worker (close its input, wait, kill it if it hangs)."""
        for worker in self._workers:
            worker.stop()

    @property
    def peak_mb(self) -> float:
        """The largest peak resident memory of a worker, in MB, as its ``/proc`` status gave
        it when stopped (0 where that is not available). ``getrusage`` cannot say: a child's
        ``ru_maxrss`` includes the parent's memory at the moment the child was started."""
        return max((w.peak_mb for w in self._workers), default=0.0)

    def _warn(self, worker: _Worker) -> None:
        with self._warned:
            if self._warning_given:
                return
            self._warning_given = True
        logger.warning(
            "an embedding worker failed (%s); embedding in this process instead", worker.failure
        )


def start_workers(embedder: Embedder, count: int) -> WorkerEmbedder | None:
    """Worker processes running ``embedder``'s model, or None when it cannot move to one
    (a model object without a ``process_spec``, such as a sentence-transformers model or a
    caller's own embedder) or ``count`` is below 1."""
    spec = getattr(embedder, "process_spec", None)
    if spec is None or count < 1:
        return None
    return WorkerEmbedder(dict(spec), embedder, count)


class _Worker:
    """One worker process and the pipe to it; used by one thread at a time."""

    def __init__(self, spec: dict[str, str]) -> None:
        self.failure: str | None = None
        self.peak_mb = 0.0
        # the worker's error output, kept for the warning if it fails; open for its lifetime
        self._errors = tempfile.TemporaryFile()  # noqa: SIM115
        self._ready = False
        self._process: subprocess.Popen[bytes] | None = None
        try:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "retold._embed_workers"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self._errors,
                env=_worker_environment(),
            )
            self._stdin: IO[bytes] = self._process.stdin  # type: ignore[assignment]
            self._stdout: IO[bytes] = self._process.stdout  # type: ignore[assignment]
            _send(self._stdin, spec)
        except OSError as exc:
            self._fail(f"cannot start: {exc}")

    def embed(self, texts: Sequence[str]) -> np.ndarray | None:
        """The texts' vectors, or None once this worker has failed (see :attr:`failure`)."""
        if self.failure is not None:
            return None
        try:
            if not self._ready:
                self._expect(_receive(self._stdout), "ready")
                self._ready = True
            _send(self._stdin, list(texts))
            return self._expect(_receive(self._stdout), "vectors")
        except (OSError, EOFError, ValueError, pickle.UnpicklingError) as exc:
            self._fail(str(exc) or type(exc).__name__)
            return None

    def stop(self) -> None:
        if self._process is None:
            return
        process, self._process = self._process, None
        self.peak_mb = _peak_mb(process.pid)
        with contextlib.suppress(OSError):
            self._stdin.close()
        try:
            process.wait(STOP_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        self._stdout.close()
        self._errors.close()

    def _expect(self, message: object, kind: str) -> Any:
        if not isinstance(message, tuple) or len(message) != 2:
            raise ValueError("unexpected message from the worker")
        got, payload = message
        if got == "error":
            raise ValueError(str(payload))
        if got != kind:
            raise ValueError(f"expected {kind!r} from the worker, got {got!r}")
        return payload

    def _fail(self, reason: str) -> None:
        output = ""
        with contextlib.suppress(OSError, ValueError):
            self._errors.seek(0)
            lines = self._errors.read().decode("utf-8", "replace").strip().splitlines()
            output = lines[-1] if lines else ""
        self.failure = f"{reason}; {output}" if output and output not in reason else reason
        if self._process is not None:
            with contextlib.suppress(OSError):
                self._process.kill()


def _peak_mb(pid: int) -> float:
    """A live process's peak resident memory (``VmHWM``) in MB, or 0 without ``/proc``."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def _worker_environment() -> dict[str, str]:
    """The caller's environment, with one thread per worker and this copy of retold first on
    the module path (a caller may have put it on ``sys.path`` by hand)."""
    env = dict(os.environ)
    package_root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    env["RETOLD_THREADS"] = "1"
    env["OMP_NUM_THREADS"] = "1"
    return env


def _send(stream: IO[bytes], message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)))
    stream.write(data)
    stream.flush()


def _receive(stream: IO[bytes]) -> object:
    header = _read_exactly(stream, _HEADER.size)
    return pickle.loads(_read_exactly(stream, _HEADER.unpack(header)[0]))  # our own child's frames


def _read_exactly(stream: IO[bytes], size: int) -> bytes:
    data = stream.read(size)
    if data is None or len(data) < size:
        raise EOFError("the worker closed its output")
    return data


# --------------------------------------------------------------------------- the worker side


def _serve(requests: IO[bytes], replies: IO[bytes]) -> None:
    """Load the model named by the first message, then embed each list of texts sent, until
    the input closes."""
    from retold._embed import OnnxEmbedder

    spec = _receive(requests)
    try:
        assert isinstance(spec, dict)
        embedder = OnnxEmbedder(Path(spec["model"]), Path(spec["tokenizer"]), name=spec["name"])
    except Exception as exc:  # any failure: reported to the parent, which falls back
        _send(replies, ("error", f"cannot load the model: {exc}"))
        return
    _send(replies, ("ready", None))
    while True:
        try:
            texts = _receive(requests)
        except EOFError:
            return
        assert isinstance(texts, list)
        _send(replies, ("vectors", embedder.embed_serially(texts)))


def _main() -> None:
    """The worker's entry point: replies go to a private copy of the standard output, and
    anything a library prints there is sent to the standard error instead (it would corrupt
    the frames)."""
    replies = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    _serve(sys.stdin.buffer, replies)


if __name__ == "__main__":
    _main()
