//! A file of several hosts, per node: which node each object is on, which
//! nodes use each network, and each node's part of its ranges. What a
//! node's engine is asked for is `for_node`'s topology: the one-host
//! topology of that node, which the planner takes as it takes any file.

use super::*;
use crate::span::Spanned;
use ipnetwork::IpNetwork;
use std::collections::{BTreeSet, HashMap};

/// A subnet's ranges, node by node.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeRanges {
    /// No nodes use the network, or one does: the subnet's `range` as is.
    Whole(Option<IpNetwork>),
    /// Written per node (`range P on NODE`).
    Given(Vec<(NodeId, IpNetwork)>),
    /// The range (or the subnet) split evenly between the nodes.
    Split(Vec<(NodeId, IpNetwork)>),
    /// Too few addresses to give each of `nodes` nodes a block.
    TooSmall { range: IpNetwork, nodes: usize },
}

impl NodeRanges {
    /// Each node's range, when there are several.
    pub fn per_node(&self) -> &[(NodeId, IpNetwork)] {
        match self {
            NodeRanges::Given(ranges) | NodeRanges::Split(ranges) => ranges,
            _ => &[],
        }
    }
}

impl Topology {
    /// Whether the file reaches beyond the local engine: it has nodes, or
    /// Swarm services.
    pub fn spans_hosts(&self) -> bool {
        !self.nodes.is_empty() || !self.services.is_empty()
    }

    /// The node a container runs on: its `node`, else the file's only
    /// node; `None` in a file without nodes (the local engine).
    pub fn node_of_container(&self, container: &Container) -> Option<NodeId> {
        self.node_or_only(container.node.as_ref())
    }

    pub fn node_of_shim(&self, shim: &Shim) -> Option<NodeId> {
        self.node_or_only(shim.node.as_ref())
    }

    fn node_or_only(&self, node: Option<&Spanned<NodeId>>) -> Option<NodeId> {
        match node {
            Some(node) => Some(node.value),
            None if self.nodes.len() == 1 => Some(0),
            None => None,
        }
    }

    /// The nodes that use a network, in the file's order: those of its
    /// containers and shims, those its `on NODE` lines name, and every
    /// node when a service is on it (Swarm places tasks anywhere).
    pub fn nodes_of_network(&self, id: NetworkId) -> Vec<NodeId> {
        let mut nodes = BTreeSet::new();
        let network = &self.networks[id];
        for container in &self.containers {
            if container.attachments.iter().any(|a| a.network.value == id) {
                nodes.extend(self.node_of_container(container));
            }
        }
        for shim in &self.shims {
            if shim.network.as_ref().is_some_and(|n| n.value == id) {
                nodes.extend(self.node_of_shim(shim));
            }
        }
        nodes.extend(network.node_parents.iter().map(|p| p.node.value));
        for subnet in &network.subnets {
            nodes.extend(subnet.node_ranges.iter().map(|r| r.node.value));
        }
        let serviced = self.services.iter().any(|s| {
            s.container
                .attachments
                .iter()
                .any(|a| a.network.value == id)
        });
        if serviced {
            nodes.extend(0..self.nodes.len());
        }
        nodes.into_iter().collect()
    }

    /// Whether a service is on the network: then the Swarm's.
    pub fn serviced(&self, id: NetworkId) -> bool {
        self.services.iter().any(|s| {
            s.container
                .attachments
                .iter()
                .any(|a| a.network.value == id)
        })
    }

