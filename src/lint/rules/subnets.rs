//! Subnets and what is declared inside them: gateways, ranges, reserved
//! addresses.

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::Context;
use crate::model::ip;
use crate::model::{Network, Unplaced};
use crate::span::Spanned;
use ipnetwork::IpNetwork;

/// A prefix for `address` of the usual size, to suggest as its subnet.
fn usual_subnet(address: std::net::IpAddr) -> IpNetwork {
    let len = if address.is_ipv4() { 24 } else { 64 };
    ip::masked(IpNetwork::new(address, len).expect("valid length"))
}

fn subnet_list(network: &Network) -> String {
    network
        .subnets
        .iter()
        .map(|s| format!("`{}`", s.prefix.value))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn host_bits(cx: &Context, out: &mut Vec<Diagnostic>) {
    for network in &cx.topology.networks {
        for subnet in &network.subnets {
            let prefixes = std::iter::once(("subnet", &subnet.prefix))
                .chain(subnet.range.iter().map(|r| ("range", r)))
                .chain(subnet.node_ranges.iter().map(|r| ("range", &r.range)));
            for (what, prefix) in prefixes {
                if !ip::has_host_bits(prefix.value) {
                    continue;
                }
                let meant = ip::masked(prefix.value);
                out.push(
                    Diagnostic::new(
                        Code::SubnetHostBits,
                        prefix.span,
                        format!(
                            "{what} `{}` of network `{}` has host bits set",
                            prefix.value, network.name.value
                        ),
                    )
                    .note(format!("means `{meant}`"))
                    .help(format!(
                        "write `{meant}`: Docker 25+ refuses a {what} with host bits, and older engines store it as written"
                    )),
                );
            }
        }
    }
}

/// `gateway-needs-subnet` and `gateway-outside-subnet`.
pub fn gateway_placement(cx: &Context, out: &mut Vec<Diagnostic>) {
    for network in &cx.topology.networks {
        for unplaced in &network.unplaced {
            let Unplaced::Gateway(gateway) = unplaced else {
                continue;
            };
            let subnet = usual_subnet(gateway.value);
            if network.subnets.is_empty() {
                out.push(
                    Diagnostic::new(
                        Code::GatewayNeedsSubnet,
                        gateway.span,
                        format!(
                            "network `{}` gives gateway {} but declares no subnet",
                            network.name.value, gateway.value
                        ),
                    )
                    .note("gateway without a subnet")
                    .help(format!(
                        "declare the subnet it belongs to, e.g. `subnet {subnet} gateway {}`",
                        gateway.value
                    )),
                );
            } else {
                out.push(
                    Diagnostic::new(
                        Code::GatewayOutsideSubnet,
                        gateway.span,
                        format!(
                            "gateway {} lies in none of network `{}`'s subnets ({})",
                            gateway.value,
                            network.name.value,
                            subnet_list(network)
                        ),
                    )
                    .note("outside every subnet")
                    .related(network.subnets[0].prefix.span, "a subnet of this network")
                    .help(format!(
                        "use a gateway inside a subnet (e.g. {}), or add `subnet {subnet}`",
                        ip::first_host(network.subnets[0].prefix.value)
                    )),
                );
            }
        }
        for subnet in &network.subnets {
            for gateway in &subnet.gateways {
                if ip::contains(subnet.prefix.value, gateway.value) {
                    continue;
                }
                out.push(
                    Diagnostic::new(
                        Code::GatewayOutsideSubnet,
                        gateway.span,
                        format!(
                            "gateway {} is outside its subnet `{}`",
                            gateway.value, subnet.prefix.value
                        ),
                    )
                    .note("outside the subnet")
                    .related(subnet.prefix.span, "the subnet")
                    .help(format!(
                        "use an address inside `{}`, such as {}",
                        ip::masked(subnet.prefix.value),
                        ip::first_host(subnet.prefix.value)
                    )),
                );
            }
        }
    }
}

pub fn gateway_not_host(cx: &Context, out: &mut Vec<Diagnostic>) {
    for network in &cx.topology.networks {
        for subnet in &network.subnets {
            for gateway in &subnet.gateways {
                let Some(role) = ip::non_host_role(subnet.prefix.value, gateway.value) else {
                    continue;
                };
                out.push(
                    Diagnostic::new(
                        Code::GatewayNotHost,
                        gateway.span,
                        format!(
                            "gateway {} is the {role} of subnet `{}`",
                            gateway.value, subnet.prefix.value
                        ),
                    )
                    .note(role)
                    .related(subnet.prefix.span, "the subnet")
                    .help(format!(
                        "a gateway is a host address; the usual one is {}",
                        ip::first_host(subnet.prefix.value)
                    )),
                );
            }
        }
    }
}

pub fn duplicate_gateway(cx: &Context, out: &mut Vec<Diagnostic>) {
    for network in &cx.topology.networks {
        for subnet in &network.subnets {
            let Some((first, rest)) = subnet.gateways.split_first() else {
                continue;
            };
            for gateway in rest {
                out.push(
                    Diagnostic::new(
                        Code::DuplicateGateway,
                        gateway.span,
                        format!(
                            "subnet `{}` of network `{}` has a second gateway, {}",
                            subnet.prefix.value, network.name.value, gateway.value
                        ),
                    )
                    .note("second gateway")
                    .related(first.span, "first gateway")
                    .help(format!(
                        "a subnet has one gateway: keep {} or {}",
                        first.value, gateway.value
                    )),
                );
            }
        }
    }
}

pub fn range_placement(cx: &Context, out: &mut Vec<Diagnostic>) {
    for network in &cx.topology.networks {
        let stray = network.unplaced.iter().filter_map(|u| match u {
            Unplaced::Range(range) => Some((range, None)),
            Unplaced::NodeRange(range) => Some((&range.range, None)),
            _ => None,
        });
        let own = network.subnets.iter().flat_map(|subnet| {
            let ranges = subnet
                .range
                .iter()
                .chain(subnet.node_ranges.iter().map(|r| &r.range));
            ranges
                .filter(|range| {
                    !ip::within(ip::masked(range.value), ip::masked(subnet.prefix.value))
                })
                .map(move |range| (range, Some(subnet)))
        });
        for (range, subnet) in stray.chain(own) {
            let mut diagnostic = Diagnostic::new(
                Code::RangeOutsideSubnet,
                range.span,
                match subnet {
                    Some(subnet) => format!("range `{}` is outside its subnet `{}`", range.value, subnet.prefix.value),
                    None => format!(
                        "range `{}` lies in none of network `{}`'s subnets",
                        range.value, network.name.value
                    ),
                },
            )
            .note("outside the subnet")
            .help("a range is the part of a subnet Docker assigns from: make it a prefix inside the subnet, e.g. its upper half");
            if let Some(subnet) = subnet.or(network.subnets.first()) {
                diagnostic = diagnostic.related(subnet.prefix.span, "the subnet");
                let masked = ip::masked(subnet.prefix.value);
                let full = if masked.is_ipv4() { 32 } else { 128 };
                if masked.prefix() < full {
                    let (first, last) = ip::bounds(masked);
                    let upper =
                        ip::from_int(ip::family(masked.ip()), first + (last - first) / 2 + 1);
                    let half = IpNetwork::new(upper, masked.prefix() + 1).expect("valid length");
                    diagnostic.help = Some(format!(
                        "a range is the part of a subnet Docker assigns from: make it a prefix inside `{masked}`, e.g. `range {half}`"
                    ));
                }
            }
            out.push(diagnostic);
        }
    }
}

pub fn reserve_placement(cx: &Context, out: &mut Vec<Diagnostic>) {
    for network in &cx.topology.networks {
        let stray = network.unplaced.iter().filter_map(|u| match u {
            Unplaced::Reserve(reserved) => Some(&reserved.address),
            _ => None,
        });
        let own = network.subnets.iter().flat_map(|subnet| {
            subnet
                .reserved
                .iter()
                .map(|r| &r.address)
                .filter(|a| !ip::contains(subnet.prefix.value, a.value))
        });
        for address in stray.chain(own) {
            out.push(
                Diagnostic::new(
                    Code::ReserveOutsideSubnet,
                    address.span,
                    format!(
                        "reserved address {} lies in none of network `{}`'s subnets",
                        address.value, network.name.value
                    ),
                )
                .note("outside every subnet")
                .help("reserve an address inside a subnet of this network; an engine before 25 leaks the whole address pool when it is sent one outside"),
            );
        }
    }
}

/// Every subnet against every other, in O(n log n): sort by first address
/// and sweep, remembering the interval that reaches furthest.
pub fn overlap(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut intervals: Vec<(u8, u128, u128, usize, &Spanned<IpNetwork>)> = Vec::new();
    for (id, network) in cx.topology.networks.iter().enumerate() {
        for subnet in &network.subnets {
            let (first, last) = ip::bounds(subnet.prefix.value);
            intervals.push((
                ip::family(subnet.prefix.value.ip()),
                first,
                last,
                id,
                &subnet.prefix,
            ));
        }
    }
    intervals.sort_by_key(|&(family, first, last, id, prefix)| {
        (family, first, std::cmp::Reverse(last), prefix.span, id)
    });
    let mut reach: Option<(u8, u128, usize, &Spanned<IpNetwork>)> = None;
    for &(family, first, last, id, prefix) in &intervals {
        if let Some((reach_family, reach_last, other_id, other)) = reach
            && reach_family == family
            && first <= reach_last
        {
            let (here, there) = (cx.network_name(id), cx.network_name(other_id));
            let whose = if id == other_id {
                "in the same network".to_string()
            } else {
                format!("of network `{there}`")
            };
            out.push(
                Diagnostic::new(
                    Code::SubnetOverlap,
                    prefix.span,
                    format!(
                        "subnet `{}` of network `{here}` overlaps `{}` {whose}",
                        prefix.value, other.value
                    ),
                )
                .note("overlaps")
                .related(other.span, "the other subnet")
                .help(format!(
                    "give each subnet its own addresses: choose a prefix outside `{}`",
                    ip::masked(other.value)
                )),
            );
        }
        if reach.is_none_or(|(f, reach_last, _, _)| f != family || last > reach_last) {
            reach = Some((family, last, id, prefix));
        }
    }
}

pub fn missing_gateway(cx: &Context, out: &mut Vec<Diagnostic>) {
    for network in &cx.topology.networks {
        // A bridge's gateway is the host's bridge itself, which the engine
        // always makes; an external network's is not ours to give.
        if network.internal
            || network.external
            || network.driver == crate::model::Driver::Bridge
            // ipvlan l3 routes through the device itself: no gateway.
            || (network.driver == crate::model::Driver::Ipvlan
                && network.ipvlan_mode != crate::model::IpvlanMode::L2)
            || network.subnets.is_empty()
            || network.has_gateway()
            || network.gateway_written
            || !network.unplaced.is_empty()
        {
            continue;
        }
        let first = &network.subnets[0];
        out.push(
            Diagnostic::new(
                Code::MissingGateway,
                network.name.span,
                format!(
                    "network `{}` declares subnets but no gateway",
                    network.name.value
                ),
            )
            .note("no gateway")
            .related(first.prefix.span, "this subnet has no gateway")
            .help(format!(
                "add `gateway {}` to subnet `{}`, or mark the network `internal`: engines before 29 invent the first address as gateway, 29+ install no default route",
                ip::first_host(first.prefix.value),
                ip::masked(first.prefix.value)
            )),
        );
    }
}
