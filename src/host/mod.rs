//! The host's links, addresses and routes, through rtnetlink: what
//! macrame observes, and the vlans and shims it creates and removes.

mod netns;
mod record;

pub use netns::{default_gateways, set_default_route};
pub use record::LinkRecord;

use crate::error::{Error, Listing, Object, Operation, Result, errno};
use crate::observed::{HostLink, HostRoute};
use crate::plan::spec::{ShimSpec, VlanSpec};
use futures::TryStreamExt;
use ipnetwork::IpNetwork;
use rtnetlink::packet_route::address::AddressAttribute;
use rtnetlink::packet_route::link::{
    InfoData, InfoIpVlan, InfoMacVlan, InfoVlan, IpVlanMode, LinkAttribute, LinkFlags, LinkInfo,
    LinkMessage, MacVlanMode,
};
use rtnetlink::packet_route::route::{
    RouteAddress, RouteAttribute, RouteHeader, RouteProtocol, RouteScope, RouteType,
};
use rtnetlink::{Handle, LinkIpVlan, LinkMacVlan, LinkUnspec, LinkVlan, RouteMessageBuilder};
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::path::Path;

/// A netlink connection to the host's own namespace.
#[derive(Clone)]
pub struct Host {
    handle: Handle,
}

impl Host {
    /// Must be called inside a tokio runtime.
    pub fn connect() -> Result<Host> {
        let (connection, handle, _) =
            rtnetlink::new_connection().map_err(Error::io(Object::Netlink, Operation::Connect))?;
        tokio::spawn(connection);
        Ok(Host { handle })
    }

    /// The host of process `pid`: a netlink connection in its network
    /// namespace (a node's engine, in the test bed's namespaces).
    pub async fn of_process(pid: i64, object: &Object) -> Result<Host> {
        netns::host_in(pid, object).await
    }

    pub(crate) fn from_handle(handle: Handle) -> Host {
        Host { handle }
    }

    /// Every link with its addresses.
    pub async fn links(&self) -> Result<Vec<HostLink>> {
        let messages: Vec<LinkMessage> = self
            .handle
            .link()
            .get()
            .execute()
            .try_collect()
            .await
            .map_err(Error::netlink(
                Object::Netlink,
                Operation::List(Listing::Links),
            ))?;
        let mut addresses: HashMap<u32, Vec<IpNetwork>> = HashMap::new();
        let mut stream = self.handle.address().get().execute();
        while let Some(message) = stream.try_next().await.map_err(Error::netlink(
            Object::Netlink,
            Operation::List(Listing::Addresses),
        ))? {
            let mut address = None;
            for attribute in &message.attributes {
                match attribute {
                    AddressAttribute::Local(ip) => address = Some(*ip),
                    AddressAttribute::Address(ip) if address.is_none() => address = Some(*ip),
                    _ => {}
                }
            }
            if let Some(ip) = address
                && let Ok(network) = IpNetwork::new(ip, message.header.prefix_len)
            {
                addresses
                    .entry(message.header.index)
                    .or_default()
                    .push(network);
            }
        }
        Ok(messages
            .iter()
            .map(|message| {
                let mut link = view(message);
                link.addresses = addresses.remove(&link.index).unwrap_or_default();
                link
            })
            .collect())
    }

    /// Unicast routes of the main table that leave through an interface.
    pub async fn routes(&self) -> Result<Vec<HostRoute>> {
        let mut routes = Vec::new();
        for v4 in [true, false] {
            // One dump at a time: the second starts after the first ends.
            let mut stream = if v4 {
                Box::pin(
                    self.handle
                        .route()
                        .get(RouteMessageBuilder::<Ipv4Addr>::new().build())
                        .execute(),
                )
            } else {
                Box::pin(
                    self.handle
                        .route()
                        .get(RouteMessageBuilder::<Ipv6Addr>::new().build())
                        .execute(),
                )
            };
            while let Some(route) = stream.try_next().await.map_err(Error::netlink(
                Object::Netlink,
                Operation::List(Listing::Routes),
            ))? {
                if route.header.table != RouteHeader::RT_TABLE_MAIN
                    || route.header.kind != RouteType::Unicast
                {
                    continue;
                }
                let (mut destination, mut interface) = (None, None);
                for attribute in &route.attributes {
                    match attribute {
                        RouteAttribute::Destination(RouteAddress::Inet(ip)) => {
                            destination = Some(IpAddr::V4(*ip))
                        }
                        RouteAttribute::Destination(RouteAddress::Inet6(ip)) => {
                            destination = Some(IpAddr::V6(*ip))
                        }
                        RouteAttribute::Oif(index) => interface = Some(*index),
                        _ => {}
                    }
                }
                // A default route carries no destination.
                let destination = destination.unwrap_or(if v4 {
                    IpAddr::V4(Ipv4Addr::UNSPECIFIED)
                } else {
                    IpAddr::V6(Ipv6Addr::UNSPECIFIED)
                });
                if let Some(interface) = interface
                    && let Ok(destination) =
                        IpNetwork::new(destination, route.header.destination_prefix_length)
                {
                    routes.push(HostRoute {
                        destination,
                        interface,
                        kernel: route.header.protocol == RouteProtocol::Kernel,
                    });
                }
            }
        }
        Ok(routes)
    }

