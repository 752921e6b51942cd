//! `macrame graph`: the topology as a picture. Host NICs feed vlans, vlans
//! and NICs carry networks (mode, subnets, gateways), networks hold
//! containers (addresses) and shims, and shims are the host's own way in.

use crate::error::{Error, Object, Operation, Result};
use crate::model::Topology;
use std::collections::BTreeSet;
use std::fmt::Write as _;

/// What the picture shows, independent of the format.
struct Picture {
    /// (id, label, kind)
    nodes: Vec<(String, String, Kind)>,
    /// (from, to, label)
    edges: Vec<(String, String, String)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Host,
    Parent,
    Vlan,
    Network,
    Shim,
    Container,
}

fn id(kind: &str, name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    format!("{kind}_{clean}")
}

fn picture(topology: &Topology) -> Picture {
    let mut nodes = Vec::new();
    let mut edges = Vec::new();
    let vlans: BTreeSet<&str> = topology
        .vlans
        .iter()
        .map(|v| v.name.value.as_str())
        .collect();
    // Host interfaces: declared, and any a vlan or network names.
    let mut parents: Vec<&str> = topology.parents.iter().map(|p| p.value.as_str()).collect();
    let named = topology
        .vlans
        .iter()
        .map(|v| v.parent.value.as_str())
        .chain(
            topology
                .networks
                .iter()
                .filter_map(|n| n.parent.as_ref().map(|p| p.value.as_str())),
        );
    for parent in named {
        if !vlans.contains(parent) && !parents.contains(&parent) {
            parents.push(parent);
        }
    }
    let interface = |name: &str| {
        if vlans.contains(name) {
            id("vlan", name)
        } else {
            id("nic", name)
        }
    };
    for parent in &parents {
        nodes.push((
            id("nic", parent),
            format!("{parent}\nhost NIC"),
            Kind::Parent,
        ));
    }
    for vlan in &topology.vlans {
        nodes.push((
            id("vlan", &vlan.name.value),
            format!("{}\nvlan {}", vlan.name.value, vlan.id.value),
            Kind::Vlan,
        ));
        edges.push((
            interface(&vlan.parent.value),
            id("vlan", &vlan.name.value),
            "802.1q".to_string(),
        ));
    }
    for network in &topology.networks {
        let mut label = format!("{}\nmacvlan {}", network.name.value, network.mode);
        if network.internal {
            label.push_str(", internal");
        }
        for subnet in &network.subnets {
            let _ = write!(label, "\n{}", subnet.prefix.value);
            if let Some(gateway) = subnet.gateways.first() {
                let _ = write!(label, " gw {}", gateway.value);
            }
        }
        let node = id("net", &network.name.value);
        nodes.push((node.clone(), label, Kind::Network));
        if let Some(parent) = &network.parent {
            edges.push((interface(&parent.value), node, String::new()));
        }
    }
    if !topology.shims.is_empty() {
        nodes.push(("host".to_string(), "this host".to_string(), Kind::Host));
    }
    for shim in &topology.shims {
        let node = id("shim", &shim.name.value);
        let address = shim
            .address
            .as_ref()
            .map_or(String::new(), |a| a.value.to_string());
        nodes.push((
            node.clone(),
            format!("{}\nshim {address}", shim.name.value),
            Kind::Shim,
        ));
        edges.push(("host".to_string(), node.clone(), String::new()));
        if let Some(network) = &shim.network {
            edges.push((
                id("net", &topology.networks[network.value].name.value),
                node,
                String::new(),
            ));
        }
    }
    for container in &topology.containers {
        let node = id("ctr", &container.name.value);
        let image = container.image.as_ref().map_or("", |i| i.value.as_str());
        nodes.push((
            node.clone(),
            format!("{}\n{image}", container.name.value),
            Kind::Container,
        ));
        for attachment in &container.attachments {
            let addresses: Vec<String> = attachment
                .addresses()
                .map(|a| a.value.to_string())
                .collect();
            let mut label = addresses.join(", ");
            if container
                .gateway
                .as_ref()
                .is_some_and(|g| g.value == attachment.network.value)
            {
                label.push_str(" (default route)");
            }
            edges.push((
                id(
                    "net",
                    &topology.networks[attachment.network.value].name.value,
                ),
                node.clone(),
                label,
            ));
        }
    }
    Picture { nodes, edges }
}

