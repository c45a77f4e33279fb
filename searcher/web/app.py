"""The ASGI application: routes, security headers, and errors as statuses."""

from __future__ import annotations

import contextlib
import os
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from searcher.errors import SearcherError
from searcher.web import api, pages
from searcher.web.archive import MAX_SEARCHES, RETRY_AFTER, Archive, Busy
from searcher.web.marks import pieces, safe_url

HERE = Path(__file__).parent
#: The index each process of ``searcher serve --workers N`` opens.
INDEX_VARIABLE = "SEARCHER_SERVE_INDEX"
#: No inline script or style, nothing from another origin: an article's markup that slipped
#: through escaping still could not run.
POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
]


class SecurityHeaders:
    """Adds the policy headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers if scope["type"] == "http" else send)


def make_app(index_path: Path | str, max_searches: int = MAX_SEARCHES) -> Starlette:
    """The web interface to the index at ``index_path`` (a folder or a cluster's address),
    opened now (a missing index fails here, not on the first request)."""
    archive = Archive(index_path, max_searches)
    environment = Environment(
        loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True)
    )
    environment.globals.update(pieces=pieces, safe_url=safe_url)
    routes = [
        Route("/", pages.search),
        Route("/article/{id}", pages.article),
        Route("/trend", pages.trend),
        Route("/syntax", pages.syntax),
        Route("/api/search", api.search),
        Route("/api/trend", api.trend),
        Route("/api/article/{id}", api.article),
        Route("/api/stats", api.stats),
        Route("/api/export", api.export),
        Route("/api/openapi.json", api.openapi),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(
        routes=routes,
        exception_handlers={Busy: _busy, SearcherError: _failed},
        lifespan=_closing(archive),
    )
    app.state.archive = archive
    app.state.templates = Jinja2Templates(env=environment)
    app.add_middleware(SecurityHeaders)
    return app


def from_environment() -> Starlette:
    """The app of one of several server processes: uvicorn starts each by this name, so the
    index comes from the environment (``INDEX_VARIABLE``)."""
    return make_app(os.environ[INDEX_VARIABLE])


def _closing(archive: Archive) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    """The lifespan of the app: the index is closed when the server stops."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        try:
            yield
        finally:
            archive.close()

    return lifespan


def _busy(request: Request, exc: Exception) -> Response:
    headers = {"Retry-After": str(RETRY_AFTER)}
    return PlainTextResponse("busy: too many searches at once", 503, headers=headers)


def _failed(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SearcherError)
    if request.url.path.startswith("/api/"):
        return JSONResponse(api.error_body(exc), api.status_of(exc))
    return pages.render(request, "error.html", api.status_of(exc), error=exc)
