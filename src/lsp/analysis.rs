//! One document, analysed: the same check as `lint`, plus an index of
//! every name's definition and uses, for hover, go-to-definition, find
//! references, completion and the outline.

use crate::lint::{self, Checked};
use crate::model::ip;
use crate::model::{
    Driver, IpvlanMode, MacvlanMode, MountSource, PullPolicy, RestartPolicy, Topology, values,
};
use crate::source::Source;
use crate::span::Span;
use crate::syntax::ast::{self, Ast, Item};
use crate::syntax::{Block, ITEM_KEYWORDS};
use ipnetwork::IpNetwork;
use std::fmt::Write as _;
use std::net::IpAddr;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Namespace {
    Network,
    Container,
    /// Parents, vlans and shims: the host's interface names.
    Interface,
    Volume,
    /// The engines of a file of several hosts.
    Node,
}

#[derive(Debug, Clone)]
pub struct Symbol {
    pub namespace: Namespace,
    pub name: String,
    pub span: Span,
    pub definition: bool,
}

pub struct Analysis {
    pub source: Source,
    pub checked: Checked,
    pub symbols: Vec<Symbol>,
}

impl Analysis {
    pub fn new(source: Source, project: &str) -> Analysis {
        let checked = lint::check(&source, project);
        let symbols = index(&checked.ast, source.text());
        Analysis {
            source,
            checked,
            symbols,
        }
    }

    pub fn topology(&self) -> &Topology {
        &self.checked.topology
    }

    pub fn symbol_at(&self, offset: usize) -> Option<&Symbol> {
        self.symbols
            .iter()
            .find(|s| s.span.start <= offset && offset <= s.span.end && !s.span.is_empty())
    }

    pub fn definition(&self, symbol: &Symbol) -> Option<&Symbol> {
        self.symbols
            .iter()
            .find(|s| s.definition && s.namespace == symbol.namespace && s.name == symbol.name)
    }

