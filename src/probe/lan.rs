//! The probe on the wire: a temporary macvlan per parent (and a temporary
//! vlan under it where the file's vlan is not made yet), a raw packet
//! socket bound to it, ARP probes and DHCP discovers out, every frame the
//! listener hears read back, and the temporary links removed whatever
//! happened. Their alias marks them with this process's id, so a probe
//! killed halfway leaves links the next one knows to remove.

use super::frame::{self, ArpClaim, Mac, Offer};
use super::{Finding, Segment, Via, judge};
use crate::error::{Error, Object, Operation, Result};
use crate::host::Host;
use crate::observed::Observed;
use crate::plan::spec::VlanSpec;
use ipnetwork::IpNetwork;
use nix::sys::socket::{
    AddressFamily, LinkAddr, MsgFlags, SockFlag, SockProtocol, SockType, SockaddrLike, bind,
    recvfrom, send, setsockopt, socket, sockopt,
};
use nix::sys::time::TimeVal;
use std::collections::BTreeSet;
use std::net::{IpAddr, Ipv4Addr};
use std::os::fd::{AsRawFd, OwnedFd};
use std::time::{Duration, Instant};

const MARK: &str = "macrame probe";
/// RFC 5227 sends three probes; so do we, this far apart, with the
/// discover beside them.
const ROUNDS: u32 = 3;
const BETWEEN_ROUNDS: Duration = Duration::from_millis(250);
/// How long to wait for an offer, at most. A DHCP server may ping the
/// address before it offers it: dnsmasq waits 3 s for the echo, and
/// answers nothing meanwhile (measured: offers to three clients at once
/// came 3, 6 and 9 s late; hence one discover, for one client). Servers
/// that ping without holding the discover answer the client's next one,
/// so it goes again after [`RETRANSMIT`], as a client's would. Listening
/// ends as soon as the offer is in.
const LISTEN: Duration = Duration::from_millis(4750);
const RETRANSMIT: Duration = Duration::from_millis(3300);

/// Probes each segment in turn and removes every temporary link it made,
/// also when a signal (Ctrl-C, SIGTERM) cuts it short. Those of an earlier
/// probe killed outright are gone already: `prepare` removes them.
pub async fn probe(
    host: &Host,
    project: &str,
    segments: &[Segment],
    observed: &Observed,
) -> Result<Vec<Finding>> {
    let mut signals = Signals::catch();
    let ours = ours(project, observed);
    let mark = own_mark();
    let pid = std::process::id();
    let mut findings = Vec::new();
    for (at, segment) in segments.iter().enumerate() {
        let listener = format!("mcrp{pid:x}l{at}");
        let vlan = format!("mcrp{pid:x}v{at}");
        let (parent, temporary) = match &segment.via {
            Via::Skip(cause) => {
                findings.push(Finding::skipped(segment, cause.clone()));
                continue;
            }
            Via::Link(parent) | Via::Vlan { parent, .. } if no_carrier(parent) => {
                findings.push(Finding::skipped(
                    segment,
                    format!("{parent} has no carrier, so nothing would be heard on it: plug it in and probe again"),
                ));
                continue;
            }
            Via::Link(parent) => (parent.clone(), None),
            Via::Vlan { parent, id } => {
                let spec = VlanSpec {
                    name: vlan.clone(),
                    parent: parent.clone(),
                    id: *id,
                    mtu: None,
                    mark: mark.clone(),
                };
                if let Err(error) = host.create_vlan(&spec).await {
                    findings.push(Finding::skipped(
                        segment,
                        format!("{error}; without a vlan tagged {id} on {parent}, its LAN cannot be heard"),
                    ));
                    continue;
                }
                (vlan.clone(), Some(vlan.clone()))
            }
        };
        let object = Object::ProbeLink {
            name: listener.to_string(),
            parent: segment.parent.to_string(),
        };
        // Deleted only once made: a name that was taken is someone else's.
        let (heard, removed) = match host
            .create_listener(&object, &listener, &parent, &mark)
            .await
        {
            Ok(index) => {
                let heard = signals.or(listen(index, &object, segment, &listener)).await;
                (heard, remove(host, &object, &listener).await)
            }
            Err(error) => (Err(error), Ok(())),
        };
        let removed_vlan = match &temporary {
            Some(name) => {
                remove(
                    host,
                    &Object::ProbeVlan {
                        name: name.to_string(),
                        parent: parent.to_string(),
                    },
                    name,
                )
                .await
            }
            None => Ok(()),
        };
        removed?;
        removed_vlan?;
        findings.push(match heard {
            Ok((claims, offers)) => judge(segment, &claims, &offers, &ours),
            // Its temporary links are gone already (removed above).
            Err(Error::Interrupted) => return Err(Error::Interrupted),
            Err(error) => Finding::skipped(segment, error.to_string()),
        });
    }
    Ok(findings)
}