fn dot_escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

pub fn dot(topology: &Topology) -> String {
    let picture = picture(topology);
    let mut out = format!(
        "digraph \"{}\" {{\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n  edge [fontname=\"Helvetica\", fontsize=9];\n",
        dot_escape(&topology.project.name)
    );
    for (id, label, kind) in &picture.nodes {
        let style = match kind {
            Kind::Host => "shape=house, style=filled, fillcolor=\"#eeeeee\"",
            Kind::Parent => "shape=box, style=\"filled,bold\", fillcolor=\"#dde8f5\"",
            Kind::Vlan => "shape=box, style=\"filled,dashed\", fillcolor=\"#e8f0fa\"",
            Kind::Network => "shape=box, style=\"filled,rounded\", fillcolor=\"#fdf3d8\"",
            Kind::Shim => "shape=hexagon, style=filled, fillcolor=\"#e4f4e4\"",
            Kind::Container => "shape=component, style=filled, fillcolor=\"#ffffff\"",
        };
        let _ = writeln!(out, "  {id} [label=\"{}\", {style}];", dot_escape(label));
    }
    for (from, to, label) in &picture.edges {
        if label.is_empty() {
            let _ = writeln!(out, "  {from} -> {to};");
        } else {
            let _ = writeln!(out, "  {from} -> {to} [label=\"{}\"];", dot_escape(label));
        }
    }
    out.push_str("}\n");
    out
}

pub fn mermaid(topology: &Topology) -> String {
    let picture = picture(topology);
    let mut out = String::from("flowchart LR\n");
    let escape = |text: &str| text.replace('"', "#quot;").replace('\n', "<br/>");
    for (id, label, kind) in &picture.nodes {
        let label = escape(label);
        let node = match kind {
            Kind::Host => format!("{id}[/\"{label}\"\\]"),
            Kind::Parent | Kind::Vlan => format!("{id}[\"{label}\"]"),
            Kind::Network => format!("{id}(\"{label}\")"),
            Kind::Shim => format!("{id}{{{{\"{label}\"}}}}"),
            Kind::Container => format!("{id}[[\"{label}\"]]"),
        };
        let _ = writeln!(out, "  {node}");
    }
    for (from, to, label) in &picture.edges {
        if label.is_empty() {
            let _ = writeln!(out, "  {from} --> {to}");
        } else {
            let _ = writeln!(out, "  {from} -- \"{}\" --> {to}", escape(label));
        }
    }
    out
}

/// SVG through Graphviz's `dot`.
pub fn svg(topology: &Topology) -> Result<String> {
    use std::io::Write as _;
    let dot_failed =
        |problem: String| Error::cannot(Object::Program("dot"), Operation::Run, problem);
    let mut child = std::process::Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::NotFound => dot_failed(
                "Graphviz's `dot` is not installed: install the `graphviz` package (apt-get install graphviz), or use --format dot or mermaid".to_string(),
            ),
            _ => Error::io(Object::Program("dot"), Operation::Run)(error),
        })?;
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(dot(topology).as_bytes())
        .map_err(Error::io(Object::Program("dot"), Operation::Write))?;
    let output = child
        .wait_with_output()
        .map_err(Error::io(Object::Program("dot"), Operation::Run))?;
    if !output.status.success() {
        return Err(dot_failed(
            String::from_utf8_lossy(&output.stderr).trim().to_string(),
        ));
    }
    String::from_utf8(output.stdout).map_err(|e| dot_failed(format!("it wrote no text: {e}")))
}