    pub fn references<'a>(&'a self, symbol: &'a Symbol) -> impl Iterator<Item = &'a Symbol> + 'a {
        self.symbols
            .iter()
            .filter(move |s| s.namespace == symbol.namespace && s.name == symbol.name)
    }

    /// Markdown for what is under the cursor: a name, or an address.
    pub fn hover(&self, offset: usize) -> Option<(String, Span)> {
        if let Some(symbol) = self.symbol_at(offset) {
            let text = match symbol.namespace {
                Namespace::Network => self.hover_network(&symbol.name),
                Namespace::Container => self.hover_container(&symbol.name),
                Namespace::Interface => self.hover_interface(&symbol.name),
                Namespace::Volume => self.hover_volume(&symbol.name),
                Namespace::Node => self.hover_node(&symbol.name),
            }?;
            return Some((text, symbol.span));
        }
        let span = token_at(self.source.text(), offset)?;
        let token = &self.source.text()[span.range()];
        let text = self.hover_address(token)?;
        Some((text, span))
    }

    fn hover_node(&self, name: &str) -> Option<String> {
        let topology = self.topology();
        let id = topology.node_named(name)?;
        let node = &topology.nodes[id];
        let mut out = format!("**node {name}** — engine `{}`\n\n", node.docker.value);
        for container in topology.containers.iter() {
            if topology.node_of_container(container) == Some(id) {
                let _ = writeln!(out, "- container `{}`", container.name.value);
            }
        }
        Some(out)
    }

    fn hover_network(&self, name: &str) -> Option<String> {
        let topology = self.topology();
        let id = topology.network_named(name)?;
        let network = &topology.networks[id];
        let mut out = format!(
            "**network {name}** — Docker network `{}`\n\n",
            network.docker_name.value
        );
        let _ = write!(out, "macvlan mode **{}**", network.mode);
        match &network.parent {
            Some(parent) => {
                let _ = write!(out, " on parent `{}`", parent.value);
            }
            None => out.push_str(", no parent"),
        }
        if network.internal {
            out.push_str(", internal");
        }
        out.push_str("\n\n");
        for subnet in &network.subnets {
            let prefix = ip::masked(subnet.prefix.value);
            let hosts = host_count(prefix);
            let used = self.used_in(prefix);
            let _ = write!(
                out,
                "- subnet `{prefix}`: {hosts} host addresses, {} free",
                hosts.saturating_sub(used)
            );
            if let Some(gateway) = subnet.gateways.first() {
                let _ = write!(out, "; gateway `{}`", gateway.value);
            }
            if let Some(range) = &subnet.range {
                let _ = write!(out, "; Docker assigns from `{}`", range.value);
            }
            out.push('\n');
        }
        if network.subnets.is_empty() {
            out.push_str("- no subnet: Docker picks one from its pools\n");
        }
        Some(out)
    }

    /// Addresses of `prefix` the file pins: static IPs, gateways, reserved
    /// addresses and shims.
    fn used_in(&self, prefix: IpNetwork) -> u128 {
        let topology = self.topology();
        let mut used = std::collections::HashSet::new();
        for network in &topology.networks {
            for subnet in &network.subnets {
                used.extend(subnet.gateways.iter().map(|g| g.value));
                used.extend(subnet.reserved.iter().map(|r| r.address.value));
            }
        }
        for container in &topology.containers {
            for attachment in &container.attachments {
                used.extend(attachment.addresses().map(|a| a.value));
            }
        }
        used.extend(
            topology
                .shims
                .iter()
                .filter_map(|s| s.address.as_ref().map(|a| a.value.ip())),
        );
        used.into_iter()
            .filter(|address| {
                ip::contains(prefix, *address) && ip::non_host_role(prefix, *address).is_none()
            })
            .count() as u128
    }

    fn hover_container(&self, name: &str) -> Option<String> {
        let topology = self.topology();
        let container = &topology.containers[topology.container_named(name)?];
        let mut out = format!(
            "**container {name}** — Docker container `{}`\n\n",
            container.docker_name
        );
        if let Some(image) = &container.image {
            let _ = writeln!(out, "image `{}`\n", image.value);
        }
        for attachment in &container.attachments {
            let network = &topology.networks[attachment.network.value];
            let addresses: Vec<String> = attachment
                .addresses()
                .map(|a| format!("`{}`", a.value))
                .collect();
            let _ = write!(
                out,
                "- network `{}`: {}",
                network.name.value,
                if addresses.is_empty() {
                    "address chosen by Docker".to_string()
                } else {
                    addresses.join(", ")
                }
            );
            if let Some(mac) = &attachment.mac {
                let _ = write!(out, ", MAC `{}`", mac.value);
            }
            if container
                .gateway
                .as_ref()
                .is_some_and(|g| g.value == attachment.network.value)
            {
                out.push_str(" — default route");
            }
            out.push('\n');
        }
        Some(out)
    }

    fn hover_volume(&self, name: &str) -> Option<String> {
        let topology = self.topology();
        let volume = &topology.volumes[topology.volume_named(name)?];
        let mut out = format!(
            "**volume {name}** — Docker volume `{}`\n\n",
            volume.docker_name
        );
        out.push_str(if volume.external {
            "external: made elsewhere, never created or removed\n"
        } else {
            "the project's: kept by `down`, removed by `down --volumes`\n"
        });
        for container in &topology.containers {
            for mount in &container.options.mounts {
                if let MountSource::Volume(id) = mount.source
                    && topology.volumes[id].name.value == name
                {
                    let _ = writeln!(
                        out,
                        "- mounted by `{}` at `{}`{}",
                        container.name.value,
                        mount.target,
                        if mount.read_only { " (read-only)" } else { "" }
                    );
                }
            }
        }
        Some(out)
    }

    fn hover_interface(&self, name: &str) -> Option<String> {
        let topology = self.topology();
        if let Some(vlan) = topology.vlans.iter().find(|v| v.name.value == name) {
            let mut out = format!(
                "**vlan {name}** — 802.1q id **{}** on `{}`",
                vlan.id.value, vlan.parent.value
            );
            if let Some(mtu) = &vlan.mtu {
                let _ = write!(out, ", MTU {}", mtu.value);
            }
            out.push_str("\n\ncreated and removed by macrame");
            return Some(out);
        }
        if let Some(shim) = topology.shims.iter().find(|s| s.name.value == name) {
            let mut out = format!("**shim {name}** — the host's macvlan");
            if let Some(network) = &shim.network {
                let _ = write!(
                    out,
                    " on network `{}`",
                    topology.networks[network.value].name.value
                );
            }
            if let Some(address) = &shim.address {
                let _ = write!(out, ", address `{}`", address.value);
            }
            return Some(out);
        }
        Some(format!(
            "**{name}** — a host interface: never created or removed by macrame; it must exist at plan time"
        ))
    }

    fn hover_address(&self, token: &str) -> Option<String> {
        let topology = self.topology();
        if let Ok(address) = token.parse::<IpAddr>() {
            for network in &topology.networks {
                for subnet in &network.subnets {
                    if ip::contains(subnet.prefix.value, address) {
                        return Some(format!(
                            "`{address}` lies in subnet `{}` of network `{}`",
                            ip::masked(subnet.prefix.value),
                            network.name.value
                        ));
                    }
                }
            }
            return Some(format!("`{address}` lies in none of the file's subnets"));
        }
        let prefix = token
            .parse::<IpNetwork>()
            .ok()
            .filter(|_| token.contains('/'))?;
        let masked = ip::masked(prefix);
        Some(format!("`{masked}`: {} host addresses", host_count(masked)))
    }

    /// Completion candidates at `offset`: what fits there.
    pub fn complete(&self, offset: usize) -> Vec<(String, &'static str)> {
        let text = &self.source.text()[..offset.min(self.source.text().len())];
        let (block, words) = context(text);
        let names = |namespace: Namespace| -> Vec<(String, &'static str)> {
            let mut names: Vec<String> = self
                .symbols
                .iter()
                .filter(|s| s.definition && s.namespace == namespace)
                .map(|s| s.name.clone())
                .collect();
            names.dedup();
            let what = match namespace {
                Namespace::Network => "network",
                Namespace::Container => "container",
                Namespace::Interface => "interface",
                Namespace::Volume => "volume",
                Namespace::Node => "node",
            };
            names.into_iter().map(|n| (n, what)).collect()
        };
        let keywords = |list: &[&str]| {
            list.iter()
                .map(|k| (k.to_string(), "keyword"))
                .collect::<Vec<_>>()
        };
        // The settings that may follow on a line (`subnet X gateway G
        // range R`): none while a setting waits for its value, which is the
        // user's to type (`reserve NAME = ADDRESS` waits twice).
        let settings = |block: Block, written: &[&str]| {
            let waiting = match written {
                [.., "reserve", name] if !name.contains(['.', ':']) => true,
                [.., last] => block.keywords().contains(last) || *last == "=",
                [] => false,
            };
            if waiting {
                Vec::new()
            } else {
                keywords(block.keywords())
            }
        };
        // The word being typed does not count.
        let done: Vec<&str> = if text.ends_with(|c: char| c.is_whitespace()) {
            words.iter().map(String::as_str).collect()
        } else {
            words
                .iter()
                .take(words.len().saturating_sub(1))
                .map(String::as_str)
                .collect()
        };
        match (block, done.as_slice()) {
            (None, []) => keywords(ITEM_KEYWORDS),
            (Some(block), []) => keywords(block.keywords()),
            (None, ["vlan", _, "on"]) | (Some(Block::Vlan), ["parent"]) => {
                names(Namespace::Interface)
            }
            (None, ["vlan", _]) => keywords(&["on"]),
            (Some(Block::Network), ["mode"]) => MacvlanMode::ALL
                .iter()
                .map(|m| (m.as_str().to_string(), "macvlan mode"))
                .chain(
                    IpvlanMode::ALL
                        .iter()
                        .map(|m| (m.as_str().to_string(), "ipvlan mode")),
                )
                .collect(),
            (Some(Block::Network) | Some(Block::Volume), ["driver"]) => Driver::ALL
                .iter()
                .map(|d| (d.as_str().to_string(), "driver"))
                .collect(),
            (Some(Block::Container), ["volume"]) => names(Namespace::Volume),
            (Some(Block::Container), ["pull"]) => PullPolicy::NAMES
                .iter()
                .map(|p| (p.to_string(), "pull policy"))
                .collect(),
            (Some(Block::Container), ["cap-add" | "cap-drop", ..]) => values::CAPABILITIES
                .iter()
                .map(|c| (c.to_string(), "capability"))
                .collect(),
            (Some(Block::Container), ["stop-signal"]) => values::SIGNALS
                .iter()
                .map(|s| (s.to_string(), "signal"))
                .collect(),
            (Some(Block::Container), ["depends-on", names @ ..]) if !names.is_empty() => self
                .symbols
                .iter()
                .filter(|s| s.definition && s.namespace == Namespace::Container)
                .map(|s| (s.name.clone(), "container"))
                .chain(
                    ["started", "healthy", "completed"]
                        .into_iter()
                        .map(|c| (c.to_string(), "condition")),
                )
                .collect(),
            (Some(Block::Health), ["test"]) => keywords(&["shell", "none"]),
            (Some(Block::Network), ["parent"]) => names(Namespace::Interface),
            (Some(Block::Network), ["parent", _]) => keywords(&["on"]),
            (Some(_), [.., "on"]) => names(Namespace::Node),
            (Some(Block::Container | Block::Shim | Block::Service), ["node"]) => {
                names(Namespace::Node)
            }
            (Some(Block::Service), ["network"]) => names(Namespace::Network),
            (Some(Block::Network), ["subnet", _, rest @ ..]) => settings(Block::Subnet, rest),
            (Some(Block::Shim), ["network"]) => names(Namespace::Network),
            (Some(Block::Container), ["network"]) => names(Namespace::Network),
            (Some(Block::Container), ["network", _, rest @ ..]) => {
                settings(Block::Attachment, rest)
            }
            (Some(Block::Container), ["gateway"]) => names(Namespace::Network),
            (Some(Block::Container), ["depends-on", ..]) => names(Namespace::Container),
            (Some(Block::Container), ["restart"]) => RestartPolicy::NAMES
                .iter()
                .map(|p| (p.to_string(), "restart policy"))
                .collect(),
            _ => Vec::new(),
        }
    }
}

