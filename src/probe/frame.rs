//! The frames `plan --probe` sends and reads, as bytes on the wire: ARP
//! probes (RFC 5227: sender address 0.0.0.0, so no host's ARP table
//! learns anything from them) and DHCP discovers from 0.0.0.0:68, built
//! whole with their Ethernet, IPv4 and UDP headers because the temporary
//! link they leave by has no address for the kernel to send from.

use crate::model::MacAddr;
use dhcproto::v4::{DhcpOption, Flags, Message, MessageType, Opcode, OptionCode};
use dhcproto::{Decodable, Decoder, Encodable, Encoder};
use std::net::Ipv4Addr;

pub type Mac = [u8; 6];

const BROADCAST: Mac = [0xff; 6];
const ETHERTYPE_IPV4: u16 = 0x0800;
const ETHERTYPE_ARP: u16 = 0x0806;
const ARP_REQUEST: u16 = 1;
const ARP_REPLY: u16 = 2;
/// Some servers ignore a BOOTP message shorter than BOOTP's own 300 bytes
/// (RFC 1542, 2.1); dhclient pads to it too.
const BOOTP_MINIMUM: usize = 300;

/// An ARP probe for `target` from `source`: 42 bytes, broadcast.
pub fn arp_probe(source: Mac, target: Ipv4Addr) -> [u8; 42] {
    let mut frame = [0u8; 42];
    frame[0..6].copy_from_slice(&BROADCAST);
    frame[6..12].copy_from_slice(&source);
    frame[12..14].copy_from_slice(&ETHERTYPE_ARP.to_be_bytes());
    // Ethernet hardware, IPv4 protocol, their lengths, a request.
    frame[14..16].copy_from_slice(&1u16.to_be_bytes());
    frame[16..18].copy_from_slice(&ETHERTYPE_IPV4.to_be_bytes());
    frame[18] = 6;
    frame[19] = 4;
    frame[20..22].copy_from_slice(&ARP_REQUEST.to_be_bytes());
    frame[22..28].copy_from_slice(&source);
    // Sender protocol address 0.0.0.0 and target hardware address zero:
    // what makes it a probe rather than a request.
    frame[38..42].copy_from_slice(&target.octets());
    frame
}

/// Something on the LAN that says it holds an address: an ARP reply from
/// it, or a request or announcement it sends with that address as sender.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ArpClaim {
    pub address: Ipv4Addr,
    pub mac: Mac,
}

pub fn arp_claim(frame: &[u8]) -> Option<ArpClaim> {
    if frame.len() < 42 || be16(frame, 12) != ETHERTYPE_ARP {
        return None;
    }
    let arp = &frame[14..];
    if be16(arp, 0) != 1 || be16(arp, 2) != ETHERTYPE_IPV4 || arp[4] != 6 || arp[5] != 4 {
        return None;
    }
    if !matches!(be16(arp, 6), ARP_REQUEST | ARP_REPLY) {
        return None;
    }
    let address = Ipv4Addr::new(arp[14], arp[15], arp[16], arp[17]);
    if address.is_unspecified() {
        // Another host's probe: it does not hold the address yet.
        return None;
    }
    Some(ArpClaim {
        address,
        mac: arp[8..14].try_into().ok()?,
    })
}

