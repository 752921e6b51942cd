//! A Compose service as a `container` item: every setting macrame has,
//! in the container block's order; the rest reported and kept as comments.

use super::Severity;
use super::context::{Context, labels, pairs, strings};
use super::emit::{Slot, comment, local_name, quoted, split_outside_variables, token};
use super::yaml::{Kind, Node};
use std::fmt::Write;

/// The networks a service joins, as written (list or mapping).
pub fn network_names(service: &Node) -> Vec<(String, Node)> {
    match service.get("networks") {
        Some(node) => match &node.kind {
            Kind::Seq(items) => items
                .iter()
                .filter_map(|i| Some((i.as_str()?.to_string(), i.clone())))
                .collect(),
            Kind::Map(entries) => entries
                .iter()
                .map(|(k, _)| (k.as_str().unwrap_or_default().to_string(), k.clone()))
                .collect(),
            _ => Vec::new(),
        },
        None if service.get("network_mode").is_none() => {
            vec![("default".to_string(), service.clone())]
        }
        None => Vec::new(),
    }
}

/// The named volumes a service mounts (short `NAME:/path` and long form).
pub fn named_volumes(service: &Node) -> Vec<(String, Node)> {
    let mut out = Vec::new();
    for item in service
        .get("volumes")
        .and_then(Node::as_seq)
        .unwrap_or_default()
    {
        let source = match &item.kind {
            Kind::Scalar { text, .. } => {
                let parts = split_outside_variables(text, ':');
                (parts.len() > 1).then(|| parts[0].to_string())
            }
            Kind::Map(_)
                if item
                    .get("type")
                    .and_then(Node::as_str)
                    .is_none_or(|t| t == "volume") =>
            {
                item.get("source")
                    .and_then(Node::as_str)
                    .map(str::to_string)
            }
            _ => None,
        };
        if let Some(source) = source
            && !is_host_path(&source)
            && !source.is_empty()
        {
            out.push((source, item.clone()));
        }
    }
    out
}

fn is_host_path(source: &str) -> bool {
    source.starts_with(['/', '.', '~']) || source.contains('$')
}

