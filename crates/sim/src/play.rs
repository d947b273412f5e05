//! Sending feeds over real UDP: a script at a speed factor, or a steady load at a rate.

use std::net::SocketAddr;
use std::time::Duration;

use tokio::net::UdpSocket;
use tokio::time::Instant;

use crate::script::Step;

/// Why a feed could not be sent.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The local socket could not be opened.
    #[error("cannot open a UDP socket to send from: {0}")]
    Bind(#[source] std::io::Error),
    /// A datagram could not be sent to the target.
    #[error("cannot send to {target}: {source}")]
    Send {
        /// Where it was going.
        target: SocketAddr,
        /// The operating system's reason.
        source: std::io::Error,
    },
    /// The speed factor is not a positive number.
    #[error("speed must be a positive number, got {0}")]
    Speed(f64),
}

/// A UDP sender that plays the part of the scoring PC.
#[derive(Debug)]
pub struct Sender {
    socket: UdpSocket,
    target: SocketAddr,
    schema: &'static pss::Schema,
}

impl Sender {
    /// A sender to `target`, encoding with the built-in v2.3 schema.
    pub async fn new(target: SocketAddr) -> Result<Sender, Error> {
        let local: SocketAddr = if target.is_ipv4() {
            ([0, 0, 0, 0], 0).into()
        } else {
            (std::net::Ipv6Addr::UNSPECIFIED, 0).into()
        };
        Sender::from_address(local, target).await
    }

    /// A sender to `target` from the local address `local` (e.g. `127.0.0.3:0`: one of
    /// several scoring PCs on one machine, each with its own source address).
    pub async fn from_address(local: SocketAddr, target: SocketAddr) -> Result<Sender, Error> {
        let socket = UdpSocket::bind(local).await.map_err(Error::Bind)?;
        socket.set_broadcast(true).map_err(Error::Bind)?;
        Ok(Sender {
            socket,
            target,
            schema: pss::Schema::v2_3(),
        })
    }

    /// Sends wire text as one datagram.
    pub async fn send_text(&self, text: &str) -> Result<(), Error> {
        self.socket
            .send_to(text.as_bytes(), self.target)
            .await
            .map_err(|source| Error::Send {
                target: self.target,
                source,
            })?;
        Ok(())
    }

    /// Plays `steps` at `speed` times real time (`1.0` = real time), calling `on_step` after
    /// each datagram went out. Delays are kept against a fixed start, so they do not drift.
    pub async fn play(
        &self,
        steps: &[Step],
        speed: f64,
        mut on_step: impl FnMut(usize, &Step),
    ) -> Result<(), Error> {
        if !(speed.is_finite() && speed > 0.0) {
            return Err(Error::Speed(speed));
        }
        let start = Instant::now();
        let mut at = Duration::ZERO;
        for (idx, step) in steps.iter().enumerate() {
            at += step.delay.div_f64(speed);
            tokio::time::sleep_until(start + at).await;
            self.send_text(&self.schema.encode_datagram(&step.messages))
                .await?;
            on_step(idx, step);
        }
        Ok(())
    }

    /// Sends `datagrams` round-robin at `rate` datagrams per second for `duration`, paced in
    /// one-millisecond slices. `on_send(n)` is called before datagram number `n` (from 0) goes
    /// out. Returns how many were sent.
    pub async fn load(
        &self,
        datagrams: &[Vec<u8>],
        rate: u32,
        duration: Duration,
        mut on_send: impl FnMut(u64),
    ) -> Result<u64, Error> {
        let total = (f64::from(rate) * duration.as_secs_f64()).round() as u64;
        let mut sent = 0u64;
        let start = Instant::now();
        let mut tick = tokio::time::interval(Duration::from_millis(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        while sent < total && !datagrams.is_empty() {
            tick.tick().await;
            let due = ((start.elapsed().as_secs_f64() * f64::from(rate)) as u64).min(total);
            while sent < due {
                let datagram = &datagrams[(sent % datagrams.len() as u64) as usize];
                on_send(sent);
                self.socket
                    .send_to(datagram, self.target)
                    .await
                    .map_err(|source| Error::Send {
                        target: self.target,
                        source,
                    })?;
                sent += 1;
            }
        }
        Ok(sent)
    }
}
