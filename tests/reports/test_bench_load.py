"""``manage.py bench_load`` refuses to time a server it did not start."""

from __future__ import annotations

import socket

from reports.management.commands.bench_load import _port_is_free


def test_a_port_another_program_listens_on_is_not_free() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        assert not _port_is_free(port)
    assert _port_is_free(port)
