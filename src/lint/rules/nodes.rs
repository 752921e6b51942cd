//! A file of several hosts: every object on a node, every node with a
//! parent and a range of its own, no address handed out twice.

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::Context;
use crate::model::ip;
use crate::model::{Driver, NodeRanges, Topology};
use crate::span::Span;

fn node_name(topology: &Topology, id: usize) -> &str {
    &topology.nodes[id].name.value
}

/// `node-needed`: with several nodes, each container and shim says where.
pub fn node_needed(cx: &Context, out: &mut Vec<Diagnostic>) {
    let topology = cx.topology;
    if topology.nodes.len() < 2 {
        return;
    }
    let names: Vec<&str> = topology
        .nodes
        .iter()
        .map(|n| n.name.value.as_str())
        .collect();
    let unplaced = topology
        .containers
        .iter()
        .filter(|c| c.node.is_none())
        .map(|c| ("container", &c.name))
        .chain(
            topology
                .shims
                .iter()
                .filter(|s| s.node.is_none())
                .map(|s| ("shim", &s.name)),
        );
    for (what, name) in unplaced {
        out.push(
            Diagnostic::new(
                Code::NodeNeeded,
                name.span,
                format!(
                    "{what} `{}` does not say which of the file's {} nodes it is on",
                    name.value,
                    names.len()
                ),
            )
            .note("no `node`")
            .help(format!(
                "add `node {}` (the nodes: {})",
                names[0],
                names.join(", ")
            )),
        );
    }
}

/// `node-parent-missing`: a network used on a node has a parent there.
pub fn node_parent_missing(cx: &Context, out: &mut Vec<Diagnostic>) {
    let topology = cx.topology;
    for (id, network) in topology.networks.iter().enumerate() {
        if network.parent.is_some()
            || network.node_parents.is_empty()
            || network.external
            || network.driver == Driver::Bridge
        {
            continue;
        }
        for node in topology.nodes_of_network(id) {
            if topology.parent_on(network, Some(node)).0.is_some() {
                continue;
            }
            let first = &network.node_parents[0];
            out.push(
                Diagnostic::new(
                    Code::NodeParentMissing,
                    network.name.span,
                    format!(
                        "network `{}` is used on node `{}` but has no parent there",
                        network.name.value,
                        node_name(topology, node)
                    ),
                )
                .note(format!("no parent on `{}`", node_name(topology, node)))
                .related(first.parent.span, "parents are given per node")
                .help(format!(
                    "add `parent IFNAME on {}`, or a `parent IFNAME` for every node",
                    node_name(topology, node)
                )),
            );
        }
    }
}

/// `range-too-small`, `node-range-overlap` and `node-range-missing`.
pub fn node_ranges(cx: &Context, out: &mut Vec<Diagnostic>) {
    let topology = cx.topology;
    if topology.nodes.is_empty() {
        return;
    }
    for (id, network) in topology.networks.iter().enumerate() {
        if network.external {
            continue;
        }
        let users = topology.nodes_of_network(id);
        for subnet in &network.subnets {
            match topology.node_ranges(id, subnet) {
                NodeRanges::TooSmall { range, nodes } => {
                    let span = subnet.range.as_ref().map_or(subnet.prefix.span, |r| r.span);
                    let names: Vec<&str> = users.iter().map(|&n| node_name(topology, n)).collect();
                    out.push(
                        Diagnostic::new(
                            Code::RangeTooSmall,
                            span,
                            format!(
                                "`{range}` of network `{}` is too small to split between its {nodes} nodes ({})",
                                network.name.value,
                                names.join(", ")
                            ),
                        )
                        .note("too few addresses")
                        .help("each node needs an aligned block of at least two addresses: give a larger `range`, or one per node with `range PREFIX on NODE`"),
                    );
                }
                NodeRanges::Given(given) => {
                    let spans: Vec<Span> =
                        subnet.node_ranges.iter().map(|r| r.range.span).collect();
                    for (i, &(a, range_a)) in given.iter().enumerate() {
                        for (j, &(b, range_b)) in given.iter().enumerate().skip(i + 1) {
                            let (ma, mb) = (ip::masked(range_a), ip::masked(range_b));
                            if !(ip::within(ma, mb) || ip::within(mb, ma)) {
                                continue;
                            }
                            let what = if a == b {
                                format!("node `{}` is given two ranges", node_name(topology, a))
                            } else {
                                format!(
                                    "the ranges of nodes `{}` and `{}` overlap",
                                    node_name(topology, a),
                                    node_name(topology, b)
                                )
                            };
                            out.push(
                                Diagnostic::new(
                                    Code::NodeRangeOverlap,
                                    spans[j],
                                    format!("{what} in network `{}`: `{range_a}` and `{range_b}`", network.name.value),
                                )
                                .note("overlaps")
                                .related(spans[i], "the other range")
                                .help("give each node one range, disjoint from the others', e.g. the two halves of the range"),
                            );
                        }
                    }
                    for &node in &users {
                        if given.iter().any(|&(n, _)| n == node) {
                            continue;
                        }
                        out.push(
                            Diagnostic::new(
                                Code::NodeRangeMissing,
                                subnet.prefix.span,
                                format!(
                                    "subnet `{}` of network `{}` gives ranges per node, but none for node `{}`, which uses it",
                                    subnet.prefix.value,
                                    network.name.value,
                                    node_name(topology, node)
                                ),
                            )
                            .note(format!("no range on `{}`", node_name(topology, node)))
                            .related(spans[0], "ranges given per node")
                            .help(format!(
                                "add `range PREFIX on {}`, disjoint from the other nodes' ranges",
                                node_name(topology, node)
                            )),
                        );
                    }
                }
                NodeRanges::Whole(_) | NodeRanges::Split(_) => {}
            }
        }
    }
}

