//! The rules, grouped by what they look at.

mod containers;
mod dependencies;
mod drivers;
mod endpoints;
mod gateways;
mod interfaces;
mod nodes;
mod subnets;
mod usage;

use super::Rule;

pub const ALL: &[Rule] = &[
    subnets::host_bits,
    subnets::gateway_placement,
    subnets::gateway_not_host,
    subnets::duplicate_gateway,
    subnets::range_placement,
    subnets::reserve_placement,
    subnets::overlap,
    subnets::missing_gateway,
    endpoints::static_addresses,
    endpoints::shim_addresses,
    endpoints::ip_conflict,
    endpoints::mac_invalid,
    endpoints::mac_conflict,
    interfaces::no_parent,
    interfaces::parent_shared,
    interfaces::passthru_single_endpoint,
    interfaces::vlan_id_range,
    interfaces::vlan_duplicate,
    interfaces::vlan_name_mismatch,
    interfaces::shim_mode,
    interfaces::shim_route_outside,
    dependencies::cycle,
    dependencies::reachability,
    gateways::default_gateway_ambiguous,
    gateways::gateway_not_attached,
    usage::unused_network,
    usage::unused_vlan,
    drivers::parent_driver_mixed,
    drivers::bridge_parent,
    drivers::ipvlan_mac,
    containers::duplicate_container_name,
    containers::health_needed,
    containers::publish_needs_bridge,
    nodes::node_needed,
    nodes::node_parent_missing,
    nodes::node_ranges,
    nodes::ip_in_node_range,
    nodes::service_networks,
    nodes::ip_on_swarm_network,
];
