//! What keeps macrame from cutting the host off its own LAN, and what it
//! needs from outside the host. Refusals here are the ones `--force` may
//! override (the reason is echoed as a warning then): taking over the
//! interface that carries the default route or the session's address,
//! a shim that would take an address the host has, a removal that would
//! take the host's own addresses along. Warnings name a parent that works
//! only with help from its access point, hypervisor or switch.

use super::checks::Refusal;
use super::checks::refuse;
use super::spec::Specs;
use super::{Action, Change, Existing, Kind};
use crate::object::Object;
use crate::observed::{HostLink, Observed};
use ipnetwork::IpNetwork;
use std::collections::{BTreeMap, BTreeSet};

/// Drivers of hypervisors' virtual NICs: they drop frames for MACs the
/// hypervisor did not assign unless its side allows them.
const VIRTUAL_DRIVERS: [&str; 5] = ["virtio_net", "vmxnet3", "hv_netvsc", "xen-netfront", "ena"];
/// Emulated real NICs: virtual only when the host runs under a hypervisor.
const EMULATED_DRIVERS: [&str; 3] = ["e1000", "e1000e", "8139cp"];

/// The host's lifelines: the interfaces its default routes and the
/// session's address are on, with their lower links (a vlan's NIC), each
/// with why.
fn lifelines(observed: &Observed) -> BTreeMap<u32, String> {
    let mut out: BTreeMap<u32, String> = BTreeMap::new();
    for route in observed
        .routes
        .iter()
        .filter(|r| r.destination.prefix() == 0)
    {
        out.entry(route.interface)
            .or_insert_with(|| "it carries the host's default route".to_string());
    }
    if let Some(session) = observed.session_address {
        for link in observed
            .links
            .iter()
            .filter(|l| l.addresses.iter().any(|a| a.ip() == session))
        {
            out.insert(
                link.index,
                format!("it holds {session}, the address this session runs over"),
            );
        }
    }
    let mut pending: Vec<(u32, String)> = out.iter().map(|(i, r)| (*i, r.clone())).collect();
    while let Some((index, reason)) = pending.pop() {
        let Some(link) = observed.link_by_index(index) else {
            continue;
        };
        if let Some(lower) = link.parent.and_then(|p| observed.link_by_index(p))
            && !out.contains_key(&lower.index)
        {
            let reason = format!("{} through {}", reason.replacen("it ", "", 1), link.name);
            let reason = format!("it {reason}");
            out.insert(lower.index, reason.clone());
            pending.push((lower.index, reason));
        }
    }
    out
}

fn host_addresses(link: &HostLink) -> Vec<IpNetwork> {
    link.addresses
        .iter()
        .copied()
        .filter(|a| !matches!(a, IpNetwork::V6(v6) if v6.ip().is_unicast_link_local()))
        .collect()
}

/// Whether the plan makes (or remakes) the object: what is there already
/// was judged when it was made, and a warning each plan would be noise.
fn made(changes: &[Change], kind: Kind, name: &str) -> bool {
    changes
        .iter()
        .any(|c| c.kind == kind && c.name == name && c.action != Action::Remove)
}

/// What would cut the host off: refused unless forced.
pub fn refusals(specs: &Specs, changes: &[Change], observed: &Observed) -> Vec<Refusal> {
    let mut out = Vec::new();
    let lifelines = lifelines(observed);
    for network in specs
        .networks
        .iter()
        .filter(|n| !n.external && made(changes, Kind::Network, &n.name))
    {
        let Some(parent) = network.parent.as_deref() else {
            continue;
        };
        let Some(link) = observed.link(parent) else {
            continue;
        };
        if network.driver == crate::model::Driver::Macvlan
            && network.mode == "passthru"
            && let Some(why) = lifelines.get(&link.index)
        {
            out.push(refuse(
                Object::network(network.name.clone()),
                format!(
                    "it is a passthru macvlan on `{parent}`, which it takes over whole, and {why}: the host would lose its way out"
                ),
                format!(
                    "use `mode bridge` on `{parent}`, or a NIC of its own for passthru; `--force` if the host has another way in"
                ),
            ));
        }
    }
    // Links the plan removes give their addresses back first.
    let going: BTreeSet<&str> = changes
        .iter()
        .filter(|c| c.action == Action::Remove)
        .filter_map(|c| match &c.existing {
            Some(Existing::Link(link)) => Some(link.name.as_str()),
            _ => None,
        })
        .collect();
    for shim in specs
        .shims
        .iter()
        .filter(|s| made(changes, Kind::Shim, &s.name))
    {
        let ip = shim.address.ip();
        for link in observed
            .links
            .iter()
            .filter(|l| l.name != shim.name && !going.contains(l.name.as_str()))
        {
            if host_addresses(link).iter().any(|a| a.ip() == ip) {
                let lifeline = lifelines
                    .get(&link.index)
                    .map(|why| format!(" ({why})"))
                    .unwrap_or_default();
                out.push(refuse(
                    Object::Shim(shim.name.clone()),
                    format!(
                        "its address {ip} is the host's own, on `{}`{lifeline}: the shim would take it",
                        link.name
                    ),
                    "give the shim a free address of the network's subnet".to_string(),
                ));
            }
        }
    }
    for change in changes
        .iter()
        .filter(|c| c.action != Action::Create && matches!(c.kind, Kind::Vlan | Kind::Shim))
    {
        let Some(Existing::Link(link)) = &change.existing else {
            continue;
        };
        // macrame puts no address on a vlan, and one on a shim: the
        // first, as its record reads it. IPv6 ones other than the
        // session's may be the LAN's autoconfiguration, not the host's
        // own choice.
        let skip = usize::from(change.kind == Kind::Shim);
        let theirs: Vec<String> = host_addresses(link)
            .into_iter()
            .skip(skip)
            .filter(|a| a.is_ipv4() || Some(a.ip()) == observed.session_address)
            .map(|a| a.to_string())
            .collect();
        if theirs.is_empty() {
            continue;
        }
        let lifeline = lifelines
            .get(&link.index)
            .map(|why| format!(", and {why}"))
            .unwrap_or_default();
        out.push(refuse(
            Object::of_kind(change.kind, &link.name),
            format!(
                "to {} it would take the host's own address{} {} along{lifeline}",
                change.action.as_str(),
                if theirs.len() == 1 { "" } else { "es" },
                theirs.join(", ")
            ),
            format!(
                "move the address{} to another interface first; `--force` if the host has another way in",
                if theirs.len() == 1 { "" } else { "es" }
            ),
        ));
    }
    out
}