    pub async fn index_of(&self, name: &str) -> Result<Option<u32>> {
        let mut stream = self.handle.link().get().match_name(name).execute();
        match stream.try_next().await {
            Ok(message) => Ok(message.map(|m| m.header.index)),
            Err(rtnetlink::Error::NetlinkError(e)) if e.raw_code() == errno::ENODEV => Ok(None),
            Err(source) => Err(Error::netlink(
                Object::Interface(name.to_string()),
                Operation::LookUp,
            )(source)),
        }
    }

    async fn parent_index(&self, object: &Object, parent: &str) -> Result<u32> {
        self.index_of(parent).await?.ok_or_else(|| {
            Error::cannot(
                object,
                Operation::FindParent,
                format!("parent interface `{parent}` does not exist"),
            )
        })
    }

    /// Marks a link as the project's. The kernel ignores an alias sent
    /// with the create request, so it takes a second one.
    async fn mark(&self, object: &Object, name: &str, mark: &str) -> Result<()> {
        let result = self.adopt(object, name, mark).await;
        if result.is_err() {
            // Never leave an unmarked link behind: nothing would own it.
            let _ = self.delete_link(object, name).await;
        }
        result
    }

    /// Marks a link that is there already, and sets it up; never deletes
    /// it. At boot, the engine may have made a network's dotted parent
    /// (`nic0.10`) before macrame could (measured on 20.10).
    pub async fn adopt(&self, object: &Object, name: &str, mark: &str) -> Result<()> {
        self.handle
            .link()
            .change(LinkUnspec::new_with_name(name).alias(mark).build())
            .execute()
            .await
            .map_err(Error::netlink(object, Operation::Mark))?;
        match self
            .handle
            .link()
            .change(LinkUnspec::new_with_name(name).up().build())
            .execute()
            .await
        {
            // Its parent is down (a NIC plugged back in, not yet brought
            // up by the host's own configuration): the kernel sets a vlan
            // up with its parent.
            Err(rtnetlink::Error::NetlinkError(e)) if e.raw_code() == errno::ENETDOWN => Ok(()),
            result => result.map_err(Error::netlink(object, Operation::SetUp)),
        }
    }

    pub async fn create_vlan(&self, spec: &VlanSpec) -> Result<()> {
        let object = Object::Vlan(spec.name.to_string());
        let parent = self.parent_index(&object, &spec.parent).await?;
        let mut builder = LinkVlan::new(&spec.name, parent, spec.id);
        if let Some(mtu) = spec.mtu {
            builder = builder.mtu(mtu);
        }
        self.handle
            .link()
            .add(builder.build())
            .execute()
            .await
            .map_err(Error::netlink(&object, Operation::Create))?;
        self.mark(&object, &spec.name, &spec.mark).await
    }

    /// A bridge-mode macvlan on the network's parent, with its address
    /// and routes: the host's way to its own macvlan containers.
    pub async fn create_shim(&self, spec: &ShimSpec) -> Result<()> {
        let object = Object::Shim(spec.name.to_string());
        let parent = self.parent_index(&object, &spec.parent).await?;
        // On an ipvlan network the shim is an ipvlan of the same mode: the
        // kernel holds the parent in one mode, and l3 children reach each
        // other only through the device's own routing.
        let message = match spec.ipvlan_mode.as_deref() {
            None => LinkMacVlan::new(&spec.name, parent, MacVlanMode::Bridge).build(),
            Some(mode) => LinkIpVlan::new(
                &spec.name,
                parent,
                match mode {
                    "l3" => IpVlanMode::L3,
                    "l3s" => IpVlanMode::L3S,
                    _ => IpVlanMode::L2,
                },
            )
            .build(),
        };
        self.handle
            .link()
            .add(message)
            .execute()
            .await
            .map_err(Error::netlink(&object, Operation::Create))?;
        // Before it is up: a shim must never take router advertisements.
        // It would hand the host a second IPv6 default route through the
        // containers' LAN (an ipvlan shim even hears the parent's own).
        if let Err(error) = refuse_router_advertisements(&spec.name) {
            let _ = self.delete_link(&object, &spec.name).await;
            return Err(Error::io(&object, Operation::TurnOffIpv6Autoconfiguration)(
                error,
            ));
        }
        self.mark(&object, &spec.name, &spec.mark).await?;
        let configured = self.configure_shim(&object, spec).await;
        if configured.is_err() {
            let _ = self.delete_link(&object, &spec.name).await;
        }
        configured
    }

