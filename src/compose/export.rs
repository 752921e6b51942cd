//! `macrame export`: the topology as a Compose file, made from the same
//! specs `up` applies, so that docker-compose brings up the same networks,
//! volumes and containers. What Compose cannot express (a vlan the project
//! owns, a host shim, the default route before Compose had `gw_priority`)
//! is written as comments with the commands that would do it, and kept
//! under `x-macrame` so that `macrame import` gives the topology back.

use crate::model::RestartPolicy;
use crate::model::{self, MountSource, Topology};
use crate::plan::Specs;
use crate::plan::options::TmpfsOptions;
use std::fmt::Write;

/// A YAML node of the output.
#[derive(Debug, Clone)]
enum Y {
    /// A string, quoted when YAML would read it as something else.
    Str(String),
    /// A number or boolean, as is.
    Raw(String),
    Seq(Vec<Y>),
    Map(Vec<(String, Y)>),
}

fn s(text: impl Into<String>) -> Y {
    Y::Str(text.into())
}

fn map(entries: Vec<(&str, Y)>) -> Y {
    Y::Map(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
    )
}

fn strings(items: &[String]) -> Y {
    Y::Seq(items.iter().map(|i| s(i.as_str())).collect())
}

/// Whether `text` can be written as a plain YAML scalar and read back as
/// the same string by YAML 1.1 (docker-compose 1.x: `0x10`, `1_000`,
/// `2024-01-01`, `.inf` and `y` are numbers, dates and booleans there)
/// and 1.2 readers: only what starts with a letter or `/` and holds
/// nothing but safe characters.
fn plain(text: &str) -> bool {
    const SPECIAL: &[&str] = &[
        "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Yes",
        "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "y", "Y", "n", "N",
    ];
    text.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/')
        && !SPECIAL.contains(&text)
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._/-@+=,".contains(c))
}

/// A double-quoted YAML string: JSON's escapes, and `\uXXXX` for what
/// PyYAML refuses raw or folds (DEL, C1 controls, line separators, BOM).
fn quoted(text: &str) -> String {
    let json = serde_json::to_string(text).expect("a string serialises");
    json.chars()
        .map(|c| match c as u32 {
            0x7f..=0x9f | 0x2028 | 0x2029 | 0xfeff => format!("\\u{:04x}", c as u32),
            _ => c.to_string(),
        })
        .collect()
}

/// `$` written as Compose must read it: Compose interpolates values.
fn escaped(text: &str) -> String {
    text.replace('$', "$$")
}

fn scalar(text: &str) -> String {
    let text = escaped(text);
    if plain(&text) { text } else { quoted(&text) }
}

fn key(text: &str) -> String {
    if plain(text) {
        text.to_string()
    } else {
        quoted(text)
    }
}

fn emit(node: &Y, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match node {
        Y::Map(entries) => {
            for (k, v) in entries {
                match v {
                    Y::Map(inner) if inner.is_empty() => {
                        let _ = writeln!(out, "{pad}{}: {{}}", key(k));
                    }
                    Y::Seq(inner) if inner.is_empty() => {
                        let _ = writeln!(out, "{pad}{}: []", key(k));
                    }
                    Y::Map(_) | Y::Seq(_) => {
                        let _ = writeln!(out, "{pad}{}:", key(k));
                        emit(v, indent + 2, out);
                    }
                    Y::Str(text) => {
                        let _ = writeln!(out, "{pad}{}: {}", key(k), scalar(text));
                    }
                    Y::Raw(text) => {
                        let _ = writeln!(out, "{pad}{}: {text}", key(k));
                    }
                }
            }
        }
        Y::Seq(items) => {
            for item in items {
                match item {
                    Y::Str(text) => {
                        let _ = writeln!(out, "{pad}- {}", scalar(text));
                    }
                    Y::Raw(text) => {
                        let _ = writeln!(out, "{pad}- {text}");
                    }
                    Y::Map(entries) if !entries.is_empty() => {
                        let mut inner = String::new();
                        emit(item, indent + 2, &mut inner);
                        let _ = write!(out, "{pad}- {}", &inner[indent + 2..]);
                    }
                    _ => {
                        let _ = writeln!(out, "{pad}- {{}}");
                    }
                }
            }
        }
        Y::Str(text) => {
            let _ = writeln!(out, "{pad}{}", scalar(text));
        }
        Y::Raw(text) => {
            let _ = writeln!(out, "{pad}{text}");
        }
    }
}

