//! A container's default route.

use crate::diagnostic::{Code, Diagnostic};
use crate::lint::Context;
use crate::model::{Container, Topology};

/// The network Docker takes the default route from when nothing says
/// otherwise: of the networks with a gateway that are not internal, one
/// with IPv6 on before one without, then the Docker network names in
/// lexical order (moby libnetwork's endpoint ordering, the same on 20.10,
/// 26 and 28: the runtime tests check it on each engine).
pub fn docker_default_network(topology: &Topology, container: &Container) -> Option<usize> {
    container
        .attachments
        .iter()
        .map(|a| a.network.value)
        .filter(|&n| topology.networks[n].has_gateway() && !topology.networks[n].internal)
        .min_by_key(|&n| {
            let network = &topology.networks[n];
            (!network.has_ipv6(), &network.docker_name.value)
        })
}

pub fn default_gateway_ambiguous(cx: &Context, out: &mut Vec<Diagnostic>) {
    let topology = cx.topology;
    for container in &topology.containers {
        if container.gateway_written {
            continue;
        }
        let routed: Vec<&str> = container
            .attachments
            .iter()
            .map(|a| &topology.networks[a.network.value])
            .filter(|n| n.has_gateway() && !n.internal)
            .map(|n| n.name.value.as_str())
            .collect();
        if routed.len() < 2 {
            continue;
        }
        let pick = docker_default_network(topology, container).expect("two candidates");
        let pick = cx.network_name(pick);
        let list = match routed.split_last() {
            Some((last, rest)) => format!("`{}` and `{last}`", rest.join("`, `")),
            None => unreachable!(),
        };
        out.push(
            Diagnostic::new(
                Code::DefaultGatewayAmbiguous,
                container.name.span,
                format!(
                    "container `{}` is on {list}, all with gateways, and has no `gateway` line: Docker would route through `{pick}`",
                    container.name.value
                ),
            )
            .note("default route not chosen")
            .help(format!(
                "say which network carries the default route, e.g. `gateway {pick}`; Docker's own choice follows IPv6 and the networks' names, not the file"
            )),
        );
    }
}

pub fn gateway_not_attached(cx: &Context, out: &mut Vec<Diagnostic>) {
    for container in &cx.topology.containers {
        let Some(gateway) = &container.gateway else {
            continue;
        };
        let network = &cx.topology.networks[gateway.value];
        let attached = container
            .attachments
            .iter()
            .any(|a| a.network.value == gateway.value);
        let problem = if !attached {
            format!(
                "container `{}` is not on network `{}`",
                container.name.value, network.name.value
            )
        } else if network.internal {
            format!(
                "network `{}` is internal: it has no way out",
                network.name.value
            )
        } else if !network.has_gateway() {
            format!("network `{}` has no gateway", network.name.value)
        } else {
            continue;
        };
        let candidates: Vec<&str> = container
            .attachments
            .iter()
            .map(|a| &cx.topology.networks[a.network.value])
            .filter(|n| n.has_gateway() && !n.internal)
            .map(|n| n.name.value.as_str())
            .collect();
        let help = match (attached, candidates.first()) {
            (false, _) => format!(
                "attach it (`network {}`), or name a network it is on",
                network.name.value
            ),
            (true, Some(other)) => {
                format!("route through a network with a gateway, e.g. `gateway {other}`")
            }
            (true, None) => "give the network a gateway, or remove the `gateway` line".to_string(),
        };
        out.push(
            Diagnostic::new(
                Code::GatewayNotAttached,
                gateway.span,
                format!(
                    "`gateway {}` cannot carry the default route: {problem}",
                    network.name.value
                ),
            )
            .note("not a usable gateway")
            .related(network.name.span, "network declared here")
            .help(help),
        );
    }
}
