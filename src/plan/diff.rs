//! Desired against observed, object by object: what to create, recreate
//! and remove, and why.

use super::spec::{ContainerSpec, NetworkSpec, ShimSpec, Specs, VlanSpec, config_hash};
use super::{Action, Change, Desired, Existing, Kind};
use crate::observed::{
    DockerContainer, DockerNetwork, HostLink, Observed, labels, parse_link_mark,
};
use std::collections::{BTreeSet, HashMap};

pub fn diff(specs: &Specs, observed: &Observed) -> Vec<Change> {
    let project = specs.project.as_str();
    let mut removals = Vec::new();
    let mut builds = Vec::new();

    // vlans
    let mut rebuilt_links: BTreeSet<String> = BTreeSet::new();
    for spec in &specs.vlans {
        let existing = owned_link(observed, project, "vlan", &spec.name);
        let cause = match existing {
            None => Some("missing".to_string()),
            Some(link) => vlan_drift(spec, link, observed),
        };
        if let Some(cause) = cause {
            rebuilt_links.insert(spec.name.clone());
            builds.push(change(
                existing.is_some(),
                Kind::Vlan,
                &spec.name,
                cause,
                Desired::Vlan(spec.clone()),
                existing.cloned().map(Existing::Link),
            ));
        }
    }
    // A vlan's parent rebuilt takes the vlan with it, however deep.
    let mut grew = true;
    while grew {
        grew = false;
        for spec in &specs.vlans {
            if rebuilt_links.contains(&spec.parent) && !rebuilt_links.contains(&spec.name) {
                let existing = owned_link(observed, project, "vlan", &spec.name).cloned();
                rebuilt_links.insert(spec.name.clone());
                builds.push(change(
                    true,
                    Kind::Vlan,
                    &spec.name,
                    format!("parent {} recreated", spec.parent),
                    Desired::Vlan(spec.clone()),
                    existing.map(Existing::Link),
                ));
                grew = true;
            }
        }
    }

    // networks
    let mut rebuilt_networks: BTreeSet<String> = BTreeSet::new();
    for spec in specs.networks.iter().filter(|n| !n.external) {
        let existing = observed
            .networks
            .iter()
            .find(|n| n.name == spec.docker_name && n.project() == Some(project));
        let cause = match existing {
            None => Some("missing".to_string()),
            Some(network) => network_drift(spec, network).or_else(|| {
                let parent = spec.parent.as_ref()?;
                rebuilt_links
                    .contains(parent)
                    .then(|| format!("parent {parent} recreated"))
            }),
        };
        if let Some(cause) = cause {
            rebuilt_networks.insert(spec.docker_name.clone());
            builds.push(change(
                existing.is_some(),
                Kind::Network,
                &spec.name,
                cause,
                Desired::Network(spec.clone()),
                existing.cloned().map(Existing::Network),
            ));
        }
    }

    // shims
    for spec in &specs.shims {
        let existing = owned_link(observed, project, "shim", &spec.name);
        let cause = match existing {
            None => Some("missing".to_string()),
            Some(link) => shim_drift(spec, link, observed).or_else(|| {
                rebuilt_links
                    .contains(&spec.parent)
                    .then(|| format!("parent {} recreated", spec.parent))
            }),
        };
        if let Some(cause) = cause {
            builds.push(change(
                existing.is_some(),
                Kind::Shim,
                &spec.name,
                cause,
                Desired::Shim(spec.clone()),
                existing.cloned().map(Existing::Link),
            ));
        }
    }

    // volumes: made when missing, never changed (a volume's data is the
    // user's), removed only by `down --volumes`
    for spec in specs.volumes.iter().filter(|v| !v.external) {
        let exists = observed.volumes.iter().any(|v| v.name == spec.docker_name);
        if !exists {
            builds.push(change(
                false,
                Kind::Volume,
                &spec.name,
                "missing".to_string(),
                Desired::Volume(spec.clone()),
                None,
            ));
        }
    }

    // containers, in the order they must start
    for spec in start_order(&specs.containers) {
        let existing = observed
            .containers
            .iter()
            .find(|c| c.name == spec.docker_name && c.project() == Some(project));
        let cause = match existing {
            None => Some("missing".to_string()),
            Some(container) => container_drift(spec, container)
                .or_else(|| {
                    spec.endpoints
                        .iter()
                        .find(|e| rebuilt_networks.contains(&e.network))
                        .map(|e| format!("network {} recreated", specs.network_name(&e.network)))
                })
                .or_else(|| {
                    // One that others wait to complete is done once it
                    // exited 0: starting it again would run it twice.
                    let completed = container.exited_ok && waited_to_complete(specs, &spec.name);
                    (!container.running && !completed)
                        .then(|| format!("not running ({})", container.state))
                })
                .or_else(|| {
                    let route = spec.default_route.as_ref()?;
                    let seen = observed.default_gateways.get(&spec.docker_name)?;
                    let wanted = route
                        .gateway4
                        .iter()
                        .chain(&route.gateway6)
                        .find(|gateway| !seen.contains(gateway))?;
                    Some(format!(
                        "default route not via {wanted}: the engine put its own back"
                    ))
                }),
        };
        if let Some(cause) = cause {
            builds.push(change(
                existing.is_some(),
                Kind::Container,
                &spec.name,
                cause,
                Desired::Container(spec.clone()),
                existing.cloned().map(Existing::Container),
            ));
        }
    }

    // What the project owns and the file no longer has.
    let gone = "no longer in the file".to_string();
    for container in observed
        .containers
        .iter()
        .filter(|c| c.project() == Some(project))
    {
        if !specs
            .containers
            .iter()
            .any(|s| s.docker_name == container.name)
        {
            removals.push(remove(
                Kind::Container,
                container.file_name(),
                gone.clone(),
                Existing::Container(container.clone()),
            ));
        }
    }
    for (link, kind) in observed.owned_links(project) {
        let (kind, listed) = match kind {
            "shim" => (Kind::Shim, specs.shims.iter().any(|s| s.name == link.name)),
            "vlan" => (Kind::Vlan, specs.vlans.iter().any(|s| s.name == link.name)),
            _ => continue,
        };
        if !listed {
            removals.push(remove(
                kind,
                link.name.clone(),
                gone.clone(),
                Existing::Link(link.clone()),
            ));
        }
    }
    for network in observed
        .networks
        .iter()
        .filter(|n| n.project() == Some(project))
    {
        if !specs.networks.iter().any(|s| s.docker_name == network.name) {
            removals.push(remove(
                Kind::Network,
                network.file_name(),
                gone.clone(),
                Existing::Network(network.clone()),
            ));
        }
    }
    // Removal order: containers, shims, networks, vlans (children first).
    removals.sort_by_key(|c| match c.kind {
        Kind::Container => 0,
        Kind::Shim => 1,
        Kind::Network => 2,
        Kind::Vlan => 3,
        Kind::Volume => 4,
        Kind::Service => 5,
    });
    removals.extend(builds);
    removals
}

