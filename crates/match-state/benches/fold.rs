//! Fold throughput: the championship match from a fresh state, and a steady stream of clock
//! ticks and points into a running match (the ingest hot path).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use match_state::MatchState;

// The test scripts are reused as they are; the bench uses only some of their helpers.
#[allow(dead_code, unused_imports)]
#[path = "../tests/championship.rs"]
mod championship;
#[allow(dead_code)]
#[path = "../tests/util.rs"]
mod util;

use util::*;

fn fold_championship(c: &mut Criterion) {
    let messages = championship::championship();
    let mut group = c.benchmark_group("fold");
    group.throughput(Throughput::Elements(messages.len() as u64));
    group.bench_function("championship_from_fresh", |b| {
        let mut events = Vec::with_capacity(16);
        b.iter(|| {
            let mut state = MatchState::new();
            for (at_us, message) in (0..).zip(&messages) {
                events.clear();
                state.apply_into(message, at_us, &mut events);
            }
            state
        })
    });

    let mut stream = ticks(ms(1, 59), ms(0, 1));
    stream.extend([
        pt(BLUE, 2),
        sc(BLUE, 2),
        hl(RED, 30),
        wg(RED, 0),
        s(BLUE, 1, 2),
    ]);
    group.throughput(Throughput::Elements(stream.len() as u64));
    group.bench_function("running_match_stream", |b| {
        let mut state = folded(&running_match());
        let mut events = Vec::with_capacity(16);
        b.iter(|| {
            for (at_us, message) in (0..).zip(&stream) {
                events.clear();
                state.apply_into(message, at_us, &mut events);
            }
            events.len()
        })
    });
    group.finish();
}

criterion_group!(benches, fold_championship);
criterion_main!(benches);
