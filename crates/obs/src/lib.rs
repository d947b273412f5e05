//! obs-websocket clients (filled in by its owner).
