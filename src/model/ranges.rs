//! Several hosts on one LAN: each engine hands out a network's addresses
//! on its own, so each node gets a part of the range of its own. Given no
//! `range … on NODE`, the subnet's range (or the subnet) is split evenly
//! between the nodes that use the network, into blocks aligned to prefix
//! boundaries (what an `--ip-range` must be), never overlapping.

use ipnetwork::IpNetwork;

/// `range` split into `nodes` blocks of one prefix: the first `nodes` of
/// its 2^k equal parts, k the least with 2^k ≥ `nodes`. `None` when the
/// range has too few addresses for that many blocks.
pub fn split(range: IpNetwork, nodes: usize) -> Option<Vec<IpNetwork>> {
    match nodes {
        0 => return Some(Vec::new()),
        // Nothing to split: the range as written, however small.
        1 => return Some(vec![range]),
        _ => {}
    }
    let bits = u32::from(match range {
        IpNetwork::V4(_) => 32u8,
        IpNetwork::V6(_) => 128,
    });
    let halvings = usize::BITS - (nodes - 1).leading_zeros();
    let prefix = u32::from(range.prefix()) + halvings;
    // A block of one address leaves none for the engine beside the
    // network's own: at least two per node.
    if prefix >= bits {
        return None;
    }
    let step = 1u128 << (bits - prefix);
    let first = match range {
        IpNetwork::V4(net) => u128::from(u32::from(net.network())),
        IpNetwork::V6(net) => u128::from(net.network()),
    };
    let prefix = prefix as u8;
    (0..nodes as u128)
        .map(|n| {
            let start = first + n * step;
            match range {
                IpNetwork::V4(_) => ipnetwork::Ipv4Network::new((start as u32).into(), prefix)
                    .ok()
                    .map(IpNetwork::V4),
                IpNetwork::V6(_) => ipnetwork::Ipv6Network::new(start.into(), prefix)
                    .ok()
                    .map(IpNetwork::V6),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nets(texts: &[&str]) -> Vec<IpNetwork> {
        texts.iter().map(|t| t.parse().unwrap()).collect()
    }

    #[test]
    fn a_range_splits_into_aligned_blocks_one_per_node() {
        let range: IpNetwork = "192.168.1.128/25".parse().unwrap();
        assert_eq!(split(range, 1), Some(nets(&["192.168.1.128/25"])));
        assert_eq!(
            split(range, 2),
            Some(nets(&["192.168.1.128/26", "192.168.1.192/26"]))
        );
        // Three take three quarters: blocks stay aligned and equal.
        assert_eq!(
            split(range, 3),
            Some(nets(&[
                "192.168.1.128/27",
                "192.168.1.160/27",
                "192.168.1.192/27"
            ]))
        );
        assert_eq!(split(range, 0), Some(vec![]));
    }

    #[test]
    fn a_range_too_small_for_its_nodes_does_not_split() {
        let range: IpNetwork = "10.0.0.0/30".parse().unwrap();
        assert_eq!(split(range, 2), Some(nets(&["10.0.0.0/31", "10.0.0.2/31"])));
        assert_eq!(split(range, 3), None);
        assert_eq!(split(range, 5), None);
        let one: IpNetwork = "10.0.0.7/32".parse().unwrap();
        assert_eq!(split(one, 1), Some(vec![one]));
        assert_eq!(split(one, 2), None);
    }

    #[test]
    fn ipv6_ranges_split_alike() {
        let range: IpNetwork = "fd00:1::/64".parse().unwrap();
        assert_eq!(
            split(range, 2),
            Some(nets(&["fd00:1::/65", "fd00:1:0:0:8000::/65"]))
        );
    }
}
