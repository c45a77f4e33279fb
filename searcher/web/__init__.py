"""The web interface (``searcher serve``): pages and a JSON API around the library's calls.

Read-only: every view is a few lines around an ``Index`` method the CLI also uses, and the
API's bodies are the CLI's ``--format json`` objects. Starlette, Jinja2 and uvicorn (the
``web`` extra) are imported only here, so the other commands never load them.
"""
