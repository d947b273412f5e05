//! Live match model (filled in by its owner).