fn host_count(prefix: IpNetwork) -> u128 {
    let (first, last) = ip::bounds(prefix);
    // `::/0` holds 2^128 addresses, one more than a u128 counts.
    let size = (last - first).saturating_add(1);
    let special: u128 = match (prefix.is_ipv4(), prefix.prefix()) {
        (true, p) if p < 31 => 2,
        (false, p) if p < 127 => 1,
        _ => 0,
    };
    size - special
}

/// The volume a mount names (`data` of `data:/srv`), with its own span;
/// `None` for a bind or anonymous mount.
fn mount_volume_name(mount: &ast::Text, text: &str) -> Option<ast::Text> {
    let name = mount.value.split(':').next()?;
    if crate::model::is_host_path(name) || !mount.value.contains(':') {
        return None;
    }
    // A string's span starts at its quote.
    let quoted = text.get(mount.span.range())?.starts_with('"');
    let start = mount.span.start + usize::from(quoted);
    Some(ast::Text::new(
        name.to_string(),
        Span::new(start, start + name.len()),
    ))
}

/// The address-shaped token around `offset`.
fn token_at(text: &str, offset: usize) -> Option<Span> {
    let is_token = |c: char| c.is_ascii_alphanumeric() || ".:/%_@-".contains(c);
    if offset > text.len() || !text.is_char_boundary(offset) {
        return None;
    }
    // Past the whole character before the token: it may take several
    // bytes (found by the fuzzer: `é` before a name).
    let start = text[..offset]
        .char_indices()
        .rev()
        .find(|&(_, c)| !is_token(c))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[offset..]
        .find(|c: char| !is_token(c))
        .map_or(text.len(), |i| offset + i);
    (start < end).then_some(Span::new(start, end))
}

