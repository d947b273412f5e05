//! A global allocator that counts allocations per thread, and the hot-path test that uses it.
//!
//! Tests run on several threads at once; a thread-local counter keeps their counts apart.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

use crate::util::*;

struct CountingAllocator;

thread_local! {
    static ALLOCATIONS: Cell<u64> = const { Cell::new(0) };
}

// SAFETY: every call is passed to the system allocator unchanged; only a counter is added.
unsafe impl GlobalAlloc for CountingAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.with(|count| count.set(count.get() + 1));
        System.alloc(layout)
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        System.dealloc(ptr, layout)
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        ALLOCATIONS.with(|count| count.set(count.get() + 1));
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static GLOBAL: CountingAllocator = CountingAllocator;

/// Allocations made by this thread while running `work`.
fn allocations_during(work: impl FnOnce()) -> u64 {
    let before = ALLOCATIONS.with(Cell::get);
    work();
    ALLOCATIONS.with(Cell::get) - before
}

#[test]
fn hot_path_allocates_nothing_when_nothing_changes_or_events_fit() {
    let mut state = folded(&running_match());
    let mut events = Vec::with_capacity(16);
    let steady = [
        clk(ms(1, 59)),
        pt(BLUE, 3),
        hl(BLUE, 40),
        s(BLUE, 1, 3),
        sc(BLUE, 3),
        sc(BLUE, 3),
        wg(RED, 1),
        at_desmond(),
        mch("101", "a14ddd5c"),
        clk_stop(ms(1, 50)),
        clk_start(ms(1, 50)),
        brk(ms(1, 0), None),
    ];
    let mut at_us = 10_000;
    let count = allocations_during(|| {
        for message in &steady {
            events.clear();
            state.apply_into(message, at_us, &mut events);
            at_us += 1_000;
        }
    });
    assert_eq!(count, 0, "allocations on the hot path");
    assert_eq!(state.blue.score, 3);
}

#[test]
fn apply_without_events_allocates_nothing() {
    let mut state = folded(&running_match());
    let tick = clk(ms(2, 0));
    let count = allocations_during(|| {
        assert!(state.apply(&tick, 20_000).is_empty());
    });
    assert_eq!(count, 0);
}