/// `ip-in-node-range`: a static address in another node's range.
pub fn ip_in_node_range(cx: &Context, out: &mut Vec<Diagnostic>) {
    let topology = cx.topology;
    if topology.nodes.len() < 2 {
        return;
    }
    for container in &topology.containers {
        let Some(own) = topology.node_of_container(container) else {
            continue;
        };
        for attachment in &container.attachments {
            let id = attachment.network.value;
            // The Swarm's network ignores pinned addresses altogether
            // (`ip-on-swarm-network`).
            if topology.serviced(id) {
                continue;
            }
            let network = &topology.networks[id];
            for address in attachment.addresses() {
                let Some(subnet) = network.subnet_of(address.value) else {
                    continue;
                };
                let ranges = topology.node_ranges(id, subnet);
                let theirs = ranges
                    .per_node()
                    .iter()
                    .find(|&&(node, range)| node != own && range.contains(address.value));
                let Some(&(node, range)) = theirs else {
                    continue;
                };
                let mut diagnostic = Diagnostic::new(
                    Code::IpInNodeRange,
                    address.span,
                    format!(
                        "container `{}` on node `{}` has address {}, inside `{range}`, which node `{}` hands out",
                        container.name.value,
                        node_name(topology, own),
                        address.value,
                        node_name(topology, node)
                    ),
                )
                .note(format!("in `{}`'s range", node_name(topology, node)))
                .help("move the address out of every other node's range: the engine there does not know it is taken");
                if let Some(written) = subnet.node_ranges.iter().find(|r| r.node.value == node) {
                    diagnostic = diagnostic.related(written.range.span, "that node's range");
                }
                out.push(diagnostic);
            }
        }
    }
}

/// `service-unsupported` for networks a Swarm service cannot join (the
/// settings are checked as the service is read).
pub fn service_networks(cx: &Context, out: &mut Vec<Diagnostic>) {
    let topology = cx.topology;
    for service in &topology.services {
        for attachment in &service.container.attachments {
            let network = &topology.networks[attachment.network.value];
            let why = if network.external {
                "is external: a service joins the swarm network macrame builds from per-node config-only networks"
            } else if network.driver == Driver::Bridge {
                "is a bridge network, which is local to one engine"
            } else {
                continue;
            };
            out.push(
                Diagnostic::new(
                    Code::ServiceUnsupported,
                    attachment.network.span,
                    format!(
                        "service `{}` is on network `{}`, which {why}",
                        service.container.name.value, network.name.value
                    ),
                )
                .note("not a network a service can join")
                .help("put the service on a macvlan or ipvlan network of the file, or make it a `container`"),
            );
        }
    }
}

/// `ip-on-swarm-network`: a container's pinned address on the Swarm's
/// network, which the engine would ignore.
pub fn ip_on_swarm_network(cx: &Context, out: &mut Vec<Diagnostic>) {
    let topology = cx.topology;
    for container in &topology.containers {
        for attachment in &container.attachments {
            let id = attachment.network.value;
            if !topology.serviced(id) {
                continue;
            }
            let network = &topology.networks[id];
            let pinned = attachment
                .addresses()
                .map(|a| (a.span, a.value.to_string()))
                .chain(attachment.mac.iter().map(|m| (m.span, m.value.to_string())));
            for (span, value) in pinned {
                out.push(
                    Diagnostic::new(
                        Code::IpOnSwarmNetwork,
                        span,
                        format!(
                            "container `{}` pins {value} on network `{}`, which services use: the Swarm gives containers there an address of its node's range and ignores this one",
                            container.name.value, network.name.value
                        ),
                    )
                    .note("ignored by the engine")
                    .help("delete it (`macrame ps` shows the address given), or put the container on a network no service uses"),
                );
            }
        }
    }
}