    async fn configure_shim(&self, object: &Object, spec: &ShimSpec) -> Result<()> {
        let index = self.index_of(&spec.name).await?.ok_or_else(|| {
            Error::cannot(
                object,
                Operation::Configure,
                "the shim vanished as it was being set up",
            )
        })?;
        self.handle
            .address()
            .add(index, spec.address.ip(), spec.address.prefix())
            .execute()
            .await
            .map_err(Error::netlink(object, Operation::AddAddress))?;
        for route in &spec.routes {
            let message = match route {
                IpNetwork::V4(net) => RouteMessageBuilder::<Ipv4Addr>::new()
                    .destination_prefix(net.network(), net.prefix())
                    .output_interface(index)
                    .scope(RouteScope::Link)
                    .build(),
                IpNetwork::V6(net) => RouteMessageBuilder::<Ipv6Addr>::new()
                    .destination_prefix(net.network(), net.prefix())
                    .output_interface(index)
                    .build(),
            };
            match self.handle.route().add(message).execute().await {
                // The address's own connected route is this one.
                Err(rtnetlink::Error::NetlinkError(e)) if e.raw_code() == errno::EEXIST => {}
                result => result.map_err(Error::netlink(object, Operation::AddRoute))?,
            }
        }
        Ok(())
    }

    /// A bridge-mode macvlan on `parent` that only listens and sends
    /// frames it is handed (`plan --probe`): marked, up, with IPv6 off so
    /// that it sends nothing of its own (no link-local DAD, no router
    /// solicitation) and takes nothing. Deleted again if any step fails.
    pub async fn create_listener(
        &self,
        object: &Object,
        name: &str,
        parent: &str,
        mark: &str,
    ) -> Result<u32> {
        let parent = self.parent_index(object, parent).await?;
        self.handle
            .link()
            // No ARP: it must never answer for the host's addresses with
            // a MAC that is about to vanish (its packet socket hears all).
            .add(
                LinkMacVlan::new(name, parent, MacVlanMode::Bridge)
                    .arp(false)
                    .build(),
            )
            .execute()
            .await
            .map_err(Error::netlink(object, Operation::Create))?;
        let quiet = Path::new("/proc/sys/net/ipv6/conf").join(name);
        if quiet.exists()
            && let Err(error) = std::fs::write(quiet.join("disable_ipv6"), "1")
        {
            let _ = self.delete_link(object, name).await;
            return Err(Error::io(object, Operation::TurnOffIpv6)(error));
        }
        self.mark(object, name, mark).await?;
        self.index_of(name).await?.ok_or_else(|| {
            Error::cannot(
                object,
                Operation::LookUp,
                "the probe link vanished as it was being set up",
            )
        })
    }

    /// Deletes a link by name; one already gone is fine.
    pub async fn delete_link(&self, object: &Object, name: &str) -> Result<()> {
        let Some(index) = self.index_of(name).await? else {
            return Ok(());
        };
        match self.handle.link().del(index).execute().await {
            Ok(()) => Ok(()),
            Err(rtnetlink::Error::NetlinkError(e)) if e.raw_code() == errno::ENODEV => Ok(()),
            Err(source) => Err(Error::netlink(object, Operation::Delete)(source)),
        }
    }
}