/// Splits a command written as one string, as Compose does (shell words:
/// quotes and backslashes, no expansion).
pub fn shell_words(text: &str) -> Option<Vec<String>> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        match c {
            // A `${...}` stays whole: its default may hold spaces.
            '$' if chars.clone().next() == Some('{') => {
                in_word = true;
                word.push('$');
                let rest: String = chars.clone().collect();
                if let Some(end) = crate::syntax::interpolate::closing_brace(&rest[1..]) {
                    word.push_str(&rest[..end + 2]);
                    for _ in 0..rest[..end + 2].chars().count() {
                        chars.next();
                    }
                }
            }
            '\'' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '\'' => break,
                        c => word.push(c),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next()? {
                        '"' => break,
                        '\\' => match chars.next()? {
                            c @ ('"' | '\\' | '$' | '`') => word.push(c),
                            '\n' => {}
                            c => {
                                word.push('\\');
                                word.push(c);
                            }
                        },
                        c => word.push(c),
                    }
                }
            }
            '\\' => {
                in_word = true;
                match chars.next() {
                    Some('\n') | None => {}
                    Some(c) => word.push(c),
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Some(words)
}

/// The argv of `command` or `entrypoint`, either form.
pub fn argv(node: &Node) -> Option<Vec<String>> {
    match &node.kind {
        Kind::Scalar { text, .. } => shell_words(text),
        Kind::Seq(items) => items
            .iter()
            .map(|i| i.as_str().map(str::to_string))
            .collect(),
        _ => None,
    }
}

/// `KEYWORD VALUE` where the grammar takes only a bare value; reported
/// and kept as a comment when the Compose value is none (empty, spaces).
fn bare_line(context: &mut Context, lines: &mut Lines, keyword: &str, key: &str, node: &Node) {
    let text = node.as_str().unwrap_or_default();
    match token(text, Slot::Value) {
        Some(value) => lines.push(format!("{keyword} {value}")),
        None => {
            let line = context.unsupported(
                key,
                node,
                &format!("`{text}` is not a value `{keyword}` takes"),
            );
            lines.push(line);
        }
    }
}

/// A bare value when it is one, else a string.
fn value_or_string(text: &str) -> String {
    token(text, Slot::Value).unwrap_or_else(|| quoted(text))
}

struct Lines {
    text: String,
}

impl Lines {
    fn push(&mut self, line: impl AsRef<str>) {
        let _ = writeln!(self.text, "  {}", line.as_ref());
    }
}

/// The container item of one service.
pub fn container(context: &mut Context, name: &str, service: &Node) -> String {
    let mut lines = Lines {
        text: String::new(),
    };
    let mut header = String::new();
    let word = local_name(name);
    if word != name {
        context.report(Severity::Warning, service, format!("the service name `{name}` is not a container name macrame can write; written `{word}`"));
    }
    if service.as_map().is_none() {
        context.report(
            Severity::Warning,
            service,
            format!(
                "the service `{name}` is {}, not a mapping of settings",
                service.describe()
            ),
        );
    }
    let lan_only = {
        let networks = network_names(service);
        !networks.is_empty()
            && networks
                .iter()
                .all(|(n, _)| context.network(n).is_some_and(|i| i.is_lan()))
    };
    let mut attachments = Attachments::default();
    context.service = name.to_string();
    // What the container is first, then the rest as the file has it
    // (an extended service's keys come before its own).
    let mut entries: Vec<&(Node, Node)> = service.as_map().unwrap_or_default().iter().collect();
    entries.sort_by_key(|(k, _)| !matches!(k.as_str(), Some("image" | "build" | "container_name")));
    for (key, value) in entries {
        let key_text = key.as_str().unwrap_or_default();
        setting(
            context,
            &mut lines,
            &mut attachments,
            key_text,
            value,
            lan_only,
        );
    }
    if service.get("image").is_none() && service.get("build").is_none() {
        context.report(Severity::Warning, service, format!("the service `{name}` has neither `image` nor `build` (an override fragment?): the container needs one"));
    }
    attachments.write(context, name, service, &mut lines);
    if service.get("profiles").is_some() {
        header.push_str(
            "# Compose starts this service only with its profile; macrame always does.\n",
        );
    }
    format!("{header}container {word} {{\n{}}}\n\n", lines.text)
}

#[derive(Default)]
struct Attachments {
    /// (network, its line, endpoint settings or null)
    networks: Vec<(String, Node, Node)>,
    service_mac: Option<Node>,
    network_mode: Option<Node>,
}

impl Attachments {
    fn write(&mut self, context: &mut Context, name: &str, service: &Node, lines: &mut Lines) {
        if self.networks.is_empty() && self.network_mode.is_none() {
            self.networks
                .push(("default".into(), service.clone(), Node::null(service.mark)));
        }
        if self.networks.is_empty()
            && let Some(mac) = &self.service_mac
        {
            let line = context.unsupported(
                "mac_address",
                mac,
                "the container has no network of its own to carry it",
            );
            lines.push(line);
        }
        let priority = |endpoint: &Node, key: &str| {
            endpoint
                .get(key)
                .and_then(Node::as_str)
                .and_then(|p| p.parse::<i64>().ok())
                .unwrap_or(0)
        };
        let highest = |key: &str| {
            let best = self
                .networks
                .iter()
                .max_by_key(|(_, _, e)| priority(e, key))?;
            let top = priority(&best.2, key);
            let unique = self
                .networks
                .iter()
                .filter(|(_, _, e)| priority(e, key) == top)
                .count()
                == 1;
            (top != 0 && unique).then(|| best.0.clone())
        };
        // The default route: the highest gw_priority, else priority; in
        // a file macrame exported, what it recorded (its `priority` only
        // carries the MAC).
        let gateway = match &context.exported {
            Some(exported) => exported.gateways.get(name).cloned(),
            None => highest("gw_priority").or_else(|| highest("priority")),
        };
        // docker-compose creates the container on its highest-priority
        // network, else the first by name, and a service's MAC lands there.
        let mac_on =
            highest("priority").or_else(|| self.networks.iter().map(|n| n.0.clone()).min());
        if let Some(mac) = &self.service_mac
            && self.networks.len() > 1
            && context.exported.is_none()
        {
            context.report(
                Severity::Warning,
                mac,
                format!(
                    "a service-level `mac_address` with several networks: put on `{}` (a MAC belongs to one endpoint; write it under the network it is for)",
                    mac_on.clone().unwrap_or_default()
                ),
            );
        }
        for (network, _, endpoint) in &self.networks {
            let name = local_name(network);
            let mut line = format!("network {name}");
            let mut extra = Vec::new();
            for (key, value) in endpoint.as_map().unwrap_or_default() {
                match key.as_str().unwrap_or_default() {
                    "ipv4_address" => address(context, network, "ip", value, &mut line, &mut extra),
                    "ipv6_address" => {
                        address(context, network, "ip6", value, &mut line, &mut extra)
                    }
                    "mac_address" | "x-macrame-mac" => {
                        address(context, network, "mac", value, &mut line, &mut extra)
                    }
                    "aliases" => {
                        for (alias, node) in strings(value) {
                            match token(&alias, Slot::Word) {
                                Some(alias) => {
                                    let _ = write!(line, " alias {alias}");
                                }
                                None => extra.push(context.unsupported(
                                    "aliases",
                                    &node,
                                    &format!("`{alias}` is not a name"),
                                )),
                            }
                        }
                    }
                    "priority" | "gw_priority" => {}
                    other if other.starts_with("x-") => {}
                    other => {
                        extra.push(context.unsupported(other, value, "no macrame endpoint setting"))
                    }
                }
            }
            if mac_on.as_deref() == Some(network.as_str())
                && let Some(mac) = self.service_mac.clone()
                && endpoint.get("mac_address").is_none()
            {
                address(context, network, "mac", &mac, &mut line, &mut extra);
            }
            for comment in extra {
                lines.push(comment);
            }
            lines.push(line);
        }
        // Only a choice among several, unless an export recorded it.
        let chosen = self.networks.len() > 1 || context.exported.is_some();
        if chosen && let Some(gateway) = gateway.and_then(|g| token(&g, Slot::Word)) {
            lines.push(format!("gateway {gateway}"));
        }
    }
}

/// ` ip ADDRESS` (or `ip6`, `mac`) on an attachment line, or a comment
/// when the Compose value is no address.
fn address(
    context: &mut Context,
    network: &str,
    keyword: &str,
    node: &Node,
    line: &mut String,
    extra: &mut Vec<String>,
) {
    let text = node.as_str().unwrap_or_default();
    match token(text, Slot::Value) {
        Some(value) => {
            let _ = write!(line, " {keyword} {value}");
        }
        None => {
            context.report(
                Severity::Warning,
                node,
                format!("`{text}` is not an address (a placeholder?); write the real one"),
            );
            extra.push(comment(&format!(
                "compose {keyword} on {network}: {text} (not an address)"
            )));
        }
    }
}

/// A duration with a fraction (`1.5s`, `2.5m`) in whole seconds, as
/// Compose truncates it.
fn whole_seconds(text: &str) -> Option<u64> {
    let at = text.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
    let number: f64 = text[..at].parse().ok()?;
    let factor = match &text[at..] {
        "ms" => 0.001,
        "s" => 1.0,
        "m" => 60.0,
        "h" => 3600.0,
        _ => return None,
    };
    Some((number * factor) as u64)
}

/// `KEYWORD A B ...` from one value or a list of them; what the slot
/// cannot hold is reported (`ITEM` NOT_WRITTEN) and kept as a comment.
fn word_list(
    context: &mut Context,
    lines: &mut Lines,
    (key, keyword): (&str, &str),
    value: &Node,
    slot: Slot,
    not_written: &str,
) {
    let mut words = Vec::new();
    for (item, node) in strings(value) {
        match token(&item, slot) {
            Some(word) => words.push(word),
            None => {
                let line = context.unsupported(key, &node, &format!("`{item}` {not_written}"));
                lines.push(line);
            }
        }
    }
    if !words.is_empty() {
        lines.push(format!("{keyword} {}", words.join(" ")));
    }
}

/// One service key.
fn setting(
    context: &mut Context,
    lines: &mut Lines,
    attachments: &mut Attachments,
    key: &str,
    value: &Node,
    lan_only: bool,
) {
    let text = value.as_str().unwrap_or_default().to_string();
    let flag = |lines: &mut Lines, keyword: &str| {
        if value.as_bool() == Some(true) {
            lines.push(keyword);
        }
    };
    match key {
        "image" => lines.push(format!("image {}", quoted(&text))),
        "container_name"
            if Some(text.as_str())
                == Some(crate::model::names::docker_container_name(
                    &context.project,
                    &context.service,
                ))
                .as_deref() => {}
        "container_name" => lines.push(format!("name {}", quoted(&text))),
        "build" => build(context, lines, value),
        "hostname" => match token(&text, Slot::Word) {
            Some(word) => lines.push(format!("hostname {word}")),
            None => {
                let line = context.unsupported(key, value, &format!("`{text}` is not a host name"));
                lines.push(line);
            }
        },
        "command" | "entrypoint" => match argv(value) {
            Some(args) if !args.is_empty() => {
                let args: Vec<String> = args.iter().map(|a| quoted(a)).collect();
                lines.push(format!("{key} {}", args.join(" ")));
            }
            _ => {
                let line = context.unsupported(
                    key,
                    value,
                    "an empty or unreadable argv (an empty one resets the image's)",
                );
                lines.push(line);
            }
        },
        "environment" => {
            for (name, node) in pairs(value) {
                let Some(word) = token(&name, Slot::Word) else {
                    let line = context.unsupported(
                        key,
                        value,
                        &format!("`{name}` is not a variable name"),
                    );
                    lines.push(line);
                    continue;
                };
                let resolved = match node.as_ref() {
                    Some(node) => Some(node.as_str().unwrap_or_default().to_string()),
                    // `- NAME` alone: the value from Compose's environment.
                    None => context.environment_value(&name),
                };
                match resolved {
                    Some(v) => lines.push(format!("env {word} = {}", quoted(&v))),
                    None => context.report(
                        Severity::Note,
                        node.as_ref().unwrap_or(value),
                        format!("`{name}` takes its value from the environment, where it is not set: Compose leaves it out too"),
                    ),
                }
            }
        }
        "env_file" => {
            let files: Vec<(String, Node, bool)> = match &value.kind {
                Kind::Seq(items) => items
                    .iter()
                    .filter_map(|i| match i.as_str() {
                        Some(path) => Some((path.to_string(), i.clone(), true)),
                        None => Some((
                            i.get("path")?.as_str()?.to_string(),
                            i.clone(),
                            i.get("required").and_then(Node::as_bool) != Some(false),
                        )),
                    })
                    .collect(),
                _ => vec![(text.clone(), value.clone(), true)],
            };
            for (path, node, required) in files {
                if !required && !context.base.join(&path).exists() {
                    context.report(Severity::Note, &node, format!("the optional env file `{path}` does not exist: left out, as Compose does"));
                    continue;
                }
                let path = if path.starts_with(['/', '.', '~', '$']) {
                    path
                } else {
                    format!("./{path}")
                };
                lines.push(format!("env-file {}", quoted(&context.host_path(&path))));
            }
        }
        "labels" => lines.text.push_str(&labels(context, value, "  ")),
        "volumes" => mounts(context, lines, value),
        "tmpfs" => {
            for (path, node) in strings(value) {
                let (path, options) = path.split_once(':').unwrap_or((&path, ""));
                let mut line = format!("tmpfs {}", token(path, Slot::Path).unwrap_or_default());
                let mut block = Vec::new();
                for option in options.split(',').filter(|o| !o.is_empty()) {
                    match option.split_once('=') {
                        Some((option @ ("size" | "mode"), setting))
                            if token(setting, Slot::Value).is_some() =>
                        {
                            block.push(format!("{option} {setting}"))
                        }
                        _ => {
                            let line = context.unsupported(
                                "tmpfs",
                                &node,
                                &format!("the tmpfs option `{option}`"),
                            );
                            lines.push(line);
                        }
                    }
                }
                if !block.is_empty() {
                    let _ = write!(line, " {{ {} }}", block.join("; "));
                }
                lines.push(line);
            }
        }
        "cap_add" | "cap_drop" => {
            let keyword = if key == "cap_add" {
                "cap-add"
            } else {
                "cap-drop"
            };
            word_list(
                context,
                lines,
                (key, keyword),
                value,
                Slot::Word,
                "is not a capability name",
            );
        }
        "devices" => {
            for item in value
                .as_seq()
                .unwrap_or_default()
                .iter()
                .filter(|i| i.as_map().is_some())
            {
                let line = context.unsupported(key, item, "the long form of a device (CDI or `source`/`target`): write `device /dev/HOST:/dev/CONTAINER`");
                lines.push(line);
            }
            for (device, node) in strings(value) {
                match token(&device, Slot::Path) {
                    Some(path) if device.starts_with('/') => lines.push(format!("device {path}")),
                    _ => {
                        let line = context.unsupported(key, &node, &format!("`{device}` is not HOST[:CONTAINER[:rwm]] (CDI devices have no macrame equivalent)"));
                        lines.push(line);
                    }
                }
            }
        }
        "privileged" => flag(lines, "privileged"),
        "read_only" => flag(lines, "read-only"),
        "init" => flag(lines, "init"),
        "tty" => flag(lines, "tty"),
        "stdin_open" => flag(lines, "stdin-open"),
        "sysctls" => {
            for (name, node) in pairs(value) {
                let setting = node.as_ref().and_then(Node::as_str).unwrap_or_default();
                match token(&name, Slot::Word) {
                    Some(word) => {
                        lines.push(format!("sysctl {word} = {}", value_or_string(setting)))
                    }
                    None => {
                        let line = context.unsupported(
                            key,
                            value,
                            &format!("`{name}` is not a sysctl name"),
                        );
                        lines.push(line);
                    }
                }
            }
        }
        "dns" | "dns_search" | "dns_opt" => {
            let (keyword, slot) = match key {
                "dns" => ("dns", Slot::Value),
                "dns_search" => ("dns-search", Slot::Word),
                _ => ("dns-option", Slot::Text),
            };
            word_list(
                context,
                lines,
                (key, keyword),
                value,
                slot,
                "cannot be written here",
            );
        }
        "extra_hosts" => {
            let entries: Vec<(String, String, Node)> = match &value.kind {
                Kind::Map(entries) => entries
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.as_str().unwrap_or_default().to_string(),
                            v.as_str().unwrap_or_default().to_string(),
                            k.clone(),
                        )
                    })
                    .collect(),
                _ => strings(value)
                    .into_iter()
                    .filter_map(|(s, node)| {
                        // `host=ip`, or `host:ip` where the ip may be IPv6.
                        let (host, address) = s.split_once('=').or_else(|| s.split_once(':'))?;
                        Some((host.to_string(), address.to_string(), node))
                    })
                    .collect(),
            };
            for (hosts, address, node) in entries {
                // `name alias:ip`: one /etc/hosts line with several names.
                for host in hosts.split_whitespace() {
                    let address = address.trim_matches(['[', ']']);
                    let valid =
                        address.contains('$') || address.parse::<std::net::IpAddr>().is_ok();
                    match (
                        token(host, Slot::Word),
                        token(address, Slot::Value).filter(|_| valid),
                    ) {
                        (Some(host), Some(address)) => {
                            lines.push(format!("extra-host {host} = {address}"))
                        }
                        _ => {
                            let line = context.unsupported(
                                key,
                                &node,
                                &format!("`{host}`, `{address}` is not a name and an address"),
                            );
                            lines.push(line);
                        }
                    }
                }
            }
        }
        "security_opt" => {
            let options: Vec<String> = strings(value).iter().map(|(o, _)| quoted(o)).collect();
            if !options.is_empty() {
                lines.push(format!("security-opt {}", options.join(" ")));
            }
        }
        "stop_signal" => match token(&text, Slot::Value) {
            Some(signal) => lines.push(format!("stop-signal {signal}")),
            None => {
                let line = context.unsupported(key, value, "not a signal");
                lines.push(line);
            }
        },
        "stop_grace_period" => match whole_seconds(&text) {
            // Compose sends whole seconds: `1.5s` is 1.
            Some(seconds) if text.contains('.') => {
                context.report(Severity::Note, value, format!("`stop_grace_period: {text}`: the engine takes whole seconds, as Compose sends them: {seconds}s"));
                lines.push(format!("stop-grace {seconds}s"));
            }
            _ => bare_line(context, lines, "stop-grace", key, value),
        },
        "healthcheck" => health(context, lines, value),
        "depends_on" => depends_on(context, lines, value),
        "mem_limit" | "memory" => bare_line(context, lines, "memory", key, value),
        "cpus" => bare_line(context, lines, "cpus", key, value),
        "shm_size" => bare_line(context, lines, "shm-size", key, value),
        "pids_limit" => bare_line(context, lines, "pids-limit", key, value),
        "ports" if lan_only => {
            let line = context.unsupported(
                key,
                value,
                "the service is only on macvlan/ipvlan networks, where it has an address of its own on the LAN: a published port does nothing there (reach the service at its address)",
            );
            lines.push(line);
        }
        "ports" => ports(context, lines, value),
        "logging" => {
            let driver = value
                .get("driver")
                .and_then(Node::as_str)
                .unwrap_or("json-file");
            let mut options = Vec::new();
            for (option, setting) in value.get("options").map(pairs).unwrap_or_default() {
                let text = setting.as_ref().and_then(Node::as_str).unwrap_or_default();
                match token(&option, Slot::Word) {
                    Some(word) if setting.is_some() => {
                        options.push(format!("{word} {}", value_or_string(text)))
                    }
                    _ => {
                        let line = context.unsupported(
                            "logging.options",
                            value,
                            &format!("the option `{option}` cannot be written"),
                        );
                        lines.push(line);
                    }
                }
            }
            match token(driver, Slot::Word) {
                Some(driver) if options.is_empty() => lines.push(format!("log {driver}")),
                Some(driver) => lines.push(format!("log {driver} {{ {} }}", options.join("; "))),
                None => {
                    let line = context.unsupported(key, value, "not a log driver name");
                    lines.push(line);
                }
            }
        }
        "restart" => match token(&text, Slot::Value) {
            Some(policy) => lines.push(format!("restart {policy}")),
            None => {
                let line = context.unsupported(key, value, "not a restart policy");
                lines.push(line);
            }
        },
        "user" => lines.push(format!("user {}", quoted(&text))),
        "working_dir" => lines.push(format!(
            "workdir {}",
            token(&text, Slot::Path).unwrap_or_default()
        )),
        "pull_policy" => match text.as_str() {
            "always" | "missing" | "never" => lines.push(format!("pull {text}")),
            "if_not_present" => lines.push("pull missing"),
            _ => {
                let line = context.unsupported(
                    key,
                    value,
                    "macrame pulls always, missing or never (and builds when `build` is given)",
                );
                lines.push(line);
            }
        },
        "mac_address" => attachments.service_mac = Some(value.clone()),
        "networks" => {
            attachments.networks = match &value.kind {
                Kind::Seq(items) => items
                    .iter()
                    .filter_map(|i| Some((i.as_str()?.to_string(), i.clone(), Node::null(i.mark))))
                    .collect(),
                Kind::Map(entries) => entries
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.as_str().unwrap_or_default().to_string(),
                            k.clone(),
                            v.clone(),
                        )
                    })
                    .collect(),
                _ => Vec::new(),
            }
        }
        "network_mode" if text == "none" => {
            attachments.network_mode = Some(value.clone());
            lines.push("# compose network_mode: none (a container with no network line has none)");
        }
        "network_mode" => {
            attachments.network_mode = Some(value.clone());
            let line = context.unsupported(
                key,
                value,
                &format!("`{text}`: a macrame container has its own network namespace; imported with no network (as `none`)"),
            );
            lines.push(line);
        }
        "links" | "external_links" => {
            let line = context.unsupported(key, value, "containers on one network reach each other by name already; use `alias` for another name");
            lines.push(line);
        }
        "expose" => {
            let line = context.unsupported(
                key,
                value,
                "only documentation: every port of a container is open on its networks",
            );
            lines.push(line);
        }
        "profiles" => context.report(
            Severity::Warning,
            value,
            "`profiles`: macrame has no profiles; the service is imported as one that always runs",
        ),
        "deploy" => {
            let line = context.unsupported(
                key,
                value,
                "swarm deployment settings (write limits as `memory`, `cpus`, `pids-limit`)",
            );
            lines.push(line);
        }
        "version" => {}
        key if key.starts_with("x-") => {}
        other => {
            let line = context.unsupported(other, value, "no macrame container setting");
            lines.push(line);
        }
    }
}

