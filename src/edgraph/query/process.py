"""The server's handle on one query worker process: starting it, watching its pipe and its
memory, killing it. What runs inside is :mod:`edgraph.query.worker`."""

from __future__ import annotations

import collections
import contextlib
import os
import select
import signal
import socket
import subprocess
import sys
import time
from multiprocessing.connection import Connection

from edgraph.query.confine import Relay
from edgraph.query.messages import Data, End, Failed, Head, Setup


class WorkerProcess:
    """One worker process, started with ``setup`` over the store at ``location``."""

    def __init__(self, location: str, memory_mb: int, setup: Setup) -> None:
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        # The worker sends the listening sockets of its routes back through this channel.
        self.channel: socket.socket | None
        child: socket.socket | None
        self.channel, child = socket.socketpair() if setup.routes else (None, None)
        passed = (child.fileno(),) if child else ()
        try:
            self.process = subprocess.Popen(  # noqa: S603 (our own interpreter and module)
                [sys.executable, "-m", "edgraph.query.worker", str(to_child_r), str(from_child_w),
                 location, str(memory_mb), *map(str, passed)],
                pass_fds=(to_child_r, from_child_w, *passed),
                stdin=subprocess.DEVNULL,
            )  # fmt: skip
        finally:
            os.close(to_child_r)
            os.close(from_child_w)
            if child:
                child.close()
        self.relay: Relay | None = None
        self.inbox = Connection(from_child_r, writable=False)
        self.outbox = Connection(to_child_w, readable=False)
        self._poll = select.poll()  # made once: Connection.poll() makes a selector each call
        self._poll.register(from_child_r, select.POLLIN)
        self.setup = setup
        self.outbox.send(setup)
        self.ready = False
        self.overdue = False  # killed by the watchdog for passing its deadline
        self.client: str | None = None  # whose job it runs, while ``assigned``
        self.assigned = False
        self.pending: collections.deque[Head | Data | End | Failed] = collections.deque()  # a batch

    def readable(self, timeout: float, spin: float = 0.0) -> bool:
        """Whether a message (or the end of the pipe) has arrived within ``timeout`` seconds;
        for the first ``spin`` of them the pipe is watched without sleeping."""
        if spin:
            end = time.perf_counter() + spin
            while time.perf_counter() < end:
                if self._poll.poll(0):
                    return True
                os.sched_yield()  # the worker may be waiting for this core
        return bool(self._poll.poll(timeout * 1000))

    def rss_mb(self) -> float:
        try:
            with open(f"/proc/{self.process.pid}/statm") as handle:
                return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
        except (OSError, ValueError, IndexError):
            return 0.0

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.process.send_signal(signal.SIGKILL)
        self.process.wait()
        if self.relay:
            self.relay.close()
        if self.channel:
            self.channel.close()
        self.inbox.close()
        self.outbox.close()
