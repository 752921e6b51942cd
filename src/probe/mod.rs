//! `plan --probe`: the LAN asked before `up` touches it. For each parent
//! the file's macvlan and ipvlan networks and shims sit on, an ARP probe
//! for every fixed IPv4 address (duplicate address detection: who answers
//! holds it already) and a DHCP discover (a server whose pool shares a
//! network's range will one day lease an address Docker hands out too).
//!
//! What to probe and what the answers mean is decided here, pure; [`lan`]
//! does the sending, from a temporary macvlan of macrame's own on the
//! parent (a vlan the file makes and the host lacks gets a temporary vlan
//! under it), and always removes it.

mod frame;
mod lan;

use frame::{Mac, mac_text};
pub use lan::{probe, remove_abandoned};

use crate::observed::{HostLink, Observed};
use crate::plan::spec::{Specs, VlanSpec};
use frame::{ArpClaim, Offer};
use ipnetwork::{IpNetwork, Ipv4Network};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::net::Ipv4Addr;

/// An address the file gives, and what it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub address: Ipv4Addr,
    /// `container web on network lan`, `shim lan-shim`.
    pub owner: String,
}

/// Where Docker hands out addresses itself on a network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pool {
    pub network: String,
    pub range: Ipv4Network,
}

/// How frames reach a parent's LAN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Via {
    /// The parent is on the host: a temporary macvlan on it.
    Link(String),
    /// The parent is a vlan the file makes and the host lacks: a
    /// temporary vlan with its tag on its own parent, then the macvlan.
    Vlan { parent: String, id: u16 },
    /// Nothing to send from, or nothing would be heard: why, and what to
    /// do about it.
    Skip(String),
}

/// One parent's LAN: what is probed there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    pub parent: String,
    pub via: Via,
    pub targets: Vec<Target>,
    pub pools: Vec<Pool>,
}

/// Every parent with something to probe, in the file's order.
pub fn segments(specs: &Specs, observed: &Observed) -> Vec<Segment> {
    let mut segments: Vec<Segment> = Vec::new();
    for network in &specs.networks {
        let Some(parent) = &network.parent else {
            continue;
        };
        let segment = segment_of(&mut segments, parent, specs, observed);
        for subnet in &network.subnets {
            if let IpNetwork::V4(range) = subnet.range.unwrap_or(subnet.subnet) {
                segment.pools.push(Pool {
                    network: network.name.clone(),
                    range,
                });
            }
        }
        for container in &specs.containers {
            for endpoint in &container.endpoints {
                if endpoint.network == network.docker_name
                    && let Some(address) = endpoint.ip
                {
                    segment.targets.push(Target {
                        address,
                        owner: format!("container {} on network {}", container.name, network.name),
                    });
                }
            }
        }
    }
    for shim in &specs.shims {
        if let IpNetwork::V4(address) = shim.address {
            segment_of(&mut segments, &shim.parent, specs, observed)
                .targets
                .push(Target {
                    address: address.ip(),
                    owner: format!("shim {}", shim.name),
                });
        }
    }
    segments.retain(|s| !s.targets.is_empty() || !s.pools.is_empty());
    segments
}

fn segment_of<'a>(
    segments: &'a mut Vec<Segment>,
    parent: &str,
    specs: &Specs,
    observed: &Observed,
) -> &'a mut Segment {
    if let Some(at) = segments.iter().position(|s| s.parent == parent) {
        return &mut segments[at];
    }
    let via = match specs.vlans.iter().find(|v| v.name == parent) {
        // The file's vlan, made as the file says: the frames go out on it.
        Some(vlan)
            if observed
                .link(parent)
                .is_some_and(|l| is_vlan(observed, l, vlan)) =>
        {
            usable(observed, parent).map_or_else(|| Via::Link(parent.to_string()), Via::Skip)
        }
        // Not made yet, or made otherwise (`up` remakes it): a temporary
        // vlan with the file's tag on the file's parent.
        Some(vlan) if observed.link(&vlan.parent).is_some() => usable(observed, &vlan.parent)
            .map_or_else(
                || Via::Vlan {
                    parent: vlan.parent.clone(),
                    id: vlan.id,
                },
                Via::Skip,
            ),
        Some(vlan) => Via::Skip(format!(
            "neither {parent} nor its parent {} is on this host",
            vlan.parent
        )),
        None if observed.link(parent).is_some() => {
            usable(observed, parent).map_or_else(|| Via::Link(parent.to_string()), Via::Skip)
        }
        None => Via::Skip(format!("{parent} is not on this host")),
    };
    segments.push(Segment {
        parent: parent.to_string(),
        via,
        targets: Vec::new(),
        pools: Vec::new(),
    });
    segments.last_mut().expect("just pushed")
}