/// The block the cursor is in, and the words of the statement before it.
fn context(text: &str) -> (Option<Block>, Vec<String>) {
    let mut stack: Vec<Option<Block>> = Vec::new();
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut chars = text.chars().peekable();
    let end_word = |word: &mut String, words: &mut Vec<String>| {
        if !word.is_empty() {
            words.push(std::mem::take(word));
        }
    };
    while let Some(c) = chars.next() {
        match c {
            '#' => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
                end_word(&mut word, &mut words);
                words.clear();
            }
            '"' => {
                end_word(&mut word, &mut words);
                let mut string = String::from("\"");
                while let Some(c) = chars.next() {
                    string.push(c);
                    match c {
                        '\\' => {
                            if let Some(&next) = chars.peek()
                                && next != '\n'
                            {
                                string.push(next);
                                chars.next();
                            }
                        }
                        '"' | '\n' => break,
                        _ => {}
                    }
                }
                words.push(string);
            }
            '{' => {
                end_word(&mut word, &mut words);
                let current = stack.last().copied().flatten();
                let opened = match (current, words.first().map(String::as_str)) {
                    (None, Some("vlan")) => Some(Block::Vlan),
                    (None, Some("network")) => Some(Block::Network),
                    (None, Some("shim")) => Some(Block::Shim),
                    (None, Some("container")) => Some(Block::Container),
                    (None, Some("volume")) => Some(Block::Volume),
                    (None, Some("node")) => Some(Block::Node),
                    (None, Some("service")) => Some(Block::Service),
                    (Some(Block::Node), Some("tls")) => Some(Block::Tls),
                    (Some(Block::Service), Some("network")) => Some(Block::Attachment),
                    (Some(Block::Service), Some("health")) => Some(Block::Health),
                    (Some(Block::Service), Some("tmpfs")) => Some(Block::Tmpfs),
                    (Some(Block::Service), Some("log")) => Some(Block::Log),
                    (Some(Block::Network), Some("subnet")) => Some(Block::Subnet),
                    (Some(Block::Container), Some("network")) => Some(Block::Attachment),
                    (Some(Block::Container), Some("build")) => Some(Block::Build),
                    (Some(Block::Container), Some("tmpfs")) => Some(Block::Tmpfs),
                    (Some(Block::Container), Some("health")) => Some(Block::Health),
                    (Some(Block::Container), Some("log")) => Some(Block::Log),
                    _ => None,
                };
                stack.push(opened);
                words.clear();
            }
            '}' => {
                stack.pop();
                word.clear();
                words.clear();
            }
            '\n' | ';' => {
                word.clear();
                words.clear();
            }
            c if c.is_whitespace() => end_word(&mut word, &mut words),
            c => word.push(c),
        }
    }
    end_word(&mut word, &mut words);
    (stack.last().copied().flatten(), words)
}