/// A DHCP discover asking for an address for `client`, broadcast from
/// `source` with the reply asked for by broadcast too (we have no address
/// to be sent one at).
pub fn dhcp_discover(source: Mac, client: Mac, xid: u32) -> Vec<u8> {
    let mut message = Message::new_with_id(
        xid,
        Ipv4Addr::UNSPECIFIED,
        Ipv4Addr::UNSPECIFIED,
        Ipv4Addr::UNSPECIFIED,
        Ipv4Addr::UNSPECIFIED,
        &client,
    );
    message.set_flags(Flags::default().set_broadcast());
    let options = message.opts_mut();
    options.insert(DhcpOption::MessageType(MessageType::Discover));
    options.insert(DhcpOption::ParameterRequestList(vec![
        OptionCode::SubnetMask,
        OptionCode::Router,
    ]));
    let mut payload = Vec::new();
    message
        .encode(&mut Encoder::new(&mut payload))
        .expect("a discover of fixed fields encodes");
    payload.resize(payload.len().max(BOOTP_MINIMUM), 0);

    let udp_length = 8 + payload.len();
    let ip_length = 20 + udp_length;
    let mut frame = Vec::with_capacity(14 + ip_length);
    frame.extend_from_slice(&BROADCAST);
    frame.extend_from_slice(&source);
    frame.extend_from_slice(&ETHERTYPE_IPV4.to_be_bytes());
    let mut ip = [0u8; 20];
    ip[0] = 0x45;
    ip[2..4].copy_from_slice(&(ip_length as u16).to_be_bytes());
    ip[8] = 64;
    ip[9] = 17;
    ip[16..20].copy_from_slice(&Ipv4Addr::BROADCAST.octets());
    let checksum = ipv4_checksum(&ip);
    ip[10..12].copy_from_slice(&checksum.to_be_bytes());
    frame.extend_from_slice(&ip);
    frame.extend_from_slice(&68u16.to_be_bytes());
    frame.extend_from_slice(&67u16.to_be_bytes());
    frame.extend_from_slice(&(udp_length as u16).to_be_bytes());
    // A zero UDP checksum over IPv4 means "none" (RFC 768).
    frame.extend_from_slice(&[0, 0]);
    frame.extend_from_slice(&payload);
    frame
}

/// A DHCP server's offer, read from a frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Offer {
    pub xid: u32,
    /// Who offers: the server identifier option, or the IPv4 source.
    pub server: Ipv4Addr,
    pub mac: Mac,
    pub offered: Ipv4Addr,
    /// From the subnet mask option; 32 when it gives none.
    pub prefix: u8,
}

pub fn dhcp_offer(frame: &[u8]) -> Option<Offer> {
    if frame.len() < 14 + 20 + 8 || be16(frame, 12) != ETHERTYPE_IPV4 {
        return None;
    }
    let ip = &frame[14..];
    let header = usize::from(ip[0] & 0x0f) * 4;
    if ip[0] >> 4 != 4 || ip[9] != 17 || header < 20 || ip.len() < header + 8 {
        return None;
    }
    let udp = &ip[header..];
    if be16(udp, 0) != 67 || be16(udp, 2) != 68 {
        return None;
    }
    let message = Message::decode(&mut Decoder::new(&udp[8..])).ok()?;
    if message.opcode() != Opcode::BootReply || message.opts().msg_type()? != MessageType::Offer {
        return None;
    }
    let source = Ipv4Addr::new(ip[12], ip[13], ip[14], ip[15]);
    let server = match message.opts().get(OptionCode::ServerIdentifier) {
        Some(DhcpOption::ServerIdentifier(address)) => *address,
        _ => source,
    };
    let prefix = match message.opts().get(OptionCode::SubnetMask) {
        Some(DhcpOption::SubnetMask(mask)) => u32::from(*mask).leading_ones() as u8,
        _ => 32,
    };
    Some(Offer {
        xid: message.xid(),
        server,
        mac: frame[6..12].try_into().ok()?,
        offered: message.yiaddr(),
        prefix,
    })
}

pub fn mac_text(mac: &Mac) -> String {
    MacAddr(*mac).to_string()
}

pub fn parse_mac(text: &str) -> Option<Mac> {
    text.trim().parse::<MacAddr>().ok().map(|mac| mac.0)
}

/// A link's MAC, as the kernel shows it.
pub fn mac_of(link: &str) -> Option<Mac> {
    parse_mac(&std::fs::read_to_string(format!("/sys/class/net/{link}/address")).ok()?)
}

fn be16(bytes: &[u8], at: usize) -> u16 {
    u16::from_be_bytes([bytes[at], bytes[at + 1]])
}

fn ipv4_checksum(header: &[u8]) -> u16 {
    let sum: u32 = header
        .chunks(2)
        .map(|pair| u32::from(u16::from_be_bytes([pair[0], pair[1]])))
        .sum();
    let folded = (sum & 0xffff) + (sum >> 16);
    !((folded & 0xffff) + (folded >> 16)) as u16
}

#[cfg(test)]
mod tests {
    use super::*;

    const OURS: Mac = [0x02, 0, 0, 0, 0, 1];
    const THEIRS: Mac = [0x52, 0x54, 0, 0x12, 0x34, 0x56];

