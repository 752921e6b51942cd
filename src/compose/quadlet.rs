//! `macrame export --format quadlet`: the topology as Podman's systemd
//! units, one file per network (`.network`), volume (`.volume`) and
//! container (`.container`), for `~/.config/containers/systemd/` or
//! `/etc/containers/systemd/`. Made from the same specs `up` applies; what
//! Podman's units cannot say (vlans, shims, reserved addresses, a chosen
//! default route) is written as comments with the commands, and said.

use crate::model::{self, MountSource, Topology};
use crate::plan::Specs;
use crate::plan::spec::ContainerSpec;
use std::fmt::Write;

/// The unit files: (file name, text), and what they could not express.
pub struct Units {
    pub files: Vec<(String, String)>,
    pub notes: Vec<String>,
}

/// A value quadlet takes whole (`HealthCmd`, `Volume`, `User`, ...): only
/// `%` doubled, which systemd would read as a specifier.
fn raw(text: &str) -> String {
    text.replace('%', "%%")
}

/// A word of a value quadlet splits (`Exec`, `Environment`, `Label`,
/// `PodmanArgs`): quoted when it holds a space, a quote or a backslash.
fn value(text: &str) -> String {
    let text = text.replace('%', "%%");
    if text.is_empty() || text.contains([' ', '\t', '"', '\'', '\\']) {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    } else {
        text
    }
}

fn words(items: &[String]) -> String {
    items.iter().map(|i| value(i)).collect::<Vec<_>>().join(" ")
}

fn header(project: &str, what: &str) -> String {
    format!("# Exported by `macrame export --format quadlet` from project `{project}`: {what}.\n")
}

/// The unit file name of an object of the project.
fn unit(project: &str, name: &str, kind: &str) -> String {
    format!("{project}-{name}.{kind}")
}

pub fn export(topology: &Topology, specs: &Specs) -> Units {
    let project = &specs.project;
    let mut files = Vec::new();
    let mut notes = Vec::new();
    let mut commands = String::new();
    for vlan in &specs.vlans {
        let mtu = vlan.mtu.map(|m| format!(" mtu {m}")).unwrap_or_default();
        let _ = writeln!(
            commands,
            "#   ip link add link {} name {} type vlan id {}{mtu} && ip link set {} up",
            vlan.parent, vlan.name, vlan.id, vlan.name
        );
    }
    for shim in &specs.shims {
        let kind = match &shim.ipvlan_mode {
            Some(mode) => format!("ipvlan mode {mode}"),
            None => "macvlan mode bridge".to_string(),
        };
        let _ = writeln!(
            commands,
            "#   ip link add {} link {} type {kind} && ip addr add {} dev {} && ip link set {} up",
            shim.name, shim.parent, shim.address, shim.name, shim.name
        );
        for route in &shim.routes {
            let _ = writeln!(commands, "#   ip route add {route} dev {}", shim.name);
        }
    }
    if !commands.is_empty() {
        notes.push(format!(
            "{} vlan(s) and {} shim(s): Podman's units make no host links; written as comments with their `ip` commands",
            specs.vlans.len(),
            specs.shims.len()
        ));
    }

    for (network, spec) in topology.networks.iter().zip(&specs.networks) {
        if network.external {
            continue;
        }
        let mut text = header(project, &format!("network `{}`", network.name.value));
        if !commands.is_empty() && spec.parent.is_some() {
            let _ = write!(
                text,
                "# The host links the project owns, made before this network, as root:\n{commands}"
            );
        }
        let _ = writeln!(text, "\n[Network]\nNetworkName={}", spec.docker_name);
        let _ = writeln!(text, "Driver={}", spec.driver);
        if let Some(parent) = &spec.parent {
            let _ = writeln!(text, "Options=parent={parent}");
        }
        let default_mode = if network.driver == model::Driver::Ipvlan {
            "l2"
        } else {
            "bridge"
        };
        if network.driver != model::Driver::Bridge && spec.mode != default_mode {
            let _ = writeln!(text, "Options=mode={}", spec.mode);
        }
        if spec.internal {
            text.push_str("Internal=true\n");
        }
        if spec.ipv6 {
            text.push_str("IPv6=true\n");
        }
        for subnet in &spec.subnets {
            let _ = writeln!(text, "Subnet={}", subnet.subnet);
            if let Some(gateway) = subnet.gateway {
                let _ = writeln!(text, "Gateway={gateway}");
            }
            if let Some(range) = subnet.range {
                let _ = writeln!(text, "IPRange={range}");
            }
            for (name, address) in &subnet.reserved {
                notes.push(format!(
                    "network `{}`: Podman's IPAM has no reserved addresses; `{name}` ({address}) is a comment",
                    network.name.value
                ));
                let _ = writeln!(text, "# reserved, never to be assigned: {name} = {address}");
            }
        }
        for (key, label) in spec
            .labels
            .iter()
            .filter(|(k, _)| !crate::observed::labels::is_own(k))
        {
            let _ = writeln!(text, "Label={}", value(&format!("{key}={label}")));
        }
        files.push((unit(project, &network.name.value, "network"), text));
    }

    for (volume, spec) in topology.volumes.iter().zip(&specs.volumes) {
        if volume.external {
            continue;
        }
        let mut text = header(project, &format!("volume `{}`", volume.name.value));
        let _ = writeln!(text, "\n[Volume]\nVolumeName={}", spec.docker_name);
        if let Some(driver) = &spec.driver {
            let _ = writeln!(text, "Driver={driver}");
        }
        for (key, label) in spec
            .labels
            .iter()
            .filter(|(k, _)| !crate::observed::labels::is_own(k))
        {
            let _ = writeln!(text, "Label={}", value(&format!("{key}={label}")));
        }
        files.push((unit(project, &volume.name.value, "volume"), text));
    }

    for (container, spec) in topology.containers.iter().zip(&specs.containers) {
        let text = container_unit(topology, container, spec, &mut notes);
        files.push((unit(project, &container.name.value, "container"), text));
    }
    Units { files, notes }
}

