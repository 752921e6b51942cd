//! The merged Compose model as topology text: the project, the vlans
//! Docker would make for a dotted parent, the networks, the volumes, then
//! the shims and containers (service.rs, shim.rs). Whatever has no
//! equivalent is reported at its Compose line and written as a comment.

use super::context::{Context, Exported, NetworkInfo, labels, pairs, strings};
use super::emit::{Slot, comment, local_name, quoted, token};
use super::service;
use super::shim;
use super::yaml::{Kind, Node};
use super::{ImportOptions, Report, Severity};
use crate::model::names;
use std::collections::BTreeSet;
use std::fmt::Write;
use std::path::PathBuf;

/// The topology text, its project's name, and what the conversion said.
pub fn convert(
    root: &Node,
    files: &[PathBuf],
    options: &ImportOptions,
    env: &crate::syntax::Environment,
) -> (String, String, Vec<Report>) {
    let base = super::project_dir(files);
    let rebase = options
        .output
        .as_deref()
        .filter(|out| !super::same_dir(super::dir_of(out), &base))
        .map(|_| base.canonicalize().unwrap_or_else(|_| base.clone()));
    let mut context = Context {
        options,
        reports: Vec::new(),
        env: env.clone(),
        base: base.clone(),
        rebase,
        networks: Vec::new(),
        volumes: BTreeSet::new(),
        project: String::new(),
        service: String::new(),
        exported: None,
        externals: None,
        external_volumes: None,
        services: BTreeSet::new(),
        helpers: BTreeSet::new(),
        shim_addresses: Vec::new(),
    };
    let extension = root.get("x-macrame");
    let recorded = extension
        .and_then(|x| x.get("project"))
        .and_then(Node::as_str);
    let project = match (
        &options.project,
        root.get("name").and_then(Node::as_str).or(recorded),
    ) {
        (Some(project), _) => project.clone(),
        (None, Some(name)) => name.to_string(),
        (None, None) => {
            let dir = base.canonicalize().unwrap_or(base.clone());
            names::project_from_dir(
                &dir.file_name()
                    .map(|n| n.to_string_lossy().to_string())
                    .unwrap_or_default(),
            )
        }
    };
    context.project = project.clone();
    context.externals = extension.and_then(|x| x.get("externals")).cloned();
    context.external_volumes = extension.and_then(|x| x.get("external_volumes")).cloned();
    if let Some(extension) = extension {
        context.exported = Some(Exported {
            gateways: pairs(extension.get("gateways").unwrap_or(extension))
                .into_iter()
                .filter(|_| extension.get("gateways").is_some())
                .filter_map(|(k, v)| Some((k, v?.as_str()?.to_string())))
                .collect(),
        });
    }
    let mut out = String::new();
    let sources: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let _ = writeln!(
        out,
        "# Imported by `macrame import` from {}.",
        sources.join(", ")
    );
    let _ = writeln!(
        out,
        "# What Compose has no macrame equivalent for is kept below as comments.\n"
    );
    let _ = writeln!(
        out,
        "project {}\n",
        token(&project, Slot::Word).unwrap_or_else(|| "default".into())
    );

    // Top-level keys with no macrame item, and what to do instead.
    const OTHER_TOP: &[(&str, &str)] = &[
        (
            "secrets",
            "macrame has no secrets; mount the file with `volume ./FILE:/run/secrets/NAME:ro`",
        ),
        (
            "configs",
            "macrame has no configs; mount the file with `volume ./FILE:/PATH:ro`",
        ),
        (
            "models",
            "AI models are Compose's own; macrame runs containers",
        ),
        (
            "include",
            "name the included files to `macrame import` after this one",
        ),
    ];
    for (key, _) in root.as_map().unwrap_or_default() {
        let name = key.as_str().unwrap_or_default();
        if let Some((_, why)) = OTHER_TOP.iter().find(|(k, _)| *k == name) {
            let line = context.unsupported(name, key, why);
            let _ = writeln!(out, "{line}");
        }
    }

    let services: Vec<(String, Node)> = root
        .get("services")
        .and_then(Node::as_map)
        .unwrap_or_default()
        .iter()
        .map(|(k, v)| (k.as_str().unwrap_or_default().to_string(), v.clone()))
        .collect();
    if root.get("services").is_none() {
        context.report(
            Severity::Warning,
            root,
            "the file has no `services`: only its networks and volumes are imported",
        );
    }

    let mut network_text = String::new();
    let declared: Vec<(Node, Node)> = root
        .get("networks")
        .and_then(Node::as_map)
        .unwrap_or_default()
        .to_vec();
    // Compose's `default` network is always there for a service that
    // names it, or names none.
    let needs_default = services.iter().any(|(_, s)| {
        service::network_names(s)
            .iter()
            .any(|(n, _)| n == "default")
    }) && !declared.iter().any(|(k, _)| k.as_str() == Some("default"));
    // Hand-made shims, found first: the addresses they take are theirs,
    // not the networks' to reserve.
    let hand_made = shim::hand_made(&services);
    let lan_parents: Vec<String> = declared
        .iter()
        .filter(|(_, d)| {
            matches!(
                d.get("driver").and_then(Node::as_str),
                Some("macvlan" | "ipvlan")
            )
        })
        .filter_map(|(_, d)| Some(d.get("driver_opts")?.get("parent")?.as_str()?.to_string()))
        .collect();
    context.shim_addresses = shim::addresses_on(&hand_made, &lan_parents);
    for (key, definition) in &declared {
        network_text.push_str(&network(&mut context, key, definition));
    }
    if needs_default {
        network_text.push_str("# Compose's own network for services that name none.\nnetwork default {\n  driver bridge\n}\n\n");
        context.networks.push(NetworkInfo {
            name: "default".into(),
            driver: "bridge".into(),
            parent: None,
            external: false,
        });
    }
    // A service on a network no file declares: Compose refuses the file.
    for (_, service) in &services {
        for (name, node) in service::network_names(service) {
            if context.network(&name).is_none() && token(&name, Slot::Word).is_some() {
                context.report(
                    Severity::Warning,
                    &node,
                    format!(
                        "the network `{name}` is not declared (Compose refuses the file: \"refers to undefined network\"); \
                         imported as an external network named `{name}`, which must exist"
                    ),
                );
                let _ = write!(
                    network_text,
                    "# Not declared in the Compose file: assumed made by hand.\nnetwork {} {{\n  external\n  name {}\n}}\n\n",
                    local_name(&name),
                    quoted(&name)
                );
                context.networks.push(NetworkInfo {
                    name: name.clone(),
                    driver: String::new(),
                    parent: None,
                    external: true,
                });
            }
        }
    }

    // An exported file lists every vlan it had; a dotted parent there is
    // one macrame did not own.
    let mut vlans = recorded_vlans(extension);
    if extension.is_none() {
        vlans.push_str(&self::vlans(&mut context, &declared, extension));
    }
    let (mut shims, helpers) = shim::shims(&mut context, &hand_made);
    shims.push_str(&recorded_shims(extension));
    out.push_str(&vlans);
    out.push_str(&network_text);

    for (key, definition) in root
        .get("volumes")
        .and_then(Node::as_map)
        .unwrap_or_default()
    {
        out.push_str(&volume(&mut context, key, definition));
    }
    for (_, service) in &services {
        for (name, node) in service::named_volumes(service) {
            if !context.volumes.contains(&name) {
                context.report(
                    Severity::Warning,
                    &node,
                    format!("the volume `{name}` is not declared (Compose refuses the file: \"undefined volume\"); declared here"),
                );
                let _ = writeln!(
                    out,
                    "# Not declared in the Compose file.\nvolume {}\n",
                    local_name(&name)
                );
                context.volumes.insert(name);
            }
        }
    }

    out.push_str(&shims);
    context.services = services.iter().map(|(n, _)| n.clone()).collect();
    context.helpers = helpers.clone();
    for (name, service) in &services {
        if helpers.contains(name) {
            continue;
        }
        out.push_str(&service::container(&mut context, name, service));
    }
    let text = finish(&out);
    (text, project, context.reports)
}

