//! Address arithmetic of the model, the rules, the planner and the language
//! server: prefixes as integer intervals, and the special addresses of a
//! subnet.

use ipnetwork::IpNetwork;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// 4 or 6, so that v4 and v6 intervals never mix.
pub fn family(address: IpAddr) -> u8 {
    if address.is_ipv4() { 4 } else { 6 }
}

pub fn to_int(address: IpAddr) -> u128 {
    match address {
        IpAddr::V4(v4) => u32::from(v4) as u128,
        IpAddr::V6(v6) => u128::from(v6),
    }
}

pub fn from_int(family: u8, value: u128) -> IpAddr {
    if family == 4 {
        IpAddr::V4(Ipv4Addr::from(value as u32))
    } else {
        IpAddr::V6(Ipv6Addr::from(value))
    }
}

/// The first and last address of a prefix, host bits ignored.
pub fn bounds(prefix: IpNetwork) -> (u128, u128) {
    let bits: u32 = if prefix.is_ipv4() { 32 } else { 128 };
    let host_bits = bits - prefix.prefix() as u32;
    let size_mask = if host_bits == 128 {
        u128::MAX
    } else {
        (1u128 << host_bits) - 1
    };
    let first = to_int(prefix.ip()) & !size_mask;
    (first, first | size_mask)
}

/// The prefix as it should have been written: host bits cleared.
pub fn masked(prefix: IpNetwork) -> IpNetwork {
    IpNetwork::new(prefix.network(), prefix.prefix()).expect("same prefix length")
}

pub fn has_host_bits(prefix: IpNetwork) -> bool {
    prefix.ip() != prefix.network()
}

pub fn contains(outer: IpNetwork, address: IpAddr) -> bool {
    family(outer.ip()) == family(address) && {
        let (first, last) = bounds(outer);
        (first..=last).contains(&to_int(address))
    }
}

/// Whether `inner` lies wholly inside `outer`.
pub fn within(inner: IpNetwork, outer: IpNetwork) -> bool {
    family(inner.ip()) == family(outer.ip())
        && inner.prefix() >= outer.prefix()
        && contains(outer, inner.ip())
}

/// Why `address` cannot be a host in `subnet`: it is the network address,
/// or (IPv4) the broadcast address. Point-to-point sizes (/31, /32, /127,
/// /128) have no such addresses.
pub fn non_host_role(subnet: IpNetwork, address: IpAddr) -> Option<&'static str> {
    let full = if subnet.is_ipv4() { 32 } else { 128 };
    if subnet.prefix() + 1 >= full || !contains(subnet, address) {
        return None;
    }
    let (first, last) = bounds(subnet);
    let value = to_int(address);
    if value == first {
        Some("network address")
    } else if value == last && subnet.is_ipv4() {
        Some("broadcast address")
    } else {
        None
    }
}

/// The first host address of a subnet: what a gateway usually is.
pub fn first_host(subnet: IpNetwork) -> IpAddr {
    let (first, last) = bounds(subnet);
    from_int(
        family(subnet.ip()),
        if last > first { first + 1 } else { first },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(s: &str) -> IpNetwork {
        s.parse().unwrap()
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn table() {
        assert_eq!(masked(net("192.168.1.1/16")), net("192.168.0.0/16"));
        assert!(has_host_bits(net("192.168.1.1/16")));
        assert!(!has_host_bits(net("fd00::/64")));
        assert!(within(net("10.0.0.128/25"), net("10.0.0.0/24")));
        assert!(!within(net("10.0.0.0/23"), net("10.0.0.0/24")));
        assert!(!within(net("fd00::/64"), net("10.0.0.0/8")));
        assert_eq!(
            non_host_role(net("10.0.0.0/24"), ip("10.0.0.0")),
            Some("network address")
        );
        assert_eq!(
            non_host_role(net("10.0.0.0/24"), ip("10.0.0.255")),
            Some("broadcast address")
        );
        assert_eq!(non_host_role(net("10.0.0.0/24"), ip("10.0.0.1")), None);
        assert_eq!(non_host_role(net("10.0.0.0/31"), ip("10.0.0.0")), None);
        assert_eq!(
            non_host_role(net("fd00::/64"), ip("fd00::ffff:ffff:ffff:ffff")),
            None
        );
        assert_eq!(first_host(net("192.168.1.1/16")), ip("192.168.0.1"));
        assert_eq!(bounds(net("0.0.0.0/0")), (0, u32::MAX as u128));
        assert_eq!(bounds(net("::/0")), (0, u128::MAX));
    }
}
