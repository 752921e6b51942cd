//! What plan refuses before anything is applied: each refusal names the
//! object, what is wrong on this host, and how to fix it.

use super::spec::Specs;
use super::{Action, Change, Existing, Kind};
use crate::model::ip;
use crate::object::Object;
use crate::observed::{DockerNetwork, HostLink, ImageState, Observed, parse_link_mark};
use ipnetwork::IpNetwork;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Refusal {
    /// Said as `network lan`, `parent eth0`, ...
    #[serde(serialize_with = "super::options::as_text")]
    pub object: Object,
    pub problem: String,
    pub fix: String,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}\n  fix: {}", self.object, self.problem, self.fix)
    }
}

pub(super) fn refuse(object: Object, problem: String, fix: impl Into<String>) -> Refusal {
    Refusal {
        object,
        problem,
        fix: fix.into(),
    }
}

pub fn check(specs: &Specs, observed: &Observed) -> Vec<Refusal> {
    let mut out = Vec::new();
    if observed.host_unseen {
        unseen_host(specs, observed, &mut out);
    } else {
        parents(specs, observed, &mut out);
    }
    shared_parents(specs, observed, &mut out);
    names(specs, observed, &mut out);
    overlaps(specs, observed, &mut out);
    kernel(specs, observed, &mut out);
    images(specs, observed, &mut out);
    endpoint_macs(specs, observed, &mut out);
    ipv6_only(specs, observed, &mut out);
    volumes(specs, observed, &mut out);
    externals(specs, observed, &mut out);
    published_gateways(specs, observed, &mut out);
    for shim in &specs.shims {
        if specs
            .networks
            .iter()
            .any(|n| n.docker_name == shim.network && n.external)
        {
            out.push(refuse(
                Object::Shim(shim.name.clone()),
                format!(
                    "its network `{}` is external: macrame cannot reserve the shim's address in its IPAM, so the engine could give it to a container",
                    shim.network
                ),
                "reserve the address where the network is made (`--aux-address`), and make the shim by hand, or declare the network in this file",
            ));
        }
    }
    for shim in specs.shims.iter().filter(|s| s.parent.is_empty()) {
        out.push(refuse(
            Object::Shim(shim.name.clone()),
            format!(
                "its network `{}` has no parent interface to put the shim on",
                shim.network
            ),
            "give the network a `parent`",
        ));
    }
    out
}

/// An external volume must be there; a project volume's name must not be
/// taken by a volume the project does not own (Compose: "volume exists
/// but was not created by Docker Compose").
fn volumes(specs: &Specs, observed: &Observed, out: &mut Vec<Refusal>) {
    for spec in &specs.volumes {
        let seen = observed.volumes.iter().find(|v| v.name == spec.docker_name);
        match seen {
            None if spec.external => out.push(refuse(
                Object::Volume(spec.name.clone()),
                format!("it is declared external, but there is no volume `{}`", spec.docker_name),
                format!(
                    "create it (`docker volume create {}`), or drop `external` to let macrame make it",
                    spec.docker_name
                ),
            )),
            Some(volume) if !spec.external && volume.project() != Some(specs.project.as_str()) => {
                out.push(refuse(
                    Object::Volume(spec.name.clone()),
                    format!(
                        "a volume `{}` exists and is not this project's",
                        spec.docker_name
                    ),
                    "declare it `external` to use it as it is, or give the volume another `name`",
                ))
            }
            _ => {}
        }
    }
}

