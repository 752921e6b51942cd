//! `macrame export --format quadlet`: the topology as Podman's systemd
//! units, one file per network (`.network`), volume (`.volume`) and
//! container (`.container`), for `~/.config/containers/systemd/` or
//! `/etc/containers/systemd/`. Made from the same specs `up` applies; what
//! Podman's units cannot say (vlans, shims, reserved addresses, a chosen
//! default route) is written as comments with the commands, and said.

use crate::model::RestartPolicy;
use crate::model::{self, MountSource, Topology};
use crate::plan::Specs;
use crate::plan::options::TmpfsOptions;
use crate::plan::spec::ContainerSpec;
use std::fmt::Write;

/// The unit files: (file name, text), and what they could not express.
pub struct Units {
    pub files: Vec<(String, String)>,
    pub notes: Vec<String>,
}

/// A value quadlet takes whole (`HealthCmd`, `Volume`, `User`, ...):
/// `%` and `$` doubled, which systemd would read as a specifier and a
/// variable in the service's command line.
fn raw(text: &str) -> String {
    text.replace('%', "%%").replace('$', "$$")
}

/// A word of a value quadlet splits (`Exec`, `Environment`, `Label`,
/// `Sysctl`, `PodmanArgs`): quoted when it holds a space, a quote, a
/// backslash or a line break (written `\n`).
fn value(text: &str) -> String {
    let text = raw(text);
    if text.is_empty() || text.contains([' ', '\t', '"', '\'', '\\', '\n']) {
        let escaped = text
            .replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace('\n', "\\n");
        format!("\"{escaped}\"")
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
        commands.push_str(&super::export::vlan_commands(vlan));
    }
    for shim in &specs.shims {
        commands.push_str(&super::export::shim_commands(shim));
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
        // Quadlet pairs the n-th Gateway and IPRange with the n-th Subnet:
        // the subnets that have them come first.
        let mut subnets: Vec<_> = spec.subnets.iter().collect();
        subnets.sort_by_key(|s| (s.gateway.is_none(), s.range.is_none()));
        let gateways = subnets.iter().take_while(|s| s.gateway.is_some()).count();
        let ranges = subnets.iter().take_while(|s| s.range.is_some()).count();
        if gateways < subnets.iter().filter(|s| s.gateway.is_some()).count()
            || ranges < subnets.iter().filter(|s| s.range.is_some()).count()
        {
            notes.push(format!(
                "network `{}`: quadlet pairs gateways and ranges with subnets by position; one subnet has a range but no gateway while another has a gateway: Podman will pair them wrongly",
                network.name.value
            ));
        }
        for subnet in subnets {
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
    // Quadlet names a network's service `NAME-network`, a volume's
    // `NAME-volume`, a container's `NAME`: two may meet.
    let mut services: Vec<String> = files
        .iter()
        .map(|(file, _)| {
            let (stem, kind) = file.rsplit_once('.').unwrap_or((file, ""));
            if kind == "container" {
                stem.to_string()
            } else {
                format!("{stem}-{kind}")
            }
        })
        .collect();
    services.sort();
    for pair in services.windows(2).filter(|p| p[0] == p[1]) {
        notes.push(format!(
            "two units make the service `{}.service`: rename one (a container named like a network plus `-network`)",
            pair[0]
        ));
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
    if spec.default_route.is_some() {
        notes.push(format!(
            "container `{}`: Podman's units cannot choose the default route; the command is a comment",
            spec.name
        ));
        text.push_str("# Its default route, after it starts, as root:\n");
        text.push_str(&super::export::route_commands(spec, "podman"));
    }
    let mut unit_section = String::new();
    if spec
        .conditions
        .iter()
        .any(|(_, c)| *c == model::Condition::Completed)
    {
        notes.push(format!(
            "container `{}`: waits for a one-shot container to complete; with quadlet, give that one `Type=oneshot` under [Service] by hand",
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
                [one] if one.is_empty() => {
                    notes.push(format!(
                        "container `{}`: an empty entrypoint (the image's reset) has no quadlet key; write `PodmanArgs=--entrypoint=\"\"` by hand",
                        spec.name
                    ));
                    String::new()
                }
                [one] => raw(one),
                many => raw(&serde_json::to_string(many).expect("strings serialise")),
            },
        );
    }
    if !spec.command.is_empty() {
        if spec.command.iter().any(|a| a.is_empty() || a == ";") {
            notes.push(format!(
                "container `{}`: its command has an empty or a lone `;` argument, which systemd's command line cannot carry",
                spec.name
            ));
        }
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
            if *opts == TmpfsOptions::default() {
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
        // Podman would mount writable tmpfs on /tmp, /run and /var/tmp.
        line("ReadOnlyTmpfs", "false".into());
    }
    for (key, setting) in &options.sysctls {
        line("Sysctl", value(&format!("{key}={setting}")));
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
        line("AddHost", host.to_string());
    }
    if let Some(signal) = &options.stop_signal {
        line("StopSignal", signal.clone());
    }
    if let Some(timeout) = options.stop_timeout {
        line("StopTimeout", timeout.to_string());
    }
    let mut health_args = Vec::new();
    if let Some(health) = options.health.as_ref().filter(|h| !h.test.is_empty()) {
        let args = &health.test[1..];
        match health.test[0].as_str() {
            "NONE" => line("HealthCmd", "none".into()),
            // Taken whole: a line break must go through podman's own flag.
            _ if args.iter().any(|a| a.contains('\n')) => {
                let command = if health.test[0] == "CMD-SHELL" {
                    args.join(" ")
                } else {
                    serde_json::to_string(args).expect("strings serialise")
                };
                health_args.push(value(&format!("--health-cmd={command}")));
            }
            "CMD-SHELL" => line("HealthCmd", raw(&args.join(" "))),
            // Exec form: `CMD a b` is exec'd, a JSON array goes to a shell.
            _ if !args.iter().any(|a| a.contains(char::is_whitespace)) => {
                line("HealthCmd", raw(&format!("CMD {}", args.join(" "))))
            }
            _ => line(
                "HealthCmd",
                raw(&serde_json::to_string(args).expect("strings serialise")),
            ),
        }
        if health.start_interval > 0 {
            notes.push(format!(
                "container `{}`: Podman has no start interval for a health check (its startup interval is another check's); left out",
                spec.name
            ));
        }
        let seconds = |nanos: i64| format!("{}ms", nanos / 1_000_000);
        for (key, nanos) in [
            ("HealthInterval", health.interval),
            ("HealthTimeout", health.timeout),
            ("HealthStartPeriod", health.start_period),
        ] {
            if nanos > 0 {
                line(key, seconds(nanos));
            }
        }
        if health.retries > 0 {
            line("HealthRetries", health.retries.to_string());
        }
    }
    if options.health.as_ref().is_some_and(|h| h.test.is_empty()) {
        notes.push(format!(
            "container `{}`: health timings without a test (the image's) mean nothing to Podman; left out",
            spec.name
        ));
    }
    // A container others wait for until it is healthy tells systemd so.
    if topology.containers.iter().any(|other| {
        other.options.conditions.iter().any(|(id, c)| {
            topology.containers[*id].name.value == container.name.value
                && c.value == model::Condition::Healthy
        })
    }) {
        line("Notify", "healthy".into());
    }
    if let Some(limit) = options.pids_limit {
        line("PidsLimit", limit.to_string());
    }
    if let Some(size) = options.shm_size {
        line("ShmSize", size.to_string());
    }
    for port in &options.ports {
        // Podman takes an IPv6 host address only in brackets.
        let mapping = match port.host_ip {
            Some(ip @ std::net::IpAddr::V6(_)) => {
                port.mapping()
                    .replacen(&ip.to_string(), &format!("[{ip}]"), 1)
            }
            _ => port.mapping(),
        };
        line("PublishPort", mapping);
    }
    let log = options.log.as_ref().filter(|log| {
        let known = ["json-file", "journald", "k8s-file", "none", "passthrough"]
            .contains(&log.driver.as_str());
        if !known {
            notes.push(format!(
                "container `{}`: Podman has no `{}` log driver; left to Podman's default",
                spec.name, log.driver
            ));
        }
        known
    });
    if let Some(log) = log {
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
    podman.extend(health_args);
    if let Some(log) = log {
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
    let restart = match spec.restart {
        RestartPolicy::Always | RestartPolicy::UnlessStopped => Some("always".to_string()),
        RestartPolicy::OnFailure(count) => {
            if count.is_some() {
                notes.push(format!(
                    "container `{}`: systemd restarts on failure without a count (`{}`); set StartLimitBurst= by hand",
                    spec.name, spec.restart
                ));
            }
            Some("on-failure".to_string())
        }
        RestartPolicy::No => None,
    };
    if let Some(restart) = restart {
        let _ = write!(text, "\n[Service]\nRestart={restart}\n");
    }
    text.push_str("\n[Install]\nWantedBy=default.target\n");
    text
}
