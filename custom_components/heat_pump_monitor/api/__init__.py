"""Device API clients (async, aiohttp, no Home Assistant imports); none yet."""