/// SIGINT and SIGTERM, caught from before the first temporary link is
/// made (a signal meanwhile waits for the next [`Signals::or`]). Tokio
/// keeps them caught afterwards; `plan` only prints after the probe.
struct Signals(Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>);

impl Signals {
    fn catch() -> Signals {
        use tokio::signal::unix::{SignalKind, signal};
        Signals(
            signal(SignalKind::interrupt())
                .and_then(|i| Ok((i, signal(SignalKind::terminate())?)))
                .ok(),
        )
    }

    /// `work`, unless a signal comes first: then an error, so that the
    /// caller still removes what it made before the process ends.
    async fn or<T>(&mut self, work: impl std::future::Future<Output = Result<T>>) -> Result<T> {
        let Some((interrupt, terminate)) = &mut self.0 else {
            return work.await;
        };
        tokio::select! {
            result = work => result,
            _ = interrupt.recv() => Err(Error::Interrupted),
            _ = terminate.recv() => Err(Error::Interrupted),
        }
    }
}

async fn remove(host: &Host, object: &Object, name: &str) -> Result<()> {
    host.delete_link(object, name).await.map_err(|error| {
        Error::cannot(
            object,
            Operation::Remove,
            format!("{error}; remove it by hand with `ip link del {name}`"),
        )
    })
}

/// The alias of this run's temporary links: the mark, the PID namespace
/// and the process, so that a later run removes them only once this
/// process is gone, and never those of a run in another PID namespace.
fn own_mark() -> String {
    format!("{MARK} {} {}", pid_namespace(), std::process::id())
}

fn pid_namespace() -> String {
    std::fs::read_link("/proc/self/ns/pid")
        .map(|l| {
            l.to_string_lossy()
                .chars()
                .filter(char::is_ascii_digit)
                .collect()
        })
        .unwrap_or_default()
}

fn no_carrier(name: &str) -> bool {
    std::fs::read_to_string(format!("/sys/class/net/{name}/carrier")).is_ok_and(|c| c.trim() == "0")
}

async fn listen(
    index: u32,
    object: &Object,
    segment: &Segment,
    listener: &str,
) -> Result<(Vec<ArpClaim>, Vec<Offer>)> {
    let mac = frame::mac_of(listener)
        .ok_or_else(|| Error::cannot(object, Operation::ReadMac, "no MAC address"))?;
    let probes: Vec<Vec<u8>> = segment
        .targets
        .iter()
        .map(|t| frame::arp_probe(mac, t.address).to_vec())
        .collect();
    // The listener's own MAC is the client: a switch that snoops DHCP
    // drops a discover whose client is not its frame's source.
    let xid = std::process::id().rotate_left(16)
        ^ std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
    let discover = frame::dhcp_discover(mac, mac, xid);
    let heard = tokio::task::spawn_blocking(move || exchange(index, &probes, &discover, xid))
        .await
        .map_err(|_| Error::cannot(object, Operation::Probe, "the probe thread panicked"))?
        .map_err(Error::io(object, Operation::Probe))?;
    let claims = heard.iter().filter_map(|f| frame::arp_claim(f)).collect();
    let offers = heard
        .iter()
        .filter_map(|f| frame::dhcp_offer(f))
        .filter(|o| o.xid == xid)
        .collect();
    Ok((claims, offers))
}

/// Sends the probes and the discover in rounds on link `index`, and
/// returns every frame that arrived on it meanwhile and after: until the
/// discover has had an offer, or [`LISTEN`].
fn exchange(
    index: u32,
    probes: &[Vec<u8>],
    discover: &[u8],
    xid: u32,
) -> std::io::Result<Vec<Vec<u8>>> {
    let socket = packet_socket(index)?;
    let start = Instant::now();
    let mut heard = Vec::new();
    for _ in 0..ROUNDS {
        for frame in probes.iter().map(Vec::as_slice).chain([discover]) {
            send(socket.as_raw_fd(), frame, MsgFlags::empty())?;
        }
        receive(&socket, index, Instant::now() + BETWEEN_ROUNDS, &mut heard)?;
    }
    let mut again = true;
    while start.elapsed() < LISTEN {
        let offered = heard
            .iter()
            .filter_map(|f| frame::dhcp_offer(f))
            .any(|o| o.xid == xid);
        if offered {
            break;
        }
        if again && start.elapsed() >= RETRANSMIT {
            again = false;
            send(socket.as_raw_fd(), discover, MsgFlags::empty())?;
        }
        let until = (Instant::now() + BETWEEN_ROUNDS).min(start + LISTEN);
        receive(&socket, index, until, &mut heard)?;
    }
    Ok(heard)
}