/// In `macrame fmt`'s layout when it parses (it always should).
fn finish(text: &str) -> String {
    let (_, diagnostics) = crate::syntax::parse(text);
    if diagnostics
        .iter()
        .any(|d| d.code == crate::diagnostic::Code::Syntax)
    {
        return text.to_string();
    }
    crate::format::format(text)
}

fn network(context: &mut Context, key: &Node, written: &Node) -> String {
    let name = key.as_str().unwrap_or_default().to_string();
    // What `macrame export` declared of an external network (Compose
    // refuses anything but `name` beside `external`).
    let recorded = context
        .externals
        .as_ref()
        .and_then(|x| x.get(&name))
        .and_then(Node::as_map)
        .map(<[_]>::to_vec);
    let recorded = recorded.as_deref();
    let merged = with_recorded(written, recorded);
    let definition = &merged;
    let mut body = String::new();
    let mut info = NetworkInfo {
        name: name.clone(),
        driver: "bridge".into(),
        parent: None,
        external: false,
    };
    let external = definition.get("external");
    let external_name = external.and_then(|e| e.get("name")).and_then(Node::as_str);
    let is_external = external.is_some_and(|e| e.as_bool() == Some(true) || e.as_map().is_some());
    let docker_name = definition
        .get("name")
        .and_then(Node::as_str)
        .or(external_name);
    if is_external {
        info.external = true;
        info.driver = String::new();
        body.push_str("  external\n");
        let _ = writeln!(body, "  name {}", quoted(docker_name.unwrap_or(&name)));
    } else if let Some(docker_name) = docker_name
        && docker_name != names::docker_network_name(&context.project, &name)
    {
        let _ = writeln!(body, "  name {}", quoted(docker_name));
    }
    if let Some(driver) = definition.get("driver") {
        let written = driver.as_str().unwrap_or_default().to_string();
        match written.as_str() {
            "overlay" | "host" | "none" if !is_external => {
                // Joined as what it is: a network made elsewhere.
                let docker = docker_name
                    .map(str::to_string)
                    .unwrap_or_else(|| names::docker_network_name(&context.project, &name));
                context.report(
                    Severity::Unsupported,
                    driver,
                    format!(
                        "`driver: {written}`: macrame makes macvlan, ipvlan and bridge networks; imported as an external network `{docker}`, which must exist (`docker network create -d {written} {docker}`)"
                    ),
                );
                let name_word = token(&name, Slot::Word).unwrap_or_else(|| name.clone());
                context.networks.push(NetworkInfo {
                    name: name.clone(),
                    driver: written.clone(),
                    parent: None,
                    external: true,
                });
                return format!(
                    "# Compose made this a `{written}` network, which macrame does not make.\nnetwork {name_word} {{\n  external\n  name {}\n}}\n\n",
                    quoted(&docker)
                );
            }
            _ => match token(&written, Slot::Word) {
                Some(word) => {
                    if word != "macvlan" || is_external {
                        let _ = writeln!(body, "  driver {word}");
                    }
                    info.driver = written.clone();
                }
                None => {
                    let line = context.unsupported(
                        "driver",
                        driver,
                        &format!("`{written}` is not a driver name"),
                    );
                    let _ = writeln!(body, "  {line}");
                }
            },
        }
    } else if !is_external {
        body.push_str("  driver bridge\n");
    }
    for (option, value) in definition.get("driver_opts").map(pairs).unwrap_or_default() {
        let node = value.clone().unwrap_or_else(|| definition.clone());
        let text = value
            .as_ref()
            .and_then(Node::as_str)
            .unwrap_or_default()
            .to_string();
        match option.as_str() {
            "parent" => match token(&text, Slot::Word) {
                Some(parent) => {
                    let _ = writeln!(body, "  parent {parent}");
                    info.parent = Some(text.clone());
                }
                None => {
                    context.report(Severity::Warning, &node, format!("the parent `{text}` is not an interface name (a placeholder?); write the host's NIC"));
                    let _ = writeln!(
                        body,
                        "  {}",
                        comment(&format!("compose parent: {text} (not an interface name)"))
                    );
                }
            },
            "macvlan_mode" | "ipvlan_mode" => match token(&text, Slot::Word) {
                Some(mode) => {
                    let _ = writeln!(body, "  mode {mode}");
                }
                None => {
                    let line =
                        context.unsupported(&option, &node, &format!("`{text}` is not a mode"));
                    let _ = writeln!(body, "  {line}");
                }
            },
            other if other.starts_with("com.docker.network.bridge.") && info.is_lan() => {
                context.report(
                    Severity::Warning,
                    &node,
                    format!("`{other}` is an option of the bridge driver: the {} driver ignores it; dropped", info.driver),
                );
                let _ = writeln!(
                    body,
                    "  {}",
                    comment(&format!(
                        "compose driver_opts {other}: {text} (ignored by the {} driver)",
                        info.driver
                    ))
                );
            }
            other => {
                let line = context.unsupported(
                    &format!("driver_opts.{other}"),
                    &node,
                    "macrame sets only parent and the mode",
                );
                let _ = writeln!(body, "  {line}");
            }
        }
    }
    if is_external && recorded.is_some() {
        body.push_str(&ipam(context, definition));
        if definition.get("internal").and_then(Node::as_bool) == Some(true) {
            body.push_str("  internal\n");
        }
        if let Some(labels) = definition.get("labels") {
            body.push_str(&self::labels(context, labels, "  "));
        }
    } else if is_external {
        for key in ["ipam", "enable_ipv6", "internal", "attachable", "labels"] {
            if let Some(node) = definition.get(key) {
                context.report(
                    Severity::Warning,
                    node,
                    format!("`{key}` on an external network: Compose ignores it (the network exists already); dropped"),
                );
            }
        }
    } else {
        body.push_str(&ipam(context, definition));
        if definition.get("internal").and_then(Node::as_bool) == Some(true) {
            body.push_str("  internal\n");
        }
        if let Some(labels) = definition.get("labels") {
            body.push_str(&self::labels(context, labels, "  "));
        }
        if let Some(node) = definition.get("attachable")
            && node.as_bool() == Some(true)
        {
            let line = context.unsupported("attachable", node, "attachable matters only to swarm services, which a later macrame joins through `service` items");
            let _ = writeln!(body, "  {line}");
        }
    }
    for (other, node) in definition.as_map().unwrap_or_default() {
        let other = other.as_str().unwrap_or_default();
        if !matches!(
            other,
            "external"
                | "name"
                | "driver"
                | "driver_opts"
                | "ipam"
                | "enable_ipv6"
                | "internal"
                | "labels"
                | "attachable"
        ) && !other.starts_with("x-")
        {
            let line = context.unsupported(other, node, "no macrame network setting");
            let _ = writeln!(body, "  {line}");
        }
    }
    context.networks.push(info);
    let name_word = local_name(&name);
    if name_word != name {
        context.report(
            Severity::Warning,
            key,
            format!(
                "the network name `{name}` is not one macrame can write; written `{name_word}`"
            ),
        );
        if docker_name.is_none() && !is_external {
            // The Docker network keeps Compose's name.
            body.insert_str(
                0,
                &format!(
                    "  name {}\n",
                    quoted(&names::docker_network_name(&context.project, &name))
                ),
            );
        }
    }
    format!("network {name_word} {{\n{body}}}\n\n")
}

