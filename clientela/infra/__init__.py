"""Infrastructure below the business operations: limit stores, attempt limits, caches.

Imports nothing of ours but `clientela.settings`."""
