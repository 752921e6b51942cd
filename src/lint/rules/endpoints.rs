//! Containers' endpoints: their static addresses and MACs.

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::Context;
use crate::model::MacAddr;
use crate::model::ip;
use crate::span::Span;
use ipnetwork::IpNetwork;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::net::IpAddr;

/// `ip-needs-subnet`, `ip-outside-subnet`, `ip-not-host` and `ip-in-range`:
/// where each static address falls in its network.
pub fn static_addresses(cx: &Context, out: &mut Vec<Diagnostic>) {
    for container in &cx.topology.containers {
        for attachment in &container.attachments {
            let network = &cx.topology.networks[attachment.network.value];
            for address in attachment.addresses() {
                let family = if address.value.is_ipv4() {
                    "IPv4"
                } else {
                    "IPv6"
                };
                let same_family: Vec<_> = network
                    .subnets
                    .iter()
                    .filter(|s| s.prefix.value.is_ipv4() == address.value.is_ipv4())
                    .collect();
                // An external network's subnets are the engine's; the file
                // need not repeat them.
                if network.external && network.subnets.is_empty() {
                    continue;
                }
                if same_family.is_empty() {
                    out.push(
                        Diagnostic::new(
                            Code::IpNeedsSubnet,
                            address.span,
                            format!(
                                "container `{}` has a static address on network `{}`, which declares no {family} subnet",
                                container.name.value, network.name.value
                            ),
                        )
                        .note("no subnet to hold it")
                        .related(network.name.span, "network declared here")
                        .help(format!(
                            "declare the subnet in network `{}`, e.g. `subnet {}`, or drop the address and let Docker choose",
                            network.name.value,
                            ip::masked(ipnetwork::IpNetwork::new(address.value, if address.value.is_ipv4() { 24 } else { 64 }).expect("valid"))
                        )),
                    );
                    continue;
                }
                let Some(subnet) = same_family
                    .iter()
                    .find(|s| ip::contains(s.prefix.value, address.value))
                else {
                    let subnet = same_family[0];
                    let free = cx
                        .free_address(subnet.prefix.value, subnet.range.as_ref().map(|r| r.value));
                    out.push(
                        Diagnostic::new(
                            Code::IpOutsideSubnet,
                            address.span,
                            format!(
                                "address {} of container `{}` lies in none of network `{}`'s subnets",
                                address.value, container.name.value, network.name.value
                            ),
                        )
                        .note("outside every subnet")
                        .related(subnet.prefix.span, "a subnet of the network")
                        .help(match free {
                            Some(free) => format!("use an address inside `{}`, e.g. {free}", ip::masked(subnet.prefix.value)),
                            None => format!("use an address inside `{}`", ip::masked(subnet.prefix.value)),
                        }),
                    );
                    continue;
                };
                if let Some(role) = ip::non_host_role(subnet.prefix.value, address.value) {
                    let free = cx
                        .free_address(subnet.prefix.value, subnet.range.as_ref().map(|r| r.value));
                    out.push(
                        Diagnostic::new(
                            Code::IpNotHost,
                            address.span,
                            format!(
                                "address {} of container `{}` is the {role} of subnet `{}`",
                                address.value, container.name.value, subnet.prefix.value
                            ),
                        )
                        .note(role)
                        .related(subnet.prefix.span, "the subnet")
                        .help(match free {
                            Some(free) => format!("use a host address, e.g. {free}"),
                            None => "use a host address of the subnet".to_string(),
                        }),
                    );
                    continue;
                }
                if let Some(range) = subnet
                    .range
                    .as_ref()
                    .filter(|r| ip::contains(r.value, address.value))
                {
                    let free = cx.free_address(subnet.prefix.value, Some(range.value));
                    out.push(
                        Diagnostic::new(
                            Code::IpInRange,
                            address.span,
                            format!(
                                "static address {} of container `{}` lies inside range `{}`, which Docker assigns from",
                                address.value, container.name.value, range.value
                            ),
                        )
                        .note("inside the range")
                        .related(range.span, "Docker assigns from here")
                        .help(match free {
                            Some(free) => format!("Docker may give this address to another container first: use one outside the range, e.g. {free}"),
                            None => "Docker may give this address to another container first: use one outside the range, or shrink the range".to_string(),
                        }),
                    );
                }
            }
        }
    }
}