fn ipam(context: &mut Context, definition: &Node) -> String {
    let mut out = String::new();
    let Some(ipam) = definition.get("ipam") else {
        if definition.get("enable_ipv6").and_then(Node::as_bool) == Some(true) {
            context.report(Severity::Warning, definition, "`enable_ipv6` without an IPv6 subnet: Docker would take one from its pools; macrame turns IPv6 on by a subnet: add `subnet fd00:.../64`");
        }
        return out;
    };
    for (key, node) in ipam.as_map().unwrap_or_default() {
        match key.as_str().unwrap_or_default() {
            "config" => {}
            "driver" if node.as_str() == Some("default") => {}
            other => {
                let line = context.unsupported(
                    &format!("ipam.{other}"),
                    node,
                    "macrame uses the engine's default IPAM driver",
                );
                let _ = writeln!(out, "  {line}");
            }
        }
    }
    let mut has_ipv6 = false;
    for config in ipam
        .get("config")
        .and_then(Node::as_seq)
        .unwrap_or_default()
    {
        let field = |key: &str| config.get(key).and_then(Node::as_str).map(str::to_string);
        let mut lines = Vec::new();
        let value_line = |context: &mut Context,
                          keyword: &str,
                          key: &str,
                          lines: &mut Vec<String>| {
            if let Some(text) = field(key) {
                match token(&text, Slot::Value) {
                    Some(value) => lines.push(format!("{keyword} {value}")),
                    None => {
                        context.report(
                            Severity::Warning,
                            config.get(key).unwrap(),
                            format!("the {key} `{text}` is not an address (a placeholder?); write the real one"),
                        );
                        lines.push(comment(&format!("compose {key}: {text} (not an address)")));
                    }
                }
            }
        };
        value_line(context, "gateway", "gateway", &mut lines);
        value_line(context, "range", "ip_range", &mut lines);
        for (name, address) in config.get("aux_addresses").map(pairs).unwrap_or_default() {
            // A shim's own, made again by the shim `x-macrame` records.
            if context.exported.is_some() && name.starts_with("macrame-shim-") {
                continue;
            }
            // A hand-made shim's: reserved by the shim from now on.
            if address
                .as_ref()
                .and_then(Node::as_str)
                .is_some_and(|a| context.shim_addresses.iter().any(|s| s == a))
            {
                let address = address.as_ref().and_then(Node::as_str).unwrap_or_default();
                lines.push(format!(
                    "# compose aux address {name} = {address} (now the shim's own)"
                ));
                continue;
            }
            let address = address
                .as_ref()
                .and_then(Node::as_str)
                .unwrap_or_default()
                .to_string();
            match (token(&name, Slot::Word), token(&address, Slot::Value)) {
                (Some(name), Some(address)) => lines.push(format!("reserve {name} = {address}")),
                _ => {
                    context.report(Severity::Warning, config, format!("the aux address `{name}: {address}` is not a name and an address (a placeholder?)"));
                    lines.push(comment(&format!(
                        "compose aux_addresses {name}: {address} (not an address)"
                    )));
                }
            }
        }
        for (key, node) in config.as_map().unwrap_or_default() {
            let key = key.as_str().unwrap_or_default();
            if !matches!(key, "subnet" | "gateway" | "ip_range" | "aux_addresses") {
                let line = context.unsupported(
                    &format!("ipam.config.{key}"),
                    node,
                    "no macrame subnet setting",
                );
                lines.push(line);
            }
        }
        match field("subnet") {
            Some(subnet) => match token(&subnet, Slot::Value) {
                Some(value) => {
                    has_ipv6 |= subnet.contains(':');
                    if lines.is_empty() {
                        let _ = writeln!(out, "  subnet {value}");
                    } else {
                        let _ = writeln!(out, "  subnet {value} {{");
                        for line in lines {
                            let _ = writeln!(out, "    {line}");
                        }
                        out.push_str("  }\n");
                    }
                }
                None => {
                    context.report(Severity::Warning, config.get("subnet").unwrap(), format!("the subnet `{subnet}` is not a prefix (a placeholder?); write the real one"));
                    let _ = writeln!(
                        out,
                        "  {}",
                        comment(&format!("compose subnet: {subnet} (not a prefix)"))
                    );
                    for line in lines {
                        let _ = writeln!(
                            out,
                            "  {}",
                            if line.starts_with('#') {
                                line
                            } else {
                                comment(&line)
                            }
                        );
                    }
                }
            },
            // A gateway or range with no subnet: the linter says so.
            None => {
                for line in lines {
                    let _ = writeln!(out, "  {line}");
                }
            }
        }
    }
    match definition.get("enable_ipv6").and_then(Node::as_bool) {
        Some(true) if !has_ipv6 => context.report(
            Severity::Warning,
            definition.get("enable_ipv6").unwrap(),
            "`enable_ipv6` without an IPv6 subnet: Docker would take one from its pools; macrame turns IPv6 on by a subnet: add `subnet fd00:.../64`",
        ),
        Some(false) if has_ipv6 => context.report(
            Severity::Warning,
            definition.get("enable_ipv6").unwrap(),
            "`enable_ipv6: false` with an IPv6 subnet: macrame turns IPv6 on by its subnet",
        ),
        _ => {}
    }
    out
}