fn build(context: &mut Context, lines: &mut Lines, value: &Node) {
    let (path, node) = match &value.kind {
        Kind::Scalar { text, .. } => (text.clone(), None),
        _ => (
            value
                .get("context")
                .and_then(Node::as_str)
                .unwrap_or(".")
                .to_string(),
            Some(value),
        ),
    };
    if path.contains("://") || path.starts_with("git@") {
        let line = context.unsupported(
            "build",
            value,
            "a remote build context: macrame builds from a directory",
        );
        lines.push(line);
        return;
    }
    let path = if path.starts_with(['/', '.', '~', '$']) {
        path
    } else {
        format!("./{path}")
    };
    let mut line = format!(
        "build {}",
        token(&context.host_path(&path), Slot::Path).unwrap_or_default()
    );
    let mut block = Vec::new();
    if let Some(node) = node {
        for (key, setting) in node.as_map().unwrap_or_default() {
            match key.as_str().unwrap_or_default() {
                "context" => {}
                "dockerfile" => block.push(format!(
                    "dockerfile {}",
                    quoted(setting.as_str().unwrap_or_default())
                )),
                "target" => match setting.as_str().and_then(|t| token(t, Slot::Word)) {
                    Some(target) => block.push(format!("target {target}")),
                    None => {
                        let line = context.unsupported("build.target", setting, "not a stage name");
                        lines.push(line);
                    }
                },
                "args" => {
                    for (name, arg) in pairs(setting) {
                        let Some(word) = token(&name, Slot::Word) else {
                            let line = context.unsupported(
                                "build.args",
                                setting,
                                &format!("`{name}` is not an argument name"),
                            );
                            lines.push(line);
                            continue;
                        };
                        // An argument without a value comes from the
                        // environment, as in Compose.
                        let arg = match arg.as_ref() {
                            Some(node) => Some(node.as_str().unwrap_or_default().to_string()),
                            None => context.environment_value(&name),
                        };
                        match arg {
                            Some(arg) => block.push(format!("arg {word} = {}", quoted(&arg))),
                            None => context.report(Severity::Note, setting, format!("the build argument `{name}` has no value and is not set in the environment: left to the Dockerfile's default")),
                        }
                    }
                }
                other => {
                    let line = context.unsupported(
                        &format!("build.{other}"),
                        setting,
                        "macrame builds with a context, a Dockerfile, arguments and a target",
                    );
                    lines.push(line);
                }
            }
        }
    }
    if !block.is_empty() {
        let _ = write!(line, " {{ {} }}", block.join("; "));
    }
    lines.push(line);
}