/// An address, who holds it, where, and the subnet and range it falls
/// in (to find a free one).
type Claim<'a> = (
    IpAddr,
    Holder<'a>,
    Span,
    Option<IpNetwork>,
    Option<IpNetwork>,
);

/// A shim's own address is a static address too, and is reserved in its
/// network's IPAM: an engine before 25 leaks the address pool when the
/// reservation lies outside the subnet.
pub fn shim_addresses(cx: &Context, out: &mut Vec<Diagnostic>) {
    for shim in &cx.topology.shims {
        let (Some(network), Some(address)) = (&shim.network, &shim.address) else {
            continue;
        };
        let network = &cx.topology.networks[network.value];
        let host = address.value.ip();
        let same_family = network
            .subnets
            .iter()
            .find(|s| s.prefix.value.is_ipv4() == host.is_ipv4());
        let Some(first) = same_family else {
            out.push(
                Diagnostic::new(
                    Code::IpNeedsSubnet,
                    address.span,
                    format!(
                        "shim `{}` has an address on network `{}`, which declares no subnet of its family",
                        shim.name.value, network.name.value
                    ),
                )
                .note("no subnet to hold it")
                .help("a shim's address is reserved in its network's subnet: declare the subnet, or give the shim an address inside one"),
            );
            continue;
        };
        let Some(subnet) = network.subnet_of(host) else {
            let free = cx.free_address(first.prefix.value, first.range.as_ref().map(|r| r.value));
            out.push(
                Diagnostic::new(
                    Code::IpOutsideSubnet,
                    address.span,
                    format!(
                        "address {host} of shim `{}` lies in none of network `{}`'s subnets",
                        shim.name.value, network.name.value
                    ),
                )
                .note("outside every subnet")
                .related(first.prefix.span, "a subnet of the network")
                .help(match free {
                    Some(free) => format!(
                        "give the shim an address inside `{}`, e.g. {free}/32",
                        ip::masked(first.prefix.value)
                    ),
                    None => format!(
                        "give the shim an address inside `{}`",
                        ip::masked(first.prefix.value)
                    ),
                }),
            );
            continue;
        };
        if let Some(role) = ip::non_host_role(subnet.prefix.value, host) {
            out.push(
                Diagnostic::new(
                    Code::IpNotHost,
                    address.span,
                    format!(
                        "address {host} of shim `{}` is the {role} of subnet `{}`",
                        shim.name.value, subnet.prefix.value
                    ),
                )
                .note(role)
                .related(subnet.prefix.span, "the subnet")
                .help("give the shim a host address of the subnet, outside its range"),
            );
        }
    }
}

