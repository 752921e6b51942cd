//! What several rules need to know about the topology, computed once.

use crate::model::ip;
use crate::model::{ContainerId, NetworkId, Topology};
use ipnetwork::IpNetwork;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::net::IpAddr;

pub struct Context<'t> {
    pub topology: &'t Topology,
    /// Per network: the containers attached to it, with the index of the
    /// attachment in the container's list.
    pub endpoints: Vec<Vec<(ContainerId, usize)>>,
    /// Per network: the shims on it.
    pub shims: Vec<Vec<usize>>,
    /// Every address the file pins: gateways, reserved, shims, static IPs.
    used: HashSet<IpAddr>,
    /// Per subnet: where the search for a free address goes on from.
    cursors: RefCell<HashMap<IpNetwork, u128>>,
    /// Addresses already offered in a help line, so that two conflicts are
    /// not both told to move to the same address.
    offered: RefCell<HashSet<IpAddr>>,
}

impl<'t> Context<'t> {
    pub fn new(topology: &'t Topology) -> Self {
        let mut endpoints = vec![Vec::new(); topology.networks.len()];
        let mut used = HashSet::new();
        for (id, container) in topology.containers.iter().enumerate() {
            for (index, attachment) in container.attachments.iter().enumerate() {
                endpoints[attachment.network.value].push((id, index));
                used.extend(attachment.addresses().map(|a| a.value));
            }
        }
        let mut shims = vec![Vec::new(); topology.networks.len()];
        for (index, shim) in topology.shims.iter().enumerate() {
            if let Some(network) = &shim.network {
                shims[network.value].push(index);
            }
            used.extend(shim.address.as_ref().map(|a| a.value.ip()));
        }
        for network in &topology.networks {
            for subnet in &network.subnets {
                used.extend(subnet.gateways.iter().map(|g| g.value));
                used.extend(subnet.reserved.iter().map(|r| r.address.value));
            }
        }
        Self {
            topology,
            endpoints,
            shims,
            used,
            cursors: RefCell::default(),
            offered: RefCell::default(),
        }
    }

    pub fn network_name(&self, id: NetworkId) -> &str {
        &self.topology.networks[id].name.value
    }

    pub fn container_name(&self, id: ContainerId) -> &str {
        &self.topology.containers[id].name.value
    }

    /// A host address of `subnet` that nothing in the file uses, outside
    /// `range` when one is given (Docker hands those out itself).
    /// Amortised: each subnet's search resumes where the last one ended.
    pub fn free_address(&self, subnet: IpNetwork, range: Option<IpNetwork>) -> Option<IpAddr> {
        let family = ip::family(subnet.ip());
        let (first, last) = ip::bounds(subnet);
        let subnet = ip::masked(subnet);
        let mut cursors = self.cursors.borrow_mut();
        let cursor = cursors.entry(subnet).or_insert(first + 1);
        let mut offered = self.offered.borrow_mut();
        // Bounded: a search never looks at more than a few thousand
        // candidates, so a nearly full /8 cannot stall the linter.
        for _ in 0..4096 {
            let candidate = *cursor;
            if candidate >= last {
                return None;
            }
            *cursor += 1;
            let address = ip::from_int(family, candidate);
            if let Some(range) = range.filter(|range| ip::contains(*range, address)) {
                *cursor = ip::bounds(range).1.saturating_add(1);
                continue;
            }
            if ip::non_host_role(subnet, address).is_some()
                || self.used.contains(&address)
                || offered.contains(&address)
            {
                continue;
            }
            offered.insert(address);
            return Some(address);
        }
        None
    }
}