/// A duration in nanoseconds as Compose writes one (`1m30s`, `500ms`).
fn duration(nanos: i64) -> String {
    if nanos % 1_000_000_000 == 0 {
        format!("{}s", nanos / 1_000_000_000)
    } else if nanos % 1_000_000 == 0 {
        format!("{}ms", nanos / 1_000_000)
    } else {
        format!("{}us", nanos / 1_000)
    }
}

/// The commands that make a vlan, as comment lines.
pub(super) fn vlan_commands(vlan: &crate::plan::spec::VlanSpec) -> String {
    let mtu = vlan.mtu.map(|m| format!(" mtu {m}")).unwrap_or_default();
    format!(
        "#   ip link add link {} name {} type vlan id {}{mtu} && ip link set {} up\n",
        vlan.parent, vlan.name, vlan.id, vlan.name
    )
}

/// The commands that set a container's default route after it starts
/// (`runtime`: `docker` or `podman`, whose `inspect` gives its PID), as
/// comment lines; none without a `gateway`.
pub(super) fn route_commands(spec: &crate::plan::spec::ContainerSpec, runtime: &str) -> String {
    let mut out = String::new();
    let Some(route) = &spec.default_route else {
        return out;
    };
    for gateway in [route.gateway4, route.gateway6].into_iter().flatten() {
        let family = if gateway.is_ipv4() { "" } else { "-6 " };
        let _ = writeln!(
            out,
            "#   nsenter -n -t $({runtime} inspect -f '{{{{.State.Pid}}}}' {}) ip {family}route replace default via {gateway}",
            spec.docker_name
        );
    }
    out
}

/// The commands that make a shim, as comment lines.
pub(super) fn shim_commands(shim: &crate::plan::spec::ShimSpec) -> String {
    let kind = match &shim.ipvlan_mode {
        Some(mode) => format!("ipvlan mode {mode}"),
        None => "macvlan mode bridge".to_string(),
    };
    let mut out = format!(
        "#   ip link add {} link {} type {kind} && ip addr add {} dev {} && ip link set {} up\n",
        shim.name, shim.parent, shim.address, shim.name, shim.name
    );
    for route in &shim.routes {
        out.push_str(&format!("#   ip route add {route} dev {}\n", shim.name));
    }
    out
}

/// The Compose file, and what it could not express (for standard error).
pub struct Exported {
    pub text: String,
    pub notes: Vec<String>,
}

/// A mapping of strings.
fn string_map<'a>(pairs: impl IntoIterator<Item = (&'a String, &'a String)>) -> Y {
    Y::Map(
        pairs
            .into_iter()
            .map(|(k, v)| (k.clone(), s(v.as_str())))
            .collect(),
    )
}

fn user_labels(labels: &std::collections::BTreeMap<String, String>) -> Option<Y> {
    let own = string_map(
        labels
            .iter()
            .filter(|(k, _)| !crate::observed::labels::is_own(k)),
    );
    matches!(&own, Y::Map(entries) if !entries.is_empty()).then_some(own)
}