fn view(message: &LinkMessage) -> HostLink {
    let mut link = HostLink {
        index: message.header.index,
        up: message.header.flags.contains(LinkFlags::Up),
        ..HostLink::default()
    };
    // A veth whose peer is in another namespace names the peer's index
    // there (IFLA_LINK with IFLA_LINK_NETNSID): an index that means
    // another link here, not its parent.
    let elsewhere = message
        .attributes
        .iter()
        .any(|a| matches!(a, LinkAttribute::LinkNetNsId(_)));
    for attribute in &message.attributes {
        match attribute {
            LinkAttribute::IfName(name) => link.name = name.clone(),
            LinkAttribute::IfAlias(alias) => link.alias = Some(alias.clone()),
            LinkAttribute::Mtu(mtu) => link.mtu = Some(*mtu),
            LinkAttribute::Link(parent) if !elsewhere => link.parent = Some(*parent),
            LinkAttribute::Controller(master) => link.master = Some(*master),
            LinkAttribute::LinkInfo(infos) => {
                for info in infos {
                    match info {
                        LinkInfo::Kind(kind) => link.kind = Some(kind.to_string()),
                        LinkInfo::Data(InfoData::Vlan(data)) => {
                            for item in data {
                                if let InfoVlan::Id(id) = item {
                                    link.vlan_id = Some(*id);
                                }
                            }
                        }
                        LinkInfo::Data(InfoData::IpVlan(data)) => {
                            for item in data {
                                if let InfoIpVlan::Mode(mode) = item {
                                    link.ipvlan_mode = Some(
                                        match mode {
                                            IpVlanMode::L2 => "l2",
                                            IpVlanMode::L3 => "l3",
                                            IpVlanMode::L3S => "l3s",
                                            _ => "other",
                                        }
                                        .to_string(),
                                    );
                                }
                            }
                        }
                        LinkInfo::Data(InfoData::MacVlan(data)) => {
                            for item in data {
                                if let InfoMacVlan::Mode(mode) = item {
                                    link.macvlan_mode = Some(
                                        match mode {
                                            MacVlanMode::Bridge => "bridge",
                                            MacVlanMode::Vepa => "vepa",
                                            MacVlanMode::Private => "private",
                                            MacVlanMode::Passthrough => "passthru",
                                            _ => "other",
                                        }
                                        .to_string(),
                                    );
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }
    // Netlink does not say "wireless"; cfg80211 devices have a phy link.
    let sys = Path::new("/sys/class/net").join(&link.name);
    link.wireless = sys.join("phy80211").exists() || sys.join("wireless").exists();
    link.driver = std::fs::read_link(sys.join("device/driver"))
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()));
    link
}

/// Whether this host runs under a hypervisor: the CPU flag every
/// hypervisor sets for its guests.
pub fn under_hypervisor() -> bool {
    std::fs::read_to_string("/proc/cpuinfo").is_ok_and(|info| {
        info.lines()
            .any(|l| l.starts_with("flags") && l.split_whitespace().any(|f| f == "hypervisor"))
    })
}

/// The host's address of the SSH session this command runs in, if any.
/// sudo's default `env_reset` drops SSH_CONNECTION, so the processes this
/// one runs under are asked too (their environments, readable as root).
pub fn session_address() -> Option<std::net::IpAddr> {
    let parse = |connection: &str| connection.split_whitespace().nth(2)?.parse().ok();
    if let Ok(connection) = std::env::var("SSH_CONNECTION") {
        return parse(&connection);
    }
    let mut pid = std::process::id();
    // Bounded: a process tree is not deeper than this in practice.
    for _ in 0..32 {
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
        pid = status
            .lines()
            .find_map(|l| l.strip_prefix("PPid:"))?
            .trim()
            .parse()
            .ok()?;
        if pid <= 1 {
            return None;
        }
        if let Ok(environ) = std::fs::read(format!("/proc/{pid}/environ")) {
            for variable in environ.split(|b| *b == 0) {
                if let Some(value) = variable.strip_prefix(b"SSH_CONNECTION=") {
                    return parse(&String::from_utf8_lossy(value));
                }
            }
        }
    }
    None
}

/// `accept_ra` and `autoconf` off for a link; nothing to do where the
/// kernel has no IPv6 for it.
fn refuse_router_advertisements(name: &str) -> std::io::Result<()> {
    let conf = Path::new("/proc/sys/net/ipv6/conf").join(name);
    if !conf.exists() {
        return Ok(());
    }
    std::fs::write(conf.join("accept_ra"), "0")?;
    std::fs::write(conf.join("autoconf"), "0")
}

/// Whether this kernel can make 802.1q links: the module is loaded (or
/// built in), or it is there to be loaded on demand.
pub fn vlan_support() -> bool {
    if Path::new("/proc/net/vlan").exists() || Path::new("/sys/module/8021q").exists() {
        return true;
    }
    let Ok(release) = std::fs::read_to_string("/proc/sys/kernel/osrelease") else {
        return false;
    };
    let dir = Path::new("/lib/modules")
        .join(release.trim())
        .join("kernel/net/8021q");
    std::fs::read_dir(dir).is_ok_and(|mut entries| {
        entries.any(|e| e.is_ok_and(|e| e.file_name().to_string_lossy().starts_with("8021q")))
    })
}
