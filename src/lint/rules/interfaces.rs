//! Host interfaces: parents, vlans and shims.

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::Context;
use crate::model::ip;
use crate::model::{Driver, MacvlanMode, NetworkId};
use std::collections::HashMap;

pub fn no_parent(cx: &Context, out: &mut Vec<Diagnostic>) {
    for network in &cx.topology.networks {
        // A bridge takes no parent; an external network's is not ours.
        if network.internal
            || network.parent.is_some()
            || !network.node_parents.is_empty()
            || network.driver == Driver::Bridge
            || network.external
        {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::NoParent,
                network.name.span,
                format!("network `{}` has no parent interface", network.name.value),
            )
            .note("no parent")
            .help("add `parent IFNAME` (the host NIC or vlan it sits on), or mark it `internal`: without a parent Docker makes a dummy link and the network is internal anyway"),
        );
    }
}

/// Networks grouped by parent, in file order (bridge networks, which
/// have none, left out).
pub(super) fn by_parent<'a>(cx: &'a Context) -> Vec<(&'a str, Vec<NetworkId>)> {
    let mut order: Vec<(&str, Vec<NetworkId>)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (id, network) in cx.topology.networks.iter().enumerate() {
        let Some(parent) = &network.parent else {
            continue;
        };
        if network.driver == Driver::Bridge {
            continue;
        }
        let slot = *index.entry(&parent.value).or_insert_with(|| {
            order.push((&parent.value, Vec::new()));
            order.len() - 1
        });
        order[slot].1.push(id);
    }
    order
}

pub fn parent_shared(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (parent, networks) in by_parent(cx) {
        let passthru = networks
            .iter()
            .any(|&id| cx.topology.networks[id].mode == MacvlanMode::Passthru);
        let first_driver = cx.topology.networks[networks[0]].driver;
        let mixed = networks
            .iter()
            .any(|&id| cx.topology.networks[id].driver != first_driver);
        // With passthru or mixed drivers it is an error, reported on its own.
        if networks.len() < 2 || passthru || mixed {
            continue;
        }
        let first = &cx.topology.networks[networks[0]];
        for &id in &networks[1..] {
            let network = &cx.topology.networks[id];
            let span = network.parent.as_ref().expect("grouped by parent").span;
            out.push(
                Diagnostic::new(
                    Code::ParentShared,
                    span,
                    format!(
                        "networks `{}` and `{}` share parent `{parent}`",
                        first.name.value, network.name.value
                    ),
                )
                .note("second network on this parent")
                .related(first.parent.as_ref().expect("grouped by parent").span, "first network on it")
                .help(format!(
                    "engines before 27.0 refuse a second macvlan network on one parent, and the two share one broadcast domain: give each its own vlan, e.g. `vlan 10 on {parent}` and `parent {parent}.10`"
                )),
            );
        }
    }
}

/// The kernel allows one passthru macvlan per device, and it takes the
/// whole device: one endpoint, nothing else on its parent.
pub fn passthru_single_endpoint(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (id, network) in cx.topology.networks.iter().enumerate() {
        if network.mode != MacvlanMode::Passthru {
            continue;
        }
        let name = &network.name.value;
        let help = "a passthru network takes its parent whole: give the other endpoints their own network on another parent (or vlan), or use `mode bridge`";
        let endpoints = &cx.endpoints[id];
        if let Some(&(first, _)) = endpoints.first() {
            for &(container, index) in &endpoints[1..] {
                let attachment = &cx.topology.containers[container].attachments[index];
                let first_span = cx.topology.containers[first]
                    .attachments
                    .iter()
                    .find(|a| a.network.value == id)
                    .expect("attached")
                    .network
                    .span;
                out.push(
                    Diagnostic::new(
                        Code::PassthruSingleEndpoint,
                        attachment.network.span,
                        format!(
                            "container `{}` is a second endpoint on passthru network `{name}`",
                            cx.container_name(container)
                        ),
                    )
                    .note("second endpoint")
                    .related(
                        first_span,
                        format!("`{}` already holds it", cx.container_name(first)),
                    )
                    .help(help),
                );
            }
        }
        for &shim in &cx.shims[id] {
            let shim = &cx.topology.shims[shim];
            out.push(
                Diagnostic::new(
                    Code::PassthruSingleEndpoint,
                    shim.network.as_ref().expect("on this network").span,
                    format!("shim `{}` is on passthru network `{name}`", shim.name.value),
                )
                .note("a shim is another endpoint")
                .help(help),
            );
        }
        let Some(parent) = &network.parent else {
            continue;
        };
        for (other_id, other) in cx.topology.networks.iter().enumerate() {
            if other_id == id || other.parent.as_ref().map(|p| &p.value) != Some(&parent.value) {
                continue;
            }
            // Report each pair once, on the later network.
            let both_passthru = other.mode == MacvlanMode::Passthru;
            if both_passthru && other_id < id {
                continue;
            }
            let span = other.parent.as_ref().expect("same parent").span;
            let (first, second) = if other_id > id {
                (parent.span, span)
            } else {
                (span, parent.span)
            };
            out.push(
                Diagnostic::new(
                    Code::PassthruSingleEndpoint,
                    second,
                    format!(
                        "network `{}` shares parent `{}` with passthru network `{name}`",
                        other.name.value, parent.value
                    ),
                )
                .note("same parent as a passthru network")
                .related(first, "the other network on this parent")
                .help(help),
            );
        }
    }
}

