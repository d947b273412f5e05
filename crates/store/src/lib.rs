//! SQLite store (filled in by its owner).
