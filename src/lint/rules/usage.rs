//! Declarations nothing uses.

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::Context;

pub fn unused_network(cx: &Context, out: &mut Vec<Diagnostic>) {
    for (id, network) in cx.topology.networks.iter().enumerate() {
        let serviced = cx.topology.services.iter().any(|s| {
            s.container
                .attachments
                .iter()
                .any(|a| a.network.value == id)
        });
        if !cx.endpoints[id].is_empty() || !cx.shims[id].is_empty() || serviced {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::UnusedNetwork,
                network.name.span,
                format!("no container or shim uses network `{}`", network.name.value),
            )
            .note("unused")
            .help(format!(
                "attach a container (`network {}` in its block) or remove the network",
                network.name.value
            )),
        );
    }
}

pub fn unused_vlan(cx: &Context, out: &mut Vec<Diagnostic>) {
    let topology = cx.topology;
    let mut used = vec![false; topology.vlans.len()];
    for network in &topology.networks {
        for vlan in network
            .parent_vlan
            .iter()
            .chain(network.node_parents.iter().filter_map(|p| p.vlan.as_ref()))
        {
            used[*vlan] = true;
        }
    }
    // A vlan may be another vlan's parent (802.1ad stacking).
    let by_name: std::collections::HashMap<&str, usize> = topology
        .vlans
        .iter()
        .enumerate()
        .map(|(i, v)| (v.name.value.as_str(), i))
        .collect();
    for vlan in &topology.vlans {
        if let Some(&parent) = by_name.get(vlan.parent.value.as_str()) {
            used[parent] = true;
        }
    }
    for (vlan, used) in topology.vlans.iter().zip(used) {
        if used {
            continue;
        }
        out.push(
            Diagnostic::new(
                Code::UnusedVlan,
                vlan.name.span,
                format!("no network uses vlan `{}`", vlan.name.value),
            )
            .note("unused")
            .help(format!(
                "use it as a network's parent (`parent {}`) or remove it",
                vlan.name.value
            )),
        );
    }
}
