"""`quiz serve`: the terminal app in a browser tab.

``quiz.serve.address`` checks the port and host (light); ``quiz.serve.server`` runs textual-serve (aiohttp), which
starts one app process (``python -m quiz``) for each browser tab that connects. Nothing is imported here, so the
command line can check its options before the web server loads.
"""
