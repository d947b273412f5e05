//! Criterion benchmark of `pss::parse` over the datagrams of a whole match, in messages/s.
//!
//! The mix is what a court sends: the load (athletes, `mch`, zeroed scores), three rounds of
//! clock ticks, points with their score updates, hit levels, penalties, a challenge, the break,
//! round winners and the winner.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

/// One match as tkStrike would send it, one datagram per entry.
fn match_datagrams() -> Vec<String> {
    let mut datagrams: Vec<String> = [
        "Udp Port 6000 connected;",
        "pre;FightLoaded;",
        "at1;N. DESMOND;Nicolas DESMOND;MRN;at2;M. THIBAULT;Marcel THIBAULT;SUI;",
        "mch;101;Round of 16;M- 80 kg;1;#0000ff;#FFFFFF;#ff0000;#FFFFFF;a14ddd5c;Senior;3;120;cntDown;18;1;",
        "wg1;0;wg2;0;",
        "wrd;rd1;0;rd2;0;rd3;0;",
        "s11;0;s21;0;s12;0;s22;0;s13;0;s23;0;",
        "sc1;0;sc2;0;",
        "avt;0;",
        "rdy;FightReady;",
    ]
    .iter()
    .map(|datagram| datagram.to_string())
    .collect();
    let (mut blue, mut red) = (0u32, 0u32);
    for round in 1..=3u32 {
        datagrams.push(format!("rnd;{round};"));
        datagrams.push("clk;2:00;start;".to_owned());
        for left in (0..120u32).rev() {
            datagrams.push(format!("clk;{}:{:02};", left / 60, left % 60));
            if left % 9 == 0 {
                let level = 20 + left % 70;
                datagrams.push(format!("hl{};{level};", 1 + left % 2));
            }
            if left % 17 == 0 {
                let (side, points) = (1 + round % 2, 1 + left % 5);
                if side == 1 {
                    blue += points
                } else {
                    red += points
                }
                datagrams.push(format!("pt{side};{points};"));
                datagrams.push(format!(
                    "s1{round};{blue};s2{round};{red};s1{};0;s2{};0;",
                    round % 3 + 1,
                    round % 3 + 1
                ));
                datagrams.push(format!("sc1;{blue};sc2;{red};"));
            }
            if left == 61 {
                datagrams.push("clk;1:01;stop;".to_owned());
                datagrams.push("wg1;1;wg2;0;".to_owned());
                datagrams.push("ch2;".to_owned());
                datagrams.push("ch2;1;0;".to_owned());
                datagrams.push("clk;1:01;start;".to_owned());
            }
        }
        datagrams.push("clk;0:00;stop;".to_owned());
        datagrams.push(format!(
            "wrd;rd1;1;rd2;{};rd3;0;",
            if round > 1 { 2 } else { 0 }
        ));
        for left in (0..60u32).rev().step_by(10) {
            datagrams.push(format!("brk;0:{left:02};"));
        }
        datagrams.push("brk;0:00;stopEnd;".to_owned());
    }
    datagrams.push("win;BLUE;".to_owned());
    datagrams.push("wmh;Nicolas DESMOND;2-1 PTF;".to_owned());
    datagrams.push("Udp Port 6000 disconnected;".to_owned());
    datagrams
}

fn parse_match(criterion: &mut Criterion) {
    let datagrams = match_datagrams();
    let n_messages: usize = datagrams
        .iter()
        .map(|datagram| pss::parse(datagram.as_bytes()).messages.len())
        .sum();
    let n_errors: usize = datagrams
        .iter()
        .map(|datagram| pss::parse(datagram.as_bytes()).n_errors())
        .sum();
    assert_eq!(n_errors, 0, "the benchmark match parses cleanly");
    let mut group = criterion.benchmark_group("parse");
    group.throughput(Throughput::Elements(n_messages as u64));
    group.bench_function(
        format!("whole match ({} datagrams)", datagrams.len()),
        |bencher| {
            bencher.iter(|| {
                datagrams
                    .iter()
                    .map(|datagram| {
                        pss::parse(std::hint::black_box(datagram.as_bytes()))
                            .messages
                            .len()
                    })
                    .sum::<usize>()
            })
        },
    );
    group.finish();
}

criterion_group!(benches, parse_match);
criterion_main!(benches);