/// `vlan` items for the dotted parents (`eth0.50`) no file declares:
/// Docker makes such a link itself when it is missing.
fn vlans(context: &mut Context, declared: &[(Node, Node)], extension: Option<&Node>) -> String {
    let mut out = String::new();
    let mut made: BTreeSet<String> = extension
        .and_then(|x| x.get("vlans"))
        .and_then(Node::as_seq)
        .unwrap_or_default()
        .iter()
        .filter_map(|v| Some(v.get("name")?.as_str()?.to_string()))
        .collect();
    for (key, definition) in declared {
        let Some(info) = context.network(key.as_str().unwrap_or_default()) else {
            continue;
        };
        let Some(parent) = info.parent.clone() else {
            continue;
        };
        if !info.is_lan() || parent.contains('$') || made.contains(&parent) {
            continue;
        }
        let Some((base, id)) = parent.rsplit_once('.') else {
            continue;
        };
        let Ok(number) = id.parse::<u16>() else {
            continue;
        };
        if base.is_empty() {
            continue;
        }
        made.insert(parent.clone());
        let node = definition
            .get("driver_opts")
            .and_then(|o| o.get("parent"))
            .unwrap_or(definition);
        context.report(
            Severity::Note,
            node,
            format!("the parent `{parent}` is an 802.1q link Docker would make on `{base}` (VLAN {number}); written as a `vlan` item"),
        );
        let _ = writeln!(
            out,
            "# Docker makes `{parent}` itself when it is missing; here it is the project's own.\nvlan {parent} {{\n  parent {base}\n  id {number}\n}}\n"
        );
    }
    out
}