    #[test]
    fn an_arp_probe_asks_for_the_target_from_nowhere() {
        let frame = arp_probe(OURS, Ipv4Addr::new(192, 168, 1, 10));
        assert_eq!(&frame[0..6], &BROADCAST);
        assert_eq!(&frame[12..14], &[0x08, 0x06]);
        assert_eq!(&frame[20..22], &[0, 1]);
        assert_eq!(&frame[22..28], &OURS);
        assert_eq!(&frame[28..32], &[0, 0, 0, 0]);
        assert_eq!(&frame[32..38], &[0; 6]);
        assert_eq!(&frame[38..42], &[192, 168, 1, 10]);
        // Our own probe claims nothing.
        assert_eq!(arp_claim(&frame), None);
    }

    #[test]
    fn a_reply_claims_its_sender_address() {
        let mut reply = arp_probe(THEIRS, Ipv4Addr::UNSPECIFIED);
        reply[20..22].copy_from_slice(&ARP_REPLY.to_be_bytes());
        reply[28..32].copy_from_slice(&[192, 168, 1, 10]);
        assert_eq!(
            arp_claim(&reply),
            Some(ArpClaim {
                address: Ipv4Addr::new(192, 168, 1, 10),
                mac: THEIRS
            })
        );
        assert_eq!(arp_claim(&reply[..41]), None);
    }

    #[test]
    fn a_discover_is_a_valid_broadcast_udp_datagram() {
        let frame = dhcp_discover(OURS, THEIRS, 0xdead_beef);
        let ip = &frame[14..34];
        assert_eq!(
            ipv4_checksum(ip),
            0,
            "a header with its checksum sums to zero"
        );
        assert_eq!(be16(ip, 2) as usize, frame.len() - 14);
        assert_eq!(&ip[16..20], &[255, 255, 255, 255]);
        assert_eq!(be16(&frame, 34), 68);
        assert_eq!(be16(&frame, 36), 67);
        assert!(frame.len() - 42 >= BOOTP_MINIMUM);
        let message = Message::decode(&mut Decoder::new(&frame[42..])).unwrap();
        assert_eq!(message.xid(), 0xdead_beef);
        assert_eq!(&message.chaddr()[..6], &THEIRS);
        assert!(message.flags().broadcast());
        assert_eq!(message.opts().msg_type(), Some(MessageType::Discover));
    }

    #[test]
    fn an_offer_is_read_with_its_server_and_mask() {
        let mut message = Message::new_with_id(
            7,
            Ipv4Addr::UNSPECIFIED,
            Ipv4Addr::new(192, 168, 1, 150),
            Ipv4Addr::UNSPECIFIED,
            Ipv4Addr::UNSPECIFIED,
            &OURS,
        );
        message.set_opcode(Opcode::BootReply);
        let options = message.opts_mut();
        options.insert(DhcpOption::MessageType(MessageType::Offer));
        options.insert(DhcpOption::ServerIdentifier(Ipv4Addr::new(192, 168, 1, 2)));
        options.insert(DhcpOption::SubnetMask(Ipv4Addr::new(255, 255, 255, 0)));
        let mut payload = Vec::new();
        message.encode(&mut Encoder::new(&mut payload)).unwrap();
        // The discover's framing, turned around: from port 67 to 68.
        let mut frame = dhcp_discover(THEIRS, OURS, 0);
        frame.truncate(42);
        frame[34..36].copy_from_slice(&67u16.to_be_bytes());
        frame[36..38].copy_from_slice(&68u16.to_be_bytes());
        frame.extend_from_slice(&payload);
        assert_eq!(
            dhcp_offer(&frame),
            Some(Offer {
                xid: 7,
                server: Ipv4Addr::new(192, 168, 1, 2),
                mac: THEIRS,
                offered: Ipv4Addr::new(192, 168, 1, 150),
                prefix: 24,
            })
        );
        // A discover is not an offer.
        assert_eq!(dhcp_offer(&dhcp_discover(OURS, OURS, 1)), None);
    }

    #[test]
    fn macs_read_and_print_alike() {
        assert_eq!(parse_mac("52:54:00:12:34:56"), Some(THEIRS));
        assert_eq!(mac_text(&THEIRS), "52:54:00:12:34:56");
        assert_eq!(parse_mac("52:54:00"), None);
    }
}