fn mounts(context: &mut Context, lines: &mut Lines, value: &Node) {
    for item in value.as_seq().unwrap_or_default() {
        let (source, target, read_only, options, kind) = match &item.kind {
            Kind::Scalar { text, .. } => {
                let parts = split_outside_variables(text, ':');
                match parts.as_slice() {
                    [target] => (
                        String::new(),
                        target.to_string(),
                        false,
                        String::new(),
                        "volume",
                    ),
                    [source, target] => (
                        source.to_string(),
                        target.to_string(),
                        false,
                        String::new(),
                        "",
                    ),
                    [source, target, options @ ..] => {
                        let options = options.join(":");
                        let ro = options.split(',').any(|o| o == "ro");
                        let rest: Vec<&str> = options
                            .split(',')
                            .filter(|o| !matches!(*o, "ro" | "rw"))
                            .collect();
                        (
                            source.to_string(),
                            target.to_string(),
                            ro,
                            rest.join(","),
                            "",
                        )
                    }
                    [] => continue,
                }
            }
            Kind::Map(_) => {
                let field = |k: &str| {
                    item.get(k)
                        .and_then(Node::as_str)
                        .unwrap_or_default()
                        .to_string()
                };
                let kind = item.get("type").and_then(Node::as_str).unwrap_or("volume");
                if kind == "tmpfs" {
                    let target = token(&field("target"), Slot::Path).unwrap_or_default();
                    let mut block = Vec::new();
                    for (option, setting) in
                        item.get("tmpfs").and_then(Node::as_map).unwrap_or_default()
                    {
                        let option = option.as_str().unwrap_or_default();
                        let text = setting.as_str().unwrap_or_default();
                        match (option, token(text, Slot::Value)) {
                            ("size" | "mode", Some(value)) => {
                                block.push(format!("{option} {value}"))
                            }
                            _ => {
                                let line = context.unsupported(
                                    &format!("tmpfs.{option}"),
                                    setting,
                                    "a tmpfs takes a size and a mode",
                                );
                                lines.push(line);
                            }
                        }
                    }
                    if block.is_empty() {
                        lines.push(format!("tmpfs {target}"));
                    } else {
                        lines.push(format!("tmpfs {target} {{ {} }}", block.join("; ")));
                    }
                    continue;
                }
                let ro = item.get("read_only").and_then(Node::as_bool) == Some(true);
                let extra: Vec<&str> = ["bind", "volume", "consistency"]
                    .into_iter()
                    .filter(|k| item.get(k).is_some())
                    .collect();
                (
                    field("source"),
                    field("target"),
                    ro,
                    extra.join(","),
                    if kind == "bind" { "bind" } else { "volume" },
                )
            }
            _ => continue,
        };
        if source.is_empty() {
            // An anonymous volume, made afresh for the container.
            let mount = format!("{target}{}", if read_only { ":ro" } else { "" });
            lines.push(format!(
                "volume {}",
                token(&mount, Slot::Path).unwrap_or_default()
            ));
            continue;
        }
        if !options.is_empty() {
            context.report(Severity::Unsupported, item, format!("the mount options `{options}` of `{target}`: macrame mounts read-write or `:ro`"));
        }
        let bind = kind == "bind" || is_host_path(&source);
        let source = if bind && !source.starts_with(['/', '.', '~', '$']) {
            format!("./{source}")
        } else if bind {
            context.host_path(&source)
        } else {
            local_name(&source)
        };
        let mount = format!("{source}:{target}{}", if read_only { ":ro" } else { "" });
        lines.push(format!(
            "volume {}",
            token(&mount, Slot::Path).unwrap_or_default()
        ));
    }
}