/// Whether some container waits for `name` to complete.
pub fn waited_to_complete(specs: &Specs, name: &str) -> bool {
    specs.containers.iter().any(|c| {
        c.conditions.iter().any(|(dependency, condition)| {
            dependency == name && *condition == crate::model::Condition::Completed
        })
    })
}

fn change(
    exists: bool,
    kind: Kind,
    name: &str,
    cause: String,
    desired: Desired,
    existing: Option<Existing>,
) -> Change {
    Change {
        action: if exists {
            Action::Recreate
        } else {
            Action::Create
        },
        kind,
        name: name.to_string(),
        cause,
        desired: Some(desired),
        existing,
    }
}

fn remove(kind: Kind, name: String, cause: String, existing: Existing) -> Change {
    Change {
        action: Action::Remove,
        kind,
        name,
        cause,
        desired: None,
        existing: Some(existing),
    }
}

fn owned_link<'a>(
    observed: &'a Observed,
    project: &str,
    kind: &str,
    name: &str,
) -> Option<&'a HostLink> {
    let link = observed.link(name)?;
    let (k, n) = parse_link_mark(link.alias.as_deref()?, project)?;
    (k == kind && n == name).then_some(link)
}

fn link_name(observed: &Observed, index: Option<u32>) -> String {
    index
        .and_then(|i| observed.link_by_index(i))
        .map_or_else(|| "?".to_string(), |l| l.name.clone())
}

