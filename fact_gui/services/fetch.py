"""Fetching an article by URL: bounded size, time and redirects, with clear failures."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from fact_gui import __version__
from fact_gui.domain.errors import BadInput
from fact_gui.store.types import utcnow

TIMEOUT_S = 20
MAX_REDIRECTS = 10
USER_AGENT = f"Mozilla/5.0 (compatible; fact_gui/{__version__}; fact-checking desk)"


@dataclass(frozen=True)
class Fetched:
    """A fetched resource: the final URL after redirects, its bytes and media type."""

    url: str
    data: bytes
    content_type: str
    fetched_at: datetime


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS
    max_repeats = 2


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def fetch(url: str, max_bytes: int, timeout: float = TIMEOUT_S) -> Fetched:
    """GET ``url``; BadInput names the URL and says what went wrong."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise BadInput(url, "only http:// and https:// links can be imported")
    opener = urllib.request.build_opener(_Redirects())
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": USER_AGENT,
            "Accept": "text/html,application/xhtml+xml,application/pdf,text/plain;q=0.9,*/*;q=0.5",
        },
    )
    try:
        with opener.open(request, timeout=timeout) as resp:
            data = resp.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise BadInput(url, f"is larger than the {max_bytes // 2**20} MB limit")
            return Fetched(resp.geturl(), data, resp.headers.get("Content-Type", ""), utcnow())
    except urllib.error.HTTPError as exc:
        if 300 <= exc.code < 400:
            raise BadInput(url, f"redirects in a loop or more than {MAX_REDIRECTS} times") from None
        raise BadInput(url, f"the server answered {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, TimeoutError | socket.timeout):
            raise BadInput(url, f"no answer within {timeout:g} s") from None
        if isinstance(reason, ConnectionRefusedError):
            raise BadInput(url, "could not connect (connection refused)") from None
        if isinstance(reason, socket.gaierror):
            raise BadInput(url, f"unknown host {parts.hostname}") from None
        raise BadInput(url, f"could not be fetched ({reason})") from None
    except TimeoutError:
        raise BadInput(url, f"no answer within {timeout:g} s") from None
    except (ConnectionError, OSError) as exc:
        raise BadInput(url, f"the connection failed ({exc})") from None
