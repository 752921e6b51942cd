//! The types of the resolved topology.

use super::MacAddr;
use super::options::{ContainerOptions, Volume};
use crate::span::{Span, Spanned};
use ipnetwork::IpNetwork;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::PathBuf;

/// Index of a network in `Topology::networks`.
pub type NetworkId = usize;
/// Index of a container in `Topology::containers`.
pub type ContainerId = usize;
/// Index of a vlan in `Topology::vlans`.
pub type VlanId = usize;
/// Index of a node in `Topology::nodes`.
pub type NodeId = usize;

#[derive(Debug, Clone, Default)]
pub struct Topology {
    pub project: Project,
    /// Host NICs the file declares with `parent`.
    pub parents: Vec<Spanned<String>>,
    pub vlans: Vec<Vlan>,
    pub networks: Vec<Network>,
    pub shims: Vec<Shim>,
    pub containers: Vec<Container>,
    pub volumes: Vec<Volume>,
    /// The engines of a LAN spanning several hosts; none: the local one.
    pub nodes: Vec<Node>,
    /// Docker Swarm services.
    pub services: Vec<Service>,
    /// The topology file's directory: relative bind mounts, build
    /// contexts and env files are read from it.
    pub base_dir: PathBuf,
    /// Names of objects that could not be read or resolved: references to
    /// them are not reported again.
    pub broken: Vec<String>,
}

#[derive(Debug, Clone, Default)]
pub struct Project {
    pub name: String,
    /// Where `project NAME` is written; `None` when it comes from the
    /// directory name.
    pub span: Option<Span>,
}

/// An 802.1q sub-interface macrame creates.
#[derive(Debug, Clone)]
pub struct Vlan {
    /// The interface name: as written, or `PARENT.ID` for the short form.
    pub name: Spanned<String>,
    pub parent: Spanned<String>,
    pub id: Spanned<u16>,
    pub mtu: Option<Spanned<u32>>,
    /// Whether the name was written (`vlan eth0.50 { ... }`) rather than
    /// derived (`vlan 50 on eth0`).
    pub named: bool,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum MacvlanMode {
    #[default]
    Bridge,
    Vepa,
    Private,
    Passthru,
}

impl MacvlanMode {
    pub const ALL: [MacvlanMode; 4] = [Self::Bridge, Self::Vepa, Self::Private, Self::Passthru];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bridge => "bridge",
            Self::Vepa => "vepa",
            Self::Private => "private",
            Self::Passthru => "passthru",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|mode| mode.as_str() == name)
    }
}

impl fmt::Display for MacvlanMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Which Docker network driver a network uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Driver {
    #[default]
    Macvlan,
    Ipvlan,
    Bridge,
}

impl Driver {
    pub const ALL: [Driver; 3] = [Self::Macvlan, Self::Ipvlan, Self::Bridge];

    /// The engine's driver option that holds a network's mode.
    pub fn mode_option(self) -> Option<&'static str> {
        match self {
            Self::Macvlan => Some("macvlan_mode"),
            Self::Ipvlan => Some("ipvlan_mode"),
            Self::Bridge => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Macvlan => "macvlan",
            Self::Ipvlan => "ipvlan",
            Self::Bridge => "bridge",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|driver| driver.as_str() == name)
    }
}

impl fmt::Display for Driver {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An ipvlan network's mode (ip-link(8)): l2 switches frames by MAC
/// among the children, l3 and l3s route, with no broadcast or multicast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum IpvlanMode {
    #[default]
    L2,
    L3,
    L3s,
}

impl IpvlanMode {
    pub const ALL: [IpvlanMode; 3] = [Self::L2, Self::L3, Self::L3s];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::L2 => "l2",
            Self::L3 => "l3",
            Self::L3s => "l3s",
        }
    }

    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|mode| mode.as_str() == name)
    }
}