/// The engine maps a container's ports only on the network it takes the
/// default route from. From API 1.48 macrame gives that to the bridge
/// (`gw_priority`) and moves the route; before it the engine's own order
/// decides (networks with a gateway, IPv6 first, then by Docker name), so
/// the bridge must come first in it, or the ports go nowhere.
fn published_gateways(specs: &Specs, observed: &Observed, out: &mut Vec<Refusal>) {
    let Some(engine) = &observed.engine else {
        return;
    };
    if engine.gw_priority() {
        return;
    }
    for container in specs
        .containers
        .iter()
        .filter(|c| !c.options.ports.is_empty())
    {
        let Some(bridge) = container.endpoints.iter().find(|e| e.bridge) else {
            continue;
        };
        let candidates = container.endpoints.iter().filter_map(|e| {
            let network = specs.networks.iter().find(|n| n.docker_name == e.network)?;
            // The engine gives every network a gateway when the file
            // does not (the first address), except an ipvlan in l3 mode.
            let gateway = !(network.driver == crate::model::Driver::Ipvlan && network.mode != "l2");
            (gateway && !network.internal).then_some((!network.ipv6, network.docker_name.as_str()))
        });
        let Some((_, chosen)) = candidates.min() else {
            continue;
        };
        if chosen != bridge.network {
            out.push(refuse(
                Object::container(container.name.clone()),
                format!(
                    "it publishes ports through `{}`, but engine {} (API before 1.48) takes its default route, and maps ports, from `{chosen}`, the first by its order",
                    bridge.network, engine.version_text
                ),
                format!(
                    "give the bridge network a `name` that sorts before `{chosen}` (e.g. `name \"{}-{}\"`), or upgrade the engine to 28.0 or later",
                    specs.project,
                    specs.network_name(&bridge.network)
                ),
            ));
        }
    }
}