fn volume(context: &mut Context, key: &Node, written: &Node) -> String {
    let name = key.as_str().unwrap_or_default().to_string();
    context.volumes.insert(name.clone());
    // What `macrame export` declared of an external volume.
    let recorded = context
        .external_volumes
        .as_ref()
        .and_then(|x| x.get(&name))
        .and_then(Node::as_map)
        .map(<[_]>::to_vec);
    let merged = with_recorded(written, recorded.as_deref());
    let definition = &merged;
    let mut body = String::new();
    let external = definition.get("external");
    let external_name = external.and_then(|e| e.get("name")).and_then(Node::as_str);
    let is_external = external.is_some_and(|e| e.as_bool() == Some(true) || e.as_map().is_some());
    let docker_name = definition
        .get("name")
        .and_then(Node::as_str)
        .or(external_name);
    if is_external {
        body.push_str("  external\n");
        let _ = writeln!(body, "  name {}", quoted(docker_name.unwrap_or(&name)));
    } else if let Some(docker_name) = docker_name
        && docker_name != format!("{}_{name}", context.project)
    {
        let _ = writeln!(body, "  name {}", quoted(docker_name));
    }
    for (key, node) in definition.as_map().unwrap_or_default() {
        match key.as_str().unwrap_or_default() {
            "external" | "name" => {}
            "driver" => match node.as_str().and_then(|d| token(d, Slot::Word)) {
                Some(driver) => {
                    let _ = writeln!(body, "  driver {driver}");
                }
                None => {
                    let line = context.unsupported("driver", node, "not a driver name");
                    let _ = writeln!(body, "  {line}");
                }
            },
            "labels" => body.push_str(&labels(context, node, "  ")),
            other if other.starts_with("x-") => {}
            other => {
                let line = context.unsupported(
                    other,
                    node,
                    "no macrame volume setting (macrame makes local volumes)",
                );
                let _ = writeln!(body, "  {line}");
            }
        }
    }
    let word = local_name(&name);
    if word != name {
        context.report(
            Severity::Warning,
            key,
            format!("the volume name `{name}` is not one macrame can write; written `{word}`"),
        );
        if docker_name.is_none() && !is_external {
            body.insert_str(
                0,
                &format!(
                    "  name {}\n",
                    quoted(&format!("{}_{name}", context.project))
                ),
            );
        }
    }
    if body.is_empty() {
        format!("volume {word}\n\n")
    } else {
        format!("volume {word} {{\n{body}}}\n\n")
    }
}

