"""A loopback HTTP server for the download tests (IDX files, CIFAR archives)."""

import functools
import http.server
import threading

import pytest


class _QuietCountingHandler(http.server.SimpleHTTPRequestHandler):
    requests_served: list

    def do_GET(self):  # noqa: N802 (http.server's naming)
        self.requests_served.append(self.path)
        super().do_GET()

    def log_message(self, *args):
        pass


@pytest.fixture
def server(tmp_path):
    """Serve ``tmp_path / 'served'`` on 127.0.0.1; yields (base_url, served_dir, requests list)."""
    served = tmp_path / "served"
    served.mkdir()
    requests = []
    handler = type("Handler", (_QuietCountingHandler,), {"requests_served": requests})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(served)))
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/", served, requests
    httpd.shutdown()
    httpd.server_close()
    thread.join()