impl fmt::Display for IpvlanMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone)]
pub struct Network {
    pub name: Spanned<String>,
    pub driver: Driver,
    /// Where `driver` is written.
    pub driver_span: Option<Span>,
    /// The mode of an ipvlan network (`mode` is then left at its default).
    pub ipvlan_mode: IpvlanMode,
    /// Made elsewhere: never created, changed or removed, only checked.
    pub external: bool,
    /// In a node's share of a file with services: the Swarm's network,
    /// which the Swarm stage makes (config-only networks on each node,
    /// one swarm-scoped network from them); the node's containers only
    /// join it.
    pub swarm: bool,
    /// `<project>_<name>`, or the network's `name` setting.
    pub docker_name: Spanned<String>,
    pub mode: MacvlanMode,
    pub mode_span: Option<Span>,
    /// The host interface or declared vlan the macvlan sits on.
    pub parent: Option<Spanned<String>>,
    /// Set when `parent` names a vlan of this file.
    pub parent_vlan: Option<VlanId>,
    /// `parent X on NODE`: a node's own parent, instead of `parent`.
    pub node_parents: Vec<NodeParent>,
    pub subnets: Vec<Subnet>,
    pub internal: bool,
    pub labels: Vec<(String, String)>,
    /// Gateways, ranges and reserved addresses written at network level
    /// that no subnet contains: only ever set on a file with errors.
    pub unplaced: Vec<Unplaced>,
    /// A `gateway` was written, valid or not: one the lowering rejected
    /// (`invalid-address`) is not also reported missing.
    pub gateway_written: bool,
    pub span: Span,
}

impl Network {
    pub fn gateways(&self) -> impl Iterator<Item = &Spanned<IpAddr>> {
        self.subnets.iter().flat_map(|subnet| &subnet.gateways)
    }

    pub fn has_gateway(&self) -> bool {
        self.gateways().next().is_some()
    }

    pub fn has_ipv6(&self) -> bool {
        self.subnets
            .iter()
            .any(|subnet| subnet.prefix.value.is_ipv6())
    }

    /// The subnet containing `address`, if any.
    pub fn subnet_of(&self, address: IpAddr) -> Option<&Subnet> {
        self.subnets
            .iter()
            .find(|subnet| subnet.prefix.value.contains(address))
    }
}

#[derive(Debug, Clone)]
pub struct Subnet {
    /// As written, host bits and all: the linter reports them.
    pub prefix: Spanned<IpNetwork>,
    /// Normally one; several only in a file with a `duplicate-gateway`.
    pub gateways: Vec<Spanned<IpAddr>>,
    pub range: Option<Spanned<IpNetwork>>,
    /// `range P on NODE`: the part of the subnet each node hands out.
    pub node_ranges: Vec<NodeRange>,
    pub reserved: Vec<Reserved>,
}

/// `parent enp3s0 on core`.
#[derive(Debug, Clone)]
pub struct NodeParent {
    pub node: Spanned<NodeId>,
    pub parent: Spanned<String>,
    /// Set when the parent is a vlan of this file.
    pub vlan: Option<VlanId>,
}

/// `range 192.168.2.128/26 on edge`.
#[derive(Debug, Clone)]
pub struct NodeRange {
    pub node: Spanned<NodeId>,
    pub range: Spanned<IpNetwork>,
}

#[derive(Debug, Clone)]
pub struct Reserved {
    /// The IPAM auxiliary-address key.
    pub name: String,
    pub address: Spanned<IpAddr>,
}

#[derive(Debug, Clone)]
pub enum Unplaced {
    Gateway(Spanned<IpAddr>),
    Range(Spanned<IpNetwork>),
    NodeRange(NodeRange),
    Reserve(Reserved),
}

/// A macvlan interface on the host itself, so the host can reach the
/// network's containers.
#[derive(Debug, Clone)]
pub struct Shim {
    pub name: Spanned<String>,
    pub network: Option<Spanned<NetworkId>>,
    pub address: Option<Spanned<IpNetwork>>,
    pub routes: Vec<Spanned<IpNetwork>>,
    /// The node whose host it is on, in a file of several hosts.
    pub node: Option<Spanned<NodeId>>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RestartPolicy {
    #[default]
    No,
    Always,
    UnlessStopped,
    OnFailure(Option<u32>),
}

impl RestartPolicy {
    pub const NAMES: [&'static str; 4] = ["no", "always", "unless-stopped", "on-failure"];

    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "no" => Self::No,
            "always" => Self::Always,
            "unless-stopped" => Self::UnlessStopped,
            "on-failure" => Self::OnFailure(None),
            _ => {
                let count = text.strip_prefix("on-failure:")?;
                Self::OnFailure(Some(count.parse().ok()?))
            }
        })
    }
}