fn packet_socket(index: u32) -> std::io::Result<OwnedFd> {
    let socket = socket(
        AddressFamily::Packet,
        SockType::Raw,
        SockFlag::SOCK_CLOEXEC,
        SockProtocol::EthAll,
    )?;
    let raw = libc::sockaddr_ll {
        sll_family: libc::AF_PACKET as u16,
        sll_protocol: (libc::ETH_P_ALL as u16).to_be(),
        sll_ifindex: index as i32,
        sll_hatype: 0,
        sll_pkttype: 0,
        sll_halen: 0,
        sll_addr: [0; 8],
    };
    // SAFETY: `raw` is a whole sockaddr_ll and the length given is its own.
    let address = unsafe {
        LinkAddr::from_raw(
            (&raw as *const libc::sockaddr_ll).cast(),
            Some(std::mem::size_of::<libc::sockaddr_ll>() as libc::socklen_t),
        )
    }
    .ok_or_else(|| std::io::Error::other("bad link address"))?;
    bind(socket.as_raw_fd(), &address)?;
    setsockopt(&socket, sockopt::ReceiveTimeout, &TimeVal::new(0, 50_000))?;
    Ok(socket)
}

fn receive(
    socket: &OwnedFd,
    index: u32,
    until: Instant,
    heard: &mut Vec<Vec<u8>>,
) -> std::io::Result<()> {
    let mut buffer = [0u8; 2048];
    while Instant::now() < until {
        match recvfrom::<LinkAddr>(socket.as_raw_fd(), &mut buffer) {
            Ok((length, Some(from)))
                // Until bind took effect, frames of every link arrived;
                // and a packet socket hears what it sends itself.
                if from.ifindex() == index as usize && from.pkttype() != libc::PACKET_OUTGOING =>
            {
                heard.push(buffer[..length].to_vec());
            }
            Ok(_) => {}
            Err(nix::errno::Errno::EAGAIN | nix::errno::Errno::EINTR) => {}
            Err(error) => return Err(error.into()),
        }
    }
    Ok(())
}

/// Links an earlier probe left behind when it was killed: marked by a
/// process of this PID namespace that is gone. `plan` and `up` remove
/// them before they observe (a temporary vlan holds the tag the file's
/// vlan needs).
pub async fn remove_abandoned(host: &Host) -> Result<()> {
    let namespace = pid_namespace();
    for link in host.links().await? {
        let Some(rest) = link.alias.as_deref().and_then(|a| a.strip_prefix(MARK)) else {
            continue;
        };
        let mut words = rest.split_whitespace();
        let (Some(ns), Some(Ok(pid)), None) = (
            words.next(),
            words.next().map(str::parse::<u32>),
            words.next(),
        ) else {
            continue;
        };
        if ns == namespace && !std::path::Path::new(&format!("/proc/{pid}")).exists() {
            remove(
                host,
                &Object::AbandonedProbeLink(link.name.clone()),
                &link.name,
            )
            .await?;
        }
    }
    Ok(())
}

/// Who answers for the project's addresses by right: its containers and
/// its shims (or vlans), each only for an address it holds.
fn ours(project: &str, observed: &Observed) -> BTreeSet<(Mac, Ipv4Addr)> {
    let mut ours = BTreeSet::new();
    for container in observed
        .containers
        .iter()
        .filter(|c| c.project() == Some(project))
    {
        for endpoint in container.endpoints.values() {
            if let (Some(mac), Some(IpAddr::V4(address))) = (
                endpoint.mac.as_deref().and_then(frame::parse_mac),
                endpoint.ip,
            ) {
                ours.insert((mac, address));
            }
        }
    }
    for (link, _) in observed.owned_links(project) {
        let Some(mac) = frame::mac_of(&link.name) else {
            continue;
        };
        for address in &link.addresses {
            if let IpNetwork::V4(address) = address {
                ours.insert((mac, address.ip()));
            }
        }
    }
    ours
}
