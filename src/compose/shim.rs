//! Host shims built by hand: a `network_mode: host` service whose command
//! runs `ip link add NAME link PARENT type macvlan` (and `ip addr add`,
//! `ip route add`) is what a `shim` item does properly. Recognised where
//! the commands name a parent one of the file's networks uses.

use super::Severity;
use super::context::Context;
use super::emit::{Slot, token};
use super::service::argv;
use super::yaml::Node;
use std::collections::BTreeSet;
use std::fmt::Write;

/// What a helper's commands do.
#[derive(Debug, Default, PartialEq)]
pub struct HandMade {
    link: String,
    parent: String,
    addresses: Vec<String>,
    routes: Vec<String>,
}

/// The `ip` commands of a script, each as its words.
fn ip_commands(script: &str) -> Vec<Vec<String>> {
    script
        .split(['\n', ';', '&', '|'])
        .filter_map(|part| {
            let words: Vec<String> = part
                .split_whitespace()
                .map(|w| w.trim_matches(['"', '\'']).to_string())
                .collect();
            // The first command may follow `sh -c`.
            let at = words.iter().position(|w| w == "ip" || w.ends_with("/ip"))?;
            Some(words[at..].to_vec())
        })
        .collect()
}

fn recognise(script: &str) -> Option<HandMade> {
    let mut made = HandMade::default();
    for words in ip_commands(script) {
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        match words.as_slice() {
            [
                _,
                "link",
                "add",
                link,
                "link",
                parent,
                "type",
                "macvlan" | "ipvlan",
                ..,
            ] => {
                made.link = link.to_string();
                made.parent = parent.to_string();
            }
            [_, "addr" | "address" | "a", "add", address, "dev", link, ..]
                if *link == made.link =>
            {
                made.addresses.push(address.to_string());
            }
            [_, "route" | "r", "add", prefix, "dev", link, ..] if *link == made.link => {
                made.routes.push(prefix.to_string());
            }
            _ => {}
        }
    }
    (!made.link.is_empty()).then_some(made)
}

/// The services that build a host shim by hand: each with what its
/// commands do.
pub fn hand_made(services: &[(String, Node)]) -> Vec<(String, Node, HandMade)> {
    services
        .iter()
        .filter(|(_, service)| service.get("network_mode").and_then(Node::as_str) == Some("host"))
        .filter_map(|(name, service)| {
            let script = argv(service.get("command")?)
                .map(|a| a.join(" "))
                .unwrap_or_default();
            Some((name.clone(), service.clone(), recognise(&script)?))
        })
        .collect()
}

/// The addresses hand-made shims on `parent`s give their links (bare,
/// without a prefix): a shim reserves its own, so the network must not.
pub fn addresses_on(hand_made: &[(String, Node, HandMade)], parents: &[String]) -> Vec<String> {
    hand_made
        .iter()
        .filter(|(_, _, made)| parents.contains(&made.parent))
        .flat_map(|(_, _, made)| &made.addresses)
        .map(|a| a.split('/').next().unwrap_or_default().to_string())
        .collect()
}

/// The `shim` items, and the services they replace.
pub fn shims(
    context: &mut Context,
    hand_made: &[(String, Node, HandMade)],
) -> (String, BTreeSet<String>) {
    let mut out = String::new();
    let mut helpers = BTreeSet::new();
    for (name, service, made) in hand_made {
        let network = context
            .networks
            .iter()
            .find(|n| n.is_lan() && n.parent.as_deref() == Some(made.parent.as_str()))
            .map(|n| n.name.clone());
        let how = format!(
            "write `shim {} {{ network NET; address ADDRESS/32; route RANGE }}`: macrame makes the link, reserves its address and routes the containers' range through it",
            made.link
        );
        let (Some(network), Some(link)) = (network, token(&made.link, Slot::Word)) else {
            context.report(
                Severity::Unsupported,
                service,
                format!(
                    "the service `{name}` builds a host shim by hand on `{}`, which none of the file's macvlan networks uses; {how}",
                    made.parent
                ),
            );
            continue;
        };
        helpers.insert(name.clone());
        let mut problems = Vec::new();
        if made.addresses.is_empty() {
            problems.push("gives the link no address".to_string());
        }
        if made.routes.is_empty() {
            problems.push("adds no route through it, so the host still reaches the containers through the parent, which macvlan filters".to_string());
        }
        context.report(
            Severity::Note,
            service,
            format!(
                "the service `{name}` (network_mode: host) builds the host shim `{}` by hand; imported as `shim {}`{}",
                made.link,
                made.link,
                if problems.is_empty() { String::new() } else { format!(" (by hand it {})", problems.join(", and ")) }
            ),
        );
        let _ = writeln!(
            out,
            "# From the Compose service `{name}` (network_mode: host), which ran\n# `ip link add {} link {} type macvlan` by hand. A shim is made,\n# reserved in the network's addresses and removed by macrame.",
            made.link, made.parent
        );
        let _ = writeln!(
            out,
            "shim {link} {{\n  network {}",
            super::emit::local_name(&network)
        );
        for address in &made.addresses {
            let address = if address.contains(['/', '$']) {
                address.clone()
            } else {
                format!("{address}/32")
            };
            if let Some(value) = token(&address, Slot::Value) {
                let _ = writeln!(out, "  address {value}");
            }
        }
        for route in &made.routes {
            if let Some(value) = token(route, Slot::Value) {
                let _ = writeln!(out, "  route {value}");
            }
        }
        if made.routes.is_empty() {
            out.push_str("  # The helper added no route: without one the host still reaches the\n  # containers through the parent, which macvlan filters. Add `route PREFIX`\n  # for their addresses (the network's range, or each container's ip/32).\n");
        }
        out.push_str("}\n\n");
    }
    (out, helpers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_helper_script_is_read() {
        let script = "sh -c \" ip link add mv-host link ens18 type macvlan mode bridge; ip addr add 10.10.20.10/32 dev mv-host; ip link set mv-host up && ip route add 10.10.20.128/25 dev mv-host; sleep infinity \"";
        let made = recognise(script).unwrap();
        assert_eq!(made.link, "mv-host");
        assert_eq!(made.parent, "ens18");
        assert_eq!(made.addresses, ["10.10.20.10/32"]);
        assert_eq!(made.routes, ["10.10.20.128/25"]);
        assert_eq!(recognise("sleep infinity"), None);
    }
}
