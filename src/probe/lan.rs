//! The probe on the wire: a temporary macvlan per parent (and a temporary
//! vlan under it where the file's vlan is not made yet), a raw packet
//! socket bound to it, ARP probes and DHCP discovers out, every frame the
//! listener hears read back, and the temporary links removed whatever
//! happened. Their alias marks them with this process's id, so a probe
//! killed halfway leaves links the next one knows to remove.

use super::frame::{self, ArpClaim, Mac, Offer};
use super::{Finding, Segment, Via, judge};
use crate::error::{Error, Result};
use crate::host::Host;
use crate::observed::Observed;
use crate::plan::spec::VlanSpec;
use nix::sys::socket::{
    AddressFamily, LinkAddr, MsgFlags, SockFlag, SockProtocol, SockType, SockaddrLike, bind,
    recvfrom, send, setsockopt, socket, sockopt,
};
use nix::sys::time::TimeVal;
use std::collections::BTreeSet;
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

/// Probes each segment in turn and removes every temporary link it made.
pub async fn probe(
    host: &Host,
    segments: &[super::Segment],
    observed: &Observed,
) -> Result<Vec<Finding>> {
    remove_abandoned(host).await?;
    let ours = our_macs(observed);
    let pid = std::process::id();
    let mark = format!("{MARK} {pid}");
    let mut findings = Vec::new();
    for (at, segment) in segments.iter().enumerate() {
        let listener = format!("mcrp{pid:x}l{at}");
        let vlan = format!("mcrp{pid:x}v{at}");
        let parent = match &segment.via {
            Via::Missing(cause) => {
                findings.push(Finding::skipped(segment, cause.clone()));
                continue;
            }
            Via::Link(parent) => parent.clone(),
            Via::Vlan { parent, id } => {
                let spec = VlanSpec {
                    name: vlan.clone(),
                    parent: parent.clone(),
                    id: *id,
                    mtu: None,
                    mark: mark.clone(),
                };
                if let Err(error) = host.create_vlan(&spec).await {
                    findings.push(Finding::skipped(segment, error.to_string()));
                    continue;
                }
                vlan.clone()
            }
        };
        let heard = listen(host, segment, &listener, &parent, &mark).await;
        // Both, whatever happened: the listener first, it sits on the vlan.
        let removed = host.delete_link("probe link", &listener).await;
        let removed_vlan = match segment.via {
            Via::Vlan { .. } => host.delete_link("probe vlan", &vlan).await,
            _ => Ok(()),
        };
        removed?;
        removed_vlan?;
        findings.push(match heard {
            Ok((claims, offers)) => judge(segment, &claims, &offers, &ours),
            Err(error) => Finding::skipped(segment, error.to_string()),
        });
    }
    Ok(findings)
}

async fn listen(
    host: &Host,
    segment: &Segment,
    listener: &str,
    parent: &str,
    mark: &str,
) -> Result<(Vec<ArpClaim>, Vec<Offer>)> {
    let index = host.create_listener(listener, parent, mark).await?;
    let object = format!("probe link {listener} on {}", segment.parent);
    let mac = std::fs::read_to_string(format!("/sys/class/net/{listener}/address"))
        .ok()
        .and_then(|text| frame::parse_mac(&text))
        .ok_or_else(|| {
            Error::io(&object, "read its MAC")(std::io::Error::other("no MAC address"))
        })?;
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
        .map_err(|_| {
            Error::io(&object, "probe")(std::io::Error::other("the probe thread panicked"))
        })?
        .map_err(Error::io(&object, "probe"))?;
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

/// Links an earlier probe left behind when it was killed: marked, and
/// their process is gone.
async fn remove_abandoned(host: &Host) -> Result<()> {
    for link in host.links().await? {
        let Some(pid) = link.alias.as_deref().and_then(|a| a.strip_prefix(MARK)) else {
            continue;
        };
        let Ok(pid) = pid.trim().parse::<u32>() else {
            continue;
        };
        if !std::path::Path::new(&format!("/proc/{pid}")).exists() {
            host.delete_link("abandoned probe link", &link.name).await?;
        }
    }
    Ok(())
}

/// The MACs that answer for the project's addresses by right: the host's
/// own links (a shim `up` made) and the project's containers.
fn our_macs(observed: &Observed) -> BTreeSet<Mac> {
    let mut ours: BTreeSet<Mac> = observed
        .containers
        .iter()
        .flat_map(|c| c.endpoints.values())
        .filter_map(|e| e.mac.as_deref().and_then(frame::parse_mac))
        .collect();
    if let Ok(entries) = std::fs::read_dir("/sys/class/net") {
        for entry in entries.flatten() {
            if let Some(mac) = std::fs::read_to_string(entry.path().join("address"))
                .ok()
                .and_then(|t| frame::parse_mac(&t))
            {
                ours.insert(mac);
            }
        }
    }
    ours
}