fn health(context: &mut Context, lines: &mut Lines, value: &Node) {
    let mut block = Vec::new();
    if value.get("disable").and_then(Node::as_bool) == Some(true) {
        lines.push("health { test none }");
        return;
    }
    for (key, setting) in value.as_map().unwrap_or_default() {
        let text = setting.as_str().unwrap_or_default();
        match key.as_str().unwrap_or_default() {
            "test" => match &setting.kind {
                Kind::Scalar { text, .. } => block.push(format!("test shell {}", quoted(text))),
                Kind::Seq(_) => {
                    let args: Vec<String> = strings(setting).into_iter().map(|(a, _)| a).collect();
                    match args.first().map(String::as_str) {
                        Some("NONE") => block.push("test none".into()),
                        Some("CMD-SHELL") => {
                            if args.len() > 2 {
                                context.report(Severity::Warning, setting, "`CMD-SHELL` takes one command string; Docker passes the rest to the shell as $0, $1...; only the first is imported");
                            }
                            let command = args.get(1).cloned().unwrap_or_default();
                            block.push(format!("test shell {}", quoted(&command)))
                        }
                        Some(_) => {
                            let args: Vec<String> = args.iter().map(|a| quoted(a)).collect();
                            block.push(format!("test {}", args.join(" ")));
                        }
                        None => {}
                    }
                }
                _ => {}
            },
            written @ ("interval"
            | "timeout"
            | "start_period"
            | "start_interval"
            | "retries"
            | "x-macrame-start_interval") => {
                let keyword = written.trim_start_matches("x-macrame-").replace('_', "-");
                match token(text, Slot::Value) {
                    Some(value) => block.push(format!("{keyword} {value}")),
                    None => {
                        let line = context.unsupported(
                            &format!("healthcheck.{written}"),
                            setting,
                            &format!("`{text}` is not a duration"),
                        );
                        lines.push(line);
                    }
                }
            }
            "disable" => {}
            other => {
                let line = context.unsupported(
                    &format!("healthcheck.{other}"),
                    setting,
                    "no macrame health setting",
                );
                lines.push(line);
            }
        }
    }
    lines.push(format!("health {{ {} }}", block.join("; ")));
}