/// An external network must be there, and be what the file says of it:
/// the addresses the linter checked against its subnets must hold.
fn externals(specs: &Specs, observed: &Observed, out: &mut Vec<Refusal>) {
    for spec in specs.networks.iter().filter(|n| n.external && !n.swarm) {
        let object = Object::network(spec.name.clone());
        let Some(network) = observed
            .networks
            .iter()
            .find(|n| n.name == spec.docker_name)
        else {
            out.push(refuse(
                object,
                format!(
                    "it is declared external, but there is no Docker network `{}`",
                    spec.docker_name
                ),
                "create it first (by hand or with the project that owns it), or drop `external` to let macrame make it",
            ));
            continue;
        };
        let mut differs = Vec::new();
        if spec.driver_written && network.driver != spec.driver.as_str() {
            differs.push(format!(
                "its driver is {}, not {}",
                network.driver, spec.driver
            ));
        }
        if let Some(parent) = &spec.parent
            && network.options.get("parent") != Some(parent)
        {
            let seen = network.options.get("parent").map_or("none", String::as_str);
            differs.push(format!("its parent is {seen}, not {parent}"));
        }
        let declared: BTreeSet<String> =
            spec.subnets.iter().map(|s| s.subnet.to_string()).collect();
        let seen: BTreeSet<String> = network.subnets.iter().cloned().collect();
        if !declared.is_empty() && declared != seen {
            differs.push(format!(
                "its subnets are {}, not {}",
                seen.into_iter().collect::<Vec<_>>().join(", "),
                declared.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
        if !differs.is_empty() {
            out.push(refuse(
                object,
                format!("external Docker network `{}` differs from the file: {}", spec.docker_name, differs.join("; ")),
                "declare it as it is (`docker network inspect`), or fix the network where it is made",
            ));
        }
    }
}

/// The host interfaces the file builds on (not its own vlans), and who
/// uses each.
fn host_parents(specs: &Specs) -> BTreeMap<&str, Vec<Object>> {
    let own: BTreeSet<&str> = specs.vlans.iter().map(|v| v.name.as_str()).collect();
    let mut parents: BTreeMap<&str, Vec<Object>> = BTreeMap::new();
    for vlan in &specs.vlans {
        parents
            .entry(&vlan.parent)
            .or_default()
            .push(Object::Vlan(vlan.name.clone()));
    }
    // An external network's parent is its maker's to check.
    for network in specs.networks.iter().filter(|n| !n.external) {
        if let Some(parent) = &network.parent {
            parents
                .entry(parent)
                .or_default()
                .push(Object::network(network.name.clone()));
        }
    }
    parents.retain(|name, _| !own.contains(name));
    parents
}

/// An engine on another machine makes its own Docker objects; the host's
/// links there are out of reach.
fn unseen_host(specs: &Specs, observed: &Observed, out: &mut Vec<Refusal>) {
    // Setting a container's default route from here means entering its
    // namespace through its process, which is another machine's.
    if let Some(engine) = &observed.engine {
        for container in specs
            .containers
            .iter()
            .filter(|c| c.default_route.is_some() && c.routes_in_namespace(engine))
        {
            out.push(refuse(
                Object::container(container.name.clone()),
                format!(
                    "its `gateway` needs its default route set inside it, which engine {} (API before 1.48, or published ports) leaves to macrame, and its node's engine is reached over the network",
                    engine.version_text
                ),
                "run the node on Docker 28 or later (API 1.48), or reach it through a unix:// socket on its host, or drop the `gateway` line",
            ));
        }
    }
    let links = specs
        .vlans
        .iter()
        .map(|v| (Kind::Vlan, &v.name))
        .chain(specs.shims.iter().map(|s| (Kind::Shim, &s.name)));
    for (kind, name) in links {
        out.push(refuse(
            Object::of_kind(kind, name),
            "its node's engine is reached over the network, and macrame makes host interfaces only on a host it runs on or reaches through a unix:// socket".to_string(),
            "create it on that host (run `macrame up` there with a file of its own), or make the node's parent a NIC that exists there",
        ));
    }
}

fn parents(specs: &Specs, observed: &Observed, out: &mut Vec<Refusal>) {
    for (name, users) in host_parents(specs) {
        let object = Object::Parent {
            name: name.to_string(),
            of: users,
        };
        let Some(link) = observed.link(name) else {
            out.push(refuse(
                object,
                format!("interface `{name}` does not exist on this host"),
                format!("use an existing NIC as parent (see `ip link`), or create `{name}` first"),
            ));
            continue;
        };
        // A VRF's member still passes frames up; a bridge's or bond's
        // port does not.
        let enslaved = link
            .master
            .and_then(|m| observed.link_by_index(m))
            .filter(|m| !matches!(m.kind.as_deref(), Some("vrf")));
        if let Some(master) = enslaved {
            let master = master.name.clone();
            out.push(refuse(
                object.clone(),
                format!("`{name}` is enslaved to `{master}`: a macvlan on a bridge or bond port gets no traffic"),
                format!("use `{master}` itself as parent, or release `{name}` from it (`ip link set {name} nomaster`)"),
            ));
        }
        if !link.up {
            out.push(refuse(
                object,
                format!("interface `{name}` is down"),
                format!("bring it up: `ip link set {name} up`"),
            ));
        }
    }
}

fn shared_parents(specs: &Specs, observed: &Observed, out: &mut Vec<Refusal>) {
    let Some(engine) = &observed.engine else {
        return;
    };
    if engine.shared_parent() {
        return;
    }
    let mut by_parent: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for network in &specs.networks {
        if let Some(parent) = &network.parent {
            by_parent.entry(parent).or_default().push(&network.name);
        }
    }
    for (parent, networks) in by_parent {
        if networks.len() < 2 {
            continue;
        }
        out.push(refuse(
            Object::Parent {
                name: parent.to_string(),
                of: Vec::new(),
            },
            format!(
                "networks {} share parent `{parent}`, and engine {} (before 27.0) refuses a second macvlan network on one parent",
                networks.join(", "),
                engine.version_text
            ),
            format!("give each network its own vlan on `{parent}` (`vlan ID on {parent}`), or upgrade the engine to 27.0 or later"),
        ));
    }
}

/// Names the project would use, taken by objects it does not own.
fn names(specs: &Specs, observed: &Observed, out: &mut Vec<Refusal>) {
    let project = &specs.project;
    let links = specs
        .vlans
        .iter()
        .map(|v| (Kind::Vlan, &v.name))
        .chain(specs.shims.iter().map(|s| (Kind::Shim, &s.name)));
    for (kind, name) in links {
        let Some(link) = observed.link(name) else {
            continue;
        };
        let ours = link
            .alias
            .as_deref()
            .and_then(|alias| parse_link_mark(alias, project))
            .is_some_and(|(k, n)| k == kind.as_str() && n == name);
        if !ours {
            out.push(refuse(
                Object::of_kind(kind, name),
                format!("interface `{name}` already exists and is not this project's (no `macrame:{project}:{kind}:{name}` alias)", kind = kind.as_str()),
                format!("macrame never adopts or deletes it: rename the {kind} in the file, or remove `{name}` yourself (`ip link del {name}`)", kind = kind.as_str()),
            ));
        }
    }
    for spec in specs.networks.iter().filter(|n| !n.external) {
        for network in observed
            .networks
            .iter()
            .filter(|n| n.name == spec.docker_name)
        {
            if network.project() != Some(project) {
                out.push(refuse(
                    Object::network(spec.name.clone()),
                    format!(
                        "Docker network `{}` already exists and is not this project's{}",
                        spec.docker_name,
                        network.project().map(|p| format!(" (it is project `{p}`'s)")).unwrap_or_default()
                    ),
                    format!("macrame never adopts or deletes it: give the network another `name`, or remove it yourself (`docker network rm {}`)", spec.docker_name),
                ));
            }
        }
    }
    for spec in &specs.containers {
        for container in observed
            .containers
            .iter()
            .filter(|c| c.name == spec.docker_name)
        {
            if container.project() != Some(project) {
                out.push(refuse(
                    Object::container(spec.name.clone()),
                    format!("Docker container `{}` already exists and is not this project's", spec.docker_name),
                    format!("macrame never adopts or deletes it: rename the container in the file, or remove it yourself (`docker rm -f {}`)", spec.docker_name),
                ));
            }
        }
    }
}

/// What a plan's removals would take with them. Deleting a link deletes
/// every macvlan and vlan on it (containers' interfaces included), and
/// removing a network strands the containers attached to it: refused when
/// any of that is not the plan's own doing.
pub fn consequences(project: &str, changes: &[Change], observed: &Observed) -> Vec<Refusal> {
    let mut out = Vec::new();
    let going = |kind: Kind| {
        changes
            .iter()
            .filter(move |c| c.kind == kind && c.action != Action::Create)
            .filter_map(|c| c.existing.as_ref())
    };
    let links: Vec<&HostLink> = going(Kind::Vlan)
        .chain(going(Kind::Shim))
        .filter_map(|e| match e {
            Existing::Link(link) => Some(link),
            _ => None,
        })
        .collect();
    let networks: Vec<&DockerNetwork> = going(Kind::Network)
        .filter_map(|e| match e {
            Existing::Network(network) => Some(network),
            _ => None,
        })
        .collect();
    let link_going = |name: &str| links.iter().any(|l| l.name == name);
    let network_going = |name: &str| networks.iter().any(|n| n.name == name);
    for link in &links {
        for child in observed
            .links
            .iter()
            .filter(|l| l.parent == Some(link.index) && !link_going(&l.name))
        {
            out.push(refuse(
                Object::Vlan(link.name.clone()),
                format!("it must be removed or recreated, but interface `{}` sits on it and would go with it", child.name),
                format!("remove `{}` first, or keep `{}` as it is", child.name, link.name),
            ));
        }
        for network in observed.networks.iter().filter(|n| {
            n.options.get("parent").map(String::as_str) == Some(link.name.as_str())
                && !network_going(&n.name)
        }) {
            let whose = match network.project() {
                Some(p) if p == project => "this project's, and kept".to_string(),
                Some(p) => format!("project `{p}`'s"),
                None => "not macrame's".to_string(),
            };
            out.push(refuse(
                Object::Vlan(link.name.clone()),
                format!(
                    "it must be removed or recreated, but Docker network `{}` ({whose}) has it as parent: its containers would lose their interfaces",
                    network.name
                ),
                format!("move network `{}` to another parent first, or keep `{}` in the file as it is", network.name, link.name),
            ));
        }
    }
    for network in &networks {
        let foreign: Vec<&str> = observed
            .containers
            .iter()
            .filter(|c| c.project() != Some(project) && c.endpoints.contains_key(&network.name))
            .map(|c| c.name.as_str())
            .collect();
        if !foreign.is_empty() {
            out.push(refuse(
                Object::network(network.name.clone()),
                format!(
                    "the network must be removed or recreated, but containers macrame does not own are attached (running or not): {}",
                    foreign.join(", ")
                ),
                format!("disconnect them first (`docker network disconnect {} NAME`)", network.name),
            ));
        }
    }
    out
}

fn overlaps(specs: &Specs, observed: &Observed, out: &mut Vec<Refusal>) {
    for spec in specs.networks.iter().filter(|n| !n.external) {
        for subnet in &spec.subnets {
            // A foreign network of the same name is refused on its own.
            for network in observed
                .networks
                .iter()
                // Config-only networks hold no pool (driver `null`).
                .filter(|n| {
                    n.project() != Some(&specs.project)
                        && n.name != spec.docker_name
                        && n.driver != "null"
                })
            {
                for other in &network.subnets {
                    let Ok(other) = other.parse::<IpNetwork>() else {
                        continue;
                    };
                    let (a, b) = (ip::bounds(subnet.subnet), ip::bounds(other));
                    let same_family = subnet.subnet.is_ipv4() == other.is_ipv4();
                    if same_family && a.0 <= b.1 && b.0 <= a.1 {
                        out.push(refuse(
                            Object::network(spec.name.clone()),
                            format!(
                                "subnet {} overlaps {other} of Docker network `{}`, which is not this project's",
                                subnet.subnet, network.name
                            ),
                            "choose a subnet that no other Docker network uses (`docker network inspect`)",
                        ));
                    }
                }
            }
        }
    }
}

fn kernel(specs: &Specs, observed: &Observed, out: &mut Vec<Refusal>) {
    if observed.vlan_support {
        return;
    }
    for vlan in &specs.vlans {
        if observed.link(&vlan.name).is_some() {
            continue;
        }
        out.push(refuse(
            Object::Vlan(vlan.name.clone()),
            "this kernel cannot make 802.1q vlan interfaces: the 8021q module is neither loaded nor available".to_string(),
            "load it with `modprobe 8021q` (install the kernel's modules package if that fails), or use a kernel with 802.1q support",
        ));
    }
}

fn images(specs: &Specs, observed: &Observed, out: &mut Vec<Refusal>) {
    let mut seen = BTreeSet::new();
    // A built image is made by `up` itself.
    for container in specs
        .containers
        .iter()
        .filter(|c| c.options.build.is_none())
    {
        if !seen.insert(&container.image) {
            continue;
        }
        let state = observed.images.get(&container.image);
        if container.pull == crate::model::PullPolicy::Never
            && state != Some(&ImageState::Present)
            && state.is_some()
        {
            out.push(refuse(
                Object::container(container.name.clone()),
                format!(
                    "image `{}` is not on this host, and `pull never` forbids pulling it",
                    container.image
                ),
                "load or build the image (`docker load`), or allow pulling it (`pull missing`)",
            ));
            continue;
        }
        if let Some(ImageState::Unavailable(reason)) = state {
            out.push(refuse(
                Object::container(container.name.clone()),
                format!(
                    "image `{}` is neither present nor pullable: {reason}",
                    container.image
                ),
                "build or load the image (`docker load`), or fix its name",
            ));
        }
    }
}

/// A MAC on a container's second network: engines before API 1.44 take a
/// MAC only for the network the container is created on, and connect
/// honours one only from API 1.54. Refused rather than dropped.
fn endpoint_macs(specs: &Specs, observed: &Observed, out: &mut Vec<Refusal>) {
    let Some(engine) = &observed.engine else {
        return;
    };
    if engine.endpoint_mac() {
        return;
    }
    for container in &specs.containers {
        for endpoint in container.endpoints.iter().skip(1) {
            if endpoint.mac.is_some() {
                let network = specs.network_name(&endpoint.network);
                out.push(refuse(
                    Object::container(container.name.clone()),
                    format!(
                        "engine API {}.{} cannot set a MAC on a second network (`{}`)",
                        engine.api.0, engine.api.1, network
                    ),
                    "list that network first in the container, or drop its `mac`, or use an engine with API 1.44+ (Docker 25)",
                ));
            }
        }
    }
}

/// A network with only IPv6 subnets: engines before API 1.48 cannot leave
/// IPv4 off (`EnableIPv4` needs experimental mode on 27), so they give it a
/// pool of their own (172.17.0.0/16 and the like) and every container on it
/// an address and a default route from that pool, on the parent's LAN.
fn ipv6_only(specs: &Specs, observed: &Observed, out: &mut Vec<Refusal>) {
    let Some(engine) = &observed.engine else {
        return;
    };
    if engine.ipv4_optional() {
        return;
    }
    for network in specs.networks.iter().filter(|n| n.ipv6_only) {
        out.push(refuse(
            Object::network(network.name.clone()),
            format!(
                "`{}` has only IPv6 subnets, and engine API {}.{} cannot leave IPv4 off: it would give the network an IPv4 pool of its own (172.17.0.0/16 or the like) and its containers addresses from it",
                network.name, engine.api.0, engine.api.1
            ),
            "add an IPv4 subnet to the network, or use an engine with API 1.48+ (Docker 28)",
        ));
    }
}