fn is_vlan(observed: &Observed, link: &HostLink, vlan: &VlanSpec) -> bool {
    link.vlan_id == Some(vlan.id)
        && observed
            .link(&vlan.parent)
            .is_some_and(|p| link.parent == Some(p.index))
}

/// Why nothing could be heard through a temporary macvlan on `name`, if
/// anything stops it. Carrier is read when the probe runs.
fn usable(observed: &Observed, name: &str) -> Option<String> {
    let link = observed.link(name)?;
    let child = |kind: &str| {
        observed
            .links
            .iter()
            .any(|l| l.parent == Some(link.index) && l.kind.as_deref() == Some(kind))
    };
    if !link.up {
        Some(format!(
            "{name} is down, so nothing would be heard on it: bring it up (`ip link set {name} up`) and probe again"
        ))
    } else if link.wireless {
        Some(format!(
            "{name} is wireless, and an access point drops frames from a MAC that has not associated: \
             probe from a wired host on the same LAN"
        ))
    } else if link.master.is_some() {
        Some(format!(
            "{name} is a port of a bridge or bond: probe on that, or free {name}"
        ))
    } else if child("ipvlan") {
        Some(format!(
            "{name} carries ipvlan links, and the kernel allows no macvlan beside them: \
             probe before its ipvlan network is made, or from another host on the LAN"
        ))
    } else if observed
        .links
        .iter()
        .any(|l| l.parent == Some(link.index) && l.macvlan_mode.as_deref() == Some("passthru"))
    {
        Some(format!(
            "{name} carries a passthru macvlan, which allows no other macvlan: probe from another host on the LAN"
        ))
    } else {
        None
    }
}

/// An address something else on the LAN holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Taken {
    pub target: Target,
    pub mac: Mac,
}

/// A DHCP server that answered, and the networks its pool may share.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    pub address: Ipv4Addr,
    pub mac: Mac,
    /// The addresses it offered, each with the offer's prefix.
    pub offered: Vec<Ipv4Network>,
    pub overlaps: Vec<Overlap>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overlap {
    pub pool: Pool,
    /// An offered address is inside the range (not only its subnet).
    pub certain: bool,
}

/// What the probe found on one parent's LAN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub parent: String,
    /// Why nothing was probed there.
    pub skipped: Option<String>,
    pub probed: usize,
    pub taken: Vec<Taken>,
    pub servers: Vec<Server>,
}

impl Finding {
    pub fn skipped(segment: &Segment, cause: String) -> Finding {
        Finding {
            parent: segment.parent.clone(),
            skipped: Some(cause),
            probed: 0,
            taken: Vec::new(),
            servers: Vec::new(),
        }
    }
}

