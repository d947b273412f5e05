//! The machine's network interfaces and their addresses, for the operator to pick the one
//! facing the PSS (read through `if-addrs`: getifaddrs on Unix, GetAdaptersAddresses on
//! Windows).

use std::net::IpAddr;

/// One network interface with its addresses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkInterface {
    /// The system's name for it (`eth0`, `Ethernet 2`).
    pub name: String,
    /// Its IPv4 addresses first, then its IPv6 ones, each group sorted; `if-addrs` leaves out
    /// IPv6 link-local ones (`fe80::`, not bindable without a scope; on Windows `169.254.x.x`
    /// too).
    pub addresses: Vec<IpAddr>,
    /// Whether it is the loopback interface (only this machine reaches it).
    pub loopback: bool,
    /// Whether it is up and running (an address on a cable that is unplugged is not).
    pub up: bool,
}

/// The interfaces that have an IP address, sorted by name, loopback last. Errors are the
/// operating system's, when it cannot list them.
pub fn interfaces() -> std::io::Result<Vec<NetworkInterface>> {
    let mut found: Vec<NetworkInterface> = Vec::new();
    for interface in if_addrs::get_if_addrs()? {
        let address = interface.ip();
        let (loopback, up) = (interface.is_loopback(), interface.is_oper_up());
        match found.iter_mut().find(|known| known.name == interface.name) {
            Some(known) => {
                known.addresses.push(address);
                known.loopback &= loopback;
                known.up |= up;
            }
            None => found.push(NetworkInterface {
                name: interface.name,
                addresses: vec![address],
                loopback,
                up,
            }),
        }
    }
    for interface in &mut found {
        interface.addresses.sort_by_key(|a| (a.is_ipv6(), *a));
        interface.addresses.dedup();
    }
    found.sort_by(|a, b| (a.loopback, &a.name).cmp(&(b.loopback, &b.name)));
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_loopback_interface_is_listed_last_with_its_address() {
        let listed = interfaces().expect("the system lists its interfaces");
        let loopback = listed
            .iter()
            .find(|i| i.loopback)
            .expect("every machine has a loopback interface");
        assert!(
            loopback.addresses.contains(&IpAddr::from([127, 0, 0, 1])),
            "{listed:?}"
        );
        assert!(listed.last().is_some_and(|i| i.loopback), "{listed:?}");
        assert!(listed.iter().all(|i| !i.addresses.is_empty()));
        let mut names: Vec<_> = listed.iter().map(|i| &i.name).collect();
        names.dedup();
        assert_eq!(names.len(), listed.len(), "one entry per interface");
    }
}