fn depends_on(context: &mut Context, lines: &mut Lines, value: &Node) {
    // Only on a service that becomes a container.
    let known = |context: &mut Context, name: &str, node: &Node| -> bool {
        if context.helpers.contains(name) {
            context.report(Severity::Note, node, format!("`depends_on: {name}`: `{name}` is now a shim, which macrame makes before any container"));
            false
        } else if !context.services.contains(name) {
            context.report(Severity::Warning, node, format!("`depends_on: {name}`: the file has no service `{name}` (Compose refuses it); left out"));
            false
        } else {
            true
        }
    };
    let mut by_condition: Vec<(&str, Vec<String>)> = Vec::new();
    let mut add = |condition: &'static str, name: String| match by_condition
        .iter_mut()
        .find(|(c, _)| *c == condition)
    {
        Some((_, names)) => names.push(name),
        None => by_condition.push((condition, vec![name])),
    };
    match &value.kind {
        Kind::Seq(_) => {
            for (name, node) in strings(value) {
                if known(context, &name, &node) {
                    add("", name);
                }
            }
        }
        Kind::Map(entries) => {
            for (key, settings) in entries {
                let name = key.as_str().unwrap_or_default().to_string();
                if !known(context, &name, key) {
                    continue;
                }
                let condition = match settings.get("condition").and_then(Node::as_str) {
                    None | Some("service_started") => "",
                    Some("service_healthy") => "healthy",
                    Some("service_completed_successfully") => "completed",
                    Some(other) => {
                        context.report(
                            Severity::Warning,
                            settings,
                            format!(
                                "the condition `{other}` is not one of Compose's; taken as started"
                            ),
                        );
                        ""
                    }
                };
                for key in ["restart", "required"] {
                    if let Some(node) = settings.get(key) {
                        let line = context.unsupported(
                            &format!("depends_on.{key}"),
                            node,
                            "macrame waits for the condition only",
                        );
                        lines.push(line);
                    }
                }
                add(condition, name);
            }
        }
        _ => {}
    }
    for (condition, names) in by_condition {
        let names: Vec<String> = names.iter().map(|n| local_name(n)).collect();
        if names.is_empty() {
            continue;
        }
        // A dependency named like a condition must not be read as one.
        let last_is_a_word = names
            .last()
            .is_some_and(|n| crate::syntax::VALUE_KEYWORDS.contains(&n.as_str()));
        let condition = match condition {
            "" if last_is_a_word => " started".to_string(),
            "" => String::new(),
            condition => format!(" {condition}"),
        };
        lines.push(format!("depends-on {}{condition}", names.join(" ")));
    }
}