/// What the frames heard on a segment mean. Answers in `ours` (the
/// project's own containers and shims, each for the address `up` gave
/// it) take nothing.
pub fn judge(
    segment: &Segment,
    claims: &[ArpClaim],
    offers: &[Offer],
    ours: &BTreeSet<(Mac, Ipv4Addr)>,
) -> Finding {
    let mut taken = Vec::new();
    for target in &segment.targets {
        if let Some(claim) = claims
            .iter()
            .find(|c| c.address == target.address && !ours.contains(&(c.mac, c.address)))
        {
            taken.push(Taken {
                target: target.clone(),
                mac: claim.mac,
            });
        }
    }
    let mut servers: BTreeMap<Ipv4Addr, Server> = BTreeMap::new();
    for offer in offers {
        let offered = Ipv4Network::new(offer.offered, offer.prefix.min(32))
            .unwrap_or_else(|_| Ipv4Network::from(offer.offered));
        let server = servers.entry(offer.server).or_insert_with(|| Server {
            address: offer.server,
            mac: offer.mac,
            offered: Vec::new(),
            overlaps: Vec::new(),
        });
        if !server.offered.contains(&offered) {
            server.offered.push(offered);
        }
    }
    for server in servers.values_mut() {
        for pool in &segment.pools {
            let certain = server.offered.iter().any(|o| pool.range.contains(o.ip()));
            let shares = server.offered.iter().any(|o| {
                let subnet = Ipv4Network::new(o.network(), o.prefix()).unwrap_or(*o);
                subnet.overlaps(pool.range)
            });
            if certain || shares {
                server.overlaps.push(Overlap {
                    pool: pool.clone(),
                    certain,
                });
            }
        }
    }
    Finding {
        parent: segment.parent.clone(),
        skipped: None,
        probed: segment.targets.len(),
        taken,
        servers: servers.into_values().collect(),
    }
}

/// Whether an address is taken anywhere: `plan --probe` then fails.
pub fn any_taken(findings: &[Finding]) -> bool {
    findings.iter().any(|f| !f.taken.is_empty())
}

pub fn render_human(findings: &[Finding]) -> String {
    let mut out = String::new();
    if findings.is_empty() {
        let _ = writeln!(out, "probe: no macvlan or ipvlan parent to probe");
    }
    for finding in findings {
        let parent = &finding.parent;
        if let Some(cause) = &finding.skipped {
            let _ = writeln!(out, "warning: probe of {parent} skipped: {cause}");
            continue;
        }
        let _ = writeln!(
            out,
            "probe of {parent}: {} address{} probed, {} taken, {} DHCP server{}",
            finding.probed,
            if finding.probed == 1 { "" } else { "es" },
            finding.taken.len(),
            finding.servers.len(),
            if finding.servers.len() == 1 { "" } else { "s" },
        );
        for taken in &finding.taken {
            let _ = writeln!(
                out,
                "error: {} ({}) is answered on {parent} by {}: something on the LAN holds it already; \
                 give the {} another address, or free it on the device with that MAC",
                taken.target.address,
                taken.target.owner,
                mac_text(&taken.mac),
                taken.target.owner.split(" on ").next().unwrap_or("object"),
            );
        }
        for server in &finding.servers {
            let offered: Vec<String> = server.offered.iter().map(|o| o.to_string()).collect();
            for overlap in &server.overlaps {
                let how = if overlap.certain {
                    "inside"
                } else {
                    "in the same subnet as"
                };
                let _ = writeln!(
                    out,
                    "warning: DHCP server {} ({}) on {parent} offers {}, {how} network {}'s range {}: \
                     its pool may overlap the addresses Docker hands out; exclude {} from the server's pool, \
                     or give network {} a range outside it",
                    server.address,
                    mac_text(&server.mac),
                    offered.join(", "),
                    overlap.pool.network,
                    overlap.pool.range,
                    overlap.pool.range,
                    overlap.pool.network,
                );
            }
        }
    }
    out
}