fn container_unit(
    topology: &Topology,
    container: &model::Container,
    spec: &ContainerSpec,
    notes: &mut Vec<String>,
) -> String {
    let project = &topology.project.name;
    let options = &spec.options;
    let mut text = header(project, &format!("container `{}`", container.name.value));
    if let Some(route) = &spec.default_route {
        notes.push(format!(
            "container `{}`: Podman's units cannot choose the default route; the command is a comment",
            spec.name
        ));
        for gateway in [route.gateway4, route.gateway6].into_iter().flatten() {
            let family = if gateway.is_ipv4() { "" } else { "-6 " };
            let _ = writeln!(
                text,
                "# Its default route, after it starts, as root:\n#   nsenter -n -t $(podman inspect -f '{{{{.State.Pid}}}}' {}) ip {family}route replace default via {gateway}",
                spec.docker_name
            );
        }
    }
    let mut unit_section = String::new();
    if spec
        .conditions
        .iter()
        .any(|(_, c)| *c != model::Condition::Started)
    {
        notes.push(format!(
            "container `{}`: systemd orders the start only; it does not wait for a dependency to be healthy or done",
            spec.name
        ));
    }
    for dependency in &spec.depends_on {
        let service = format!("{project}-{dependency}.service");
        let _ = writeln!(unit_section, "Requires={service}\nAfter={service}");
    }
    if !unit_section.is_empty() {
        let _ = write!(text, "\n[Unit]\n{unit_section}");
    }
    let mut lines = Vec::new();
    let mut line = |key: &str, v: String| lines.push(format!("{key}={v}"));
    line("ContainerName", spec.docker_name.clone());
    match (&container.image, &options.build) {
        (Some(_), _) | (None, None) => line("Image", spec.image.clone()),
        (None, Some(build)) => {
            notes.push(format!(
                "container `{}`: built from `{}`; write a `.build` unit or build the image `{}` first",
                spec.name, build.context, spec.image
            ));
            line("Image", spec.image.clone());
        }
    }
    match container.options.pull {
        model::PullPolicy::Missing => {}
        model::PullPolicy::Always => line("Pull", "always".into()),
        model::PullPolicy::Never => line("Pull", "never".into()),
    }
    if let Some(entrypoint) = &options.entrypoint {
        line(
            "Entrypoint",
            match entrypoint.as_slice() {
                [one] => raw(one),
                many => raw(&serde_json::to_string(many).expect("strings serialise")),
            },
        );
    }
    if !spec.command.is_empty() {
        line("Exec", words(&spec.command));
    }
    if let Some(hostname) = &spec.hostname {
        line("HostName", hostname.clone());
    }
    if let Some(user) = &options.user {
        line("User", raw(user));
    }
    if let Some(workdir) = &options.workdir {
        line("WorkingDir", raw(workdir));
    }
    for pair in &spec.env {
        line("Environment", value(pair));
    }
    for (key, label) in spec
        .labels
        .iter()
        .filter(|(k, _)| !crate::observed::labels::is_own(k))
    {
        line("Label", value(&format!("{key}={label}")));
    }
    for (mount, mount_spec) in container.options.mounts.iter().zip(&options.mounts) {
        let ro = if mount.read_only { ":ro" } else { "" };
        let source = match &mount.source {
            MountSource::Volume(id) if topology.volumes[*id].external => {
                topology.volumes[*id].docker_name.clone()
            }
            MountSource::Volume(id) => unit(project, &topology.volumes[*id].name.value, "volume"),
            // Absolute: a unit has no directory of its own.
            MountSource::Bind(_) => mount_spec.source.clone().unwrap_or_default(),
            MountSource::Anonymous => {
                line("Volume", raw(&format!("{}{ro}", mount.target)));
                continue;
            }
        };
        line("Volume", raw(&format!("{source}:{}{ro}", mount.target)));
    }
    for (path, opts) in &options.tmpfs {
        line(
            "Tmpfs",
            if opts.is_empty() {
                path.clone()
            } else {
                format!("{path}:{opts}")
            },
        );
    }
    for capability in &options.cap_add {
        line("AddCapability", capability.clone());
    }
    for capability in &options.cap_drop {
        line("DropCapability", capability.clone());
    }
    for (host, inside, permissions) in &options.devices {
        line("AddDevice", format!("{host}:{inside}:{permissions}"));
    }
    if options.read_only {
        line("ReadOnly", "true".into());
    }
    for (key, setting) in &options.sysctls {
        line("Sysctl", raw(&format!("{key}={setting}")));
    }
    for dns in &options.dns {
        line("DNS", dns.clone());
    }
    for search in &options.dns_search {
        line("DNSSearch", search.clone());
    }
    for option in &options.dns_options {
        line("DNSOption", raw(option));
    }
    for host in &options.extra_hosts {
        line("AddHost", host.clone());
    }
    if let Some(signal) = &options.stop_signal {
        line("StopSignal", signal.clone());
    }
    if let Some(timeout) = options.stop_timeout {
        line("StopTimeout", timeout.to_string());
    }
    if let Some(health) = &options.health {
        match health.test.first().map(String::as_str) {
            Some("NONE") => line("HealthCmd", "none".into()),
            Some("CMD-SHELL") => line("HealthCmd", raw(&health.test[1..].join(" "))),
            Some(_) => line(
                "HealthCmd",
                raw(&serde_json::to_string(&health.test[1..]).expect("strings serialise")),
            ),
            None => {}
        }
        let seconds = |nanos: i64| format!("{}ms", nanos / 1_000_000);
        for (key, nanos) in [
            ("HealthInterval", health.interval),
            ("HealthTimeout", health.timeout),
            ("HealthStartPeriod", health.start_period),
            ("HealthStartupInterval", health.start_interval),
        ] {
            if nanos > 0 {
                line(key, seconds(nanos));
            }
        }
        if health.retries > 0 {
            line("HealthRetries", health.retries.to_string());
        }
    }
    if let Some(limit) = options.pids_limit {
        line("PidsLimit", limit.to_string());
    }
    if let Some(size) = options.shm_size {
        line("ShmSize", size.to_string());
    }
    for port in &options.ports {
        line("PublishPort", port.mapping());
    }
    if let Some(log) = &options.log {
        line("LogDriver", log.driver.clone());
    }
    // What quadlet has no key of its own for goes to podman as is.
    let mut podman = Vec::new();
    for (flag, on) in [
        ("--privileged", options.privileged),
        ("--init", options.init),
        ("--tty", options.tty),
        ("--interactive", options.stdin_open),
    ] {
        if on {
            podman.push(flag.to_string());
        }
    }
    if let Some(memory) = options.memory {
        podman.push(format!("--memory={memory}"));
    }
    if let Some(nanos) = options.nano_cpus {
        podman.push(format!("--cpus={}", nanos as f64 / 1e9));
    }
    for security in &options.security_opts {
        podman.push(value(&format!("--security-opt={security}")));
    }
    if let Some(log) = &options.log {
        for (key, setting) in &log.options {
            podman.push(value(&format!("--log-opt={key}={setting}")));
        }
    }
    if !podman.is_empty() {
        line("PodmanArgs", podman.join(" "));
    }
    for (attachment, endpoint) in container.attachments.iter().zip(&spec.endpoints) {
        let network = &topology.networks[attachment.network.value];
        let mut target = if network.external {
            endpoint.network.clone()
        } else {
            unit(project, &network.name.value, "network")
        };
        let mut settings = Vec::new();
        if let Some(ip) = endpoint.ip {
            settings.push(format!("ip={ip}"));
        }
        if let Some(ip6) = endpoint.ip6 {
            settings.push(format!("ip6={ip6}"));
        }
        if let Some(mac) = &endpoint.mac {
            settings.push(format!("mac={mac}"));
        }
        for alias in &endpoint.aliases {
            settings.push(format!("alias={alias}"));
        }
        if !settings.is_empty() {
            let _ = write!(target, ":{}", settings.join(","));
        }
        line("Network", target);
    }
    if container.attachments.is_empty() {
        line("Network", "none".into());
    }
    let _ = write!(text, "\n[Container]\n{}\n", lines.join("\n"));
    // Podman's own restart policy would fight systemd's: systemd restarts.
    let restart = match spec.restart.as_str() {
        "always" | "unless-stopped" => Some("always".to_string()),
        policy if policy.starts_with("on-failure") => Some("on-failure".to_string()),
        _ => None,
    };
    if let Some(restart) = restart {
        let _ = write!(text, "\n[Service]\nRestart={restart}\n");
    }
    text.push_str("\n[Install]\nWantedBy=default.target\n");
    text
}
