//! The one integration-test binary of `match-state`.
//!
//! Messages are built as typed values (the wire text is in a comment beside each), so these
//! tests do not depend on the parser.

// Message builders named after the wire streams, and the fold helpers every test uses.
mod util;
// Counts heap allocations per thread, to check that the hot path allocates nothing.
mod alloc;
// One test (or a few) per fold rule, with the exact messages. New rules get their tests here.
mod rules;
// Challenges through their whole life, per side and for the referee.
mod challenges;
// A full championship match folded from the first datagram to the last.
mod championship;
// Property tests: any message sequence folds without panic and refolds to an equal state.
mod refold;