pub fn vlan_id_range(cx: &Context, out: &mut Vec<Diagnostic>) {
    for vlan in &cx.topology.vlans {
        if (1..=4094).contains(&vlan.id.value) {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::VlanIdRange,
                vlan.id.span,
                format!(
                    "vlan id {} of `{}` is outside 1..4094",
                    vlan.id.value, vlan.name.value
                ),
            )
            .note("not a usable vlan id")
            .help("802.1q ids run from 1 to 4094 (0 and 4095 are reserved)"),
        );
    }
}

pub fn vlan_duplicate(cx: &Context, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<(&str, u16), usize> = HashMap::new();
    for (index, vlan) in cx.topology.vlans.iter().enumerate() {
        let Some(&first) = seen.get(&(vlan.parent.value.as_str(), vlan.id.value)) else {
            seen.insert((&vlan.parent.value, vlan.id.value), index);
            continue;
        };
        let first = &cx.topology.vlans[first];
        out.push(
            Diagnostic::new(
                Code::VlanDuplicate,
                vlan.name.span,
                format!(
                    "vlans `{}` and `{}` are both id {} on `{}`",
                    first.name.value, vlan.name.value, vlan.id.value, vlan.parent.value
                ),
            )
            .note("same parent and id")
            .related(first.name.span, "first declared here")
            .help("the kernel allows one sub-interface per id and parent: remove one, or give it another id"),
        );
    }
}

pub fn vlan_name_mismatch(cx: &Context, out: &mut Vec<Diagnostic>) {
    for vlan in &cx.topology.vlans {
        if !vlan.named {
            continue;
        }
        let Some((parent, id)) = vlan.name.value.rsplit_once('.') else {
            continue;
        };
        let Ok(id) = id.parse::<u16>() else { continue };
        if parent == vlan.parent.value && id == vlan.id.value {
            continue;
        }
        let meant = format!("{}.{}", vlan.parent.value, vlan.id.value);
        out.push(
            Diagnostic::new(
                Code::VlanNameMismatch,
                vlan.name.span,
                format!(
                    "vlan `{}` is named like id {id} on `{parent}`, but is id {} on `{}`",
                    vlan.name.value, vlan.id.value, vlan.parent.value
                ),
            )
            .note("the name says otherwise")
            .related(
                if parent != vlan.parent.value {
                    vlan.parent.span
                } else {
                    vlan.id.span
                },
                "the setting it disagrees with",
            )
            .help(format!("rename it `{meant}`, or fix its `parent` and `id`")),
        );
    }
}

pub fn shim_mode(cx: &Context, out: &mut Vec<Diagnostic>) {
    for shim in &cx.topology.shims {
        let Some(network) = &shim.network else {
            continue;
        };
        let target = &cx.topology.networks[network.value];
        // An ipvlan shim takes its network's mode; a bridge gets its own rule.
        if target.driver != Driver::Macvlan
            || matches!(target.mode, MacvlanMode::Bridge | MacvlanMode::Passthru)
        {
            // Passthru has its own, stronger rule.
            continue;
        }
        let mut diagnostic = Diagnostic::new(
            Code::ShimMode,
            network.span,
            format!(
                "shim `{}` is on network `{}`, whose mode is {}",
                shim.name.value, target.name.value, target.mode
            ),
        )
        .note("not a bridge-mode network")
        .help(format!(
            "a shim is a bridge-mode macvlan and reaches its siblings only in bridge mode: set `mode bridge` on `{}`, or remove the shim",
            target.name.value
        ));
        if let Some(mode) = target.mode_span {
            diagnostic = diagnostic.related(mode, "mode set here");
        }
        out.push(diagnostic);
    }
}

pub fn shim_route_outside(cx: &Context, out: &mut Vec<Diagnostic>) {
    for shim in &cx.topology.shims {
        let Some(network) = &shim.network else {
            continue;
        };
        let network = &cx.topology.networks[network.value];
        for route in &shim.routes {
            if network
                .subnets
                .iter()
                .any(|s| ip::within(ip::masked(route.value), ip::masked(s.prefix.value)))
            {
                continue;
            }
            out.push(
                Diagnostic::new(
                    Code::ShimRouteOutside,
                    route.span,
                    format!(
                        "route `{}` of shim `{}` lies outside network `{}`'s subnets",
                        route.value, shim.name.value, network.name.value
                    ),
                )
                .note("outside the network")
                .help("a shim routes to its own network's containers: use a prefix inside one of its subnets, such as its range"),
            );
        }
    }
}