/// The Compose file of a topology that lints without errors.
/// `output`: where the file will be (standard output: read from the
/// current directory). Compose reads relative paths from its file's
/// directory: they stay as written only when that is the topology's.
pub fn export(topology: &Topology, specs: &Specs, output: Option<&std::path::Path>) -> Exported {
    let here = output.map_or(std::path::Path::new("."), super::dir_of);
    let base = if topology.base_dir.as_os_str().is_empty() {
        std::path::Path::new(".")
    } else {
        topology.base_dir.as_path()
    };
    let relative_ok = super::same_dir(here, base);
    let project = &specs.project;
    let mut notes = Vec::new();
    let mut header = String::new();
    let _ = writeln!(
        header,
        "# Exported by `macrame export` from the topology of project `{project}`.\n# `docker-compose up -d` brings up the same networks, volumes and containers."
    );
    let mut extension: Vec<(&str, Y)> = Vec::new();

    if !specs.vlans.is_empty() {
        let _ = writeln!(
            header,
            "#\n# 802.1q links the project owns. Docker makes a missing `PARENT.ID` parent\n# itself, but then it is Docker's; to make them first, as macrame does:"
        );
        let mut vlans = Vec::new();
        for vlan in &specs.vlans {
            header.push_str(&vlan_commands(vlan));
            let mut entry = vec![
                ("name", s(vlan.name.as_str())),
                ("parent", s(vlan.parent.as_str())),
                ("id", Y::Raw(vlan.id.to_string())),
            ];
            if let Some(mtu) = vlan.mtu {
                entry.push(("mtu", Y::Raw(mtu.to_string())));
            }
            vlans.push(map(entry));
        }
        notes.push(format!(
            "{} vlan(s): Compose has no vlan item; written as comments with their `ip link` commands (and under x-macrame)",
            specs.vlans.len()
        ));
        extension.push(("vlans", Y::Seq(vlans)));
    }
    if !specs.shims.is_empty() {
        let _ = writeln!(
            header,
            "#\n# Host shims (so the host reaches its macvlan containers); Compose has none.\n# By hand, as root, after `up`:"
        );
        let mut shims = Vec::new();
        for (shim, model_shim) in specs.shims.iter().zip(&topology.shims) {
            header.push_str(&shim_commands(shim));
            let network = model_shim
                .network
                .as_ref()
                .map(|n| topology.networks[n.value].name.value.clone())
                .unwrap_or_default();
            shims.push(map(vec![
                ("name", s(shim.name.as_str())),
                ("network", s(network)),
                ("address", s(shim.address.to_string())),
                (
                    "routes",
                    Y::Seq(shim.routes.iter().map(|r| s(r.to_string())).collect()),
                ),
            ]));
        }
        notes.push(format!(
            "{} shim(s): Compose cannot make host links; written as comments with their `ip` commands (and under x-macrame)",
            specs.shims.len()
        ));
        extension.push(("shims", Y::Seq(shims)));
    }

    // docker-compose 1.x refuses a top-level `name:`: the project is `-p`.
    let _ = writeln!(
        header,
        "#\n# The project is `{project}`: docker-compose -p {project} up -d"
    );
    let gateways: Vec<(String, Y)> = topology
        .containers
        .iter()
        .filter_map(|c| {
            let network = &topology.networks[c.gateway.as_ref()?.value];
            Some((c.name.value.clone(), s(network.name.value.as_str())))
        })
        .collect();
    if !gateways.is_empty() {
        let _ = writeln!(
            header,
            "#\n# Default routes: Compose 2.33+ has `gw_priority`, docker-compose 1.x has\n# nothing (its `priority` only orders the connections). After `up`, as root:"
        );
        for spec in &specs.containers {
            header.push_str(&route_commands(spec, "docker"));
        }
        notes.push(format!(
            "{} container(s) with a `gateway`: docker-compose 1.x cannot choose a default route; written as comments with the commands (and under x-macrame)",
            gateways.len()
        ));
        extension.push(("gateways", Y::Map(gateways)));
    }
    extension.insert(0, ("project", s(project.as_str())));
    let mut root: Vec<(&str, Y)> = vec![("x-macrame", map(extension))];

    let mut networks = Vec::new();
    let mut externals = Vec::new();
    for (network, spec) in topology.networks.iter().zip(&specs.networks) {
        let mut entry: Vec<(&str, Y)> = Vec::new();
        // Always the Docker name: docker-compose 1.x would make its own
        // from a project name it normalises (`Lab.One` → `labone`).
        entry.push(("name", s(spec.docker_name.as_str())));
        // Compose takes only `name` beside `external`: what the file
        // declares of it (for lint and plan's check) is macrame's own.
        let mut declared: Vec<(&str, Y)> = Vec::new();
        let inner = if network.external {
            &mut declared
        } else {
            &mut entry
        };
        if !network.external || network.driver_span.is_some() {
            inner.push(("driver", s(spec.driver.as_str())));
        }

        if spec.ipv6_only {
            notes.push(format!(
                "network `{}` is IPv6 only: docker-compose 1.x cannot turn IPv4 off (Compose 2.x: `enable_ipv4: false`), so Docker gives it an IPv4 pool too",
                network.name.value
            ));
            let _ = writeln!(
                header,
                "#\n# Network `{}` is IPv6 only; with Compose 2.x add `enable_ipv4: false` to it.",
                network.name.value
            );
        }
        let mut options = Vec::new();
        if let Some(parent) = &spec.parent {
            options.push(("parent", s(parent.as_str())));
        }
        match network.driver {
            model::Driver::Macvlan if spec.mode != "bridge" => {
                options.push(("macvlan_mode", s(spec.mode.as_str())))
            }
            model::Driver::Ipvlan if spec.mode != "l2" => {
                options.push(("ipvlan_mode", s(spec.mode.as_str())))
            }
            _ => {}
        }
        if !options.is_empty() {
            inner.push(("driver_opts", map(options)));
        }
        if spec.internal {
            inner.push(("internal", Y::Raw("true".into())));
        }
        if spec.ipv6 {
            inner.push(("enable_ipv6", Y::Raw("true".into())));
        }
        let configs: Vec<Y> = spec
            .subnets
            .iter()
            .map(|subnet| {
                let mut config = vec![("subnet", s(subnet.subnet.to_string()))];
                if let Some(gateway) = subnet.gateway {
                    config.push(("gateway", s(gateway.to_string())));
                }
                if let Some(range) = subnet.range {
                    config.push(("ip_range", s(range.to_string())));
                }
                // A shim's own reservation too: Docker must never hand
                // its address to a container.
                let reserved: Vec<(String, Y)> = subnet
                    .reserved
                    .iter()
                    .map(|(name, address)| (name.clone(), s(address.to_string())))
                    .collect();
                if !reserved.is_empty() {
                    config.push(("aux_addresses", Y::Map(reserved)));
                }
                map(config)
            })
            .collect();
        if !configs.is_empty() {
            inner.push(("ipam", map(vec![("config", Y::Seq(configs))])));
        }
        if let Some(labels) = user_labels(&spec.labels) {
            inner.push(("labels", labels));
        }
        if network.external {
            entry.push(("external", Y::Raw("true".into())));
            if !declared.is_empty() {
                externals.push((network.name.value.clone(), map(declared)));
            }
        }
        networks.push((network.name.value.clone(), map(entry)));
    }
    if !externals.is_empty()
        && let Some((_, Y::Map(extension))) = root.first_mut()
    {
        extension.push(("externals".to_string(), Y::Map(externals)));
    }
    if !networks.is_empty() {
        root.push(("networks", Y::Map(networks)));
    }

    let mut volumes = Vec::new();
    let mut external_volumes = Vec::new();
    for (volume, spec) in topology.volumes.iter().zip(&specs.volumes) {
        let mut entry: Vec<(&str, Y)> = vec![("name", s(spec.docker_name.as_str()))];
        // Compose takes only `name` beside `external`: the rest is
        // macrame's own record.
        let mut declared: Vec<(&str, Y)> = Vec::new();
        let inner = if volume.external {
            &mut declared
        } else {
            &mut entry
        };
        if let Some(driver) = &spec.driver {
            inner.push(("driver", s(driver.as_str())));
        }
        if let Some(labels) = user_labels(&spec.labels) {
            inner.push(("labels", labels));
        }
        if volume.external {
            entry.push(("external", Y::Raw("true".into())));
            if !declared.is_empty() {
                external_volumes.push((volume.name.value.clone(), map(declared)));
            }
        }
        volumes.push((
            volume.name.value.clone(),
            Y::Map(entry.into_iter().map(|(k, v)| (k.to_string(), v)).collect()),
        ));
    }

    if !external_volumes.is_empty()
        && let Some((_, Y::Map(extension))) = root.first_mut()
    {
        extension.push(("external_volumes".to_string(), Y::Map(external_volumes)));
    }
    let mut services = Vec::new();
    for (container, spec) in topology.containers.iter().zip(&specs.containers) {
        services.push((
            container.name.value.clone(),
            service(topology, container, spec, relative_ok, &mut notes),
        ));
    }
    if !services.is_empty() {
        root.push(("services", Y::Map(services)));
    }
    if !volumes.is_empty() {
        root.push(("volumes", Y::Map(volumes)));
    }
    let mut text = header;
    text.push('\n');
    emit(&map(root), 0, &mut text);
    Exported { text, notes }
}

