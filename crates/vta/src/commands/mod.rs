//! One module per subcommand.

pub mod bench;
pub mod bench_ivr;
pub mod demo;
pub mod licence;
pub mod obs;
pub mod query;
pub mod replay;
pub mod run;
pub mod scoreboard;
pub mod sim;
