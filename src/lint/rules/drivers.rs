//! What each network driver allows: ipvlan and macvlan never share a
//! parent, a bridge has none, and ipvlan endpoints have no MAC of their own.

use super::interfaces::by_parent;
use crate::diagnostic::{Code, Diagnostic};
use crate::lint::Context;
use crate::model::Driver;

/// The kernel holds a device in one mode: creating an ipvlan child on a
/// device with macvlan children (or the other way) fails with EBUSY.
pub fn parent_driver_mixed(cx: &Context, out: &mut Vec<Diagnostic>) {
    let networks = &cx.topology.networks;
    for (parent, ids) in by_parent(cx) {
        let first = &networks[ids[0]];
        let Some(&other) = ids.iter().find(|&&id| networks[id].driver != first.driver) else {
            continue;
        };
        let other = &networks[other];
        let span = |n: &crate::model::Network| n.parent.as_ref().expect("grouped by parent").span;
        out.push(
            Diagnostic::new(
                Code::ParentDriverMixed,
                span(other),
                format!(
                    "{} network `{}` and {} network `{}` share parent `{parent}`",
                    other.driver, other.name.value, first.driver, first.name.value
                ),
            )
            .note(format!("{} on a {} parent", other.driver, first.driver))
            .related(span(first), format!("{} network on it", first.driver))
            .help(format!(
                "the kernel refuses ipvlan and macvlan children on one device: give one its own vlan, e.g. `vlan 20 on {parent}` and `parent {parent}.20`, or make both `driver {}`",
                first.driver
            )),
        );
    }
    // A macvlan shim on an ipvlan parent is the same clash, made by us.
    for shim in &cx.topology.shims {
        let Some(network) = &shim.network else {
            continue;
        };
        let target = &networks[network.value];
        let Some(parent) = &target.parent else {
            continue;
        };
        if target.driver != Driver::Macvlan {
            continue;
        }
        if let Some(ipvlan) = networks.iter().find(|n| {
            n.driver == Driver::Ipvlan && n.parent.as_ref().is_some_and(|p| p.value == parent.value)
        }) {
            out.push(
                Diagnostic::new(
                    Code::ParentDriverMixed,
                    shim.name.span,
                    format!(
                        "shim `{}` would be a macvlan on `{}`, which ipvlan network `{}` uses",
                        shim.name.value, parent.value, ipvlan.name.value
                    ),
                )
                .note("macvlan shim on an ipvlan parent")
                .related(ipvlan.name.span, "ipvlan network")
                .help("put the shim on the ipvlan network instead: it is then an ipvlan of the same mode"),
            );
        }
    }
}

pub fn bridge_parent(cx: &Context, out: &mut Vec<Diagnostic>) {
    for network in &cx.topology.networks {
        if network.driver != Driver::Bridge {
            continue;
        }
        if let Some(parent) = &network.parent {
            out.push(
                Diagnostic::new(
                    Code::BridgeParent,
                    parent.span,
                    format!(
                        "bridge network `{}` cannot sit on parent `{}`",
                        network.name.value, parent.value
                    ),
                )
                .note("a parent on a bridge network")
                .help("a Docker bridge is a switch of its own: delete the `parent` line, or make the network `driver macvlan` to put it on the NIC"),
            );
        }
    }
    for shim in &cx.topology.shims {
        let Some(network) = &shim.network else {
            continue;
        };
        let target = &cx.topology.networks[network.value];
        if target.driver == Driver::Bridge {
            out.push(
                Diagnostic::new(
                    Code::BridgeParent,
                    network.span,
                    format!(
                        "shim `{}` is on bridge network `{}`",
                        shim.name.value, target.name.value
                    ),
                )
                .note("a shim on a bridge network")
                .help("the host is on a Docker bridge already and reaches its containers without a shim: remove the shim"),
            );
        }
    }
}

/// Every ipvlan child has its parent's MAC: that is what ipvlan is for.
pub fn ipvlan_mac(cx: &Context, out: &mut Vec<Diagnostic>) {
    for container in &cx.topology.containers {
        for attachment in &container.attachments {
            let network = &cx.topology.networks[attachment.network.value];
            let Some(mac) = &attachment.mac else { continue };
            if network.driver != Driver::Ipvlan {
                continue;
            }
            out.push(
                Diagnostic::new(
                    Code::IpvlanMac,
                    mac.span,
                    format!(
                        "container `{}` gives a MAC on ipvlan network `{}`",
                        container.name.value, network.name.value
                    ),
                )
                .note("ipvlan endpoints share the parent's MAC")
                .help("delete the `mac` line, or use a macvlan network if the container needs a MAC of its own"),
            );
        }
    }
}