/// `items` without repeats, which docker-compose 1.x refuses in its lists
/// (said, when there were some).
fn unique(items: &[String], what: &str, container: &str, notes: &mut Vec<String>) -> Vec<String> {
    let mut seen = Vec::new();
    for item in items {
        if !seen.contains(item) {
            seen.push(item.clone());
        }
    }
    if seen.len() < items.len() {
        notes.push(format!(
            "container `{container}`: `{what}` lists a value twice; docker-compose refuses repeats, so each is written once"
        ));
    }
    seen
}

fn service(
    topology: &Topology,
    container: &model::Container,
    spec: &crate::plan::spec::ContainerSpec,
    relative_ok: bool,
    notes: &mut Vec<String>,
) -> Y {
    let options = &spec.options;
    // A host path as written, or the spec's absolute one.
    let host = |written: &str, absolute: Option<&String>| match absolute {
        Some(absolute) if !relative_ok && !written.starts_with('/') => absolute.clone(),
        _ => written.to_string(),
    };
    let mut entry: Vec<(&str, Y)> = vec![("container_name", s(spec.docker_name.as_str()))];
    // For a build too: docker-compose 1.x would tag it its own way.
    entry.push(("image", s(spec.image.as_str())));
    if let Some(build) = &container.options.build {
        let absolute = options.build.as_ref().map(|b| &b.context);
        let mut fields = vec![("context", s(host(&build.context.value, absolute)))];
        if let Some(dockerfile) = &build.dockerfile {
            fields.push(("dockerfile", s(dockerfile.as_str())));
        }
        if !build.args.is_empty() {
            fields.push(("args", string_map(build.args.iter().map(|(k, v)| (k, v)))));
        }
        if let Some(target) = &build.target {
            fields.push(("target", s(target.as_str())));
        }
        entry.push(("build", map(fields)));
    }
    match container.options.pull {
        model::PullPolicy::Missing => {}
        model::PullPolicy::Always => entry.push(("pull_policy", s("always"))),
        model::PullPolicy::Never => entry.push(("pull_policy", s("never"))),
    }
    if !spec.command.is_empty() {
        entry.push(("command", strings(&spec.command)));
    }
    if let Some(entrypoint) = &options.entrypoint {
        entry.push(("entrypoint", strings(entrypoint)));
    }
    if let Some(hostname) = &spec.hostname {
        entry.push(("hostname", s(hostname.as_str())));
    }
    if let Some(user) = &options.user {
        entry.push(("user", s(user.as_str())));
    }
    if let Some(workdir) = &options.workdir {
        entry.push(("working_dir", s(workdir.as_str())));
    }
    if !spec.env.is_empty() {
        entry.push((
            "environment",
            Y::Map(
                spec.env
                    .iter()
                    .map(|pair| {
                        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                        (k.to_string(), s(v))
                    })
                    .collect(),
            ),
        ));
    }
    if let Some(labels) = user_labels(&spec.labels) {
        entry.push(("labels", labels));
    }
    let mounts: Vec<Y> = container
        .options
        .mounts
        .iter()
        .zip(&options.mounts)
        .map(|(mount, mount_spec)| {
            let ro = if mount.read_only { ":ro" } else { "" };
            s(match &mount.source {
                MountSource::Volume(id) => {
                    format!("{}:{}{ro}", topology.volumes[*id].name.value, mount.target)
                }
                MountSource::Bind(path) => format!(
                    "{}:{}{ro}",
                    host(path, mount_spec.source.as_ref()),
                    mount.target
                ),
                MountSource::Anonymous if mount.read_only => {
                    // `/data:ro` would read as a bind of /data to `ro`.
                    return map(vec![
                        ("type", s("volume")),
                        ("target", s(mount.target.as_str())),
                        ("read_only", Y::Raw("true".into())),
                    ]);
                }
                MountSource::Anonymous => mount.target.clone(),
            })
        })
        .collect();
    if !mounts.is_empty() {
        entry.push(("volumes", Y::Seq(mounts)));
    }
    if !options.tmpfs.is_empty() {
        entry.push((
            "tmpfs",
            Y::Seq(
                options
                    .tmpfs
                    .iter()
                    .map(|(path, opts)| {
                        s(if *opts == TmpfsOptions::default() {
                            path.clone()
                        } else {
                            format!("{path}:{opts}")
                        })
                    })
                    .collect(),
            ),
        ));
    }
    let extra_hosts: Vec<String> = options.extra_hosts.iter().map(|h| h.to_string()).collect();
    for (name, list) in [
        ("cap_add", &options.cap_add),
        ("cap_drop", &options.cap_drop),
        ("dns", &options.dns),
        ("dns_search", &options.dns_search),
        ("dns_opt", &options.dns_options),
        ("extra_hosts", &extra_hosts),
        ("security_opt", &options.security_opts),
    ] {
        if !list.is_empty() {
            entry.push((name, strings(&unique(list, name, &spec.name, notes))));
        }
    }
    if !options.devices.is_empty() {
        let devices: Vec<String> = options
            .devices
            .iter()
            .map(|(h, c, p)| format!("{h}:{c}:{p}"))
            .collect();
        entry.push((
            "devices",
            strings(&unique(&devices, "devices", &spec.name, notes)),
        ));
    }
    for (name, on) in [
        ("privileged", options.privileged),
        ("read_only", options.read_only),
        ("init", options.init),
        ("tty", options.tty),
        ("stdin_open", options.stdin_open),
    ] {
        if on {
            entry.push((name, Y::Raw("true".into())));
        }
    }
    if !options.sysctls.is_empty() {
        entry.push(("sysctls", string_map(&options.sysctls)));
    }
    if let Some(signal) = &options.stop_signal {
        entry.push(("stop_signal", s(signal.as_str())));
    }
    if let Some(timeout) = options.stop_timeout {
        entry.push(("stop_grace_period", s(format!("{timeout}s"))));
    }
    if let Some(health) = &options.health {
        let mut fields = Vec::new();
        if !health.test.is_empty() {
            fields.push(("test", strings(&health.test)));
        }
        for (name, nanos) in [
            ("interval", health.interval),
            ("timeout", health.timeout),
            ("start_period", health.start_period),
        ] {
            if nanos > 0 {
                fields.push((name, s(duration(nanos))));
            }
        }
        if health.start_interval > 0 {
            notes.push(format!(
                "container `{}`: docker-compose 1.x refuses `start_interval`; kept as x-macrame-start_interval",
                spec.name
            ));
            fields.push((
                "x-macrame-start_interval",
                s(duration(health.start_interval)),
            ));
        }
        if health.retries > 0 {
            fields.push(("retries", Y::Raw(health.retries.to_string())));
        }
        entry.push(("healthcheck", map(fields)));
    }
    if let Some(memory) = options.memory {
        entry.push(("mem_limit", Y::Raw(memory.to_string())));
    }
    if let Some(nanos) = options.nano_cpus {
        entry.push(("cpus", Y::Raw(format!("{}", nanos as f64 / 1e9))));
    }
    if let Some(size) = options.shm_size {
        entry.push(("shm_size", Y::Raw(size.to_string())));
    }
    if let Some(limit) = options.pids_limit {
        entry.push(("pids_limit", Y::Raw(limit.to_string())));
    }
    if !options.ports.is_empty() {
        let ports: Vec<String> = options
            .ports
            .iter()
            .map(|port| {
                let mapping = port.mapping();
                mapping
                    .strip_suffix("/tcp")
                    .map(str::to_string)
                    .unwrap_or(mapping)
            })
            .collect();
        entry.push((
            "ports",
            strings(&unique(&ports, "ports", &spec.name, notes)),
        ));
    }
    if let Some(log) = &options.log {
        let mut fields = vec![("driver", s(log.driver.as_str()))];
        if !log.options.is_empty() {
            fields.push(("options", string_map(&log.options)));
        }
        entry.push(("logging", map(fields)));
    }
    if spec.restart != RestartPolicy::No {
        entry.push(("restart", s(spec.restart.to_string())));
    }
    if !spec.depends_on.is_empty() {
        let condition = |name: &str| match spec
            .conditions
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, c)| *c)
        {
            Some(model::Condition::Healthy) => "service_healthy",
            Some(model::Condition::Completed) => "service_completed_successfully",
            _ => "service_started",
        };
        entry.push((
            "depends_on",
            Y::Map(
                spec.depends_on
                    .iter()
                    .map(|name| (name.clone(), map(vec![("condition", s(condition(name)))])))
                    .collect(),
            ),
        ));
    }
    // docker-compose 1.x sends a MAC only at service level, for the
    // network the container is created on: the one of highest `priority`.
    let mac_endpoint = spec.endpoints.iter().position(|e| e.mac.is_some());
    if let Some(at) = mac_endpoint {
        entry.push((
            "mac_address",
            s(spec.endpoints[at].mac.clone().unwrap_or_default()),
        ));
    }
    let mut networks = Vec::new();
    for (index, (attachment, endpoint)) in container
        .attachments
        .iter()
        .zip(&spec.endpoints)
        .enumerate()
    {
        let name = topology.networks[attachment.network.value]
            .name
            .value
            .clone();
        let mut fields: Vec<(&str, Y)> = Vec::new();
        if let Some(ip) = endpoint.ip {
            fields.push(("ipv4_address", s(ip.to_string())));
        }
        if let Some(ip6) = endpoint.ip6 {
            fields.push(("ipv6_address", s(ip6.to_string())));
        }
        if Some(index) != mac_endpoint
            && let Some(mac) = &endpoint.mac
        {
            notes.push(format!(
                "container `{}`: a second MAC (on `{name}`) cannot be written for docker-compose 1.x; kept as x-macrame-mac",
                spec.name
            ));
            fields.push(("x-macrame-mac", s(mac.as_str())));
        }
        if Some(index) == mac_endpoint && spec.endpoints.len() > 1 {
            fields.push(("priority", Y::Raw("1000".into())));
        }
        if !endpoint.aliases.is_empty() {
            fields.push(("aliases", strings(&endpoint.aliases)));
        }
        networks.push((name, map(fields)));
    }
    if networks.is_empty() {
        entry.push(("network_mode", s("none")));
    } else {
        entry.push(("networks", Y::Map(networks)));
    }
    map(entry)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_that_yaml_would_misread_are_quoted() {
        assert_eq!(scalar("no"), "\"no\"");
        assert_eq!(scalar("1.5"), "\"1.5\"");
        assert_eq!(scalar("8080:80"), "\"8080:80\"");
        assert_eq!(scalar("nginx"), "nginx");
        assert_eq!(scalar("a $b"), "\"a $$b\"");
        for misread in ["0x10", "1_000", "2024-01-01", ".inf", "y", "N", "0b101"] {
            assert_eq!(scalar(misread), format!("\"{misread}\""));
        }
        assert_eq!(scalar("a\u{7f}b\u{85}"), "\"a\\u007fb\\u0085\"");
    }

    #[test]
    fn durations() {
        assert_eq!(duration(5_000_000_000), "5s");
        assert_eq!(duration(500_000_000), "500ms");
    }
}