/// What the parents need from outside the host, each with what to do.
pub fn warnings(specs: &Specs, changes: &[Change], observed: &Observed) -> Vec<String> {
    let mut out = Vec::new();
    let own: BTreeSet<&str> = specs.vlans.iter().map(|v| v.name.as_str()).collect();
    // The host's own link under a name, through the file's vlans.
    let root = |name: &str| -> String {
        let mut name = name.to_string();
        while let Some(vlan) = specs.vlans.iter().find(|v| v.name == name) {
            name = vlan.parent.clone();
        }
        name
    };
    let mut macvlan_on: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for network in specs
        .networks
        .iter()
        .filter(|n| !n.external && made(changes, Kind::Network, &n.name))
    {
        if let (Some(parent), crate::model::Driver::Macvlan) =
            (network.parent.as_deref(), network.driver)
        {
            macvlan_on
                .entry(root(parent))
                .or_default()
                .push(network.name.as_str());
        }
    }
    for (parent, networks) in &macvlan_on {
        let Some(link) = observed.link(parent) else {
            continue;
        };
        let users = networks.join(", ");
        if link.wireless {
            out.push(format!(
                "parent {parent} (of {users}): `{parent}` is wireless, and access points drop frames from macvlan's extra MAC addresses; use `driver ipvlan` for these networks"
            ));
        }
        let driver = link.driver.as_deref().unwrap_or("");
        if VIRTUAL_DRIVERS.contains(&driver)
            || (observed.hypervisor && EMULATED_DRIVERS.contains(&driver))
        {
            out.push(format!(
                "parent {parent} (of {users}): `{parent}` is a hypervisor's virtual NIC ({driver}), which drops frames for MAC addresses the hypervisor did not give it; allow them on the host side (promiscuous mode and forged transmits on VMware, MAC address spoofing on Hyper-V, a trusted or promiscuous bridge on KVM), or use `driver ipvlan`"
            ));
        }
    }
    let mut tags: BTreeMap<&str, Vec<u16>> = BTreeMap::new();
    for vlan in specs
        .vlans
        .iter()
        .filter(|v| made(changes, Kind::Vlan, &v.name))
    {
        if !own.contains(vlan.parent.as_str())
            && observed
                .link(&vlan.parent)
                .is_some_and(|l| l.kind.is_none())
        {
            tags.entry(&vlan.parent).or_default().push(vlan.id);
        }
    }
    for (parent, mut ids) in tags {
        ids.sort_unstable();
        ids.dedup();
        let ids: Vec<String> = ids.iter().map(u16::to_string).collect();
        out.push(format!(
            "parent {parent}: the switch port of {parent} must carry tagged vlan{} {}",
            if ids.len() == 1 { "" } else { "s" },
            ids.join(", ")
        ));
    }
    out
}

/// A vlan's MTU above its parent's: the kernel refuses it (ERANGE), so
/// `up` would fail half way. Not a matter of `--force`.
pub fn mtus(specs: &Specs, observed: &Observed) -> Vec<Refusal> {
    // What a parent's MTU will be: a vlan of the file's gets its own, or
    // its parent's (the kernel gives a new vlan its parent's); a NIC has
    // the host's. Depth-bounded: a cycle is the linter's to report.
    let mtu_of = |name: &str| -> Option<u32> {
        let mut name = name;
        for _ in 0..=specs.vlans.len() {
            match specs.vlans.iter().find(|v| v.name == name) {
                Some(vlan) if vlan.mtu.is_some() => return vlan.mtu,
                Some(vlan) => name = &vlan.parent,
                None => return observed.link(name)?.mtu,
            }
        }
        None
    };
    specs
        .vlans
        .iter()
        .filter_map(|vlan| {
            let mtu = vlan.mtu?;
            let parent_mtu = mtu_of(&vlan.parent)?;
            (mtu > parent_mtu).then(|| {
                refuse(
                    Object::Vlan(vlan.name.clone()),
                    format!(
                        "its mtu {mtu} is above its parent's ({parent_mtu}), which the kernel refuses"
                    ),
                    if specs.vlans.iter().any(|v| v.name == vlan.parent) {
                        format!(
                            "give vlan {} `mtu {mtu}` or more in the file, or lower this one's",
                            vlan.parent
                        )
                    } else {
                        format!(
                            "raise the parent's first (`ip link set {} mtu {mtu}`), or lower the vlan's",
                            vlan.parent
                        )
                    },
                )
            })
        })
        .collect()
}
