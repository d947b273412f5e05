//! The routes of `/api`, one module per area.

pub mod archive;
pub mod live;
pub mod manual;
pub mod marks;
pub mod protocol;
pub mod replay;
pub mod settings;
pub mod udp;