fn vlan_drift(spec: &VlanSpec, link: &HostLink, observed: &Observed) -> Option<String> {
    if link.kind.as_deref() != Some("vlan") {
        return Some(format!(
            "not a vlan ({})",
            link.kind.as_deref().unwrap_or("plain")
        ));
    }
    let parent = link_name(observed, link.parent);
    if parent != spec.parent {
        return Some(format!("parent {parent} → {}", spec.parent));
    }
    if link.vlan_id != Some(spec.id) {
        return Some(format!(
            "id {} → {}",
            link.vlan_id.map_or("?".into(), |i| i.to_string()),
            spec.id
        ));
    }
    if let Some(mtu) = spec.mtu
        && link.mtu != Some(mtu)
    {
        return Some(format!(
            "mtu {} → {mtu}",
            link.mtu.map_or("?".into(), |m| m.to_string())
        ));
    }
    None
}

fn shim_drift(spec: &ShimSpec, link: &HostLink, observed: &Observed) -> Option<String> {
    match &spec.ipvlan_mode {
        None if link.kind.as_deref() != Some("macvlan")
            || link.macvlan_mode.as_deref() != Some("bridge") =>
        {
            return Some("not a bridge-mode macvlan".to_string());
        }
        Some(mode)
            if link.kind.as_deref() != Some("ipvlan")
                || link.ipvlan_mode.as_deref() != Some(mode.as_str()) =>
        {
            return Some(format!("not an {mode} ipvlan"));
        }
        _ => {}
    }
    let parent = link_name(observed, link.parent);
    if parent != spec.parent {
        return Some(format!("parent {parent} → {}", spec.parent));
    }
    if !link.addresses.contains(&spec.address) {
        let had = link
            .addresses
            .first()
            .map_or("none".to_string(), |a| a.to_string());
        return Some(format!("address {had} → {}", spec.address));
    }
    if !link.up {
        return Some("down".to_string());
    }
    let routes: Vec<&crate::observed::HostRoute> = observed
        .routes
        .iter()
        .filter(|r| r.interface == link.index)
        .collect();
    for route in &spec.routes {
        // The kernel's connected route may already be the one asked for.
        if !routes.iter().any(|r| r.destination == *route) {
            return Some(format!("route {route} missing"));
        }
    }
    for route in routes.iter().filter(|r| !r.kernel) {
        if !spec.routes.contains(&route.destination) {
            return Some(format!("route {} no longer in the file", route.destination));
        }
    }
    None
}

fn network_drift(spec: &NetworkSpec, network: &DockerNetwork) -> Option<String> {
    if network.labels.get(labels::CONFIG_HASH) == Some(&config_hash(spec)) {
        return None;
    }
    let subnets: Vec<String> = spec.subnets.iter().map(|s| s.subnet.to_string()).collect();
    if subnets != network.subnets {
        return Some(format!(
            "subnets {} → {}",
            network.subnets.join(", "),
            subnets.join(", ")
        ));
    }
    let parent = network.options.get("parent").cloned().unwrap_or_default();
    if spec.parent.clone().unwrap_or_default() != parent {
        return Some(format!(
            "parent {parent} → {}",
            spec.parent.clone().unwrap_or_default()
        ));
    }
    if network.driver != spec.driver.as_str() {
        return Some(format!("driver {} → {}", network.driver, spec.driver));
    }
    let mode = match spec.driver.mode_option() {
        // The engine's own defaults when the option is absent.
        Some(key) => network.options.get(key).cloned().unwrap_or_else(|| {
            if spec.driver == crate::model::Driver::Ipvlan {
                "l2"
            } else {
                "bridge"
            }
            .into()
        }),
        None => String::new(),
    };
    if mode != spec.mode {
        return Some(format!("mode {mode} → {}", spec.mode));
    }
    let reserved: std::collections::BTreeMap<String, String> = spec
        .subnets
        .iter()
        .flat_map(|s| s.reserved.iter().map(|(k, v)| (k.clone(), v.to_string())))
        .collect();
    if reserved != network.reserved {
        let mut changes: Vec<String> = Vec::new();
        for (key, address) in &reserved {
            if network.reserved.get(key) != Some(address) {
                changes.push(format!("+{key} {address}"));
            }
        }
        for (key, address) in &network.reserved {
            if !reserved.contains_key(key) {
                changes.push(format!("-{key} {address}"));
            }
        }
        return Some(format!("reserved addresses {}", changes.join(", ")));
    }
    if network.internal != spec.internal {
        return Some(
            if spec.internal {
                "now internal"
            } else {
                "no longer internal"
            }
            .to_string(),
        );
    }
    Some("settings changed".to_string())
}