fn ports(context: &mut Context, lines: &mut Lines, value: &Node) {
    for item in value.as_seq().unwrap_or_default() {
        let spec = match &item.kind {
            Kind::Scalar { text, .. } => text.clone(),
            Kind::Map(_) => {
                let field = |k: &str| item.get(k).and_then(Node::as_str).map(str::to_string);
                let mut spec = String::new();
                if let Some(ip) = field("host_ip") {
                    let _ = write!(spec, "{ip}:");
                }
                if let Some(published) = field("published") {
                    let _ = write!(spec, "{published}:");
                }
                spec.push_str(&field("target").unwrap_or_default());
                if let Some(protocol) = field("protocol") {
                    let _ = write!(spec, "/{protocol}");
                }
                for (key, node) in item.as_map().unwrap_or_default() {
                    let key = key.as_str().unwrap_or_default();
                    if !matches!(
                        key,
                        "target" | "published" | "host_ip" | "protocol" | "mode"
                    ) || (key == "mode"
                        && node.as_str() != Some("host")
                        && node.as_str() != Some("ingress"))
                    {
                        let line = context.unsupported(&format!("ports.{key}"), node, "macrame publishes an address, a host port, a container port and a protocol");
                        lines.push(line);
                    }
                }
                spec
            }
            _ => continue,
        };
        for one in expand_range(&spec) {
            let one = one.strip_suffix("/tcp").unwrap_or(&one).to_string();
            let valid = one.contains('$') || crate::model::values::parse_publish(&one).is_ok();
            match token(&one, Slot::Value).filter(|_| valid) {
                Some(publish) => lines.push(format!("publish {publish}")),
                None => {
                    let line = context.unsupported(
                        "ports",
                        item,
                        &format!("`{spec}` cannot be written as `publish`"),
                    );
                    lines.push(line);
                }
            }
        }
    }
}

