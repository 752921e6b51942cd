//! What each object should be, derived from the topology: the exact
//! settings the runtime sends to the kernel and the engine. A spec's hash
//! is the config-hash label: a changed spec means a recreated object.

use super::options::{OptionsSpec, as_text, environment, options_spec};
use crate::model::ip;
use crate::model::{self, Topology};
use crate::observed::{labels, link_mark};
use ipnetwork::IpNetwork;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VlanSpec {
    pub name: String,
    pub parent: String,
    pub id: u16,
    pub mtu: Option<u32>,
    /// The interface alias marking it as the project's.
    pub mark: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SubnetSpec {
    /// With host bits cleared.
    pub subnet: IpNetwork,
    pub gateway: Option<IpAddr>,
    pub range: Option<IpNetwork>,
    /// IPAM auxiliary addresses: `reserve`s and shims' addresses.
    pub reserved: BTreeMap<String, IpAddr>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NetworkSpec {
    pub name: String,
    pub docker_name: String,
    /// Hashed by its name, and only when not macvlan.
    #[serde(skip_serializing_if = "is_macvlan", serialize_with = "as_text")]
    pub driver: model::Driver,
    /// Made elsewhere: checked, never created, changed or removed.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub external: bool,
    /// `driver` was written: an external network's is checked only then.
    #[serde(skip)]
    pub driver_written: bool,
    /// The Swarm's network (see `model::Network::swarm`): external to a
    /// node's plan, and not checked there (a worker sees it only once
    /// something of its own is on it).
    #[serde(skip)]
    pub swarm: bool,
    /// The macvlan mode, or the ipvlan mode; empty for a bridge.
    pub mode: String,
    pub parent: Option<String>,
    pub internal: bool,
    pub ipv6: bool,
    /// Only IPv6 subnets: the engine must leave IPv4 off, or it takes a
    /// pool of its own for the network. Hashed only when set, so that the
    /// config hash of every other network stays what it was.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub ipv6_only: bool,
    pub subnets: Vec<SubnetSpec>,
    /// All labels: the user's and macrame's own (hash aside).
    pub labels: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShimSpec {
    pub name: String,
    pub network: String,
    /// On an ipvlan network, the shim is an ipvlan of this mode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ipvlan_mode: Option<String>,
    /// The network's parent: the shim is a bridge-mode macvlan on it.
    pub parent: String,
    pub address: IpNetwork,
    pub routes: Vec<IpNetwork>,
    pub mark: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EndpointSpec {
    /// The Docker network's name.
    pub network: String,
    /// On a bridge network: where a publishing container's ports are
    /// mapped (not config: the network's own spec says it).
    #[serde(skip)]
    pub bridge: bool,
    pub ip: Option<Ipv4Addr>,
    pub ip6: Option<Ipv6Addr>,
    pub mac: Option<String>,
    pub aliases: Vec<String>,
}

/// The network that carries a container's default route, and its gateways.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteSpec {
    pub network: String,
    pub gateway4: Option<IpAddr>,
    pub gateway6: Option<IpAddr>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ContainerSpec {
    pub name: String,
    pub docker_name: String,
    pub image: String,
    pub command: Vec<String>,
    pub hostname: Option<String>,
    pub env: Vec<String>,
    /// Hashed as `docker run --restart` writes it.
    #[serde(serialize_with = "as_text")]
    pub restart: model::RestartPolicy,
    /// In the file's order: the first is the one the container is created
    /// on when the engine takes only one network at create.
    pub endpoints: Vec<EndpointSpec>,
    pub default_route: Option<RouteSpec>,
    /// Names in the file.
    pub depends_on: Vec<String>,
    pub labels: BTreeMap<String, String>,
    /// Version 2's settings, each hashed only when set.
    #[serde(flatten)]
    pub options: OptionsSpec,
    /// What each dependency must reach before this one starts (names in
    /// the file); only `started` when absent. Start order, not config:
    /// not hashed.
    #[serde(skip)]
    pub conditions: Vec<(String, model::Condition)>,
    #[serde(skip)]
    pub pull: model::PullPolicy,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VolumeSpec {
    pub name: String,
    pub docker_name: String,
    /// Made elsewhere: only checked to exist.
    pub external: bool,
    pub driver: Option<String>,
    pub labels: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Specs {
    pub project: String,
    pub vlans: Vec<VlanSpec>,
    pub networks: Vec<NetworkSpec>,
    pub shims: Vec<ShimSpec>,
    pub containers: Vec<ContainerSpec>,
    pub volumes: Vec<VolumeSpec>,
}

fn is_macvlan(driver: &model::Driver) -> bool {
    *driver == model::Driver::Macvlan
}

impl ContainerSpec {
    /// Whether macrame sets the default route inside the container after
    /// it starts, rather than through the endpoint's `gw_priority`: on
    /// engines before API 1.48, and for a container that publishes ports.
    /// The engine maps ports only on the network that carries the
    /// default route (28.0 publishes nothing when that is a macvlan), so
    /// the engine must keep its own choice, the bridge, and macrame moves
    /// the route.
    pub fn routes_in_namespace(&self, info: &crate::engine::EngineInfo) -> bool {
        !info.gw_priority() || !self.options.ports.is_empty()
    }
}

/// A stable 64-bit FNV-1a hash of the spec's JSON, in hex: only equality
/// matters, and it must not change between releases of a dependency.
pub fn config_hash<T: Serialize>(spec: &T) -> String {
    let json = serde_json::to_vec(spec).expect("specs serialise");
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in json {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{hash:016x}")
}

fn own_labels(project: &str, resource: String) -> BTreeMap<String, String> {
    BTreeMap::from([
        (labels::PROJECT.to_string(), project.to_string()),
        (labels::RESOURCE.to_string(), resource),
    ])
}

/// The key a shim's address is reserved under in its network's IPAM.
pub fn shim_reservation(shim: &str) -> String {
    format!("macrame-shim-{shim}")
}

impl Specs {
    /// The specs of a topology that lints without errors.
    pub fn new(topology: &Topology) -> Specs {
        let project = topology.project.name.clone();
        let vlans = topology
            .vlans
            .iter()
            .map(|vlan| VlanSpec {
                name: vlan.name.value.clone(),
                parent: vlan.parent.value.clone(),
                id: vlan.id.value,
                mtu: vlan.mtu.as_ref().map(|m| m.value),
                mark: link_mark(&project, "vlan", &vlan.name.value),
            })
            .collect();
        let mut networks: Vec<NetworkSpec> = topology
            .networks
            .iter()
            .map(|network| network_spec(&project, network))
            .collect();
        let mut shims = Vec::new();
        for shim in &topology.shims {
            let (Some(network), Some(address)) = (&shim.network, &shim.address) else {
                continue;
            };
            let model_network = &topology.networks[network.value];
            let spec = &mut networks[network.value];
            // Docker must never hand the shim's address to a container;
            // when the file reserves it already, that reservation is the
            // shim's (IPAM refuses one address under two keys).
            if let Some(subnet) = spec
                .subnets
                .iter_mut()
                .find(|s| ip::contains(s.subnet, address.value.ip()))
                && !subnet.reserved.values().any(|a| *a == address.value.ip())
            {
                subnet
                    .reserved
                    .insert(shim_reservation(&shim.name.value), address.value.ip());
            }
            shims.push(ShimSpec {
                name: shim.name.value.clone(),
                network: spec.docker_name.clone(),
                ipvlan_mode: (model_network.driver == model::Driver::Ipvlan)
                    .then(|| model_network.ipvlan_mode.as_str().to_string()),
                parent: model_network
                    .parent
                    .as_ref()
                    .map(|p| p.value.clone())
                    .unwrap_or_default(),
                address: address.value,
                routes: shim.routes.iter().map(|r| ip::masked(r.value)).collect(),
                mark: link_mark(&project, "shim", &shim.name.value),
            });
        }
        let containers = topology
            .containers
            .iter()
            .map(|container| container_spec(&project, topology, container))
            .collect();
        let volumes = topology
            .volumes
            .iter()
            .map(|volume| {
                let mut labels = own_labels(&project, format!("volume:{}", volume.name.value));
                for (key, value) in &volume.labels {
                    labels.entry(key.clone()).or_insert_with(|| value.clone());
                }
                VolumeSpec {
                    name: volume.name.value.clone(),
                    docker_name: volume.docker_name.clone(),
                    external: volume.external,
                    driver: volume.driver.clone(),
                    labels,
                }
            })
            .collect();
        Specs {
            project,
            vlans,
            networks,
            shims,
            containers,
            volumes,
        }
    }

    pub fn network(&self, docker_name: &str) -> Option<&NetworkSpec> {
        self.networks.iter().find(|n| n.docker_name == docker_name)
    }

    /// A Docker network's name in the file, for messages.
    pub fn network_name<'a>(&'a self, docker_name: &'a str) -> &'a str {
        self.network(docker_name)
            .map_or(docker_name, |n| n.name.as_str())
    }
}

pub(crate) fn network_spec(project: &str, network: &model::Network) -> NetworkSpec {
    let mut labels = own_labels(project, format!("network:{}", network.name.value));
    for (key, value) in &network.labels {
        labels.insert(key.clone(), value.clone());
    }
    NetworkSpec {
        name: network.name.value.clone(),
        docker_name: network.docker_name.value.clone(),
        driver: network.driver,
        external: network.external || network.swarm,
        swarm: network.swarm,
        driver_written: network.driver_span.is_some(),
        mode: match network.driver {
            model::Driver::Macvlan => network.mode.as_str().to_string(),
            model::Driver::Ipvlan => network.ipvlan_mode.as_str().to_string(),
            model::Driver::Bridge => String::new(),
        },
        parent: network.parent.as_ref().map(|p| p.value.clone()),
        internal: network.internal,
        ipv6: network.has_ipv6(),
        ipv6_only: !network.subnets.is_empty()
            && network.subnets.iter().all(|s| s.prefix.value.is_ipv6()),
        subnets: network
            .subnets
            .iter()
            .map(|subnet| SubnetSpec {
                subnet: ip::masked(subnet.prefix.value),
                gateway: subnet.gateways.first().map(|g| g.value),
                range: subnet.range.as_ref().map(|r| ip::masked(r.value)),
                reserved: subnet
                    .reserved
                    .iter()
                    .map(|r| (r.name.clone(), r.address.value))
                    .collect(),
            })
            .collect(),
        labels,
    }
}

pub(crate) fn container_spec(
    project: &str,
    topology: &Topology,
    container: &model::Container,
) -> ContainerSpec {
    let docker_network = |id: usize| topology.networks[id].docker_name.value.clone();
    let endpoints = container
        .attachments
        .iter()
        .map(|attachment| EndpointSpec {
            network: docker_network(attachment.network.value),
            bridge: topology.networks[attachment.network.value].driver == model::Driver::Bridge,
            ip: attachment.ip.as_ref().map(|ip| ip.value),
            ip6: attachment.ip6.as_ref().map(|ip| ip.value),
            mac: attachment.mac.as_ref().map(|mac| mac.value.to_string()),
            aliases: attachment.aliases.clone(),
        })
        .collect();
    let default_route = container.gateway.as_ref().map(|gateway| {
        let network = &topology.networks[gateway.value];
        let first = |v4: bool| {
            network
                .subnets
                .iter()
                .filter(|s| s.prefix.value.is_ipv4() == v4)
                .find_map(|s| s.gateways.first().map(|g| g.value))
        };
        RouteSpec {
            network: network.docker_name.value.clone(),
            gateway4: first(true),
            gateway6: first(false),
        }
    });
    ContainerSpec {
        name: container.name.value.clone(),
        docker_name: container.docker_name.clone(),
        image: match (&container.image, &container.options.build) {
            (Some(image), _) => image.value.clone(),
            // Compose's name for a built image without `image`.
            (None, Some(_)) => container.docker_name.to_lowercase(),
            (None, None) => String::new(),
        },
        command: container.command.clone(),
        hostname: container.hostname.clone(),
        env: environment(container),
        restart: container.restart,
        endpoints,
        default_route,
        depends_on: container
            .depends_on
            .iter()
            .map(|d| topology.containers[d.value].name.value.clone())
            .collect(),
        labels: {
            let mut labels = own_labels(project, format!("container:{}", container.name.value));
            for (key, value) in &container.options.labels {
                // macrame's own marks are not the user's to change.
                labels.entry(key.clone()).or_insert_with(|| value.clone());
            }
            labels
        },
        options: options_spec(topology, container),
        conditions: container
            .options
            .conditions
            .iter()
            .map(|(id, condition)| (topology.containers[*id].name.value.clone(), condition.value))
            .collect(),
        pull: container.options.pull,
    }
}