impl fmt::Display for RestartPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::No => f.write_str("no"),
            Self::Always => f.write_str("always"),
            Self::UnlessStopped => f.write_str("unless-stopped"),
            Self::OnFailure(None) => f.write_str("on-failure"),
            Self::OnFailure(Some(count)) => write!(f, "on-failure:{count}"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Container {
    pub name: Spanned<String>,
    /// `<project>-<name>`.
    pub docker_name: String,
    pub image: Option<Spanned<String>>,
    pub command: Vec<String>,
    pub hostname: Option<String>,
    pub env: Vec<(String, String)>,
    /// In the order written; Docker's own default-route choice is not this
    /// order (see `lint::default_gateway`).
    pub attachments: Vec<Attachment>,
    pub gateway: Option<Spanned<NetworkId>>,
    /// A `gateway` line was written, resolved or not: an unknown network
    /// there is reported once, not again as an ambiguous default route.
    pub gateway_written: bool,
    pub depends_on: Vec<Spanned<ContainerId>>,
    pub restart: RestartPolicy,
    /// Where `name` is written, when the Docker name is the file's own.
    pub name_span: Option<Span>,
    pub options: ContainerOptions,
    /// `node NAME`: the engine it runs on, in a file of several hosts.
    pub node: Option<Spanned<NodeId>>,
    pub span: Span,
}

/// An engine of a LAN that spans several hosts.
#[derive(Debug, Clone)]
pub struct Node {
    pub name: Spanned<String>,
    /// How to reach its engine, as the docker CLI's `-H` takes it.
    pub docker: Spanned<Endpoint>,
    pub tls: Option<Tls>,
    pub span: Span,
}

/// A node's engine address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// `unix:///var/run/docker.sock`: the socket's path.
    Unix(String),
    /// `tcp://10.0.0.2:2376`: host and port.
    Tcp(String),
    /// `ssh://admin@10.0.0.2[:port]`: through the system's ssh.
    Ssh(String),
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Endpoint::Unix(path) => write!(f, "unix://{path}"),
            Endpoint::Tcp(address) => write!(f, "tcp://{address}"),
            Endpoint::Ssh(address) => write!(f, "ssh://{address}"),
        }
    }
}

/// `tls { ca "..."; cert "..."; key "..." }` on a `tcp://` node.
#[derive(Debug, Clone)]
pub struct Tls {
    pub ca: Option<Spanned<PathBuf>>,
    pub cert: Option<Spanned<PathBuf>>,
    pub key: Option<Spanned<PathBuf>>,
    pub span: Span,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Replicas {
    Count(u64),
    /// One task on every node that the placement allows.
    Global,
}

/// A Docker Swarm service: a container's settings (those Swarm cannot
/// honour are reported by lint), and how many tasks run where.
#[derive(Debug, Clone)]
pub struct Service {
    /// Its settings, lowered as a container's; `docker_name` is
    /// `<project>_<name>`, as `docker stack` names services.
    pub container: Container,
    pub replicas: Replicas,
    /// Swarm constraints, each `node.role==worker` and the like.
    pub placement: Vec<Spanned<String>>,
    pub span: Span,
}

/// A container's endpoint on one network.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub network: Spanned<NetworkId>,
    pub ip: Option<Spanned<Ipv4Addr>>,
    pub ip6: Option<Spanned<Ipv6Addr>>,
    pub mac: Option<Spanned<MacAddr>>,
    pub aliases: Vec<String>,
}

impl Attachment {
    /// The static addresses, v4 then v6.
    pub fn addresses(&self) -> impl Iterator<Item = Spanned<IpAddr>> + '_ {
        let v4 = self
            .ip
            .iter()
            .map(|ip| Spanned::new(IpAddr::V4(ip.value), ip.span));
        let v6 = self
            .ip6
            .iter()
            .map(|ip| Spanned::new(IpAddr::V6(ip.value), ip.span));
        v4.chain(v6)
    }
}

impl Topology {
    pub fn network_named(&self, name: &str) -> Option<NetworkId> {
        self.networks
            .iter()
            .position(|network| network.name.value == name)
    }

    pub fn volume_named(&self, name: &str) -> Option<usize> {
        self.volumes
            .iter()
            .position(|volume| volume.name.value == name)
    }

    pub fn node_named(&self, name: &str) -> Option<NodeId> {
        self.nodes.iter().position(|node| node.name.value == name)
    }

    pub fn container_named(&self, name: &str) -> Option<ContainerId> {
        self.containers
            .iter()
            .position(|container| container.name.value == name)
    }
}
