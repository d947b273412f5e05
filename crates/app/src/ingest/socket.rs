//! Opening the UDP socket the PSS feed arrives on.

use std::net::SocketAddr;

use socket2::{Domain, Protocol, Socket, Type};
use tokio::net::UdpSocket;

/// Opens a non-blocking UDP socket on `addr` with a receive buffer of `recv_buffer` bytes
/// (the kernel may grant less; the granted size is returned) and broadcast reception on.
pub fn bind_udp(addr: SocketAddr, recv_buffer: usize) -> std::io::Result<(UdpSocket, usize)> {
    let socket = Socket::new(Domain::for_address(addr), Type::DGRAM, Some(Protocol::UDP))?;
    if addr.is_ipv6() {
        socket.set_only_v6(false)?;
    }
    socket.set_broadcast(true)?;
    // Ask for a large buffer: a burst must wait in the kernel, not be dropped. On Linux the
    // request is capped by net.core.rmem_max unless it is raised.
    socket.set_recv_buffer_size(recv_buffer)?;
    socket.set_nonblocking(true)?;
    socket.bind(&addr.into())?;
    let granted = socket.recv_buffer_size()?;
    let socket = UdpSocket::from_std(socket.into())?;
    Ok((socket, granted))
}
