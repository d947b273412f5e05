//! Integration tests of the `pss` codec, in one test binary.

// Data-driven cases of every stream and quirk, from `tests/data/streams.cases`.
mod cases;
// The typical match of pss-protocol.md, datagram by datagram.
mod typical_match;
// encode -> parse round trips for arbitrary messages of every kind (proptest).
mod round_trip;
// A million generated and mutated datagrams: no panic, no text dropped.
mod mutation;
// Broken schema files: each fault names its line; edited schemas work.
mod schema_files;
// Shared helpers: `check`, the no-text-dropped assertion.
mod util;