/// Who holds an address, for `ip-conflict`'s message.
#[derive(Clone, Copy)]
enum Holder<'a> {
    Gateway(&'a str),
    Reserved(&'a str),
    Shim(&'a str),
    Container(&'a str),
}

impl Holder<'_> {
    fn describe(self) -> String {
        match self {
            Holder::Gateway(network) => format!("the gateway of network `{network}`"),
            Holder::Reserved(network) => format!("a reserved address of network `{network}`"),
            Holder::Shim(shim) => format!("shim `{shim}`"),
            Holder::Container(container) => format!("container `{container}`"),
        }
    }
}

pub fn ip_conflict(cx: &Context, out: &mut Vec<Diagnostic>) {
    let topology = cx.topology;
    let mut holders: HashMap<IpAddr, (Holder, Span)> = HashMap::new();
    // Gateways and reserved addresses are claimed first: a container is
    // the one to move, never the gateway.
    for network in &topology.networks {
        for subnet in &network.subnets {
            for gateway in &subnet.gateways {
                holders
                    .entry(gateway.value)
                    .or_insert((Holder::Gateway(&network.name.value), gateway.span));
            }
        }
    }
    let mut claims: Vec<Claim> = Vec::new();
    for network in &topology.networks {
        for subnet in &network.subnets {
            for reserved in &subnet.reserved {
                claims.push((
                    reserved.address.value,
                    Holder::Reserved(&network.name.value),
                    reserved.address.span,
                    Some(subnet.prefix.value),
                    None,
                ));
            }
        }
    }
    for shim in &topology.shims {
        if let Some(address) = &shim.address {
            let network = shim.network.as_ref().map(|n| &topology.networks[n.value]);
            let subnet = network
                .and_then(|n| n.subnet_of(address.value.ip()))
                .map(|s| s.prefix.value);
            // `reserve host = A` with `shim { address A }` is the classic
            // recipe transcribed: the reservation is the shim's own.
            if let Some(subnet) = network.and_then(|n| n.subnet_of(address.value.ip()))
                && subnet
                    .reserved
                    .iter()
                    .any(|r| r.address.value == address.value.ip())
            {
                continue;
            }
            claims.push((
                address.value.ip(),
                Holder::Shim(&shim.name.value),
                address.span,
                subnet,
                None,
            ));
        }
    }
    for container in &topology.containers {
        for attachment in &container.attachments {
            let network = &topology.networks[attachment.network.value];
            for address in attachment.addresses() {
                let subnet = network.subnet_of(address.value);
                claims.push((
                    address.value,
                    Holder::Container(&container.name.value),
                    address.span,
                    subnet.map(|s| s.prefix.value),
                    subnet.and_then(|s| s.range.as_ref().map(|r| r.value)),
                ));
            }
        }
    }
    for (address, holder, span, subnet, range) in claims {
        match holders.entry(address) {
            Entry::Vacant(slot) => {
                slot.insert((holder, span));
            }
            Entry::Occupied(first) => {
                let (first, first_span) = *first.get();
                let free = subnet.and_then(|subnet| cx.free_address(subnet, range));
                out.push(
                    Diagnostic::new(
                        Code::IpConflict,
                        span,
                        format!(
                            "address {address} of {} is already used by {}",
                            holder.describe(),
                            first.describe()
                        ),
                    )
                    .note("used twice")
                    .related(first_span, "first used here")
                    .help(match free {
                        Some(free) => {
                            format!("give {} a free address, e.g. {free}", holder.describe())
                        }
                        None => format!("give {} an address nothing else uses", holder.describe()),
                    }),
                );
            }
        }
    }
}

pub fn mac_invalid(cx: &Context, out: &mut Vec<Diagnostic>) {
    for container in &cx.topology.containers {
        for attachment in &container.attachments {
            let Some(mac) = &attachment.mac else { continue };
            let problem = if mac.value.is_zero() {
                "is all zeros"
            } else if mac.value.is_multicast() {
                "is a multicast address (the low bit of its first octet is set)"
            } else {
                continue;
            };
            let mut fixed = mac.value.0;
            fixed[0] = (fixed[0] & !1) | 2;
            if mac.value.is_zero() {
                fixed = [0x02, 0, 0, 0, 0, 1];
            }
            out.push(
                Diagnostic::new(
                    Code::MacInvalid,
                    mac.span,
                    format!(
                        "MAC {} of container `{}` {problem}",
                        mac.value, container.name.value
                    ),
                )
                .note("not a unicast MAC")
                .help(format!(
                    "an interface needs a unicast MAC; a locally administered one is safe, e.g. {}",
                    MacAddr(fixed)
                )),
            );
        }
    }
}

/// Endpoints on one parent share one wire: their MACs must differ.
pub fn mac_conflict(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<(String, MacAddr), (&str, Span)> = HashMap::new();
    for container in &cx.topology.containers {
        for attachment in &container.attachments {
            let Some(mac) = &attachment.mac else { continue };
            let network = &cx.topology.networks[attachment.network.value];
            if network.driver == crate::model::Driver::Ipvlan {
                continue; // `ipvlan-mac` says it
            }
            let wire = match &network.parent {
                Some(parent) => parent.value.clone(),
                None => format!("network {}", network.name.value),
            };
            match seen.entry((wire, mac.value)) {
                Entry::Vacant(slot) => {
                    slot.insert((&container.name.value, mac.span));
                }
                Entry::Occupied(first) => {
                    let (other, first_span) = *first.get();
                    let mut fixed = mac.value.0;
                    fixed[5] = fixed[5].wrapping_add(1);
                    out.push(
                        Diagnostic::new(
                            Code::MacConflict,
                            mac.span,
                            format!(
                                "MAC {} of container `{}` is already used by container `{other}` on the same parent",
                                mac.value, container.name.value
                            ),
                        )
                        .note("same MAC on one parent")
                        .related(first_span, "first used here")
                        .help(format!("give each endpoint its own MAC, e.g. {}, or leave `mac` out", MacAddr(fixed))),
                    );
                }
            }
        }
    }
}