    /// A network's parent on a node: its `parent X on NODE`, else its
    /// `parent`.
    pub fn parent_on<'t>(
        &self,
        network: &'t Network,
        node: Option<NodeId>,
    ) -> (Option<&'t Spanned<String>>, Option<VlanId>) {
        let own = node.and_then(|node| network.node_parents.iter().find(|p| p.node.value == node));
        match own {
            Some(own) => (Some(&own.parent), own.vlan),
            None => (network.parent.as_ref(), network.parent_vlan),
        }
    }

    /// A subnet's range on each node that uses its network.
    pub fn node_ranges(&self, id: NetworkId, subnet: &Subnet) -> NodeRanges {
        let nodes = self.nodes_of_network(id);
        if !subnet.node_ranges.is_empty() {
            return NodeRanges::Given(
                subnet
                    .node_ranges
                    .iter()
                    .map(|r| (r.node.value, r.range.value))
                    .collect(),
            );
        }
        if nodes.len() < 2 {
            return NodeRanges::Whole(subnet.range.as_ref().map(|r| r.value));
        }
        let range = subnet
            .range
            .as_ref()
            .map_or(crate::model::ip::masked(subnet.prefix.value), |r| r.value);
        match ranges::split(range, nodes.len()) {
            Some(blocks) => NodeRanges::Split(nodes.into_iter().zip(blocks).collect()),
            None => NodeRanges::TooSmall {
                range,
                nodes: nodes.len(),
            },
        }
    }

    /// The one-host topology of `node`: its containers and shims, the
    /// networks they use with that node's parent and range, the vlans
    /// those sit on. Services are the Swarm's, not a node's: left out.
    pub fn for_node(&self, node: NodeId) -> Topology {
        let mut networks = Vec::new();
        let mut network_ids: HashMap<NetworkId, NetworkId> = HashMap::new();
        for (id, network) in self.networks.iter().enumerate() {
            if !self.nodes_of_network(id).contains(&node) {
                continue;
            }
            let mut network = network.clone();
            network.swarm = self.serviced(id);
            let (parent, vlan) = self.parent_on(&self.networks[id], Some(node));
            network.parent = parent.cloned();
            network.parent_vlan = vlan;
            network.node_parents.clear();
            for subnet in &mut network.subnets {
                let ranges = self.node_ranges(id, subnet);
                if let Some(&(_, range)) = ranges.per_node().iter().find(|(n, _)| *n == node) {
                    let span = subnet
                        .node_ranges
                        .iter()
                        .find(|r| r.node.value == node)
                        .map_or(subnet.prefix.span, |r| r.range.span);
                    subnet.range = Some(Spanned::new(range, span));
                }
                subnet.node_ranges.clear();
            }
            network_ids.insert(id, networks.len());
            networks.push(network);
        }
        let mut container_ids: HashMap<ContainerId, ContainerId> = HashMap::new();
        let mut containers: Vec<Container> = Vec::new();
        for (id, container) in self.containers.iter().enumerate() {
            if self.node_of_container(container) == Some(node) {
                container_ids.insert(id, containers.len());
                containers.push(container.clone());
            }
        }
        for container in &mut containers {
            for attachment in &mut container.attachments {
                attachment.network.value = network_ids[&attachment.network.value];
            }
            if let Some(gateway) = &mut container.gateway {
                gateway.value = network_ids[&gateway.value];
            }
            // Another node's container is not this engine's to wait for.
            container
                .depends_on
                .retain(|d| container_ids.contains_key(&d.value));
            for dependency in &mut container.depends_on {
                dependency.value = container_ids[&dependency.value];
            }
            container
                .options
                .conditions
                .retain(|(d, _)| container_ids.contains_key(d));
            for (dependency, _) in &mut container.options.conditions {
                *dependency = container_ids[dependency];
            }
            container.node = None;
        }
        let mut shims: Vec<Shim> = self
            .shims
            .iter()
            .filter(|shim| self.node_of_shim(shim) == Some(node))
            .cloned()
            .collect();
        for shim in &mut shims {
            if let Some(network) = &mut shim.network {
                network.value = network_ids[&network.value];
            }
            shim.node = None;
        }
        let mut used_vlans: BTreeSet<VlanId> =
            networks.iter().filter_map(|n| n.parent_vlan).collect();
        // A vlan on a vlan (802.1ad): its parent must be made there too.
        let mut stack: Vec<VlanId> = used_vlans.iter().copied().collect();
        while let Some(id) = stack.pop() {
            let parent = &self.vlans[id].parent.value;
            if let Some(outer) = self.vlans.iter().position(|v| &v.name.value == parent)
                && used_vlans.insert(outer)
            {
                stack.push(outer);
            }
        }
        let mut vlans = Vec::new();
        let mut vlan_ids: HashMap<VlanId, VlanId> = HashMap::new();
        for id in used_vlans {
            vlan_ids.insert(id, vlans.len());
            vlans.push(self.vlans[id].clone());
        }
        for network in &mut networks {
            network.parent_vlan = network.parent_vlan.map(|v| vlan_ids[&v]);
        }
        Topology {
            project: self.project.clone(),
            parents: self.parents.clone(),
            vlans,
            networks,
            shims,
            containers,
            volumes: self.volumes.clone(),
            nodes: Vec::new(),
            services: Vec::new(),
            base_dir: self.base_dir.clone(),
            broken: self.broken.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = r#"
node edge { docker "unix:///run/edge.sock" }
node core { docker "ssh://admin@10.0.0.2" }
vlan 20 on eth0
network lan {
  parent eth0
  parent enp3s0 on core
  subnet 192.168.1.0/24 { gateway 192.168.1.1; range 192.168.1.128/25 }
}
network iot {
  parent eth0.20
  subnet 192.168.2.0/24 {
    gateway 192.168.2.1
    range 192.168.2.128/26 on edge
    range 192.168.2.192/26 on core
  }
}
network solo { parent eth1; subnet 10.9.0.0/24 gateway 10.9.0.1 range 10.9.0.128/25 }
container web { node edge; image "nginx"; network lan ip 192.168.1.10; network iot; network solo; gateway lan }
container db { node core; image "postgres"; network iot ip 192.168.2.11; depends-on web }
container cache { node core; image "redis"; network lan; depends-on db }
"#;

    fn topology() -> Topology {
        let (ast, errors) = crate::syntax::parse(FILE);
        assert!(errors.is_empty(), "{errors:?}");
        crate::model::lower(&ast, "p").0
    }

    fn range(topology: &Topology, network: &str) -> Option<String> {
        let id = topology.network_named(network).unwrap();
        topology.networks[id].subnets[0]
            .range
            .as_ref()
            .map(|r| r.value.to_string())
    }

    #[test]
    fn each_node_gets_its_containers_parent_and_range() {
        let topology = topology();
        assert_eq!(topology.nodes_of_network(0), vec![0, 1]);
        assert_eq!(topology.nodes_of_network(2), vec![0]);

        let edge = topology.for_node(0);
        let names: Vec<&str> = edge
            .containers
            .iter()
            .map(|c| c.name.value.as_str())
            .collect();
        assert_eq!(names, ["web"]);
        let networks: Vec<&str> = edge
            .networks
            .iter()
            .map(|n| n.name.value.as_str())
            .collect();
        assert_eq!(networks, ["lan", "iot", "solo"]);
        assert_eq!(edge.networks[0].parent.as_ref().unwrap().value, "eth0");
        assert_eq!(range(&edge, "lan").as_deref(), Some("192.168.1.128/26"));
        assert_eq!(range(&edge, "iot").as_deref(), Some("192.168.2.128/26"));
        // Used by one node: kept as written.
        assert_eq!(range(&edge, "solo").as_deref(), Some("10.9.0.128/25"));
        assert_eq!(edge.vlans.len(), 1);
        assert_eq!(edge.networks[1].parent_vlan, Some(0));
        assert_eq!(edge.containers[0].gateway.as_ref().unwrap().value, 0);

        let core = topology.for_node(1);
        let names: Vec<&str> = core
            .containers
            .iter()
            .map(|c| c.name.value.as_str())
            .collect();
        assert_eq!(names, ["db", "cache"]);
        let networks: Vec<&str> = core
            .networks
            .iter()
            .map(|n| n.name.value.as_str())
            .collect();
        assert_eq!(networks, ["lan", "iot"]);
        assert_eq!(core.networks[0].parent.as_ref().unwrap().value, "enp3s0");
        assert_eq!(range(&core, "lan").as_deref(), Some("192.168.1.192/26"));
        assert_eq!(range(&core, "iot").as_deref(), Some("192.168.2.192/26"));
        // db's dependency on web is another node's; cache's on db stays,
        // renumbered.
        assert!(core.containers[0].depends_on.is_empty());
        assert_eq!(core.containers[1].depends_on[0].value, 0);
        assert_eq!(core.containers[1].attachments[0].network.value, 0);
        assert_eq!(core.containers[0].attachments[0].network.value, 1);
    }
}