/// `5656-5699:5656-5699/tcp` as one mapping per port, as Docker does it.
fn expand_range(spec: &str) -> Vec<String> {
    let (ports, protocol) = match spec.rsplit_once('/') {
        Some((p, proto)) => (p, format!("/{proto}")),
        None => (spec, String::new()),
    };
    let mut parts = split_outside_variables(ports, ':');
    parts.reverse();
    if parts.len() > 3 {
        // An IPv6 host address: its colons are the address's.
        return vec![spec.to_string()];
    }
    let range = |text: &str| -> Option<(u32, u32)> {
        let (a, b) = text.split_once('-')?;
        Some((a.parse().ok()?, b.parse().ok()?))
    };
    let (container, host, address) = match parts.as_slice() {
        [c] => (*c, None, None),
        [c, h] => (*c, Some(*h), None),
        [c, h, a] => (*c, Some(*h), Some(*a)),
        _ => return vec![spec.to_string()],
    };
    let Some((first, last)) = range(container) else {
        return vec![spec.to_string()];
    };
    let host_range = host.and_then(range);
    if last < first
        || last - first > 1000
        || host_range.is_some_and(|(a, b)| b < a || b - a != last - first)
    {
        return vec![spec.to_string()];
    }
    (0..=last - first)
        .map(|i| {
            let mut one = String::new();
            if let Some(address) = address {
                let _ = write!(one, "{address}:");
            }
            match (host, host_range) {
                (_, Some((a, _))) => {
                    let _ = write!(one, "{}:", a + i);
                }
                (Some(h), None) if !h.is_empty() => {
                    let _ = write!(one, "{h}:");
                }
                _ => {}
            }
            let _ = write!(one, "{}{protocol}", first + i);
            one
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_split_as_compose_splits_them() {
        assert_eq!(
            shell_words("sh -c 'echo hi; true'").unwrap(),
            ["sh", "-c", "echo hi; true"]
        );
        assert_eq!(shell_words("a \"b c\" d\\ e").unwrap(), ["a", "b c", "d e"]);
        assert_eq!(
            shell_words("mongod --bind_ip_all\n").unwrap(),
            ["mongod", "--bind_ip_all"]
        );
        assert!(shell_words("unclosed 'quote").is_none());
        assert_eq!(
            shell_words("echo ${G:-hello world}").unwrap(),
            ["echo", "${G:-hello world}"]
        );
    }

    #[test]
    fn port_ranges_expand() {
        assert_eq!(
            expand_range("5656-5658:5656-5658/tcp"),
            ["5656:5656/tcp", "5657:5657/tcp", "5658:5658/tcp"]
        );
        assert_eq!(expand_range("127.0.0.1:8080:80"), ["127.0.0.1:8080:80"]);
    }
}