fn index(ast: &Ast, source_text: &str) -> Vec<Symbol> {
    let mut symbols = Vec::new();
    let mut push = |namespace, text: &ast::Text, definition| {
        symbols.push(Symbol {
            namespace,
            name: text.value.clone(),
            span: text.span,
            definition,
        })
    };
    for item in &ast.items {
        match item {
            Item::Project(_) => {}
            Item::Parent(parent) => push(Namespace::Interface, &parent.name, true),
            Item::Vlan(vlan) => {
                match &vlan.form {
                    ast::VlanForm::Named(name) => push(Namespace::Interface, name, true),
                    ast::VlanForm::Short { id, parent } => {
                        let name = ast::Text::new(
                            crate::model::names::vlan_ifname(&parent.value, &id.value),
                            id.span,
                        );
                        push(Namespace::Interface, &name, true);
                        push(Namespace::Interface, parent, false);
                    }
                }
                for setting in &vlan.settings {
                    if let ast::VlanSetting::Parent(parent) = &setting.kind {
                        push(Namespace::Interface, parent, false);
                    }
                }
            }
            Item::Network(network) => {
                push(Namespace::Network, &network.name, true);
                for setting in &network.settings {
                    match &setting.kind {
                        ast::NetworkSetting::Parent { name, node } => {
                            push(Namespace::Interface, name, false);
                            if let Some(node) = node {
                                push(Namespace::Node, node, false);
                            }
                        }
                        ast::NetworkSetting::Range(ast::RangeDecl {
                            node: Some(node), ..
                        }) => push(Namespace::Node, node, false),
                        ast::NetworkSetting::Subnet(subnet) => {
                            for setting in &subnet.settings {
                                if let ast::SubnetSetting::Range(ast::RangeDecl {
                                    node: Some(node),
                                    ..
                                }) = &setting.kind
                                {
                                    push(Namespace::Node, node, false);
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            Item::Shim(shim) => {
                push(Namespace::Interface, &shim.name, true);
                for setting in &shim.settings {
                    match &setting.kind {
                        ast::ShimSetting::Network(network) => {
                            push(Namespace::Network, network, false)
                        }
                        ast::ShimSetting::Node(node) => push(Namespace::Node, node, false),
                        _ => {}
                    }
                }
            }
            Item::Volume(volume) => push(Namespace::Volume, &volume.name, true),
            Item::Node(node) => push(Namespace::Node, &node.name, true),
            Item::Service(service) => {
                for setting in &service.settings {
                    if let ast::ServiceSetting::Container(setting) = &setting.kind {
                        index_container_setting(&mut push, setting, source_text);
                    }
                }
            }
            Item::Container(container) => {
                push(Namespace::Container, &container.name, true);
                for setting in &container.settings {
                    index_container_setting(&mut push, &setting.kind, source_text);
                }
            }
        }
    }
    finish_index(symbols)
}

/// The names one container (or service) setting uses.
fn index_container_setting(
    push: &mut impl FnMut(Namespace, &ast::Text, bool),
    setting: &ast::ContainerSetting,
    source_text: &str,
) {
    match setting {
        ast::ContainerSetting::Mount(mount) => {
            if let Some(name) = mount_volume_name(mount, source_text) {
                push(Namespace::Volume, &name, false);
            }
        }
        ast::ContainerSetting::Network(attachment) => {
            push(Namespace::Network, &attachment.network, false)
        }
        ast::ContainerSetting::Gateway(network) => push(Namespace::Network, network, false),
        ast::ContainerSetting::DependsOn { names, .. } => {
            for name in names {
                push(Namespace::Container, name, false);
            }
        }
        ast::ContainerSetting::Node(node) => push(Namespace::Node, node, false),
        _ => {}
    }
}

fn finish_index(mut symbols: Vec<Symbol>) -> Vec<Symbol> {
    // A host interface used but never declared is "defined" at its first
    // use, so go-to-definition has somewhere to go.
    let mut seen = std::collections::HashSet::new();
    for symbol in &symbols {
        if symbol.definition && symbol.namespace == Namespace::Interface {
            seen.insert(symbol.name.clone());
        }
    }
    for symbol in &mut symbols {
        if symbol.namespace == Namespace::Interface && seen.insert(symbol.name.clone()) {
            symbol.definition = true;
        }
    }
    symbols
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "project p
parent eth0
vlan 50 on eth0
network lan {
  mode bridge
  parent eth0.50
  subnet 10.1.0.0/24 gateway 10.1.0.1
}
shim sh { network lan; address 10.1.0.250/32 }
container web {
  image alpine
  network lan ip 10.1.0.10
  depends-on db
}
container db { image alpine; network lan ip 10.1.0.11 }
";

    fn analysis() -> Analysis {
        Analysis::new(Source::new("t.mcr", TEXT), "p")
    }

    fn at(needle: &str, nth: usize) -> usize {
        TEXT.match_indices(needle).nth(nth).unwrap().0 + 1
    }

    #[test]
    fn definitions_and_references() {
        let analysis = analysis();
        let symbol = analysis.symbol_at(at("lan ip", 0)).unwrap();
        assert_eq!(symbol.name, "lan");
        let definition = analysis.definition(symbol).unwrap();
        assert_eq!(&TEXT[definition.span.range()], "lan");
        assert_eq!(definition.span.start, TEXT.find("network lan").unwrap() + 8);
        assert_eq!(analysis.references(symbol).count(), 4);
        let db = analysis.symbol_at(at("db\n}", 0)).unwrap();
        assert_eq!(
            analysis.definition(db).unwrap().span.start,
            TEXT.find("container db").unwrap() + 10
        );
        let vlan = analysis.symbol_at(at("eth0.50", 0)).unwrap();
        assert_eq!(
            analysis.definition(vlan).unwrap().span.start,
            TEXT.find("50 on").unwrap()
        );
    }

    #[test]
    fn hovers() {
        let analysis = analysis();
        let (text, _) = analysis.hover(at("lan {", 0)).unwrap();
        assert!(
            text.contains("mode **bridge** on parent `eth0.50`"),
            "{text}"
        );
        // 254 hosts; the gateway, the shim and two containers are taken.
        assert!(
            text.contains("subnet `10.1.0.0/24`: 254 host addresses, 250 free; gateway `10.1.0.1`"),
            "{text}"
        );
        let (text, _) = analysis.hover(at("10.1.0.10", 0)).unwrap();
        assert_eq!(
            text,
            "`10.1.0.10` lies in subnet `10.1.0.0/24` of network `lan`"
        );
        let (text, _) = analysis.hover(at("web", 0)).unwrap();
        assert!(text.contains("- network `lan`: `10.1.0.10`"), "{text}");
        // The whole IPv6 space does not overflow the count.
        let wide = Analysis::new(Source::new("t.mcr", "# see ::/0\n"), "p");
        let (text, _) = wide.hover(7).unwrap();
        assert!(text.contains("host addresses"), "{text}");
        let (text, _) = analysis.hover(at("eth0.50", 0)).unwrap();
        assert!(text.contains("802.1q id **50** on `eth0`"), "{text}");
    }

    #[test]
    fn completions_fit_the_place() {
        let analysis = analysis();
        let labels = |text: &str| -> Vec<String> {
            let a = Analysis::new(Source::new("t.mcr", format!("{TEXT}{text}")), "p");
            let _ = &analysis;
            a.complete(a.source.text().len())
                .into_iter()
                .map(|(l, _)| l)
                .collect()
        };
        assert_eq!(labels("con"), ITEM_KEYWORDS);
        assert!(labels("container x {\n  ").contains(&"image".to_string()));
        assert_eq!(labels("container x {\n  network "), ["lan"]);
        assert_eq!(labels("container x {\n  depends-on "), ["web", "db"]);
        assert_eq!(
            labels("network y {\n  mode "),
            ["bridge", "vepa", "private", "passthru", "l2", "l3", "l3s"]
        );
        assert_eq!(
            labels("network y {\n  driver "),
            ["macvlan", "ipvlan", "bridge"]
        );
        assert_eq!(
            labels("container x {\n  depends-on db "),
            ["web", "db", "started", "healthy", "completed"]
        );
        assert!(labels("container x {\n  cap-add ").contains(&"NET_ADMIN".to_string()));
        assert_eq!(
            labels("container x {\n  pull "),
            ["always", "missing", "never"]
        );
        assert!(labels("container x {\n  health {\n    ").contains(&"start-period".to_string()));
        assert_eq!(labels("container x {\n  health { test "), ["shell", "none"]);
        assert!(labels("network y {\n  parent ").contains(&"eth0.50".to_string()));
        let nodes = "node edge { docker \"unix:///a.sock\" }\nnode core { docker \"ssh://b\" }\n";
        assert_eq!(
            labels(&format!("{nodes}container x {{\n  node ")),
            ["edge", "core"]
        );
        assert_eq!(
            labels(&format!("{nodes}network y {{\n  parent eth0 on ")),
            ["edge", "core"]
        );
        assert_eq!(
            labels(&format!("{nodes}network y {{\n  parent eth0 ")),
            ["on"]
        );
        assert!(labels("service s {\n  ").contains(&"replicas".to_string()));
        assert!(labels("service s {\n  ").contains(&"image".to_string()));
        assert_eq!(labels("node n {\n  "), ["docker", "tls"]);
        assert_eq!(labels("node n {\n  tls {\n    "), ["ca", "cert", "key"]);
        assert_eq!(
            labels("container x {\n  restart "),
            ["no", "always", "unless-stopped", "on-failure"]
        );
        assert_eq!(
            labels("container x {\n  network lan "),
            ["ip", "ip6", "mac", "alias"]
        );
        // Where a value goes, nothing is offered; after it, the settings.
        assert!(labels("container x {\n  network lan ip ").is_empty());
        assert_eq!(
            labels("container x {\n  network lan ip 10.0.0.5 "),
            ["ip", "ip6", "mac", "alias"]
        );
        assert_eq!(
            labels("network y {\n  subnet 10.9.0.0/24 "),
            ["gateway", "range", "reserve"]
        );
        for waiting in [
            "gateway ",
            "reserve ",
            "reserve printer ",
            "reserve printer = ",
        ] {
            assert!(
                labels(&format!("network y {{\n  subnet 10.9.0.0/24 {waiting}")).is_empty(),
                "{waiting}"
            );
        }
        for complete in ["reserve p = 10.9.0.2 ", "reserve 10.9.0.2 "] {
            assert_eq!(
                labels(&format!("network y {{\n  subnet 10.9.0.0/24 {complete}")),
                ["gateway", "range", "reserve"]
            );
        }
        // An escaped quote does not end a string, nor open a block.
        assert_eq!(
            labels("container x {\n  command \"a\\\" {\"\n  network "),
            ["lan"]
        );
    }
}
