//! Inside a container's network namespace: the default route, set on
//! engines too old to choose it (`gw_priority`, API 1.48), and read on
//! every engine.

use super::Host;
use crate::error::{Error, Listing, Object, Operation, Result};
use futures::TryStreamExt;
use rtnetlink::RouteMessageBuilder;
use rtnetlink::packet_route::address::AddressAttribute;
use rtnetlink::packet_route::route::{RouteHeader, RouteType};
use rtnetlink::sys::{Socket, TokioSocket, protocols::NETLINK_ROUTE};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};
use std::os::fd::{FromRawFd, IntoRawFd};

/// A netlink connection inside the namespace of process `pid`. The socket
/// is made on a throw-away OS thread that has entered the namespace (setns
/// changes only the calling thread, so never a tokio worker); it stays in
/// that namespace however it is used afterwards.
pub(crate) async fn host_in(pid: i64, object: &Object) -> Result<Host> {
    let path = format!("/proc/{pid}/ns/net");
    let fd = std::thread::spawn(move || -> std::io::Result<i32> {
        let namespace = std::fs::File::open(&path)?;
        nix::sched::setns(&namespace, nix::sched::CloneFlags::CLONE_NEWNET)?;
        Ok(Socket::new(NETLINK_ROUTE)?.into_raw_fd())
    })
    .join()
    .map_err(|_| Error::cannot(object, Operation::EnterNetworkNamespace, "thread panicked"))?
    .map_err(Error::io(object, Operation::EnterNetworkNamespace))?;
    // SAFETY: `fd` is a netlink socket we just made and own alone.
    let socket = unsafe { TokioSocket::from_raw_fd(fd) };
    let (connection, handle, _) = rtnetlink::from_socket(socket);
    tokio::spawn(connection);
    Ok(Host::from_handle(handle))
}

/// The main table's routes of one family, dumped.
async fn routes(
    host: &Host,
    object: &Object,
    v4: bool,
) -> Result<Vec<rtnetlink::packet_route::route::RouteMessage>> {
    let dump = if v4 {
        host.handle
            .route()
            .get(RouteMessageBuilder::<Ipv4Addr>::new().build())
            .execute()
    } else {
        host.handle
            .route()
            .get(RouteMessageBuilder::<Ipv6Addr>::new().build())
            .execute()
    };
    let all: Vec<_> = dump
        .try_collect()
        .await
        .map_err(Error::netlink(object, Operation::List(Listing::Routes)))?;
    Ok(all
        .into_iter()
        .filter(|route| route.header.table == RouteHeader::RT_TABLE_MAIN)
        .collect())
}

/// Makes the default route of the container with process `pid` go through
/// `gateway4`/`gateway6` on the interface that holds `address` (the
/// endpoint's: unlike a MAC, which a file may give two endpoints on
/// different parents, an address is the container's once), replacing the
/// one the engine chose by network name.
pub async fn set_default_route(
    pid: i64,
    object: &Object,
    address: IpAddr,
    gateway4: Option<IpAddr>,
    gateway6: Option<IpAddr>,
) -> Result<()> {
    let host = host_in(pid, object).await?;
    let handle = &host.handle;
    let addresses: Vec<_> = handle
        .address()
        .get()
        .execute()
        .try_collect()
        .await
        .map_err(Error::netlink(object, Operation::List(Listing::Addresses)))?;
    let index = addresses
        .iter()
        .find(|message| {
            message
                .attributes
                .iter()
                .any(|a| matches!(a, AddressAttribute::Address(ip) if *ip == address))
        })
        .map(|message| message.header.index)
        .ok_or_else(|| {
            Error::cannot(
                object,
                Operation::SetDefaultRoute,
                format!("no interface with address {address} in the container"),
            )
        })?;
    for (v4, gateway) in [(true, gateway4), (false, gateway6)] {
        let Some(gateway) = gateway else { continue };
        // Drop the engine's default routes of this family, then add ours.
        for route in routes(&host, object, v4).await? {
            if route.header.kind == RouteType::Unicast
                && route.header.destination_prefix_length == 0
            {
                handle
                    .route()
                    .del(route)
                    .execute()
                    .await
                    .map_err(Error::netlink(object, Operation::RemoveDefaultRoute))?;
            }
        }
        let message = match gateway {
            IpAddr::V4(gw) => RouteMessageBuilder::<Ipv4Addr>::new()
                .gateway(gw)
                .output_interface(index)
                .build(),
            IpAddr::V6(gw) => RouteMessageBuilder::<Ipv6Addr>::new()
                .gateway(gw)
                .output_interface(index)
                .build(),
        };
        handle
            .route()
            .add(message)
            .execute()
            .await
            .map_err(Error::netlink(object, Operation::SetDefaultRoute))?;
    }
    Ok(())
}

/// The default gateways in the namespace of `pid`, for verification.
pub async fn default_gateways(pid: i64, object: &Object) -> Result<Vec<IpAddr>> {
    let host = host_in(pid, object).await?;
    let mut gateways = Vec::new();
    for v4 in [true, false] {
        for route in routes(&host, object, v4).await? {
            if route.header.destination_prefix_length != 0 {
                continue;
            }
            for attribute in &route.attributes {
                use rtnetlink::packet_route::route::{RouteAddress, RouteAttribute};
                match attribute {
                    RouteAttribute::Gateway(RouteAddress::Inet(ip)) => {
                        gateways.push(IpAddr::V4(*ip))
                    }
                    RouteAttribute::Gateway(RouteAddress::Inet6(ip)) => {
                        gateways.push(IpAddr::V6(*ip))
                    }
                    _ => {}
                }
            }
        }
    }
    Ok(gateways)
}