fn container_drift(spec: &ContainerSpec, container: &DockerContainer) -> Option<String> {
    // A MAC the container lost while its settings stayed: connect before
    // API 1.54 ignores one, so a container put back on a restored network
    // comes up with the engine's own.
    if container.running {
        for endpoint in &spec.endpoints {
            let seen = container
                .endpoints
                .get(&endpoint.network)
                .and_then(|e| e.mac.as_deref());
            if let (Some(mac), Some(seen)) = (endpoint.mac.as_deref(), seen)
                && !mac.eq_ignore_ascii_case(seen)
            {
                return Some(format!("mac {seen} → {mac}"));
            }
        }
    }
    if container.labels.get(labels::CONFIG_HASH) == Some(&config_hash(spec)) {
        return None;
    }
    if container.image != spec.image {
        return Some(format!("image {} → {}", container.image, spec.image));
    }
    for endpoint in &spec.endpoints {
        let Some(seen) = container.endpoints.get(&endpoint.network) else {
            return Some(format!("network {} added", endpoint.network));
        };
        if let Some(ip) = endpoint.ip
            && seen.ip != Some(ip.into())
        {
            let had = seen.ip.map_or("none".to_string(), |ip| ip.to_string());
            return Some(format!("ip {had} → {ip}"));
        }
        if let Some(ip6) = endpoint.ip6
            && seen.ip6 != Some(ip6.into())
        {
            let had = seen.ip6.map_or("none".to_string(), |ip| ip.to_string());
            return Some(format!("ip6 {had} → {ip6}"));
        }
    }
    for network in container.endpoints.keys() {
        if !spec.endpoints.iter().any(|e| &e.network == network) {
            return Some(format!("network {network} removed"));
        }
    }
    Some("settings changed".to_string())
}

/// Containers ordered so that each comes after what it depends on, file
/// order otherwise (the linter has ruled out cycles).
pub fn start_order(containers: &[ContainerSpec]) -> Vec<&ContainerSpec> {
    let index: HashMap<&str, usize> = containers
        .iter()
        .enumerate()
        .map(|(i, c)| (c.name.as_str(), i))
        .collect();
    let mut placed = vec![false; containers.len()];
    let mut order = Vec::with_capacity(containers.len());
    fn visit<'a>(
        i: usize,
        containers: &'a [ContainerSpec],
        index: &HashMap<&str, usize>,
        placed: &mut [bool],
        order: &mut Vec<&'a ContainerSpec>,
        depth: usize,
    ) {
        if placed[i] || depth > containers.len() {
            return;
        }
        placed[i] = true;
        for dependency in &containers[i].depends_on {
            if let Some(&j) = index.get(dependency.as_str()) {
                visit(j, containers, index, placed, order, depth + 1);
            }
        }
        order.push(&containers[i]);
    }
    for i in 0..containers.len() {
        visit(i, containers, &index, &mut placed, &mut order, 0);
    }
    order
}
