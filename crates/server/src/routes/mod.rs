//! The routes of `/api`, one module per area.

pub mod analytics;
pub mod archive;
pub mod audit;
pub mod auth;
pub mod config;
pub mod licence;
pub mod live;
pub mod logs;
pub mod manual;
pub mod marks;
pub mod media;
pub mod network;
pub mod obs;
pub mod organiser;
pub mod protocol;
pub mod pss;
pub mod replay;
pub mod settings;
pub mod udp;