pub fn render_json(findings: &[Finding]) -> serde_json::Value {
    serde_json::Value::Array(
        findings
            .iter()
            .map(|f| {
                serde_json::json!({
                    "parent": f.parent,
                    "skipped": f.skipped,
                    "probed": f.probed,
                    "taken": f.taken.iter().map(|t| serde_json::json!({
                        "address": t.target.address,
                        "owner": t.target.owner,
                        "mac": mac_text(&t.mac),
                    })).collect::<Vec<_>>(),
                    "dhcp": f.servers.iter().map(|s| serde_json::json!({
                        "server": s.address,
                        "mac": mac_text(&s.mac),
                        "offered": s.offered.iter().map(|o| o.to_string()).collect::<Vec<_>>(),
                        "overlaps": s.overlaps.iter().map(|o| serde_json::json!({
                            "network": o.pool.network,
                            "range": o.pool.range.to_string(),
                            "certain": o.certain,
                        })).collect::<Vec<_>>(),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const THEIRS: Mac = [0x52, 0x54, 0, 0, 0, 1];
    const OURS: Mac = [0x02, 0x42, 0, 0, 0, 2];

    fn segment() -> Segment {
        Segment {
            parent: "eth1".into(),
            via: Via::Link("eth1".into()),
            targets: vec![
                Target {
                    address: Ipv4Addr::new(192, 168, 1, 10),
                    owner: "container web on network lan".into(),
                },
                Target {
                    address: Ipv4Addr::new(192, 168, 1, 20),
                    owner: "shim lan-shim".into(),
                },
            ],
            pools: vec![Pool {
                network: "lan".into(),
                range: "192.168.1.128/25".parse().unwrap(),
            }],
        }
    }

    fn link(index: u32, name: &str) -> HostLink {
        HostLink {
            index,
            name: name.into(),
            up: true,
            ..Default::default()
        }
    }

    #[test]
    fn segments_gather_each_parents_addresses_and_ranges() {
        let text = "project p
vlan 20 on nic0
vlan 30 on gone
network lan { parent nic0; subnet 10.1.0.0/24 gateway 10.1.0.1 range 10.1.0.128/25 }
network tagged { parent nic0.20; subnet 10.2.0.0/24 gateway 10.2.0.1 }
network far { parent gone.30; subnet 10.3.0.0/24 gateway 10.3.0.1 }
network inside { driver bridge; subnet 10.4.0.0/24 }
shim p-shim { network lan; address 10.1.0.250 }
container web {
  image alpine
  network lan ip 10.1.0.10
  network tagged ip 10.2.0.10
  network inside ip 10.4.0.10
}
container far { image alpine; network far ip 10.3.0.10 }
network off { parent down0; subnet 10.5.0.0/24 }
network busy { parent busy0; subnet 10.6.0.0/24 }
";
        let checked = crate::lint::check(&crate::source::Source::new("t.mcr", text), "p");
        let specs = Specs::new(&checked.topology);
        let observed = Observed {
            links: vec![
                link(1, "nic0"),
                // Made with another tag than the file's: `up` remakes it.
                HostLink {
                    vlan_id: Some(21),
                    parent: Some(1),
                    ..link(2, "nic0.20")
                },
                HostLink {
                    up: false,
                    ..link(3, "down0")
                },
                link(4, "busy0"),
                HostLink {
                    kind: Some("ipvlan".into()),
                    parent: Some(4),
                    ..link(5, "busy0v")
                },
            ],
            ..Observed::default()
        };
        let segments = segments(&specs, &observed);
        let summary: Vec<(String, Via, Vec<String>, Vec<String>)> = segments
            .iter()
            .map(|s| {
                (
                    s.parent.clone(),
                    s.via.clone(),
                    s.targets
                        .iter()
                        .map(|t| format!("{} {}", t.address, t.owner))
                        .collect(),
                    s.pools
                        .iter()
                        .map(|p| format!("{} {}", p.network, p.range))
                        .collect(),
                )
            })
            .collect();
        assert_eq!(
            summary,
            vec![
                (
                    "nic0".to_string(),
                    Via::Link("nic0".into()),
                    vec![
                        "10.1.0.10 container web on network lan".to_string(),
                        "10.1.0.250 shim p-shim".to_string()
                    ],
                    vec!["lan 10.1.0.128/25".to_string()]
                ),
                (
                    "nic0.20".to_string(),
                    Via::Vlan {
                        parent: "nic0".into(),
                        id: 20
                    },
                    vec!["10.2.0.10 container web on network tagged".to_string()],
                    vec!["tagged 10.2.0.0/24".to_string()]
                ),
                (
                    "gone.30".to_string(),
                    Via::Skip("neither gone.30 nor its parent gone is on this host".into()),
                    vec!["10.3.0.10 container far on network far".to_string()],
                    vec!["far 10.3.0.0/24".to_string()]
                ),
                (
                    "down0".to_string(),
                    Via::Skip("down0 is down, so nothing would be heard on it: bring it up (`ip link set down0 up`) and probe again".into()),
                    vec![],
                    vec!["off 10.5.0.0/24".to_string()]
                ),
                (
                    "busy0".to_string(),
                    Via::Skip("busy0 carries ipvlan links, and the kernel allows no macvlan beside them: probe before its ipvlan network is made, or from another host on the LAN".into()),
                    vec![],
                    vec!["busy 10.6.0.0/24".to_string()]
                ),
            ]
        );
    }

    fn offer(offered: [u8; 4], prefix: u8) -> Offer {
        Offer {
            xid: 1,
            server: Ipv4Addr::new(192, 168, 1, 1),
            mac: THEIRS,
            offered: Ipv4Addr::from(offered),
            prefix,
        }
    }

    #[test]
    fn an_answer_from_elsewhere_takes_the_address_and_ours_does_not() {
        let claims = [
            ArpClaim {
                address: Ipv4Addr::new(192, 168, 1, 10),
                mac: THEIRS,
            },
            ArpClaim {
                address: Ipv4Addr::new(192, 168, 1, 20),
                mac: OURS,
            },
        ];
        let ours = BTreeSet::from([(OURS, Ipv4Addr::new(192, 168, 1, 20))]);
        let finding = judge(&segment(), &claims, &[], &ours);
        // Ours, but for another address: it takes this one.
        let elsewhere = BTreeSet::from([(OURS, Ipv4Addr::new(192, 168, 1, 99))]);
        assert_eq!(judge(&segment(), &claims, &[], &elsewhere).taken.len(), 2);
        assert_eq!(finding.probed, 2);
        assert_eq!(finding.taken.len(), 1);
        assert_eq!(
            finding.taken[0].target.address,
            Ipv4Addr::new(192, 168, 1, 10)
        );
        assert!(any_taken(std::slice::from_ref(&finding)));
        let text = render_human(&[finding]);
        assert!(text.contains("error: 192.168.1.10 (container web on network lan) is answered on eth1 by 52:54:00:00:00:01"), "{text}");
        assert!(
            text.contains("give the container web another address"),
            "{text}"
        );
    }

    #[test]
    fn an_offer_inside_a_range_overlaps_for_certain_one_beside_it_may() {
        let inside = judge(
            &segment(),
            &[],
            &[offer([192, 168, 1, 150], 24)],
            &BTreeSet::new(),
        );
        assert_eq!(inside.servers.len(), 1);
        assert!(inside.servers[0].overlaps[0].certain);
        let beside = judge(
            &segment(),
            &[],
            &[offer([192, 168, 1, 50], 24)],
            &BTreeSet::new(),
        );
        assert!(!beside.servers[0].overlaps[0].certain);
        assert!(
            render_human(&[beside])
                .contains("in the same subnet as network lan's range 192.168.1.128/25")
        );
        let elsewhere = judge(
            &segment(),
            &[],
            &[offer([10, 0, 0, 50], 24)],
            &BTreeSet::new(),
        );
        assert!(elsewhere.servers[0].overlaps.is_empty());
        assert!(!any_taken(&[elsewhere]));
    }

    #[test]
    fn offers_from_one_server_are_one_server() {
        let offers = [
            offer([192, 168, 1, 150], 24),
            offer([192, 168, 1, 151], 24),
            offer([192, 168, 1, 150], 24),
        ];
        let finding = judge(&segment(), &[], &offers, &BTreeSet::new());
        assert_eq!(finding.servers.len(), 1);
        assert_eq!(finding.servers[0].offered.len(), 2);
    }
}