/// A definition with what `macrame export` recorded of it beside.
fn with_recorded(written: &Node, recorded: Option<&[(Node, Node)]>) -> Node {
    match recorded {
        Some(extra) => {
            let mut entries = written.as_map().unwrap_or_default().to_vec();
            entries.extend(extra.iter().cloned());
            Node {
                kind: Kind::Map(entries),
                mark: written.mark,
            }
        }
        None => written.clone(),
    }
}

/// The vlans `macrame export` recorded, as they were.
fn recorded_vlans(extension: Option<&Node>) -> String {
    recorded(
        extension,
        "vlans",
        "vlan",
        &[
            ("parent", "parent", true),
            ("id", "id", true),
            ("mtu", "mtu", false),
        ],
    )
}

/// The shims `macrame export` recorded, as they were.
fn recorded_shims(extension: Option<&Node>) -> String {
    recorded(
        extension,
        "shims",
        "shim",
        &[
            ("network", "network", true),
            ("address", "address", true),
            ("routes", "route", false),
        ],
    )
}

/// The items listed under `x-macrame.KEY`: each a `name` and `fields`
/// (its YAML key, the statement's keyword, whether it must be there; a
/// list gives a statement per entry). An entry missing what it needs is
/// left out: it was not written by `export`.
fn recorded(
    extension: Option<&Node>,
    key: &str,
    item: &str,
    fields: &[(&str, &str, bool)],
) -> String {
    let mut out = String::new();
    for entry in extension
        .and_then(|x| x.get(key))
        .and_then(Node::as_seq)
        .unwrap_or_default()
    {
        let Some(name) = entry
            .get("name")
            .and_then(Node::as_str)
            .and_then(|v| token(v, Slot::Value))
        else {
            continue;
        };
        let mut body = String::new();
        let mut complete = true;
        for (field, keyword, required) in fields {
            let values: Vec<String> = entry
                .get(field)
                .map(strings)
                .unwrap_or_default()
                .iter()
                .filter_map(|(v, _)| token(v, Slot::Value))
                .collect();
            complete &= !required || !values.is_empty();
            for value in values {
                let _ = writeln!(body, "  {keyword} {value}");
            }
        }
        if complete {
            let _ = write!(out, "{item} {name} {{\n{body}}}\n\n");
        }
    }
    out
}
